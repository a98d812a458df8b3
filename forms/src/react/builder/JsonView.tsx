import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuilder } from './context.js';
import type { FormDocument } from './model/index.js';

type Part = keyof FormDocument;
const parts: Part[] = ['schema', 'uiSchema', 'translations'];

/**
 * The version as JSON, for power users. An edit applies as soon as all three parts are valid
 * JSON objects; until then the error is shown and the visual builder keeps its state.
 */
export function JsonView(props: { onApply(doc: FormDocument): void }) {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const [texts, setTexts] = useState<Record<Part, string>>(() => ({
    schema: JSON.stringify(b.doc.schema, null, 2),
    uiSchema: JSON.stringify(b.doc.uiSchema, null, 2),
    translations: JSON.stringify(b.doc.translations, null, 2),
  }));
  const [errors, setErrors] = useState<Partial<Record<Part, string>>>({});
  const edit = (part: Part, text: string) => {
    const next = { ...texts, [part]: text };
    setTexts(next);
    const parsed: Partial<FormDocument> = {};
    const found: Partial<Record<Part, string>> = {};
    for (const p of parts) {
      try {
        const value: unknown = JSON.parse(next[p]);
        if (!value || typeof value !== 'object' || Array.isArray(value))
          found[p] = t('builder.json.notObject');
        else (parsed as Record<Part, unknown>)[p] = value;
      } catch (err) {
        found[p] = (err as Error).message;
      }
    }
    setErrors(found);
    if (!Object.keys(found).length) props.onApply(parsed as FormDocument);
  };
  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">{t('builder.json.intro')}</Typography>
      {parts.map((p) => (
        <Stack key={p} spacing={0.5}>
          {errors[p] ? (
            <Alert severity="error" role="alert">
              {t('builder.json.invalid', { part: t(`builder.json.${p}`), error: errors[p] })}
            </Alert>
          ) : null}
          <TextField
            label={t(`builder.json.${p}`)}
            multiline
            minRows={6}
            maxRows={30}
            value={texts[p]}
            error={!!errors[p]}
            onChange={(e) => edit(p, e.target.value)}
            slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace', fontSize: 13 } } }}
          />
        </Stack>
      ))}
    </Stack>
  );
}
