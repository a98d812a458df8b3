import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormLabel from '@mui/material/FormLabel';
import Grid from '@mui/material/Grid';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import {
  ApiError,
  holdsPermission,
  ProblemAlert,
  problemText,
  useApi,
  useApiData,
  useBoot,
  useSession,
} from '@portico/core/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import type { Permission, Role } from '../../kit/api-types.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { useFormat, type Translated } from '../../kit/format.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { PermissionChecklist } from './PermissionChecklist.js';

const clean = (value: Translated): Translated =>
  Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v.trim())
      .map(([k, v]) => [k, v.trim()]),
  );

/** One role: its names, who it is for, its permissions and whether its holders need a second factor. */
export default function RoleScreen() {
  const { key = '' } = useParams();
  const creating = key === 'new';
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const navigate = useNavigate();
  const format = useFormat();
  const { me } = useSession();
  const { notify, element: notice } = useNotice();
  const loaded = useApiData<Role>(creating ? null : `/roles/${key}`);
  const catalog = useApiData<{ items: Permission[] }>('/permissions');
  const [role, setRole] = useState<Role | undefined>();
  const shown = creating ? undefined : role?.key === key ? role : loaded.data;

  const [roleKey, setRoleKey] = useState('');
  const [scope, setScope] = useState<'provider' | 'customer'>('customer');
  const [name, setName] = useState<Translated>({});
  const [description, setDescription] = useState<Translated>({});
  const [permissions, setPermissions] = useState<string[]>([]);
  const [requireTwoFactor, setRequireTwoFactor] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [confirm, setConfirm] = useState<'twoFactor' | 'delete' | 'forceDelete' | undefined>();
  const [held, setHeld] = useState<{ users: number; groups: number }>({ users: 0, groups: 0 });
  const errors = fieldErrorsOf(error);

  useEffect(() => {
    if (!shown) return;
    setScope(shown.scope);
    setName(shown.name);
    setDescription(shown.description ?? {});
    setPermissions(shown.permissions);
    setRequireTwoFactor(shown.requireTwoFactor);
  }, [shown]);

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!creating && !shown)
    return (
      <Box aria-busy="true">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={320} sx={{ mt: 2 }} />
      </Box>
    );

  const builtin = !!shown?.builtin;
  const languages = boot.languages.includes('en') ? boot.languages : ['en', ...boot.languages];
  const languageName = (l: string) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l) ?? l;
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  const dirty =
    creating ||
    (!!shown &&
      !builtin &&
      (JSON.stringify(clean(name)) !== JSON.stringify(shown.name) ||
        JSON.stringify(clean(description)) !== JSON.stringify(shown.description ?? {}) ||
        !sameSet(permissions, shown.permissions)));

  const lock = (p: Permission) => {
    if (scope === 'customer' && p.providerOnly) return t('roles.staffOnlyLock');
    // A role holds only what its maker holds; one already in the role may stay.
    if (!holdsPermission(me, p.key) && !shown?.permissions.includes(p.key)) return t('roles.notHeld');
    return undefined;
  };

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    const described = clean(description);
    try {
      if (creating) {
        const created = await api.post<Role>('/roles', {
          key: roleKey.trim(),
          scope,
          name: clean(name),
          description: Object.keys(described).length ? described : null,
          permissions,
          requireTwoFactor,
        });
        notify(t('roles.created'));
        void navigate(`/roles/${created.key}`, { replace: true });
        setRole(created);
      } else if (shown) {
        setRole(
          await api.patch<Role>(`/roles/${shown.key}`, {
            name: clean(name),
            description: Object.keys(described).length ? described : null,
            permissions,
          }),
        );
        notify(t('roles.saved'));
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const setTwoFactor = async (required: boolean) => {
    if (!shown) return;
    const answer = await api.put<{ required: boolean; loggedOut: number }>(`/roles/${shown.key}/two-factor`, {
      required,
    });
    setRole({ ...shown, requireTwoFactor: answer.required });
    notify(answer.required ? t('roles.twoFactorOn', { count: answer.loggedOut }) : t('roles.twoFactorOff'));
  };

  const remove = async (force: boolean) => {
    if (!shown) return;
    try {
      await api.delete(`/roles/${shown.key}${force ? '?force=true' : ''}`);
    } catch (err) {
      const h =
        err instanceof ApiError
          ? (err.problem as { held?: { users: number; groups: number } }).held
          : undefined;
      if (err instanceof ApiError && err.status === 409 && h && !force) {
        setHeld(h);
        setConfirm('forceDelete');
        return;
      }
      throw err;
    }
    void navigate('/roles', { replace: true });
  };

  const title = creating ? t('roles.createTitle') : format.translated(shown!.name, shown!.key);
  return (
    <>
      <PageHeader
        back={{ to: '/roles', label: t('roles.back') }}
        title={title}
        subtitle={
          shown
            ? `${shown.key} · ${t(`roles.scopes.${shown.scope}`)} · ${shown.builtin ? t('roles.builtin') : t('roles.custom')}`
            : t('roles.createSubtitle')
        }
        actions={
          shown && !builtin ? (
            <Button
              color="error"
              variant="outlined"
              startIcon={<DeleteOutlined />}
              onClick={() => setConfirm('delete')}
            >
              {t('roles.delete')}
            </Button>
          ) : null
        }
      />
      {builtin ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {shown?.allPermissions ? t('roles.builtinAllNote') : t('roles.builtinNote')}
        </Alert>
      ) : null}
      <form onSubmit={(e) => void save(e)} noValidate>
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 4 }}>
            <Stack spacing={2}>
              <Card component="section" aria-labelledby="role-about-heading">
                <CardContent>
                  <Typography id="role-about-heading" variant="h3" component="h2">
                    {t('roles.about')}
                  </Typography>
                  {creating ? (
                    <>
                      <TextField
                        label={t('roles.key')}
                        value={roleKey}
                        onChange={(e) => setRoleKey(e.target.value.toLowerCase())}
                        required
                        slotProps={{ htmlInput: { spellCheck: false } }}
                        {...fieldProps(errors, '/key', t('roles.keyHelp'))}
                      />
                      <FormControl sx={{ mt: 1 }}>
                        <FormLabel id="role-scope-label">{t('roles.scope')}</FormLabel>
                        <RadioGroup
                          aria-labelledby="role-scope-label"
                          value={scope}
                          onChange={(e) => {
                            const next = e.target.value as 'provider' | 'customer';
                            setScope(next);
                            // A customer role cannot hold the staff's permissions: untick them.
                            if (next === 'customer')
                              setPermissions(
                                permissions.filter(
                                  (k) => !catalog.data?.items.find((p) => p.key === k)?.providerOnly,
                                ),
                              );
                          }}
                        >
                          <FormControlLabel
                            value="customer"
                            control={<Radio />}
                            label={t('roles.scopes.customer')}
                          />
                          <FormControlLabel
                            value="provider"
                            control={<Radio />}
                            label={t('roles.scopes.provider')}
                          />
                        </RadioGroup>
                      </FormControl>
                    </>
                  ) : null}
                  {builtin && shown ? (
                    <Box component="dl" sx={{ m: 0, mt: 1 }}>
                      {languages.map((l) => (
                        <Box key={l} sx={{ py: 0.75 }}>
                          <Typography component="dt" variant="body2" color="text.secondary">
                            {languageName(l)}
                          </Typography>
                          <Typography component="dd" sx={{ m: 0 }} lang={l}>
                            {shown.name[l] ?? '—'}
                            {shown.description?.[l] ? (
                              <Typography
                                component="span"
                                variant="body2"
                                color="text.secondary"
                                sx={{ display: 'block' }}
                              >
                                {shown.description[l]}
                              </Typography>
                            ) : null}
                          </Typography>
                        </Box>
                      ))}
                    </Box>
                  ) : null}
                  {!builtin &&
                    languages.map((l) => (
                      <TextField
                        key={`name-${l}`}
                        label={t('roles.nameIn', { language: languageName(l) })}
                        value={name[l] ?? ''}
                        onChange={(e) => setName({ ...name, [l]: e.target.value })}
                        required={l === 'en'}
                        disabled={builtin}
                        slotProps={{ htmlInput: { lang: l } }}
                        {...fieldProps(
                          errors,
                          `/name/${l}`,
                          l === 'en' ? undefined : t('roles.optionalLanguage'),
                        )}
                      />
                    ))}
                  {errors['/name'] ? (
                    <Typography color="error" variant="body2">
                      {errors['/name']}
                    </Typography>
                  ) : null}
                  {!builtin &&
                    languages.map((l) => (
                      <TextField
                        key={`description-${l}`}
                        label={t('roles.descriptionIn', { language: languageName(l) })}
                        value={description[l] ?? ''}
                        onChange={(e) => setDescription({ ...description, [l]: e.target.value })}
                        disabled={builtin}
                        multiline
                        minRows={2}
                        slotProps={{ htmlInput: { lang: l } }}
                        {...fieldProps(errors, `/description/${l}`)}
                      />
                    ))}
                </CardContent>
              </Card>
              <Card component="section" aria-labelledby="role-security-heading">
                <CardContent>
                  <Typography id="role-security-heading" variant="h3" component="h2">
                    {t('roles.security')}
                  </Typography>
                  <FormControlLabel
                    sx={{ mt: 1 }}
                    control={
                      <Switch
                        checked={creating ? requireTwoFactor : !!shown?.requireTwoFactor}
                        onChange={(e) => {
                          if (creating) setRequireTwoFactor(e.target.checked);
                          else if (e.target.checked) setConfirm('twoFactor');
                          else
                            void setTwoFactor(false).catch((err: unknown) =>
                              notify(problemText(err), 'error'),
                            );
                        }}
                      />
                    }
                    label={t('roles.requireTwoFactor')}
                  />
                  <Typography variant="body2" color="text.secondary">
                    {t('roles.requireTwoFactorHelp')}
                  </Typography>
                </CardContent>
              </Card>
            </Stack>
          </Grid>
          <Grid size={{ xs: 12, lg: 8 }}>
            <Card component="section" aria-labelledby="role-permissions-heading">
              <CardContent>
                <Typography id="role-permissions-heading" variant="h3" component="h2">
                  {t('roles.permissions')}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                  {scope === 'customer'
                    ? t('roles.permissionsHelpCustomer')
                    : t('roles.permissionsHelpProvider')}
                </Typography>
                {errors['/permissions'] ? (
                  <Alert severity="error" sx={{ mb: 2 }}>
                    {errors['/permissions']}
                  </Alert>
                ) : null}
                <ProblemAlert error={catalog.error} />
                {catalog.data ? (
                  <PermissionChecklist
                    permissions={catalog.data.items.filter(
                      (p) => scope === 'provider' || !p.providerOnly || permissions.includes(p.key),
                    )}
                    value={permissions}
                    onChange={setPermissions}
                    readOnly={builtin}
                    lock={lock}
                    errors={errors}
                  />
                ) : (
                  <Skeleton variant="rounded" height={240} />
                )}
              </CardContent>
            </Card>
          </Grid>
        </Grid>
        <ProblemAlert error={error} />
        {!builtin ? (
          <Box
            sx={{
              position: 'sticky',
              bottom: 0,
              mt: 2,
              py: 1.5,
              bgcolor: 'background.default',
              borderTop: 1,
              borderColor: 'divider',
              display: 'flex',
              gap: 1,
              zIndex: 1,
            }}
          >
            <Button
              type="submit"
              variant="contained"
              disabled={busy || !dirty || !name.en?.trim() || (creating && !roleKey.trim())}
            >
              {creating ? t('roles.createAction') : t('kit.save')}
            </Button>
            <Button onClick={() => void navigate('/roles')} disabled={busy}>
              {t('kit.cancel')}
            </Button>
          </Box>
        ) : null}
      </form>
      {shown ? (
        <>
          <ConfirmDialog
            open={confirm === 'twoFactor'}
            title={t('roles.twoFactorTitle')}
            message={t('roles.twoFactorText', { name: format.translated(shown.name, shown.key) })}
            confirmLabel={t('roles.twoFactorConfirm')}
            onConfirm={() => setTwoFactor(true)}
            onClose={() => setConfirm(undefined)}
          />
          <ConfirmDialog
            open={confirm === 'delete'}
            title={t('roles.deleteTitle', { name: format.translated(shown.name, shown.key) })}
            message={t('roles.deleteText')}
            confirmLabel={t('roles.delete')}
            destructive
            onConfirm={() => remove(false)}
            onClose={() => setConfirm((c) => (c === 'delete' ? undefined : c))}
          />
          <ConfirmDialog
            open={confirm === 'forceDelete'}
            title={t('roles.forceTitle')}
            message={t('roles.forceText', { users: held.users, groups: held.groups })}
            confirmLabel={t('roles.forceDelete')}
            destructive
            onConfirm={() => remove(true)}
            onClose={() => setConfirm(undefined)}
          />
        </>
      ) : null}
      {notice}
    </>
  );
}
