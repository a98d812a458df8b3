import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { NewPasswordFields } from '../../components/NewPasswordFields.js';

import { AuthLayout } from '../../layout/AuthLayout.js';
import { useSetPasswordForm } from '../../auth/use-set-password.js';

/** `/reset-password?token=…` (the link of the reset mail): choose a new password and log in. */
export default function ResetPasswordScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const { password, setPassword, confirm, setConfirm, problems, error, busy, linkDead, submit } =
    useSetPasswordForm('/auth/password-reset/confirm', params.get('token') ?? '');

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
