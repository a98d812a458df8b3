import MoreVertOutlined from '@mui/icons-material/MoreVertOutlined';
import PersonAddAlt1Outlined from '@mui/icons-material/PersonAddAlt1Outlined';
import SearchOutlined from '@mui/icons-material/SearchOutlined';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useApi, useApiData, useBoot, useSession } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Email } from '../../components/Email.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { useFormat } from '../../format.js';
import { initials } from '../profile/AvatarEditor.js';
import { AccountRequestsPanel } from './AccountRequests.js';
import { holds, roleName, type AccountRequest, type CompanyUser, type Page, type Role } from './model.js';
import { InviteDialog, RolesDialog, StatusDialog } from './UserDialogs.js';

type StatusFilter = 'all' | 'active' | 'invited' | 'deactivated';
type Action =
  { kind: 'roles'; user: CompanyUser } | { kind: 'status'; user: CompanyUser; to: 'active' | 'deactivated' };

/** Pages of GET /users for one organisation, with a search and a status filter. */
function useUsers(organizationId: string, q: string, status: StatusFilter) {
  const api = useApi();
  const [state, setState] = useState<{
    items: CompanyUser[];
    next: string | null;
    loading: boolean;
    error?: unknown;
  }>({
    items: [],
    next: null,
    loading: true,
  });
  const [version, setVersion] = useState(0);
  const query = useCallback(
    (cursor?: string) => {
      const p = new URLSearchParams({ organizationId, limit: '25' });
      if (q.trim()) p.set('q', q.trim());
      if (status !== 'all') p.set('status', status);
      if (cursor) p.set('cursor', cursor);
      return `/users?${p}`;
    },
    [organizationId, q, status],
  );
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      setState((s) => ({ ...s, loading: true }));
      api.get<Page<CompanyUser>>(query()).then(
        (page) => live && setState({ items: page.items, next: page.nextCursor, loading: false }),
        (error: unknown) => live && setState({ items: [], next: null, loading: false, error }),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, query, version]);
  const more = async () => {
    if (!state.next) return;
    setState((s) => ({ ...s, loading: true }));
    try {
      const page = await api.get<Page<CompanyUser>>(query(state.next));
      setState((s) => ({ items: [...s.items, ...page.items], next: page.nextCursor, loading: false }));
    } catch (error) {
      setState((s) => ({ ...s, loading: false, error }));
    }
  };
  /** Puts a changed user in place without reloading the list. */
  const replace = (user: CompanyUser) =>
    setState((s) => ({ ...s, items: s.items.map((u) => (u.id === user.id ? user : u)) }));
  return { ...state, more, replace, reload: () => setVersion((v) => v + 1) };
}

function StatusChip(props: { status: CompanyUser['status'] }) {
  const { t } = useTranslation();
  const color = props.status === 'active' ? 'success' : props.status === 'invited' ? 'info' : 'default';
  return (
    <Chip
      size="small"
      color={color}
      variant={props.status === 'deactivated' ? 'outlined' : 'filled'}
      label={t(`company.status.${props.status}`)}
    />
  );
}

function RoleChips(props: { user: CompanyUser; roles: Role[] }) {
  const { i18n } = useTranslation();
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {props.user.roles.map((key) => (
        <Chip
          key={key}
          size="small"
          variant="outlined"
          label={roleName(
            props.roles.find((r) => r.key === key),
            key,
            i18n.language,
          )}
        />
      ))}
    </Box>
  );
}

function UserAvatar(props: { user: CompanyUser }) {
  return (
    <Avatar
      src={props.user.avatarUrl ?? undefined}
      alt=""
      sx={{ width: 40, height: 40, bgcolor: 'primary.main', color: 'primary.contrastText', fontSize: '1rem' }}
    >
      {initials(props.user.name)}
    </Avatar>
  );
}

