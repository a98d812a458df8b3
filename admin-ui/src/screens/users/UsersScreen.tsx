import PersonAddOutlined from '@mui/icons-material/PersonAddOutlined';
import Button from '@mui/material/Button';
import { useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { Role } from '../../kit/api-types.js';
import { FilterBar } from '../../kit/FilterBar.js';
import { useFormat } from '../../kit/format.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { OrganizationPicker } from '../../kit/pickers.js';
import { queryOf, useFilters } from '../../kit/search-params.js';
import { SearchField } from '../../kit/SearchField.js';
import { SelectFilter } from '../../kit/SelectFilter.js';
import { InviteUserDialog } from './InviteUserDialog.js';
import { UserList } from './UserList.js';

/** Every user of every organisation: search, filter by organisation, status and role; invite. */
export default function UsersScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const format = useFormat();
  const canInvite = useHasPermission('core.user.invite');
  const { values, set } = useFilters(['q', 'organizationId', 'status', 'role'] as const);
  const roles = useApiData<{ items: Role[] }>('/roles');
  const [inviting, setInviting] = useState(false);
  const filtered = !!(values.q || values.organizationId || values.status || values.role);
  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          canInvite ? (
            <Button variant="contained" startIcon={<PersonAddOutlined />} onClick={() => setInviting(true)}>
              {t('users.invite')}
            </Button>
          ) : null
        }
      />
      <FilterBar
        label={t('users.filters')}
        search={<SearchField label={t('users.search')} value={values.q} onChange={(q) => set({ q })} />}
        active={[values.organizationId, values.status, values.role].filter(Boolean).length}
      >
        <OrganizationPicker
          label={t('users.organization')}
          value={values.organizationId || null}
          onChange={(o) => set({ organizationId: o?.id ?? '' })}
        />
        <SelectFilter
          label={t('users.status')}
          value={values.status}
          onChange={(status) => set({ status })}
          options={(['active', 'invited', 'deactivated'] as const).map((s) => ({
            value: s,
            label: t(`users.statuses.${s}`),
          }))}
        />
        <SelectFilter
          label={t('users.role')}
          value={values.role}
          onChange={(role) => set({ role })}
          minWidth={200}
          options={(roles.data?.items ?? []).map((r) => ({
            value: r.key,
            label: `${format.translated(r.name, r.key)} (${t(`roles.scopes.${r.scope}`)})`,
          }))}
        />
      </FilterBar>
      <UserList
        path={`/users${queryOf(values)}`}
        roles={roles.data?.items}
        showOrganization={!values.organizationId}
        empty={filtered ? t('users.noneMatch') : t('users.none')}
      />
      <InviteUserDialog
        open={inviting}
        onClose={() => setInviting(false)}
        onInvited={(u) => void navigate(`/users/${u.id}`, { state: { invited: true } })}
      />
    </>
  );
}
