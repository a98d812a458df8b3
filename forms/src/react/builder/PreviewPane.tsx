import DesktopWindowsOutlined from '@mui/icons-material/DesktopWindowsOutlined';
import PhoneIphone from '@mui/icons-material/PhoneIphone';
import Box from '@mui/material/Box';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import { useState } from 'react';
import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import { useBuilder } from './context.js';
import { PorticoForm } from '../PorticoForm.js';
import { languageName } from './TranslationsTab.js';

/**
 * The form as a customer will see it (the portal's renderer, PorticoForm), on a phone or a
 * desktop, in any of the portal's languages; its button checks the answers as sending would.
 */
export default function PreviewPane() {
  const { t, i18n } = useTranslation('forms');
  const b = useBuilder();
  const [width, setWidth] = useState<'phone' | 'desktop'>('phone');
  const [language, setLanguage] = useState(b.defaultLanguage);
  const [data, setData] = useState<unknown>({});
  const [checked, setChecked] = useState(false);
  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={width}
          onChange={(_, v: 'phone' | 'desktop' | null) => v && setWidth(v)}
          aria-label={t('builder.preview.width')}
        >
          <ToggleButton value="phone" aria-label={t('builder.preview.phone')}>
            <PhoneIphone fontSize="small" sx={{ mr: 0.5 }} /> {t('builder.preview.phone')}
          </ToggleButton>
          <ToggleButton value="desktop" aria-label={t('builder.preview.desktop')}>
            <DesktopWindowsOutlined fontSize="small" sx={{ mr: 0.5 }} /> {t('builder.preview.desktop')}
          </ToggleButton>
        </ToggleButtonGroup>
        <TextField
          select
          size="small"
          label={t('builder.preview.language')}
          value={language}
          onChange={(e) => setLanguage(e.target.value)}
          fullWidth={false}
          sx={{ width: 200 }}
        >
          {b.languages.map((l) => (
            <MenuItem key={l} value={l}>
              {languageName(l, i18n.language)}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Box sx={{ display: 'flex', justifyContent: 'center' }}>
        <Paper
          variant="outlined"
          data-preview-width={width}
          sx={{ width: width === 'phone' ? 360 : '100%', maxWidth: '100%', p: 2, overflow: 'auto' }}
          lang={language}
        >
          <PorticoForm
            schema={b.doc.schema}
            uiSchema={b.doc.uiSchema}
            translations={b.doc.translations}
            language={language}
            formData={data}
            onChange={(next) => {
              setData(next);
              setChecked(false);
            }}
            onSubmit={() => setChecked(true)}
            submitLabel={t('builder.preview.check')}
            idPrefix="preview"
          />
          {checked ? (
            <Alert severity="success" role="status" sx={{ mt: 2 }}>
              {t('builder.preview.valid')}
            </Alert>
          ) : null}
        </Paper>
      </Box>
    </Stack>
  );
}
