import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import PersonRemoveOutlined from '@mui/icons-material/PersonRemoveOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate, useParams } from 'react-router';
import type { Group, Role } from '../../kit/api-types.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import {
  OrganizationPicker,
  UserPicker,
  type OrganizationOption,
  type UserOption,
} from '../../kit/pickers.js';
import { useOrganizationNames } from '../../kit/names.js';
import { RoleChecklist } from '../users/RoleChecklist.js';

/** One access group: name and description, the roles it gives, its organisations and users. */
export default function GroupScreen() {
  const { key = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const { notify, element: notice } = useNotice();
  const canManage = useHasPermission('core.group.manage');
  const canManageRoles = useHasPermission('core.role.manage');
  const canReadUsers = useHasPermission('core.user.read');
  const canReadOrganizations = useHasPermission('core.organization.read');
  const loaded = useApiData<Group>(`/groups/${key}`);
  const roles = useApiData<{ items: Role[] }>(canManageRoles || canReadUsers ? '/roles' : null);
  const [group, setGroup] = useState<Group | undefined>();
  const shown = group?.key === key ? group : loaded.data;
  const orgName = useOrganizationNames(shown?.members.users.map((u) => u.organizationId) ?? []);

  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [roleKeys, setRoleKeys] = useState<string[]>([]);
  const [newOrg, setNewOrg] = useState<OrganizationOption | null>(null);
  const [newUser, setNewUser] = useState<UserOption | null>(null);
  const [busy, setBusy] = useState<string | undefined>();
  const [error, setError] = useState<{ where: string; error: unknown } | undefined>();
  const [deleting, setDeleting] = useState(false);

  useEffect(() => {
    if (!shown) return;
    setName(shown.name);
    setDescription(shown.description ?? '');
    setRoleKeys(shown.roles);
  }, [shown]);

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!shown)
    return (
      <Box aria-busy="true">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={320} sx={{ mt: 2 }} />
      </Box>
    );

  const run = async (where: string, action: () => Promise<Group | void>, message: string) => {
    setBusy(where);
    setError(undefined);
    try {
      const next = await action();
      setGroup(next ?? (await api.get<Group>(`/groups/${shown.key}`)));
      notify(message);
      return true;
    } catch (err) {
      setError({ where, error: err });
      return false;
    } finally {
      setBusy(undefined);
    }
  };
  const errorAt = (where: string) => (error?.where === where ? error.error : undefined);
  const detailsDirty = name.trim() !== shown.name || description.trim() !== (shown.description ?? '');
  const rolesDirty = roleKeys.length !== shown.roles.length || roleKeys.some((r) => !shown.roles.includes(r));
  const providerRoles = (roles.data?.items ?? []).filter((r) => r.scope === 'provider');
  const customerRoles = (roles.data?.items ?? []).filter((r) => r.scope === 'customer');

  const saveDetails = (e: FormEvent) => {
    e.preventDefault();
    void run(
      'details',
      () =>
        api.patch<Group>(`/groups/${shown.key}`, {
          name: name.trim(),
          description: description.trim() || null,
        }),
      t('groups.saved'),
    );
  };
  const saveRoles = () =>
    void run(
      'roles',
      () => api.put<Group>(`/groups/${shown.key}/roles`, { roles: roleKeys }),
      t('groups.rolesSaved'),
    );
  const addOrg = () =>
    newOrg &&
    void run(
      'organizations',
      () => api.post<Group>(`/groups/${shown.key}/members`, { type: 'organization', id: newOrg.id }),
      t('groups.added', { name: newOrg.name }),
    ).then((ok) => ok && setNewOrg(null));
  const addUser = () =>
    newUser &&
    void run(
      'users',
      () => api.post<Group>(`/groups/${shown.key}/members`, { type: 'user', id: newUser.id }),
      t('groups.added', { name: newUser.name }),
    ).then((ok) => ok && setNewUser(null));
  const removeMember = (type: 'organization' | 'user', id: string, memberName: string) =>
    void run(
      type === 'organization' ? 'organizations' : 'users',
      () => api.delete(`/groups/${shown.key}/members/${type}/${id}`),
      t('groups.removed', { name: memberName }),
    );

  return (
    <>
      <PageHeader
        back={{ to: '/groups', label: t('groups.back') }}
        title={shown.name}
        subtitle={shown.key}
        actions={
          canManage ? (
            <Button
              color="error"
              variant="outlined"
              startIcon={<DeleteOutlined />}
              onClick={() => setDeleting(true)}
            >
              {t('groups.delete')}
            </Button>
          ) : null
        }
      />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Stack spacing={2}>
            <Card component="section" aria-labelledby="group-details-heading">
              <CardContent>
                <Typography id="group-details-heading" variant="h3" component="h2">
                  {t('groups.details')}
                </Typography>
                <form onSubmit={saveDetails} noValidate>
                  <TextField
                    label={t('groups.name')}
                    value={name}
                    onChange={(e) => setName(e.target.value)}
                    required
                    disabled={!canManage}
                    {...fieldProps(fieldErrorsOf(errorAt('details')), '/name')}
                  />
                  <TextField
                    label={t('groups.description')}
                    value={description}
                    onChange={(e) => setDescription(e.target.value)}
                    multiline
                    minRows={2}
                    disabled={!canManage}
                    {...fieldProps(
                      fieldErrorsOf(errorAt('details')),
                      '/description',
                      t('groups.keyStays', { key: shown.key }),
                    )}
                  />
                  <ProblemAlert error={errorAt('details')} />
                  {canManage ? (
                    <Button
                      type="submit"
                      variant="contained"
                      sx={{ mt: 1 }}
                      disabled={!detailsDirty || !name.trim() || !!busy}
                    >
                      {t('kit.save')}
                    </Button>
                  ) : null}
                </form>
              </CardContent>
            </Card>
            <Card component="section" aria-labelledby="group-roles-heading">
              <CardContent>
                <Typography id="group-roles-heading" variant="h3" component="h2">
                  {t('groups.roles')}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                  {t('groups.rolesHelp')}
                </Typography>
                {roles.data ? (
                  <Stack spacing={2}>
                    <RoleChecklist
                      label={t('groups.rolesForCustomers')}
                      roles={customerRoles}
                      value={roleKeys}
                      onChange={setRoleKeys}
                      disabled={!canManage || !!busy}
                    />
                    <RoleChecklist
                      label={t('groups.rolesForStaff')}
                      roles={providerRoles}
                      value={roleKeys}
                      onChange={setRoleKeys}
                      disabled={!canManage || !!busy}
                      {...fieldProps(fieldErrorsOf(errorAt('roles')), '/roles')}
                    />
                  </Stack>
                ) : roles.loading ? (
                  <Skeleton variant="rounded" height={160} />
                ) : (
                  // Without the right to read roles: their keys, as the group holds them.
                  <Typography>{shown.roles.join(', ') || t('groups.noRoles')}</Typography>
                )}
                <ProblemAlert error={errorAt('roles')} />
                {canManage && roles.data ? (
                  <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
                    <Button variant="contained" onClick={saveRoles} disabled={!rolesDirty || !!busy}>
                      {t('groups.saveRoles')}
                    </Button>
                    <Button onClick={() => setRoleKeys(shown.roles)} disabled={!rolesDirty || !!busy}>
                      {t('kit.undo')}
                    </Button>
                  </Stack>
                ) : null}
              </CardContent>
            </Card>
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Stack spacing={2}>
            <Card component="section" aria-labelledby="group-orgs-heading">
              <CardContent>
                <Typography id="group-orgs-heading" variant="h3" component="h2">
                  {t('groups.organizationsCount', { count: shown.members.organizations.length })}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('groups.organizationsHelp')}
                </Typography>
                {shown.members.organizations.length ? (
                  <List dense>
                    {shown.members.organizations.map((o) => (
                      <ListItem
                        key={o.id}
                        divider
                        disableGutters
                        secondaryAction={
                          canManage ? (
                            <Tooltip title={t('groups.remove', { name: o.name })}>
                              <IconButton
                                edge="end"
                                aria-label={t('groups.remove', { name: o.name })}
                                onClick={() => removeMember('organization', o.id, o.name)}
                                disabled={!!busy}
                              >
                                <PersonRemoveOutlined />
                              </IconButton>
                            </Tooltip>
                          ) : null
                        }
                      >
                        <ListItemText
                          primary={
                            canReadOrganizations ? (
                              <Link component={RouterLink} to={`/organizations/${o.id}`} underline="hover">
                                {o.name}
                              </Link>
                            ) : (
                              o.name
                            )
                          }
                          secondary={o.kind === 'provider' ? t('organizations.supplier') : null}
                        />
                      </ListItem>
                    ))}
                  </List>
                ) : (
                  <Typography color="text.secondary" sx={{ my: 1.5 }}>
                    {t('groups.noOrganizations')}
                  </Typography>
                )}
                {canManage ? (
                  <Stack
                    direction={{ xs: 'column', sm: 'row' }}
                    spacing={1}
                    sx={{ mt: 1, alignItems: { sm: 'center' } }}
                  >
                    <OrganizationPicker
                      label={t('groups.addOrganization')}
                      value={newOrg?.id ?? null}
                      onChange={setNewOrg}
                      exclude={shown.members.organizations.map((o) => o.id)}
                      minWidth={240}
                      grow
                    />
                    <Button startIcon={<AddOutlined />} onClick={addOrg} disabled={!newOrg || !!busy}>
                      {t('groups.add')}
                    </Button>
                  </Stack>
                ) : null}
                <ProblemAlert error={errorAt('organizations')} />
              </CardContent>
            </Card>
            <Card component="section" aria-labelledby="group-users-heading">
              <CardContent>
                <Typography id="group-users-heading" variant="h3" component="h2">
                  {t('groups.usersCount', { count: shown.members.users.length })}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t('groups.usersHelp')}
                </Typography>
                {shown.members.users.length ? (
                  <List dense>
                    {shown.members.users.map((u) => (
                      <ListItem
                        key={u.id}
                        divider
                        disableGutters
                        secondaryAction={
                          canManage ? (
                            <Tooltip title={t('groups.remove', { name: u.name })}>
                              <IconButton
                                edge="end"
                                aria-label={t('groups.remove', { name: u.name })}
                                onClick={() => removeMember('user', u.id, u.name)}
                                disabled={!!busy}
                              >
                                <PersonRemoveOutlined />
                              </IconButton>
                            </Tooltip>
                          ) : null
                        }
                      >
                        <ListItemText
                          primary={
                            canReadUsers ? (
                              <Link component={RouterLink} to={`/users/${u.id}`} underline="hover">
                                {u.name}
                              </Link>
                            ) : (
                              u.name
                            )
                          }
                          secondary={`${u.email} · ${orgName(u.organizationId)}`}
                        />
                      </ListItem>
                    ))}
                  </List>
                ) : (
                  <Typography color="text.secondary" sx={{ my: 1.5 }}>
                    {t('groups.noUsers')}
                  </Typography>
                )}
                {canManage && canReadUsers ? (
                  <Stack
                    direction={{ xs: 'column', sm: 'row' }}
                    spacing={1}
                    sx={{ mt: 1, alignItems: { sm: 'center' } }}
                  >
                    <UserPicker
                      label={t('groups.addUser')}
                      value={newUser}
                      onChange={setNewUser}
                      exclude={shown.members.users.map((u) => u.id)}
                    />
                    <Button startIcon={<AddOutlined />} onClick={addUser} disabled={!newUser || !!busy}>
                      {t('groups.add')}
                    </Button>
                  </Stack>
                ) : null}
                <ProblemAlert error={errorAt('users')} />
              </CardContent>
            </Card>
          </Stack>
        </Grid>
      </Grid>
      <ConfirmDialog
        open={deleting}
        title={t('groups.deleteTitle', { name: shown.name })}
        message={t('groups.deleteText', {
          organizations: shown.members.organizations.length,
          users: shown.members.users.length,
        })}
        confirmLabel={t('groups.delete')}
        destructive
        onConfirm={async () => {
          await api.delete(`/groups/${shown.key}`);
          void navigate('/groups', { replace: true });
        }}
        onClose={() => setDeleting(false)}
      />
      {notice}
    </>
  );
}
