import AddOutlined from '@mui/icons-material/AddOutlined';
import VerifiedUserOutlined from '@mui/icons-material/VerifiedUserOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { Role } from '../../kit/api-types.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { useFormat } from '../../kit/format.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { useFilters } from '../../kit/search-params.js';
import { SelectFilter } from '../../kit/SelectFilter.js';
import { FilterBar } from '../../kit/FilterBar.js';

/** Built-in and custom roles with what they allow. */
export default function RolesScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { values, set } = useFilters(['scope'] as const);
  const roles = useApiData<{ items: Role[] }>(`/roles${values.scope ? `?scope=${values.scope}` : ''}`);
  const permissionText = (r: Role) =>
    r.allPermissions
      ? t('roles.allPermissions')
      : t('roles.permissionCount', { count: r.permissions.length });

  const columns: Column<Role>[] = [
    {
      key: 'name',
      label: t('roles.name'),
      render: (r) => (
        <Stack>
          <Link component={RouterLink} to={`/roles/${r.key}`} underline="hover" sx={{ fontWeight: 600 }}>
            {format.translated(r.name, r.key)}
          </Link>
          <Typography variant="body2" color="text.secondary">
            {format.translated(r.description) || r.key}
          </Typography>
        </Stack>
      ),
    },
    { key: 'scope', label: t('roles.scope'), render: (r) => t(`roles.scopes.${r.scope}`) },
    {
      key: 'type',
      label: t('roles.type'),
      from: 'md',
      render: (r) => (
        <Chip size="small" variant="outlined" label={r.builtin ? t('roles.builtin') : t('roles.custom')} />
      ),
    },
    { key: 'permissions', label: t('roles.permissions'), from: 'md', render: permissionText },
    {
      key: 'twoFactor',
      label: t('roles.twoFactorShort'),
      render: (r) =>
        r.requireTwoFactor ? (
          <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
            <VerifiedUserOutlined fontSize="small" color="success" aria-hidden />
            <span>{t('roles.required')}</span>
          </Stack>
        ) : (
          t('roles.optional')
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('roles.title')}
        subtitle={t('roles.subtitle')}
        actions={
          <Button variant="contained" startIcon={<AddOutlined />} component={RouterLink} to="/roles/new">
            {t('roles.create')}
          </Button>
        }
      />
      <FilterBar label={t('roles.filters')} active={values.scope ? 1 : 0}>
        <SelectFilter
          label={t('roles.scope')}
          value={values.scope}
          onChange={(scope) => set({ scope })}
          minWidth={220}
          options={[
            { value: 'provider', label: t('roles.scopes.provider') },
            { value: 'customer', label: t('roles.scopes.customer') },
          ]}
        />
      </FilterBar>
      <ProblemAlert error={roles.error} />
      <DataList
        label={t('roles.title')}
        items={roles.data?.items}
        loading={roles.loading}
        columns={columns}
        rowKey={(r) => r.key}
        to={(r) => `/roles/${r.key}`}
        empty={t('roles.none')}
        card={(r) => (
          <Stack spacing={0.5}>
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography sx={{ fontWeight: 600 }}>{format.translated(r.name, r.key)}</Typography>
              <Chip
                size="small"
                variant="outlined"
                label={r.builtin ? t('roles.builtin') : t('roles.custom')}
              />
            </Stack>
            <Typography variant="body2" color="text.secondary">
              {t(`roles.scopes.${r.scope}`)} · {permissionText(r)}
              {r.requireTwoFactor ? ` · ${t('roles.twoFactorRequired')}` : ''}
            </Typography>
          </Stack>
        )}
      />
    </>
  );
}
