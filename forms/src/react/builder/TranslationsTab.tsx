import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { collectTexts, missingTranslations } from '../../shared/translate.js';
import { useBuilder } from './context.js';
import { setTranslation } from './model/index.js';

export const languageName = (code: string, inLanguage: string): string => {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
};

/** What a text is, for the translator: "Label", "Help", "Choice 2"... from where it sits. */
function kindOf(pointer: string): { key: string; n?: number } {
  const m = /\/ui:enumNames\/(\d+)$/.exec(pointer);
  if (m) return { key: 'choice', n: Number(m[1]) + 1 };
  const last = pointer.slice(pointer.lastIndexOf('/') + 1);
  const keys: Record<string, string> = {
    title: 'label',
    description: 'description',
    'ui:help': 'help',
    'ui:placeholder': 'placeholder',
    'ui:title': 'label',
    'ui:description': 'description',
    'ui:submitButtonText': 'submit',
  };
  return { key: keys[last] ?? 'other' };
}

/** Every text of the form, the default language beside the others; missing ones stand out. */
export function TranslationsTab() {
  const { t, i18n } = useTranslation('forms');
  const b = useBuilder();
  const [onlyMissing, setOnlyMissing] = useState(false);
  const others = b.languages.filter((l) => l !== b.defaultLanguage);
  const texts = useMemo(() => collectTexts(b.doc.schema, b.doc.uiSchema), [b.doc]);
  const missing = useMemo(
    () => missingTranslations(b.doc.schema, b.doc.uiSchema, b.doc.translations, others),
    [b.doc, others],
  );
  const rows = onlyMissing ? texts.filter((x) => others.some((l) => missing[l]?.includes(x.pointer))) : texts;
  if (!others.length)
    return <Typography color="text.secondary">{t('builder.translations.oneLanguage')}</Typography>;
  return (
    <Stack spacing={1.5}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        {others.map((l) => (
          <Chip
            key={l}
            color={missing[l]?.length ? 'warning' : 'success'}
            label={
              missing[l]?.length
                ? t('builder.translations.missingCount', {
                    language: languageName(l, i18n.language),
                    count: missing[l].length,
                  })
                : t('builder.translations.complete', { language: languageName(l, i18n.language) })
            }
          />
        ))}
        <FormControlLabel
          control={<Switch checked={onlyMissing} onChange={(e) => setOnlyMissing(e.target.checked)} />}
          label={t('builder.translations.onlyMissing')}
        />
      </Stack>
      <TableContainer>
        <Table size="small" aria-label={t('builder.tabs.translations')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('builder.translations.text')}</TableCell>
              <TableCell>{languageName(b.defaultLanguage, i18n.language)}</TableCell>
              {others.map((l) => (
                <TableCell key={l}>{languageName(l, i18n.language)}</TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => {
              const kind = kindOf(row.pointer);
              return (
                <TableRow key={row.pointer}>
                  <TableCell sx={{ color: 'text.secondary', whiteSpace: 'nowrap' }}>
                    {t(`builder.translations.kind.${kind.key}`, { n: kind.n })}
                  </TableCell>
                  <TableCell lang={b.defaultLanguage}>{row.text}</TableCell>
                  {others.map((l) => {
                    const value = b.doc.translations[l]?.[row.pointer] ?? '';
                    const isMissing = !value.trim();
                    return (
                      <TableCell
                        key={l}
                        data-missing={isMissing || undefined}
                        sx={(theme) => ({
                          minWidth: 200,
                          bgcolor: isMissing ? alpha(theme.palette.warning.main, 0.12) : undefined,
                          boxShadow: isMissing ? `inset 4px 0 ${theme.palette.warning.main}` : undefined,
                        })}
                      >
                        <TextField
                          size="small"
                          fullWidth
                          value={value}
                          lang={l}
                          placeholder={t('builder.translations.missing')}
                          onChange={(e) =>
                            b.change(setTranslation(b.form, b.pointers, row.pointer, l, e.target.value))
                          }
                          slotProps={{
                            htmlInput: {
                              'aria-label': t('builder.translations.cell', {
                                text: row.text,
                                language: languageName(l, i18n.language),
                              }),
                            },
                          }}
                        />
                      </TableCell>
                    );
                  })}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
    </Stack>
  );
}
