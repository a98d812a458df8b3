import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import { useApi } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { nextQuery, safeNext } from '../../auth/login-answer.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { statusOf } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';

/**
 * `/login/sso`: the user types their work address; the portal finds their company's single
 * sign-on (POST /auth/sso/lookup) and hands the browser to it.
 */
export default function SsoScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [email, setEmail] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

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
      const { loginUrl } = await api.post<{ loginUrl: string }>('/auth/sso/lookup', {
        email: address,
        ...(next !== '/' ? { returnTo: next } : {}),
      });
      // Leaves the app for the company's identity provider; the busy state stays until then.
      window.location.assign(loginUrl);
    } catch (err) {
      const status = statusOf(err);
      if (status === 404) setProblem(t('sso.none', { domain: address.slice(address.lastIndexOf('@') + 1) }));
      else if (status === 422) setProblem(t('field.email'));
      else setError(err);
      setBusy(false);
    }
  }

  return (
    <AuthLayout
      title={t('sso.title')}
      intro={t('sso.intro')}
      footer={
        <Link component={RouterLink} to={`/login${nextQuery(next)}`} variant="body2" sx={{ fontWeight: 600 }}>
          {t('sso.password')}
        </Link>
      }
    >
      <ErrorNotice error={error} />
      <Box component="form" onSubmit={submit} noValidate>
        <TextField
          label={t('sso.email')}
          type="email"
          inputMode="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={!!problem}
          helperText={problem ?? t('sso.emailHint')}
          autoFocus
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy}
          startIcon={<BusinessOutlined />}
          sx={{ mt: 2, py: 1.25 }}
        >
          {busy ? t('sso.going') : t('sso.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
