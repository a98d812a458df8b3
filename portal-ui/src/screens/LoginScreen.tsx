import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useBoot, useSession } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';

/** Only paths inside this portal may be a target after login (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

export function LoginScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const { me, refresh } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  if (me) return next.startsWith('/admin') ? <GoTo href={next} /> : <Navigate to={next} replace />;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await api.post<{ status: string; csrfToken?: string; challenge?: string }>('/auth/login', {
        email,
        password,
      });
      if (r.status === 'ok') {
        api.setCsrfToken(r.csrfToken);
        await refresh();
        if (next.startsWith('/admin')) window.location.assign(next);
        else navigate(next, { replace: true });
      } else {
        navigate(
          `/login/two-factor?challenge=${encodeURIComponent(r.challenge ?? '')}&next=${encodeURIComponent(next)}&setup=${r.status === 'two-factor-setup-required' ? 1 : 0}`,
        );
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box component="main" sx={{ minHeight: '100dvh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent component="form" onSubmit={submit} noValidate>
          {boot.branding.logoUrl ? (
            <Box
              component="img"
              src={boot.branding.logoUrl}
              alt={boot.portalName}
              sx={{ maxHeight: 56, maxWidth: '100%', mb: 2 }}
            />
          ) : null}
          <Typography variant="h1" gutterBottom>
            {t('login.title', { portal: boot.portalName })}
          </Typography>
          <ProblemAlert error={error} />
          <TextField
            label={t('login.email')}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
          />
          <TextField
            label={t('login.password')}
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" variant="contained" size="large" fullWidth disabled={busy} sx={{ mt: 2 }}>
            {t('login.submit')}
          </Button>
        </CardContent>
      </Card>
    </Box>
  );
}

function GoTo(props: { href: string }) {
  window.location.assign(props.href);
  return null;
}
