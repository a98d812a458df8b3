import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useBoot } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { fieldProblems } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';

interface Form {
  name: string;
  email: string;
  company: string;
  customerNumber: string;
  message: string;
}
const empty: Form = { name: '', email: '', company: '', customerNumber: '', message: '' };
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * `/request-account`: anyone asks for an account (POST /account-requests); an administrator of
 * their company (or the supplier) approves it, and they get a link to choose a password.
 */
export default function RequestAccountScreen() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const [form, setForm] = useState<Form>(empty);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState(false);
  const set = (key: keyof Form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  function check(): Record<string, string[]> {
    const p: Record<string, string[]> = {};
    if (!form.name.trim()) p['/name'] = [t('field.required')];
    if (!form.email.trim()) p['/email'] = [t('field.required')];
    else if (!emailPattern.test(form.email.trim())) p['/email'] = [t('field.email')];
    if (!form.company.trim()) p['/company'] = [t('field.required')];
    return p;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = check();
    setProblems(local);
    setError(undefined);
    if (Object.keys(local).length) {
      document.getElementById(`request-${Object.keys(local)[0]!.slice(1)}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      await api.post('/account-requests', {
        name: form.name.trim(),
        email: form.email.trim(),
        company: form.company.trim(),
        ...(form.customerNumber.trim() ? { customerNumber: form.customerNumber.trim() } : {}),
        ...(form.message.trim() ? { message: form.message.trim() } : {}),
        ...(boot.languages.includes(i18n.language) ? { language: i18n.language } : {}),
      });
      setSent(true);
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (Object.keys(fields).length) setProblems(fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const login = (
    <Typography variant="body2">
      {t('request.haveAccount')}{' '}
      <Link component={RouterLink} to="/login" sx={{ fontWeight: 600 }}>
        {t('invitation.login')}
      </Link>
    </Typography>
  );
  if (sent)
    return (
      <AuthLayout title={t('request.sentTitle')} footer={login}>
        <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }} role="status">
          <CheckCircleOutlined color="success" sx={{ fontSize: 40, flexShrink: 0 }} />
          <Box>
            <Typography sx={{ mb: 1 }}>{t('request.sent', { email: form.email.trim() })}</Typography>
            <Typography color="text.secondary" variant="body2">
              {t('request.sentNext')}
            </Typography>
          </Box>
        </Box>
        <Button component={RouterLink} to="/login" variant="outlined" fullWidth sx={{ mt: 3 }}>
          {t('auth.backToLogin')}
        </Button>
      </AuthLayout>
    );

  const field = (key: keyof Form) => ({
    id: `request-${key}`,
    value: form[key],
    onChange: set(key),
    error: !!problems[`/${key}`],
    helperText:
      problems[`/${key}`]?.join(' ') ??
      (key === 'customerNumber' ? t('request.customerNumberHint') : undefined),
  });
  return (
    <AuthLayout
      title={t('request.title')}
      intro={t('request.intro', { portal: boot.portalName })}
      wide
      footer={login}
    >
      <ErrorNotice error={error} />
      <Box component="form" onSubmit={submit} noValidate>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2 }}>
          <TextField label={t('request.name')} autoComplete="name" required {...field('name')} />
          <TextField
            label={t('request.email')}
            type="email"
            inputMode="email"
            autoComplete="email"
            required
            {...field('email')}
          />
          <TextField
            label={t('request.company')}
            autoComplete="organization"
            required
            {...field('company')}
          />
          <TextField label={t('request.customerNumber')} autoComplete="off" {...field('customerNumber')} />
        </Box>
        <TextField
          label={t('request.message')}
          multiline
          minRows={3}
          {...field('message')}
          helperText={problems['/message']?.join(' ') ?? t('request.messageHint')}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy}
          sx={{ mt: 2, py: 1.25 }}
        >
          {t('request.submit')}
        </Button>
      </Box>
    </AuthLayout>
  );
}
