import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useApi, useBoot } from '@portico/core/react';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { fieldProblems, statusOf } from '../../errors.js';
import { languageName } from '../../languages.js';
import type { CompanyUser, Role } from './model.js';
import { RolePicker } from './RolePicker.js';

/** A dialog with a form: full screen on phones, with a title, a submit and a cancel button. */
export function FormDialog(props: {
  open: boolean;
  id: string;
  title: string;
  submit: string;
  busy: boolean;
  danger?: boolean;
  onClose(): void;
  onSubmit(): void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  function submit(e: FormEvent) {
    e.preventDefault();
    props.onSubmit();
  }
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      aria-labelledby={`${props.id}-title`}
      fullScreen={phone}
      fullWidth
      maxWidth="sm"
    >
      <Box
        component="form"
        onSubmit={submit}
        noValidate
        sx={{ display: 'flex', flexDirection: 'column', minHeight: 0, flex: 1 }}
      >
        <DialogTitle id={`${props.id}-title`} sx={{ fontWeight: 700 }}>
          {props.title}
        </DialogTitle>
        <DialogContent>{props.children}</DialogContent>
        <DialogActions sx={{ px: 3, pb: 2 }}>
          <Button onClick={props.onClose}>{t('cancel')}</Button>
          <Button
            type="submit"
            variant="contained"
            color={props.danger ? 'error' : 'primary'}
            disabled={props.busy}
          >
            {props.submit}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}

/** POST /users: the person gets an e-mail with a link to choose a password. */
export function InviteDialog(props: {
  open: boolean;
  organizationId: string;
  roles: Role[];
  onClose(): void;
  onInvited(user: CompanyUser): void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const defaultRoles = props.roles.some((r) => r.key === 'customer-user') ? ['customer-user'] : [];
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState(
    boot.languages.includes(i18n.language) ? i18n.language : boot.defaultLanguage,
  );
  const [roleKeys, setRoleKeys] = useState<string[]>(defaultRoles);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit() {
    const local: Record<string, string[]> = {};
    if (!name.trim()) local['/name'] = [t('field.required')];
    if (!email.trim()) local['/email'] = [t('field.required')];
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local['/email'] = [t('field.email')];
    if (!roleKeys.length) local['/roleKeys'] = [t('company.roleNeeded')];
    setProblems(local);
    setError(undefined);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      const user = await api.post<CompanyUser>('/users', {
        name: name.trim(),
        email: email.trim(),
        language,
        organizationId: props.organizationId,
        roleKeys,
      });
      props.onInvited(user);
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (statusOf(err) === 409) setProblems({ '/email': [t('company.emailTaken')] });
      else if (Object.keys(fields).length) setProblems(fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const problem = (path: string) => problems[path]?.join(' ');
  return (
    <FormDialog
      open={props.open}
      id="invite"
      title={t('company.inviteTitle')}
      submit={t('company.sendInvite')}
      busy={busy}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <DialogContentText>{t('company.inviteIntro')}</DialogContentText>
      <ErrorNotice error={error} />
      <TextField
        label={t('profile.name')}
        autoComplete="off"
        required
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={!!problem('/name')}
        helperText={problem('/name')}
        autoFocus
      />
      <TextField
        label={t('login.email')}
        type="email"
        inputMode="email"
        autoComplete="off"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={!!problem('/email')}
        helperText={problem('/email')}
      />
      <TextField
        select
        label={t('company.language')}
        value={language}
        onChange={(e) => setLanguage(e.target.value)}
        helperText={t('company.languageHint')}
      >
        {boot.languages.map((l) => (
          <MenuItem key={l} value={l} lang={l}>
            {languageName(l)}
          </MenuItem>
        ))}
      </TextField>
      <RolePicker
        roles={props.roles}
        value={roleKeys}
        onChange={setRoleKeys}
        problem={problem('/roleKeys')}
      />
    </FormDialog>
  );
}

/** PUT /users/:id/roles. */
export function RolesDialog(props: {
  user: CompanyUser;
  roles: Role[];
  onClose(): void;
  onSaved(user: CompanyUser): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [roleKeys, setRoleKeys] = useState(props.user.assignedRoles);
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit() {
    setError(undefined);
    setProblem(undefined);
    setBusy(true);
    try {
      props.onSaved(await api.put<CompanyUser>(`/users/${props.user.id}/roles`, { roles: roleKeys }));
    } catch (err) {
      const status = statusOf(err);
      if (status === 409) setProblem(t('company.lastManager'));
      else if (status === 403) setProblem(t('company.roleNotYours'));
      else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const inherited = props.user.roles.filter((r) => !props.user.assignedRoles.includes(r));
  return (
    <FormDialog
      open
      id="roles"
      title={t('company.rolesTitle', { name: props.user.name })}
      submit={t('save')}
      busy={busy}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <ErrorNotice error={error} />
      <RolePicker roles={props.roles} value={roleKeys} onChange={setRoleKeys} problem={problem} />
      {inherited.length ? (
        <DialogContentText variant="body2">
          {t('company.inheritedRoles', { count: inherited.length })}
        </DialogContentText>
      ) : null}
    </FormDialog>
  );
}

/** PATCH /users/:id { status }: deactivate (sessions end at once) or reactivate. */
export function StatusDialog(props: {
  user: CompanyUser;
  to: 'active' | 'deactivated';
  onClose(): void;
  onSaved(user: CompanyUser): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit() {
    setError(undefined);
    setBusy(true);
    try {
      props.onSaved(await api.patch<CompanyUser>(`/users/${props.user.id}`, { status: props.to }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const deactivating = props.to === 'deactivated';
  return (
    <FormDialog
      open
      id="status"
      title={
        deactivating
          ? t('company.deactivateTitle', { name: props.user.name })
          : t('company.reactivateTitle', { name: props.user.name })
      }
      submit={deactivating ? t('company.deactivate') : t('company.reactivate')}
      danger={deactivating}
      busy={busy}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <DialogContentText>
        {deactivating ? t('company.deactivateText') : t('company.reactivateText')}
      </DialogContentText>
      <ErrorNotice error={error} message={statusOf(error) === 409 ? t('company.lastManager') : undefined} />
    </FormDialog>
  );
}
