import LockOutlined from '@mui/icons-material/LockOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useApi, useSession } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { checkNewPassword, NewPasswordFields } from '../../components/NewPasswordFields.js';
import { PasswordField } from '../../components/PasswordField.js';
import { SavedNote } from '../../components/SavedNote.js';
import { SectionCard } from '../../components/SectionCard.js';
import { fieldProblems } from '../../errors.js';

/** Change the password (POST /me/password); the other sessions end. */
export function PasswordSection(props: { onChanged(): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { me } = useSession();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ current?: string[]; password?: string[]; confirm?: string }>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local = {
      ...checkNewPassword(t, password, confirm),
      ...(current ? {} : { current: [t('field.required')] }),
    };
    setProblems(local);
    setError(undefined);
    setDone(false);
    if (local.current || local.password || local.confirm) return;
    setBusy(true);
    try {
      await api.post('/me/password', { currentPassword: current, newPassword: password });
      setCurrent('');
      setPassword('');
      setConfirm('');
      setDone(true);
      props.onChanged();
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (fields['/currentPassword'] || fields['/newPassword'])
        setProblems({
          ...(fields['/currentPassword'] ? { current: [t('password.currentWrong')] } : {}),
          ...(fields['/newPassword'] ? { password: fields['/newPassword'] } : {}),
        });
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <SectionCard
      id="password"
      title={t('profile.password')}
      icon={<LockOutlined />}
      description={t('profile.passwordIntro')}
    >
      <Box component="form" onSubmit={submit} noValidate>
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={me?.user.email ?? ''}
          readOnly
          hidden
        />
        <PasswordField
          label={t('password.current')}
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
          problems={problems.current}
        />
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          problems={problems.password}
          confirmProblem={problems.confirm}
        />
        <ErrorNotice error={error} />
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1, flexWrap: 'wrap' }}>
          <Button type="submit" variant="contained" disabled={busy}>
            {t('profile.changePassword')}
          </Button>
          <SavedNote text={done ? t('profile.passwordChanged') : undefined} />
        </Box>
      </Box>
    </SectionCard>
  );
}
