import SecurityOutlined from '@mui/icons-material/SecurityOutlined';
import VerifiedUserOutlined from '@mui/icons-material/VerifiedUserOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useApiData, useSession } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { PasswordField } from '../../components/PasswordField.js';
import { SectionCard } from '../../components/SectionCard.js';
import { AuthenticatorSetup, type TotpSetup } from '../../components/two-factor/AuthenticatorSetup.js';
import { CodeField } from '../../components/two-factor/CodeField.js';
import { RecoveryCodes } from '../../components/two-factor/RecoveryCodes.js';
import { fieldProblems, statusOf } from '../../errors.js';

interface TwoFactorState {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

type Stage = { kind: 'idle' } | { kind: 'setup'; setup: TotpSetup } | { kind: 'codes'; codes: string[] };

/** Turning the second factor off needs the password and a code (or a recovery code). */
function TurnOffDialog(props: { open: boolean; onClose(): void; onDone(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [recovery, setRecovery] = useState(false);
  const [problems, setProblems] = useState<{ password?: string; code?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = {
      ...(password ? {} : { password: t('field.required') }),
      ...((recovery ? code.trim() : code.length === 6) ? {} : { code: t('field.required') }),
    };
    setProblems(local);
    setError(undefined);
    if (local.password || local.code) return;
    setBusy(true);
    try {
      await api.delete(
        '/me/two-factor',
        recovery ? { password, recoveryCode: code.trim() } : { password, code },
      );
      props.onDone();
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (fields['/password']) setProblems({ password: t('password.currentWrong') });
      else if (statusOf(err) === 401)
        setProblems({ code: recovery ? t('twoFactor.wrongRecovery') : t('twoFactor.wrongCode') });
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={props.open} onClose={props.onClose} aria-labelledby="tf-off-title" fullWidth maxWidth="xs">
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle id="tf-off-title">{t('twoFactorProfile.offTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('twoFactorProfile.offIntro')}</DialogContentText>
          <ErrorNotice error={error} />
          <PasswordField
            label={t('password.current')}
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            problems={problems.password ? [problems.password] : undefined}
          />
          {recovery ? (
            <TextField
              label={t('twoFactor.recoveryCode')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              error={!!problems.code}
              helperText={problems.code}
              required
            />
          ) : (
            <CodeField value={code} onChange={setCode} problem={problems.code} required />
          )}
          <Link
            component="button"
            type="button"
            variant="body2"
            onClick={() => {
              setRecovery((r) => !r);
              setCode('');
            }}
          >
            {recovery ? t('twoFactor.useApp') : t('twoFactor.useRecovery')}
          </Link>
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button type="submit" color="error" variant="contained" disabled={busy}>
            {t('twoFactorProfile.turnOff')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

/** New recovery codes need a current code from the app. */
function NewCodesDialog(props: { open: boolean; onClose(): void; onCodes(codes: string[]): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (code.length !== 6) return setProblem(t('field.code'));
    setBusy(true);
    setError(undefined);
    setProblem(undefined);
    try {
      const r = await api.post<{ recoveryCodes: string[] }>('/me/two-factor/recovery-codes', { code });
      setCode('');
      props.onCodes(r.recoveryCodes);
    } catch (err) {
      if (statusOf(err) === 401) setProblem(t('twoFactor.wrongCode'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby="tf-codes-title"
      fullWidth
      maxWidth="xs"
    >
      <Box component="form" onSubmit={submit} noValidate>
        <DialogTitle id="tf-codes-title">{t('twoFactorProfile.newCodesTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('twoFactorProfile.newCodesIntro')}</DialogContentText>
          <ErrorNotice error={error} />
          <CodeField value={code} onChange={setCode} problem={problem} required autoFocus />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button type="submit" variant="contained" disabled={busy}>
            {t('twoFactorProfile.newCodes')}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

/** Two-step verification of the profile: set up (with a QR code), new recovery codes, turn off. */
export function TwoFactorSection() {
  const { t } = useTranslation();
  const api = useApi();
  const { refresh } = useSession();
  const state = useApiData<TwoFactorState>('/me/two-factor');
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [dialog, setDialog] = useState<'off' | 'codes' | null>(null);
  const [error, setError] = useState<unknown>();
  const [codeProblem, setCodeProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [turnedOff, setTurnedOff] = useState(false);

  async function start() {
    setBusy(true);
    setError(undefined);
    setTurnedOff(false);
    try {
      setStage({ kind: 'setup', setup: await api.post<TotpSetup>('/me/two-factor') });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  async function confirm(code: string) {
    setBusy(true);
    setError(undefined);
    setCodeProblem(undefined);
    try {
      const r = await api.post<{ recoveryCodes: string[] }>('/me/two-factor/confirm', { code });
      setStage({ kind: 'codes', codes: r.recoveryCodes });
      state.reload();
      void refresh();
    } catch (err) {
      if (statusOf(err) === 401) setCodeProblem(t('twoFactor.wrongCode'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const s = state.data;
  let body;
  if (stage.kind === 'codes')
    body = (
      <RecoveryCodes
        codes={stage.codes}
        doneLabel={t('recovery.done')}
        onDone={() => setStage({ kind: 'idle' })}
      />
    );
  else if (stage.kind === 'setup')
    body = (
      <>
        <AuthenticatorSetup
          setup={stage.setup}
          busy={busy}
          onConfirm={(code) => void confirm(code)}
          codeProblem={codeProblem}
          notice={<ErrorNotice error={error} />}
        />
        <Button onClick={() => setStage({ kind: 'idle' })}>{t('cancel')}</Button>
      </>
    );
  else if (!s)
    body = state.error ? (
      <ErrorNotice error={state.error} />
    ) : (
      <Skeleton height={64} aria-label={t('loading')} />
    );
  else if (!s.enabled)
    body = (
      <>
        {turnedOff ? (
          <Alert severity="info" sx={{ mb: 2 }} role="status">
            {t('twoFactorProfile.turnedOff')}
          </Alert>
        ) : null}
        {s.required ? (
          <Alert severity="warning" sx={{ mb: 2 }}>
            {t('twoFactorProfile.requiredOff')}
          </Alert>
        ) : null}
        <ErrorNotice error={error} />
        <Button
          variant="contained"
          startIcon={<VerifiedUserOutlined />}
          disabled={busy}
          onClick={() => void start()}
        >
          {t('twoFactorProfile.setUp')}
        </Button>
      </>
    );
  else
    body = (
      <>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
          <Chip color="success" icon={<VerifiedUserOutlined />} label={t('twoFactorProfile.on')} />
          {s.required ? <Chip variant="outlined" label={t('twoFactorProfile.required')} /> : null}
        </Box>
        <Typography
          variant="body2"
          sx={{ mb: 2 }}
          color={s.recoveryCodesLeft < 3 ? 'warning.main' : 'text.secondary'}
        >
          {t('twoFactorProfile.codesLeft', { count: s.recoveryCodesLeft })}
        </Typography>
        <ErrorNotice error={error} />
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <Button variant="outlined" onClick={() => setDialog('codes')}>
            {t('twoFactorProfile.newCodes')}
          </Button>
          {s.required ? null : (
            <Button color="error" onClick={() => setDialog('off')}>
              {t('twoFactorProfile.turnOff')}
            </Button>
          )}
        </Box>
        {s.required ? (
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
            {t('twoFactorProfile.requiredOn')}
          </Typography>
        ) : null}
      </>
    );

  return (
    <SectionCard
      id="two-factor"
      title={t('twoFactorProfile.title')}
      icon={<SecurityOutlined />}
      description={t('twoFactorProfile.intro')}
    >
      {body}
      {dialog === 'off' ? (
        <TurnOffDialog
          open
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            setTurnedOff(true);
            state.reload();
            void refresh();
          }}
        />
      ) : null}
      {dialog === 'codes' ? (
        <NewCodesDialog
          open
          onClose={() => setDialog(null)}
          onCodes={(codes) => {
            setDialog(null);
            setStage({ kind: 'codes', codes });
            state.reload();
          }}
        />
      ) : null}
    </SectionCard>
  );
}
