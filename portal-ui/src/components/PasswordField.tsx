import VisibilityOffOutlined from '@mui/icons-material/VisibilityOffOutlined';
import VisibilityOutlined from '@mui/icons-material/VisibilityOutlined';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import TextField, { type TextFieldProps } from '@mui/material/TextField';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A password input with a show/hide button (people on phones mistype hidden passwords) and every
 * problem of the field listed under it.
 */
export function PasswordField(
  props: Omit<TextFieldProps, 'type' | 'error' | 'helperText'> & {
    autoComplete: 'current-password' | 'new-password';
    problems?: string[] | undefined;
    hint?: string | undefined;
  },
) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const { problems, hint, autoComplete, ...rest } = props;
  const helper = problems?.length ? problems.join(' ') : hint;
  return (
    <TextField
      {...rest}
      type={shown ? 'text' : 'password'}
      autoComplete={autoComplete}
      error={!!problems?.length}
      helperText={helper}
      slotProps={{
        ...rest.slotProps,
        htmlInput: { autoCapitalize: 'off', autoCorrect: 'off', spellCheck: false },
        input: {
          endAdornment: (
            <InputAdornment position="end">
              <IconButton
                onClick={() => setShown((s) => !s)}
                edge="end"
                aria-label={shown ? t('password.hide') : t('password.show')}
                aria-pressed={shown}
              >
                {shown ? <VisibilityOffOutlined /> : <VisibilityOutlined />}
              </IconButton>
            </InputAdornment>
          ),
        },
      }}
    />
  );
}
