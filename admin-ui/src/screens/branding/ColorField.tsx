import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { aa, checkColor, formatRatio, normalizeHex } from './contrast.js';

/**
 * A brand colour: a colour picker, its hex code, a way back to the default, and how the colour
 * fares against WCAG AA on the light and the dark surface of the portal.
 */
export function ColorField(props: {
  label: string;
  /** null: the default colour. */
  value: string | null;
  defaultColor: string;
  onChange(value: string | null): void;
  /** From the server (422). */
  error?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const effective = props.value ?? props.defaultColor;
  const [text, setText] = useState(effective);
  const [invalid, setInvalid] = useState(false);
  // The picker and the reset button change the value: the text follows.
  useEffect(() => {
    setText(effective);
    setInvalid(false);
  }, [effective]);
  const type = (next: string) => {
    setText(next);
    const hex = normalizeHex(next.startsWith('#') ? next : `#${next}`);
    setInvalid(!hex);
    if (hex && hex !== effective) props.onChange(hex);
  };
  const checks = checkColor(effective);
  const [light, dark] = checks as [(typeof checks)[0], (typeof checks)[0]];
  const helper = invalid ? t('branding.color.invalid') : props.error;
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 3, minWidth: 0 }}>
      <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {props.label}
      </Typography>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'flex-start' }}>
        <Box
          component="input"
          type="color"
          value={effective}
          onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value.toLowerCase())}
          aria-label={t('branding.color.pick', { name: props.label })}
          sx={{
            width: 56,
            height: 56,
            p: 0.5,
            border: 1,
            borderColor: 'divider',
            borderRadius: 2,
            bgcolor: 'background.paper',
            cursor: 'pointer',
            flexShrink: 0,
            '&:focus-visible': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: 2 },
          }}
        />
        <TextField
          id={id}
          label={t('branding.color.hex')}
          value={text}
          onChange={(e) => type(e.target.value)}
          error={invalid || !!props.error}
          helperText={helper ?? (props.value === null ? t('branding.color.isDefault') : ' ')}
          margin="none"
          size="small"
          sx={{ maxWidth: 160 }}
          slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'off', maxLength: 7 } }}
        />
        {props.value !== null ? (
          <Button size="small" onClick={() => props.onChange(null)} sx={{ mt: 0.5, flexShrink: 0 }}>
            {t('branding.color.reset')}
          </Button>
        ) : null}
      </Stack>
      <Stack spacing={1} sx={{ mt: 1 }} aria-live="polite">
        {light.passes && dark.passes ? (
          <Alert severity="success" variant="outlined" sx={{ py: 0 }}>
            {t('branding.contrast.passes', {
              light: formatRatio(light.ratio),
              dark: formatRatio(dark.ratio),
            })}
          </Alert>
        ) : null}
        {!light.passes ? (
          <Alert
            severity="warning"
            action={
              <Button color="inherit" size="small" onClick={() => props.onChange(light.shown)}>
                {t('branding.contrast.use', { color: light.shown })}
              </Button>
            }
          >
            {t('branding.contrast.failsLight', {
              ratio: formatRatio(light.ratio),
              aa: `${aa}:1`,
              shown: light.shown,
            })}
          </Alert>
        ) : null}
        {!dark.passes ? (
          <Alert severity={light.passes ? 'info' : 'warning'}>
            {t('branding.contrast.failsDark', {
              ratio: formatRatio(dark.ratio),
              aa: `${aa}:1`,
              shown: dark.shown,
            })}
          </Alert>
        ) : null}
      </Stack>
    </Box>
  );
}