/** The ⋮ menu of a user: roles, deactivate, reactivate. */
function UserActions(props: { user: CompanyUser; self: boolean; onAction(action: Action): void }) {
  const { t } = useTranslation();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const u = props.user;
  const act = (a: Action) => {
    setAnchor(null);
    props.onAction(a);
  };
  return (
    <>
      <IconButton
        aria-label={t('company.actionsFor', { name: u.name })}
        aria-haspopup="menu"
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <MoreVertOutlined />
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => act({ kind: 'roles', user: u })}>{t('company.changeRoles')}</MenuItem>
        {u.status === 'deactivated' ? (
          <MenuItem onClick={() => act({ kind: 'status', user: u, to: 'active' })}>
            {t('company.reactivate')}
          </MenuItem>
        ) : !props.self ? (
          <MenuItem
            onClick={() => act({ kind: 'status', user: u, to: 'deactivated' })}
            sx={{ color: 'error.main' }}
          >
            {t('company.deactivate')}
          </MenuItem>
        ) : null}
      </Menu>
    </>
  );
}

/**
 * `/company/users` (R2): the customer admin's people: the users of their company (cards on phones,
 * a table on wider screens), invitations, roles, deactivation, and the company's account requests.
 */
export default function CompanyUsersScreen() {
  const { t } = useTranslation();
  const boot = useBoot();
  const { me } = useSession();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'requests' ? 'requests' : 'users';
  const highlight = params.get('request');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [inviting, setInviting] = useState(false);
  const [action, setAction] = useState<Action>();
  const [notice, setNotice] = useState<string>();
  const organizationId = me?.organization.id ?? '';
  const users = useUsers(organizationId, q, status);
  const roles = useApiData<{ items: Role[] }>(me ? `/roles?scope=${me.organization.kind}` : null);
  const canApprove = holds(me, 'core.user.approve');
  const pending = useApiData<Page<AccountRequest>>(
    canApprove && organizationId
      ? `/account-requests?organizationId=${organizationId}&status=pending&limit=100`
      : null,
  );
  useEffect(() => {
    document.title = `${t('company.title')} · ${boot.portalName}`;
  }, [t, boot.portalName]);
  if (!me) return null;
  if (!holds(me, 'core.user.read')) return <Alert severity="info">{t('company.noAccess')}</Alert>;

  const canInvite = holds(me, 'core.user.invite');
  const canManage = holds(me, 'core.user.manage');
  const roleList = roles.data?.items ?? [];
  const pendingCount = pending.data?.items.length ?? 0;
  const setTab = (value: string) =>
    setParams(value === 'requests' ? { tab: 'requests' } : {}, { replace: true });
  const filters: StatusFilter[] = ['all', 'active', 'invited', 'deactivated'];

  const list = users.items.length ? (
    wide ? (
      <TableContainer component={Card} sx={{ borderRadius: 3 }}>
        <Table aria-label={t('company.tableLabel', { company: me.organization.name })}>
          <TableHead>
            <TableRow>
              <TableCell>{t('company.person')}</TableCell>
              <TableCell>{t('company.roles')}</TableCell>
              <TableCell>{t('company.statusLabel')}</TableCell>
              <TableCell>{t('company.lastLogin')}</TableCell>
              {canManage ? (
                <TableCell align="right">
                  <span className="visually-hidden">{t('company.actions')}</span>
                </TableCell>
              ) : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {users.items.map((u) => (
              <TableRow key={u.id} hover>
                <TableCell>
                  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
                    <UserAvatar user={u} />
                    <Box sx={{ minWidth: 0 }}>
                      <Typography sx={{ fontWeight: 600 }}>
                        {u.name}
                        {u.id === me.user.id ? (
                          <Typography component="span" color="text.secondary" variant="body2">
                            {' '}
                            ({t('company.you')})
                          </Typography>
                        ) : null}
                      </Typography>
                      <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                        <Email address={u.email} />
                      </Typography>
                    </Box>
                  </Box>
                </TableCell>
                <TableCell>
                  <RoleChips user={u} roles={roleList} />
                </TableCell>
                <TableCell>
                  <StatusChip status={u.status} />
                </TableCell>
                <TableCell>
                  {u.lastLoginAt ? (
                    <time dateTime={u.lastLoginAt} title={format.dateTime(u.lastLoginAt)}>
                      {format.relative(u.lastLoginAt)}
                    </time>
                  ) : (
                    <Typography component="span" color="text.secondary" variant="body2">
                      {t('company.never')}
                    </Typography>
                  )}
                </TableCell>
                {canManage ? (
                  <TableCell align="right">
                    <UserActions user={u} self={u.id === me.user.id} onAction={setAction} />
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    ) : (
      <Box component="ul" sx={{ listStyle: 'none', m: 0, p: 0, display: 'grid', gap: 1.5 }}>
        {users.items.map((u) => (
          <Card component="li" key={u.id} sx={{ borderRadius: 3, p: 2 }}>
            <Box sx={{ display: 'flex', gap: 1.5, alignItems: 'flex-start' }}>
              <UserAvatar user={u} />
              <Box sx={{ flexGrow: 1, minWidth: 0 }}>
                <Typography component="h2" sx={{ fontWeight: 600, fontSize: '1rem' }}>
                  {u.name}
                  {u.id === me.user.id ? (
                    <Typography component="span" color="text.secondary" variant="body2">
                      {' '}
                      ({t('company.you')})
                    </Typography>
                  ) : null}
                </Typography>
                <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'break-word' }}>
                  <Email address={u.email} />
                </Typography>
              </Box>
              {canManage ? <UserActions user={u} self={u.id === me.user.id} onAction={setAction} /> : null}
            </Box>
            <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap', mt: 1.5, alignItems: 'center' }}>
              <StatusChip status={u.status} />
              <RoleChips user={u} roles={roleList} />
            </Box>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              {u.lastLoginAt
                ? t('company.lastLoginAt', { when: format.relative(u.lastLoginAt) })
                : t('company.neverLoggedIn')}
            </Typography>
          </Card>
        ))}
      </Box>
    )
  ) : users.loading ? (
    <Box role="status" aria-label={t('loading')} sx={{ display: 'grid', gap: 1.5 }}>
      {[0, 1, 2].map((i) => (
        <Skeleton key={i} variant="rounded" height={wide ? 56 : 120} />
      ))}
    </Box>
  ) : (
    <Typography color="text.secondary" sx={{ py: 4, textAlign: 'center' }}>
      {q || status !== 'all' ? t('company.noMatch') : t('company.empty')}
    </Typography>
  );

  return (
    <Box sx={{ maxWidth: 1200, mx: 'auto' }}>
      <Box sx={{ display: 'flex', alignItems: 'flex-end', gap: 2, flexWrap: 'wrap', mb: 2 }}>
        <Box sx={{ flexGrow: 1, minWidth: 0 }}>
          <Typography variant="h1">{t('company.title')}</Typography>
          <Typography color="text.secondary" sx={{ mt: 0.5 }}>
            {me.organization.name}
          </Typography>
        </Box>
        {canInvite ? (
          <Button
            variant="contained"
            startIcon={<PersonAddAlt1Outlined />}
            onClick={() => setInviting(true)}
            disabled={!roles.data}
            sx={{ width: { xs: '100%', sm: 'auto' } }}
          >
            {t('company.invite')}
          </Button>
        ) : null}
      </Box>
      {notice ? (
        <Alert severity="success" role="status" onClose={() => setNotice(undefined)} sx={{ mb: 2 }}>
          {notice}
        </Alert>
      ) : null}
      {canApprove ? (
        <Tabs
          value={tab}
          onChange={(_e, v: string) => setTab(v)}
          sx={{ mb: 2, borderBottom: 1, borderColor: 'divider' }}
        >
          <Tab value="users" label={t('company.usersTab')} id="tab-users" aria-controls="panel-users" />
          <Tab
            value="requests"
            id="tab-requests"
            aria-controls="panel-requests"
            label={
              <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 1 }}>
                {t('company.requestsTab')}
                {pendingCount ? (
                  <Box
                    component="span"
                    sx={{
                      minWidth: 22,
                      height: 22,
                      px: 0.75,
                      borderRadius: 11,
                      bgcolor: 'secondary.main',
                      color: 'secondary.contrastText',
                      fontSize: '0.75rem',
                      fontWeight: 700,
                      display: 'inline-grid',
                      placeItems: 'center',
                    }}
                  >
                    {pendingCount}
                  </Box>
                ) : null}
              </Box>
            }
            aria-label={t('company.requestsTabCount', { count: pendingCount })}
          />
        </Tabs>
      ) : null}
      {tab === 'requests' && canApprove ? (
        <Box role="tabpanel" id="panel-requests" aria-labelledby="tab-requests">
          <AccountRequestsPanel
            organizationId={organizationId}
            roles={roleList}
            highlight={highlight}
            onChanged={() => {
              pending.reload();
              users.reload();
            }}
          />
        </Box>
      ) : (
        <Box
          role={canApprove ? 'tabpanel' : undefined}
          id="panel-users"
          aria-labelledby={canApprove ? 'tab-users' : undefined}
        >
          <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap', alignItems: 'center', mb: 2 }}>
            <TextField
              label={t('company.search')}
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              margin="none"
              size="small"
              sx={{ flex: '1 1 240px', maxWidth: { sm: 360 } }}
              slotProps={{
                input: {
                  startAdornment: (
                    <InputAdornment position="start">
                      <SearchOutlined fontSize="small" />
                    </InputAdornment>
                  ),
                },
              }}
            />
            <Box
              role="group"
              aria-label={t('company.statusLabel')}
              sx={{ display: 'flex', gap: 0.75, flexWrap: 'wrap' }}
            >
              {filters.map((f) => (
                <Chip
                  key={f}
                  label={t(`company.filter.${f}`)}
                  color={status === f ? 'primary' : 'default'}
                  variant={status === f ? 'filled' : 'outlined'}
                  onClick={() => setStatus(f)}
                  aria-pressed={status === f}
                />
              ))}
            </Box>
          </Box>
          <ErrorNotice error={users.error} />
          <Box aria-busy={users.loading}>{list}</Box>
          {users.next ? (
            <Box sx={{ textAlign: 'center', mt: 2 }}>
              <Button variant="outlined" disabled={users.loading} onClick={() => void users.more()}>
                {t('company.more')}
              </Button>
            </Box>
          ) : null}
        </Box>
      )}
      {inviting ? (
        <InviteDialog
          open
          organizationId={organizationId}
          roles={roleList}
          onClose={() => setInviting(false)}
          onInvited={(u) => {
            setInviting(false);
            setNotice(t('company.invited', { name: u.name, email: u.email }));
            users.reload();
          }}
        />
      ) : null}
      {action?.kind === 'roles' ? (
        <RolesDialog
          user={action.user}
          roles={roleList}
          onClose={() => setAction(undefined)}
          onSaved={(u) => {
            setAction(undefined);
            users.replace(u);
            setNotice(t('company.rolesSaved', { name: u.name }));
          }}
        />
      ) : null}
      {action?.kind === 'status' ? (
        <StatusDialog
          user={action.user}
          to={action.to}
          onClose={() => setAction(undefined)}
          onSaved={(u) => {
            setAction(undefined);
            users.replace(u);
            setNotice(
              u.status === 'deactivated'
                ? t('company.deactivated', { name: u.name })
                : t('company.reactivated', { name: u.name }),
            );
          }}
        />
      ) : null}
    </Box>
  );
}
