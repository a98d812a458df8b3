import AddOutlined from '@mui/icons-material/AddOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useNavigate } from 'react-router';
import type { GroupSummary, Organization } from '../../kit/api-types.js';
import { useCursorPages, type Page } from '../../kit/cursor-pages.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { FilterBar } from '../../kit/FilterBar.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { queryOf, useFilters } from '../../kit/search-params.js';
import { SearchField } from '../../kit/SearchField.js';
import { SelectFilter } from '../../kit/SelectFilter.js';
import { StatusChip } from '../../kit/StatusChip.js';
import { CreateOrganizationDialog } from './CreateOrganizationDialog.js';

/** The supplier and its customer companies: search, filter by status and access group, create. */
export default function OrganizationsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canManage = useHasPermission('core.organization.manage');
  const canReadGroups = useHasPermission('core.group.read');
  const { values, set } = useFilters(['q', 'status', 'group', 'kind'] as const);
  const list = useCursorPages<Organization>(`/organizations${queryOf(values)}`);
  const groups = useApiData<Page<GroupSummary>>(canReadGroups ? '/groups?limit=200' : null);
  const [creating, setCreating] = useState(false);
  const groupName = (key: string) => groups.data?.items.find((g) => g.key === key)?.name ?? key;
  const filtered = !!(values.q || values.status || values.group || values.kind);

  const columns: Column<Organization>[] = [
    {
      key: 'name',
      label: t('organizations.name'),
      render: (o) => (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
          <Link
            component={RouterLink}
            to={`/organizations/${o.id}`}
            underline="hover"
            sx={{ fontWeight: 600 }}
          >
            {o.name}
          </Link>
          {o.kind === 'provider' ? <Chip size="small" label={t('organizations.supplier')} /> : null}
        </Stack>
      ),
    },
    { key: 'number', label: t('organizations.customerNumber'), render: (o) => o.customerNumber ?? '—' },
    {
      key: 'domains',
      label: t('organizations.emailDomains'),
      from: 'md',
      render: (o) => (o.emailDomains.length ? o.emailDomains.join(', ') : '—'),
    },
    {
      key: 'groups',
      label: t('organizations.groups'),
      from: 'lg',
      render: (o) =>
        o.groups.length ? (
          <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
            {o.groups.map((g) => (
              <Chip key={g} size="small" variant="outlined" label={groupName(g)} />
            ))}
          </Stack>
        ) : (
          '—'
        ),
    },
    {
      key: 'twoFactor',
      label: t('organizations.twoFactorShort'),
      from: 'lg',
      render: (o) => (o.requireTwoFactor ? t('organizations.required') : t('organizations.optional')),
    },
    {
      key: 'status',
      label: t('organizations.status'),
      render: (o) => <StatusChip status={o.status} label={t(`organizations.statuses.${o.status}`)} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('organizations.title')}
        subtitle={t('organizations.subtitle')}
        actions={
          canManage ? (
            <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setCreating(true)}>
              {t('organizations.create')}
            </Button>
          ) : null
        }
      />
      <FilterBar
        label={t('organizations.filters')}
        search={
          <SearchField label={t('organizations.search')} value={values.q} onChange={(q) => set({ q })} />
        }
        active={[values.status, values.group, values.kind].filter(Boolean).length}
      >
        <SelectFilter
          label={t('organizations.status')}
          value={values.status}
          onChange={(status) => set({ status })}
          options={[
            { value: 'active', label: t('organizations.statuses.active') },
            { value: 'suspended', label: t('organizations.statuses.suspended') },
          ]}
        />
        {canReadGroups ? (
          <SelectFilter
            label={t('organizations.group')}
            value={values.group}
            onChange={(group) => set({ group })}
            minWidth={200}
            options={(groups.data?.items ?? []).map((g) => ({ value: g.key, label: g.name }))}
          />
        ) : null}
        <SelectFilter
          label={t('organizations.kind')}
          value={values.kind}
          onChange={(kind) => set({ kind })}
          options={[
            { value: 'customer', label: t('organizations.kinds.customer') },
            { value: 'provider', label: t('organizations.kinds.provider') },
          ]}
        />
      </FilterBar>
      <ProblemAlert error={list.error} />
      <DataList
        label={t('organizations.title')}
        items={list.items}
        loading={list.loading}
        columns={columns}
        rowKey={(o) => o.id}
        to={(o) => `/organizations/${o.id}`}
        paging={list}
        empty={filtered ? t('organizations.noneMatch') : t('organizations.none')}
        card={(o) => (
          <Stack spacing={0.5}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography sx={{ fontWeight: 600 }}>{o.name}</Typography>
              <StatusChip status={o.status} label={t(`organizations.statuses.${o.status}`)} />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {[
                o.kind === 'provider' ? t('organizations.supplier') : null,
                o.customerNumber ? t('organizations.numberShort', { number: o.customerNumber }) : null,
                o.emailDomains.join(', ') || null,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
            {o.groups.length ? (
              <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                {o.groups.map((g) => (
                  <Chip key={g} size="small" variant="outlined" label={groupName(g)} />
                ))}
              </Stack>
            ) : null}
          </Stack>
        )}
      />
      <CreateOrganizationDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(o) => void navigate(`/organizations/${o.id}`, { state: { created: true } })}
      />
    </>
  );
}
