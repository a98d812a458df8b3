import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApiData, useBoot } from '@portico/core/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { Loading } from '@portico/core/react';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { NewPasswordFields } from '../../components/NewPasswordFields.js';
import { statusOf } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';
import { linkTokenPattern, useSetPasswordForm } from '../../auth/use-set-password.js';

interface Invitation {
  name: string;
  email: string;
  language?: string;
  organization: { name: string };
}

/**
 * `/accept-invitation?token=…` (the link of the invitation and account-approved mails): who the
 * invitation is for, then a password, and the person is in.
 */
export default function AcceptInvitationScreen() {
  const { t, i18n } = useTranslation();
  const boot = useBoot();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useSetPasswordForm('/auth/invitations/accept', token);
  const { password, setPassword, confirm, setConfirm, problems, error, busy, submit } = form;
  const invitation = useApiData<Invitation>(
    linkTokenPattern.test(token) ? `/auth/invitations/${encodeURIComponent(token)}` : null,
  );

  // The administrator chose the person's language: the page speaks it from the start.
  const language = invitation.data?.language;
  useEffect(() => {
    if (language && boot.languages.includes(language) && language !== i18n.language)
      void i18n.changeLanguage(language);
    // Once per invitation: a choice made on this page afterwards stays.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [language]);

  const login = (
    <Typography variant="body2">
      {t('invitation.haveAccount')}{' '}
      <Link component={RouterLink} to="/login" sx={{ fontWeight: 600 }}>
        {t('invitation.login')}
      </Link>
    </Typography>
  );
  if (form.linkDead || statusOf(invitation.error) === 400)
    return (
      <AuthLayout title={t('invitation.deadTitle')} footer={login}>
        <Typography role="alert">{t('invitation.dead')}</Typography>
      </AuthLayout>
    );
  if (invitation.error)
    return (
      <AuthLayout title={t('invitation.title')} footer={login}>
        <ErrorNotice error={invitation.error} />
        <Button variant="outlined" fullWidth onClick={invitation.reload}>
          {t('retry')}
        </Button>
      </AuthLayout>
    );
  if (!invitation.data)
    return (
      <AuthLayout title={t('invitation.title')}>
        <Loading />
      </AuthLayout>
    );
  const inv = invitation.data;
  return (
    <AuthLayout
      title={t('invitation.welcome', { name: inv.name.split(' ')[0] })}
      intro={t('invitation.intro', { company: inv.organization.name, portal: boot.portalName })}
      footer={login}
    >
      <ErrorNotice error={error} />
      <Box component="form" onSubmit={submit} noValidate>
        <TextField
          label={t('login.email')}
          value={inv.email}
          autoComplete="username"
          slotProps={{ input: { readOnly: true } }}
          helperText={t('invitation.emailHint')}
        />
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          problems={problems.password}
          confirmProblem={problems.confirm}
          label={t('invitation.password')}
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy}
          sx={{ mt: 2, py: 1.25 }}
        >
          {t('invitation.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
