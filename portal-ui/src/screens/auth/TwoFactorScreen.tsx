import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useSession } from '@portico/core/react';
import type { TFunction } from 'i18next';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { safeNext, useFinishLogin, useGoTo, type LoginAnswer } from '../../auth/login-answer.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { AuthenticatorSetup, type TotpSetup } from '../../components/two-factor/AuthenticatorSetup.js';
import { CodeField } from '../../components/two-factor/CodeField.js';
import { RecoveryCodes } from '../../components/two-factor/RecoveryCodes.js';
import { asApiError, statusOf } from '../../errors.js';
import { AuthLayout } from '../../layout/AuthLayout.js';

/** The refusals of the two-factor step in the user's words. */
function stepProblem(t: TFunction, error: unknown, recovery = false): string | undefined {
  const status = statusOf(error);
  const detail = asApiError(error)?.problem.detail ?? '';
  if (status === 401) return recovery ? t('twoFactor.wrongRecovery') : t('twoFactor.wrongCode');
  if (status === 400) return t('twoFactor.expired');
  if (status === 403) {
    if (/deactivated/i.test(detail)) return t('login.deactivated');
    if (/suspended/i.test(detail)) return t('login.suspended');
  }
  return undefined;
}

function BackToLogin() {
  const { t } = useTranslation();
  return (
    <Link component={RouterLink} to="/login" variant="body2" sx={{ fontWeight: 600 }}>
      {t('auth.backToLogin')}
    </Link>
  );
}

/** The second step of a login: a code from the app or a recovery code. */
function ProveStep(props: { challenge: string; next: string; onSetupNeeded(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const finish = useFinishLogin();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function send(value: string) {
    setBusy(true);
    setError(undefined);
    try {
      const body = recovery
        ? { challenge: props.challenge, recoveryCode: value.trim() }
        : { challenge: props.challenge, code: value };
      await finish(await api.post<LoginAnswer>('/auth/two-factor', body), props.next);
    } catch (err) {
      if (statusOf(err) === 409 && /not set up/i.test(asApiError(err)?.problem.detail ?? '')) {
        props.onSetupNeeded();
        return;
      }
      setError(err);
      setCode('');
    } finally {
      setBusy(false);
    }
  }
  function submit(e: FormEvent) {
    e.preventDefault();
    const value = recovery ? recoveryCode : code;
    if (recovery ? value.trim() : value.length === 6) void send(value);
  }
  // Six digits are a whole code: send it without waiting for the button.
  function typed(value: string) {
    setCode(value);
    if (value.length === 6 && !busy) void send(value);
  }

  const expired = statusOf(error) === 400;
  return (
    <AuthLayout
      title={t('twoFactor.title')}
      intro={recovery ? t('twoFactor.introRecovery') : t('twoFactor.intro')}
      footer={<BackToLogin />}
    >
      <ErrorNotice error={error} message={stepProblem(t, error, recovery)}>
        {expired ? (
          <Box sx={{ mt: 0.5 }}>
            <Link component={RouterLink} to="/login" color="inherit" sx={{ fontWeight: 600 }}>
              {t('twoFactor.loginAgain')}
            </Link>
          </Box>
        ) : null}
      </ErrorNotice>
      <Box component="form" onSubmit={submit} noValidate>
        {recovery ? (
          <TextField
            label={t('twoFactor.recoveryCode')}
            value={recoveryCode}
            onChange={(e) => setRecoveryCode(e.target.value)}
            autoComplete="off"
            helperText={t('twoFactor.recoveryHint')}
            slotProps={{ htmlInput: { autoCapitalize: 'off', spellCheck: false } }}
            autoFocus
            required
          />
        ) : (
          <CodeField value={code} onChange={typed} autoFocus required />
        )}
        <Button
          type="submit"
          variant="contained"
          size="large"
          fullWidth
          disabled={busy || (recovery ? !recoveryCode.trim() : code.length !== 6)}
          sx={{ mt: 2, py: 1.25 }}
        >
          {t('twoFactor.submit')}
        </Button>
      </Box>
      <Box sx={{ mt: 2, textAlign: 'center' }}>
        <Link
          component="button"
          type="button"
          variant="body2"
          sx={{ fontWeight: 600 }}
          onClick={() => {
            setRecovery((r) => !r);
            setError(undefined);
          }}
        >
          {recovery ? t('twoFactor.useApp') : t('twoFactor.useRecovery')}
        </Link>
      </Box>
    </AuthLayout>
  );
}

/** A login that requires a second factor the user has not set up yet: set it up, then in. */
function SetupStep(props: { challenge: string; next: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const { refresh } = useSession();
  const goTo = useGoTo();
  const [setup, setSetup] = useState<TotpSetup>();
  const [startError, setStartError] = useState<unknown>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [codes, setCodes] = useState<string[]>();

  useEffect(() => {
    let live = true;
    api.post<TotpSetup>('/auth/two-factor/setup', { challenge: props.challenge }).then(
      (s) => live && setSetup(s),
      (err: unknown) => live && setStartError(err),
    );
    return () => {
      live = false;
    };
  }, [api, props.challenge]);

  async function confirm(code: string) {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await api.post<LoginAnswer>('/auth/two-factor/setup/confirm', {
        challenge: props.challenge,
        code,
      });
      api.setCsrfToken(answer.csrfToken);
      setCodes(answer.recoveryCodes ?? []);
      await refresh();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (codes)
    return (
      <AuthLayout title={t('recovery.title')} intro={t('setup.done')} wide>
        <RecoveryCodes codes={codes} onDone={() => goTo(props.next)} doneLabel={t('recovery.continue')} />
      </AuthLayout>
    );
  return (
    <AuthLayout title={t('setup.title')} intro={t('setup.introRequired')} wide footer={<BackToLogin />}>
      <ErrorNotice error={startError} message={stepProblem(t, startError)} />
      {setup ? (
        <AuthenticatorSetup
          setup={setup}
          busy={busy}
          heading="h2"
          onConfirm={(code) => void confirm(code)}
          codeProblem={statusOf(error) === 401 ? t('twoFactor.wrongCode') : undefined}
          notice={
            statusOf(error) === 401 ? null : <ErrorNotice error={error} message={stepProblem(t, error)} />
          }
        />
      ) : !startError ? (
        <Typography color="text.secondary" role="status">
          {t('loading')}
        </Typography>
      ) : null}
    </AuthLayout>
  );
}

/**
 * `/login/two-factor?challenge=…&next=…&setup=0|1`: the second step of a login (after the password
 * or single sign-on, which says `returnTo` instead of `next`).
 */
export default function TwoFactorScreen() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const challenge = params.get('challenge') ?? '';
  const next = safeNext(params.get('next') ?? params.get('returnTo'));
  const [setup, setSetup] = useState(params.get('setup') === '1');
  if (challenge.length < 20)
    return (
      <AuthLayout title={t('twoFactor.title')}>
        <Typography sx={{ mb: 2 }}>{t('twoFactor.expired')}</Typography>
        <Button component={RouterLink} to="/login" variant="contained" fullWidth size="large">
          {t('twoFactor.loginAgain')}
        </Button>
      </AuthLayout>
    );
  return setup ? (
    <SetupStep challenge={challenge} next={next} />
  ) : (
    <ProveStep challenge={challenge} next={next} onSetupNeeded={() => setSetup(true)} />
  );
}
