import MarkEmailReadOutlined from '@mui/icons-material/MarkEmailReadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { fieldProblems } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';

/**
 * `/forgot-password`: asks for a reset link (POST /auth/password-reset). The answer is the same
 * for every address, so the page says the same too.
 */
export default function ForgotPasswordScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const address = email.trim();
    setError(undefined);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) {
      setProblem(address ? t('field.email') : t('field.required'));
      return;
    }
    setProblem(undefined);
    setBusy(true);
    try {
      await api.post('/auth/password-reset', { email: address });
      setSentTo(address);
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (fields['/email']) setProblem(fields['/email'].join(' '));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const back = (
    <Link component={RouterLink} to="/login" variant="body2" sx={{ fontWeight: 600 }}>
      {t('auth.backToLogin')}
    </Link>
  );
  if (sentTo)
    return (
      <AuthLayout title={t('forgot.sentTitle')} footer={back}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }} role="status">
          <MarkEmailReadOutlined color="primary" sx={{ fontSize: 40, flexShrink: 0 }} />
          <Box>
            <Typography sx={{ mb: 1 }}>{t('forgot.sent', { email: sentTo })}</Typography>
            <Typography color="text.secondary" variant="body2">
              {t('forgot.sentHint')}
            </Typography>
          </Box>
        </Box>
        <Button variant="outlined" fullWidth sx={{ mt: 3 }} onClick={() => setSentTo(undefined)}>
          {t('forgot.again')}
        </Button>
      </AuthLayout>
    );
  return (
    <AuthLayout title={t('forgot.title')} intro={t('forgot.intro')} footer={back}>
      <ErrorNotice error={error} />
      <Box component="form" onSubmit={submit} noValidate>
        <TextField
          label={t('login.email')}
          type="email"
          inputMode="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={!!problem}
          helperText={problem}
          autoFocus
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy}
          sx={{ mt: 2, py: 1.25 }}
        >
          {t('forgot.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
