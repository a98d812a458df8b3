import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useApi } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useFinishLogin, type LoginAnswer } from '../../auth/login-answer.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { checkNewPassword, NewPasswordFields } from '../../components/NewPasswordFields.js';
import { fieldProblems, statusOf } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';

const tokenPattern = /^[A-Za-z0-9_-]{20,200}$/;

/** `/reset-password?token=…` (the link of the reset mail): choose a new password and log in. */
export default function ResetPasswordScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const finish = useFinishLogin();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ password?: string[]; confirm?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [linkDead, setLinkDead] = useState(!tokenPattern.test(token));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = checkNewPassword(t, password, confirm);
    setProblems(local);
    setError(undefined);
    if (local.password || local.confirm) return;
    setBusy(true);
    try {
      await finish(await api.post<LoginAnswer>('/auth/password-reset/confirm', { token, password }), '/');
    } catch (err) {
      const status = statusOf(err);
      const fields = fieldProblems(t, err);
      if (status === 400) setLinkDead(true);
      else if (status === 422 && fields['/password']) setProblems({ password: fields['/password'] });
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
  if (linkDead)
    return (
      <AuthLayout title={t('reset.deadTitle')} footer={back}>
        <Typography sx={{ mb: 3 }} role="alert">
          {t('reset.dead')}
        </Typography>
        <Button component={RouterLink} to="/forgot-password" variant="contained" size="large" fullWidth>
          {t('reset.newLink')}
        </Button>
      </AuthLayout>
    );
  return (
    <AuthLayout title={t('reset.title')} intro={t('reset.intro')} footer={back}>
      <ErrorNotice error={error} />
      <Box component="form" onSubmit={submit} noValidate>
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          problems={problems.password}
          confirmProblem={problems.confirm}
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
          {t('reset.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
