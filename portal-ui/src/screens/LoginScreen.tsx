import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useBoot, useSession } from '@portico/core/react';
import type { TFunction } from 'i18next';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, Navigate, useSearchParams } from 'react-router';
import { leaveFor, nextQuery, safeNext, useFinishLogin, type LoginAnswer } from '../auth/login-answer.js';
import { ErrorNotice } from '../components/ErrorNotice.js';
import { PasswordField } from '../components/PasswordField.js';
import { asApiError, statusOf, waitMinutes } from '../errors.js';
import { AuthLayout } from '../layout/AuthLayout.js';

export { safeNext } from '../auth/login-answer.js';

/** The login's refusals in the user's words: wrong password, locked out, not allowed in. */
function loginProblem(t: TFunction, error: unknown): string | undefined {
  const status = statusOf(error);
  const detail = asApiError(error)?.problem.detail ?? '';
  if (status === 401) return t('login.wrong');
  if (status === 429) {
    const minutes = waitMinutes(error);
    return minutes ? t('login.lockedWait', { count: minutes }) : t('login.locked');
  }
  if (status === 403) {
    if (/not activated/i.test(detail)) return t('login.notActivated');
    if (/deactivated/i.test(detail)) return t('login.deactivated');
    if (/suspended/i.test(detail)) return t('login.suspended');
  }
  return undefined;
}

export function LoginScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const { me } = useSession();
  const [params] = useSearchParams();
  const finish = useFinishLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ email?: boolean; password?: boolean }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  if (me) return next.startsWith('/admin') ? <GoTo href={next} /> : <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    const empty = { email: !email.trim(), password: !password };
    setMissing(empty);
    if (empty.email || empty.password) return;
    setBusy(true);
    setError(undefined);
    try {
      await finish(await api.post<LoginAnswer>('/auth/login', { email: email.trim(), password }), next);
    } catch (err) {
      setError(err);
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const status = statusOf(error);
  return (
    <AuthLayout
      title={t('login.title')}
      intro={t('login.intro', { portal: boot.portalName })}
      footer={
        <Typography variant="body2">
          {t('login.newHere')}{' '}
          <Link component={RouterLink} to="/request-account" sx={{ fontWeight: 600 }}>
            {t('login.requestAccount')}
          </Link>
        </Typography>
      }
    >
      <ErrorNotice
        error={error}
        message={loginProblem(t, error)}
        severity={status === 429 || status === 403 ? 'warning' : 'error'}
      >
        {status === 429 ? (
          <Box sx={{ mt: 0.5 }}>
            <Link component={RouterLink} to="/forgot-password" color="inherit" sx={{ fontWeight: 600 }}>
              {t('login.resetInstead')}
            </Link>
          </Box>
        ) : null}
      </ErrorNotice>
      <Box component="form" onSubmit={submit} noValidate>
        <TextField
          label={t('login.email')}
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={!!missing.email}
          helperText={missing.email ? t('field.required') : undefined}
          autoFocus
        />
        <PasswordField
          label={t('login.password')}
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          problems={missing.password ? [t('field.required')] : undefined}
        />
        <Box sx={{ display: 'flex', justifyContent: 'flex-end', mt: 0.5 }}>
          <Link component={RouterLink} to="/forgot-password" variant="body2" sx={{ fontWeight: 600 }}>
            {t('login.forgot')}
          </Link>
        </Box>
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy}
          sx={{ mt: 2.5, py: 1.25 }}
        >
          {busy ? t('login.submitting') : t('login.submit')}
        </Button>
      </Box>
      <Divider sx={{ my: 2.5, color: 'text.secondary', typography: 'body2' }}>{t('login.or')}</Divider>
      <Button
        component={RouterLink}
        to={`/login/sso${nextQuery(next)}`}
        variant="outlined"
        size="large"
        fullWidth
        startIcon={<BusinessOutlined />}
        sx={{ py: 1.1 }}
      >
        {t('login.sso')}
      </Button>
    </AuthLayout>
  );
}

function GoTo(props: { href: string }) {
  useEffect(() => leaveFor(props.href), [props.href]);
  return null;
}
