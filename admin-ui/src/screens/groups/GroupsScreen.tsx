import AddOutlined from '@mui/icons-material/AddOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import type { Group, GroupSummary, Role } from '../../kit/api-types.js';
import { useCursorPages } from '../../kit/cursor-pages.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';
import { FilterBar } from '../../kit/FilterBar.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { queryOf, useFilters } from '../../kit/search-params.js';
import { SearchField } from '../../kit/SearchField.js';
import { useRoleNames } from '../users/UserList.js';

/** A key from a name: "Gold customers" → "gold-customers". */
export function keyFromName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .replace(/^[^a-z]+/, '')
    .slice(0, 64);
}

function CreateGroupDialog(props: { open: boolean; onClose(): void; onCreated(group: Group): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrorsOf(error);
  const shownKey = keyTouched ? key : keyFromName(name);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await api.post<Group>('/groups', {
        key: shownKey,
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setName('');
      setKey('');
      setKeyTouched(false);
      setDescription('');
      props.onCreated(created);
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
    >
      <form onSubmit={(e) => void submit(e)} noValidate>
        <DialogTitle id={titleId}>{t('groups.createTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('groups.createText')}</DialogContentText>
          <TextField
            label={t('groups.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoFocus
            {...fieldProps(errors, '/name')}
          />
          <TextField
            label={t('groups.key')}
            value={shownKey}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value.toLowerCase());
            }}
            required
            slotProps={{ htmlInput: { spellCheck: false } }}
            {...fieldProps(errors, '/key', t('groups.keyHelp'))}
          />
          <TextField
            label={t('groups.description')}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            multiline
            minRows={2}
            {...fieldProps(errors, '/description')}
          />
          <ProblemAlert error={error} />
        </DialogContent>
        <DialogActions>
          <Button onClick={props.onClose} disabled={busy}>
            {t('kit.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !name.trim() || !shownKey}>
            {t('groups.createAction')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/** Access groups: segments of organisations and users for targeting, permissions and pilots. */
export default function GroupsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useHasPermission('core.group.manage');
  const canManageRoles = useHasPermission('core.role.manage');
  const canReadUsers = useHasPermission('core.user.read');
  const canReadRoles = canManageRoles || canReadUsers;
  const roles = useApiData<{ items: Role[] }>(canReadRoles ? '/roles' : null);
  const roleName = useRoleNames(roles.data?.items);
  const { values, set } = useFilters(['q'] as const);
  const list = useCursorPages<GroupSummary>(`/groups${queryOf(values)}`);
  const [creating, setCreating] = useState(false);

  const columns: Column<GroupSummary>[] = [
    {
      key: 'name',
      label: t('groups.name'),
      render: (g) => (
        <Stack>
          <Link component={RouterLink} to={`/groups/${g.key}`} underline="hover" sx={{ fontWeight: 600 }}>
            {g.name}
          </Link>
          <Typography variant="body2" color="text.secondary" component="code">
            {g.key}
          </Typography>
        </Stack>
      ),
    },
    { key: 'description', label: t('groups.description'), from: 'lg', render: (g) => g.description ?? '—' },
    {
      key: 'roles',
      label: t('groups.roles'),
      from: 'md',
      render: (g) =>
        g.roles.length ? (
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {g.roles.map((r) => (
              <Chip key={r} size="small" variant="outlined" label={roleName(r)} />
            ))}
          </Stack>
        ) : (
          '—'
        ),
    },
    { key: 'orgs', label: t('groups.organizations'), align: 'right', render: (g) => g.organizationCount },
    { key: 'users', label: t('groups.users'), align: 'right', render: (g) => g.userCount },
  ];

  return (
    <>
      <PageHeader
        title={t('groups.title')}
        subtitle={t('groups.subtitle')}
        actions={
          canManage ? (
            <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setCreating(true)}>
              {t('groups.create')}
            </Button>
          ) : null
        }
      />
      <FilterBar
        label={t('groups.filters')}
        search={<SearchField label={t('groups.search')} value={values.q} onChange={(q) => set({ q })} />}
      />
      <ProblemAlert error={list.error} />
      <DataList
        label={t('groups.title')}
        items={list.items}
        loading={list.loading}
        columns={columns}
        rowKey={(g) => g.key}
        to={(g) => `/groups/${g.key}`}
        paging={list}
        empty={values.q ? t('groups.noneMatch') : t('groups.none')}
        card={(g) => (
          <Stack spacing={0.5}>
            <Typography sx={{ fontWeight: 600 }}>{g.name}</Typography>
            <Typography variant="body2" color="text.secondary">
              {t('groups.counts', { organizations: g.organizationCount, users: g.userCount })}
              {g.roles.length ? ` · ${g.roles.map(roleName).join(', ')}` : ''}
            </Typography>
          </Stack>
        )}
      />
      <CreateGroupDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(g) => void navigate(`/groups/${g.key}`)}
      />
    </>
  );
}
