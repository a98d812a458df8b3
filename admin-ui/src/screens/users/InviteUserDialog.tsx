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
import { ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser, Organization, Role } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { OrganizationPicker, type OrganizationOption } from '../../kit/pickers.js';
import { RoleChecklist } from './RoleChecklist.js';

const languageNames: Record<string, string> = { en: 'English', sv: 'Svenska' };

/** Invites a person: they get a mail with a link to choose a password. */
export function InviteUserDialog(props: {
  open: boolean;
  /** Fixed organisation (from its page); else the admin picks one. */
  organization?: Organization;
  onClose(): void;
  onInvited(user: AdminUser): void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const titleId = useId();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [language, setLanguage] = useState(boot.defaultLanguage);
  const [org, setOrg] = useState<OrganizationOption | null>(props.organization ?? null);
  const [roleKeys, setRoleKeys] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrorsOf(error);
  const roles = useApiData<{ items: Role[] }>(props.open ? '/roles' : null);
  const kind = org?.kind ?? props.organization?.kind;
  const offered = (roles.data?.items ?? []).filter((r) => !kind || r.scope === kind);

  useEffect(() => {
    if (props.organization) setOrg(props.organization);
  }, [props.organization]);
  // A customer starts as customer user; the supplier's staff get no role until one is chosen.
  useEffect(() => {
    setRoleKeys(kind === 'customer' ? ['customer-user'] : []);
  }, [kind]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const invited = await api.post<AdminUser>('/users', {
        email: email.trim(),
        name: name.trim(),
        language,
        ...(org ? { organizationId: org.id } : {}),
        ...(roleKeys.length ? { roleKeys } : {}),
      });
      setEmail('');
      setName('');
      props.onInvited(invited);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog
      open={props.open}
      onClose={() => !busy && props.onClose()}
      aria-labelledby={titleId}
      maxWidth="sm"
      fullWidth
      fullScreen={phone}
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>{t('users.inviteTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('users.inviteText')}</DialogContentText>
          <TextField
            label={t('users.email')}
            type="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
            autoFocus
            autoComplete="off"
            {...fieldProps(errors, '/email')}
          />
          <TextField
            label={t('users.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoComplete="off"
            {...fieldProps(errors, '/name')}
          />
          {props.organization ? null : (
            <Box sx={{ mt: 2, mb: 1 }}>
              <OrganizationPicker
                label={t('users.organization')}
                value={org?.id ?? null}
                onChange={setOrg}
                required
                size="medium"
                minWidth={0}
                grow
                {...fieldProps(errors, '/organizationId')}
              />
            </Box>
          )}
          <TextField
            select
            label={t('users.language')}
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            {...fieldProps(errors, '/language', t('users.languageHelp'))}
          >
            {boot.languages.map((l) => (
              <MenuItem key={l} value={l} lang={l}>
                {languageNames[l] ?? new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l) ?? l}
              </MenuItem>
            ))}
          </TextField>
          {org ? (
            <RoleChecklist
              label={t('users.roles')}
              roles={offered}
              value={roleKeys}
              onChange={setRoleKeys}
              {...fieldProps(errors, '/roleKeys')}
            />
          ) : null}
          <ProblemAlert error={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            {t('kit.cancel')}
          </Button>
          <Button
            type="submit"
            variant="contained"
            disabled={busy || !email.trim() || !name.trim() || !org || !roleKeys.length}
          >
            {t('users.sendInvitation')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
