import AddOutlined from '@mui/icons-material/AddOutlined';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AlertColor } from '@mui/material/Alert';
import { ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AdminUser, GroupSummary, Organization } from '../../kit/api-types.js';
import type { Page } from '../../kit/cursor-pages.js';

/**
 * The access groups a user is in: their own memberships (which group managers change here) and
 * those of their organisation (changed on the group).
 */
export function UserGroups(props: {
  user: AdminUser;
  organization: Organization | undefined;
  onChanged(user: AdminUser): void;
  notify(message: string, severity?: AlertColor): void;
}) {
  const { user, organization } = props;
  const { t } = useTranslation();
  const api = useApi();
  const canRead = useHasPermission('core.group.read');
  const canManage = useHasPermission('core.group.manage');
  const groups = useApiData<Page<GroupSummary>>(canRead ? '/groups?limit=200' : null);
  const [adding, setAdding] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const viaOrganization = organization?.groups ?? [];
  const own = user.groups.filter((g) => !viaOrganization.includes(g));
  const name = (key: string) => groups.data?.items.find((g) => g.key === key)?.name ?? key;
  const addable = (groups.data?.items ?? []).filter((g) => !user.groups.includes(g.key));

  const change = async (run: () => Promise<unknown>, message: string) => {
    setBusy(true);
    setError(undefined);
    try {
      await run();
      props.onChanged(await api.get<AdminUser>(`/users/${user.id}`));
      props.notify(message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const add = () =>
    change(
      () => api.post(`/groups/${adding}/members`, { type: 'user', id: user.id }),
      t('users.addedToGroup', { group: name(adding) }),
    ).then(() => setAdding(''));
  const remove = (key: string) =>
    change(
      () => api.delete(`/groups/${key}/members/user/${user.id}`),
      t('users.removedFromGroup', { group: name(key) }),
    );

  const chip = (key: string, removable: boolean) => (
    <Chip
      key={key}
      label={name(key)}
      variant="outlined"
      {...(canRead ? { component: Link, to: `/groups/${key}`, clickable: true } : {})}
      {...(removable && canManage && !busy
        ? { onDelete: () => void remove(key), title: t('users.removeFromGroup', { group: name(key) }) }
        : {})}
    />
  );

  return (
    <Card component="section" aria-labelledby="user-groups-heading">
      <CardContent>
        <Typography id="user-groups-heading" variant="h3" component="h2">
          {t('users.groups')}
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {t('users.groupsHelp')}
        </Typography>
        <Typography variant="subtitle2" component="h3">
          {t('users.ownGroups')}
        </Typography>
        {own.length ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', my: 1 }}>
            {own.map((g) => chip(g, true))}
          </Stack>
        ) : (
          <Typography color="text.secondary" sx={{ my: 1 }}>
            {t('users.noOwnGroups')}
          </Typography>
        )}
        <Typography variant="subtitle2" component="h3" sx={{ mt: 1 }}>
          {t('users.organizationGroups')}
        </Typography>
        {viaOrganization.length ? (
          <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', my: 1 }}>
            {viaOrganization.map((g) => chip(g, false))}
          </Stack>
        ) : (
          <Typography color="text.secondary" sx={{ my: 1 }}>
            {t('users.noOrganizationGroups')}
          </Typography>
        )}
        {canManage && addable.length ? (
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={1}
            sx={{ mt: 2, alignItems: { sm: 'center' } }}
          >
            <TextField
              select
              size="small"
              margin="none"
              label={t('users.addToGroup')}
              value={adding}
              onChange={(e) => setAdding(e.target.value)}
              sx={{ minWidth: 220 }}
            >
              {addable.map((g) => (
                <MenuItem key={g.key} value={g.key}>
                  {g.name}
                </MenuItem>
              ))}
            </TextField>
            <Button startIcon={<AddOutlined />} disabled={!adding || busy} onClick={() => void add()}>
              {t('users.add')}
            </Button>
          </Stack>
        ) : null}
        <ProblemAlert error={error} />
      </CardContent>
    </Card>
  );
}
