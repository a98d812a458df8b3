import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

/** The 6-digit code of an authenticator app: digits only, the phone's number pad, one-time-code autofill. */
export function CodeField(
  props: Omit<TextFieldProps, 'onChange' | 'value' | 'error' | 'helperText'> & {
    value: string;
    onChange(value: string): void;
    problem?: string | undefined;
  },
) {
  const { t } = useTranslation();
  const { value, onChange, problem, ...rest } = props;
  return (
    <TextField
      label={t('twoFactor.code')}
      autoComplete="one-time-code"
      value={value}
      onChange={(e) => onChange(e.target.value.replace(/\D/g, '').slice(0, 6))}
      error={!!problem}
      helperText={problem ?? t('twoFactor.codeHint')}
      {...rest}
      slotProps={{
        htmlInput: {
          inputMode: 'numeric',
          pattern: '[0-9]{6}',
          maxLength: 6,
          style: { fontSize: '1.5rem', letterSpacing: '0.35em', fontVariantNumeric: 'tabular-nums' },
        },
      }}
    />
  );
}
