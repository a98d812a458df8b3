import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import VerifiedUserOutlined from '@mui/icons-material/VerifiedUserOutlined';
import { ProblemAlert } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { AdminUser, Role } from '../../kit/api-types.js';
import { useCursorPages } from '../../kit/cursor-pages.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { useFormat } from '../../kit/format.js';
import { useOrganizationNames } from '../../kit/names.js';
import { StatusChip } from '../../kit/StatusChip.js';

/** Role keys as the role names of the user's language. */
export function useRoleNames(roles: Role[] | undefined) {
  const format = useFormat();
  return (key: string) => {
    const role = roles?.find((r) => r.key === key);
    return role ? format.translated(role.name, key) : key;
  };
}

/** Users of a query of GET /users as a table (cards on phones), paged, each a link to the user. */
export function UserList(props: {
  /** GET /users with its filters, e.g. "/users?status=active". */
  path: string;
  roles: Role[] | undefined;
  showOrganization?: boolean;
  empty: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useCursorPages<AdminUser>(props.path);
  const orgName = useOrganizationNames(
    props.showOrganization ? (list.items ?? []).map((u) => u.organizationId) : [],
  );
  const roleName = useRoleNames(props.roles);
  const roleText = (u: AdminUser) => u.roles.map(roleName).join(', ') || '—';

  const columns: Column<AdminUser>[] = [
    {
      key: 'name',
      label: t('users.name'),
      render: (u) => (
        <Stack sx={{ minWidth: 0 }}>
          <Link component={RouterLink} to={`/users/${u.id}`} underline="hover" sx={{ fontWeight: 600 }}>
            {u.name}
          </Link>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            {u.email}
          </Typography>
        </Stack>
      ),
    },
    ...(props.showOrganization
      ? [{ key: 'org', label: t('users.organization'), render: (u: AdminUser) => orgName(u.organizationId) }]
      : []),
    { key: 'roles', label: t('users.roles'), from: 'md', render: roleText },
    {
      key: 'twoFactor',
      label: t('users.twoFactorShort'),
      from: 'lg',
      render: (u) =>
        u.twoFactorEnabled ? (
          <Tooltip title={t('users.twoFactorOn')}>
            <VerifiedUserOutlined color="success" fontSize="small" aria-label={t('users.twoFactorOn')} />
          </Tooltip>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('users.twoFactorOffShort')}
          </Typography>
        ),
    },
    {
      key: 'lastLogin',
      label: t('users.lastLogin'),
      from: 'md',
      render: (u) =>
        u.lastLoginAt ? (
          <span title={format.dateTime(u.lastLoginAt)}>{format.ago(u.lastLoginAt)}</span>
        ) : (
          t('users.never')
        ),
    },
    {
      key: 'status',
      label: t('users.status'),
      render: (u) => <StatusChip status={u.status} label={t(`users.statuses.${u.status}`)} />,
    },
  ];

  return (
    <>
      <ProblemAlert error={list.error} />
      <DataList
        label={t('users.title')}
        items={list.items}
        loading={list.loading}
        columns={columns}
        rowKey={(u) => u.id}
        to={(u) => `/users/${u.id}`}
        paging={list}
        empty={props.empty}
        card={(u) => (
          <Stack spacing={0.5}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography sx={{ fontWeight: 600, minWidth: 0, overflowWrap: 'anywhere' }}>
                {u.name}
              </Typography>
              <StatusChip status={u.status} label={t(`users.statuses.${u.status}`)} />
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {u.email}
            </Typography>
            <Typography variant="body2">
              {[props.showOrganization ? orgName(u.organizationId) : null, roleText(u)]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          </Stack>
        )}
      />
    </>
  );
}
