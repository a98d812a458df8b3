import BlockOutlined from '@mui/icons-material/BlockOutlined';
import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import { ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import type { Organization } from '../../kit/api-types.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { rememberOrganizationName } from '../../kit/names.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { useFilters } from '../../kit/search-params.js';
import { StatusChip } from '../../kit/StatusChip.js';
import { OrganizationDetails } from './OrganizationDetails.js';
import { OrganizationUsers } from './OrganizationUsers.js';
import { SamlPanel } from './SamlPanel.js';

/** One organisation: its details, its users, and single sign-on for a customer. */
export default function OrganizationScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const location = useLocation();
  const { notify, element: notice } = useNotice();
  const canManage = useHasPermission('core.organization.manage');
  const canSaml = useHasPermission('core.saml.manage');
  const canReadUsers = useHasPermission('core.user.read');
  const { data, error, reload } = useApiData<Organization>(`/organizations/${id}`);
  const [org, setOrg] = useState<Organization | undefined>();
  const shown = org?.id === id ? org : data;
  const { values, set } = useFilters(['tab'] as const);
  const [confirming, setConfirming] = useState<'suspend' | 'reactivate' | undefined>();
  const created = (location.state as { created?: boolean } | null)?.created;

  const changed = (next: Organization) => {
    setOrg(next);
    rememberOrganizationName(next.id, next.name);
  };

  if (error) return <ProblemAlert error={error} />;
  if (!shown)
    return (
      <Box aria-busy="true">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={240} sx={{ mt: 2 }} />
      </Box>
    );

  const tabs = [
    { value: 'details', label: t('organizations.tabs.details') },
    ...(canReadUsers ? [{ value: 'users', label: t('organizations.tabs.users') }] : []),
    ...(canSaml && shown.kind === 'customer' ? [{ value: 'sso', label: t('organizations.tabs.sso') }] : []),
  ];
  const tab = tabs.some((x) => x.value === values.tab) ? values.tab : 'details';

  const setStatus = async (status: 'active' | 'suspended') => {
    const next = await api.patch<Organization>(`/organizations/${shown.id}`, { status });
    changed(next);
    notify(
      status === 'suspended'
        ? t('organizations.suspended', { name: next.name })
        : t('organizations.reactivated', { name: next.name }),
    );
  };

  return (
    <>
      <PageHeader
        back={{ to: '/organizations', label: t('organizations.back') }}
        title={shown.name}
        badges={
          <>
            <StatusChip status={shown.status} label={t(`organizations.statuses.${shown.status}`)} />
            {shown.kind === 'provider' ? <Chip size="small" label={t('organizations.supplier')} /> : null}
          </>
        }
        subtitle={
          shown.customerNumber ? t('organizations.numberShort', { number: shown.customerNumber }) : undefined
        }
        actions={
          canManage && shown.kind === 'customer' ? (
            shown.status === 'active' ? (
              <Button
                color="error"
                variant="outlined"
                startIcon={<BlockOutlined />}
                onClick={() => setConfirming('suspend')}
              >
                {t('organizations.suspend')}
              </Button>
            ) : (
              <Button
                variant="contained"
                startIcon={<CheckCircleOutlined />}
                onClick={() => setConfirming('reactivate')}
              >
                {t('organizations.reactivate')}
              </Button>
            )
          ) : null
        }
      />
      {created ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {t('organizations.createdHint')}
        </Alert>
      ) : null}
      {shown.status === 'suspended' ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('organizations.suspendedNote')}
        </Alert>
      ) : null}
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={tab}
          onChange={(_e, v: string) => set({ tab: v === 'details' ? '' : v })}
          variant="scrollable"
          allowScrollButtonsMobile
          aria-label={t('organizations.tabs.label')}
        >
          {tabs.map((x) => (
            <Tab
              key={x.value}
              value={x.value}
              label={x.label}
              id={`org-tab-${x.value}`}
              aria-controls={`org-panel-${x.value}`}
            />
          ))}
        </Tabs>
      </Box>
      <Box role="tabpanel" id={`org-panel-${tab}`} aria-labelledby={`org-tab-${tab}`}>
        {tab === 'details' ? (
          <OrganizationDetails
            organization={shown}
            canManage={canManage}
            onChanged={changed}
            notify={notify}
            reload={reload}
          />
        ) : null}
        {tab === 'users' ? <OrganizationUsers organization={shown} /> : null}
        {tab === 'sso' ? <SamlPanel organization={shown} notify={notify} /> : null}
      </Box>
      <ConfirmDialog
        open={confirming === 'suspend'}
        title={t('organizations.suspendTitle', { name: shown.name })}
        message={t('organizations.suspendText')}
        confirmLabel={t('organizations.suspend')}
        destructive
        onConfirm={() => setStatus('suspended')}
        onClose={() => setConfirming(undefined)}
      />
      <ConfirmDialog
        open={confirming === 'reactivate'}
        title={t('organizations.reactivateTitle', { name: shown.name })}
        message={t('organizations.reactivateText')}
        confirmLabel={t('organizations.reactivate')}
        onConfirm={() => setStatus('active')}
        onClose={() => setConfirming(undefined)}
      />
      {notice}
    </>
  );
}
