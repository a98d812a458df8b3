import LockResetOutlined from '@mui/icons-material/LockResetOutlined';
import PersonOffOutlined from '@mui/icons-material/PersonOffOutlined';
import HowToRegOutlined from '@mui/icons-material/HowToRegOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData, useHasPermission, useSession } from '@portico/core/react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useParams } from 'react-router';
import type { AdminUser, Organization, Role } from '../../kit/api-types.js';
import { ConfirmDialog } from '../../kit/ConfirmDialog.js';
import { useFormat } from '../../kit/format.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { StatusChip } from '../../kit/StatusChip.js';
import { UserActivity } from './UserActivity.js';
import { UserGroups } from './UserGroups.js';
import { UserProfileForm } from './UserProfileForm.js';
import { UserRoles } from './UserRoles.js';

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box sx={{ py: 0.75 }}>
      <Typography variant="body2" color="text.secondary" component="dt">
        {props.label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {props.children}
      </Typography>
    </Box>
  );
}

/** One user: who they are, their roles and groups, status, second factor and last login. */
export default function UserScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const location = useLocation();
  const { me } = useSession();
  const { notify, element: notice } = useNotice();
  const canManage = useHasPermission('core.user.manage');
  const canAudit = useHasPermission('core.audit.read');
  const loaded = useApiData<AdminUser>(`/users/${id}`);
  const [user, setUser] = useState<AdminUser | undefined>();
  const shown = user?.id === id ? user : loaded.data;
  const org = useApiData<Organization>(shown ? `/organizations/${shown.organizationId}` : null);
  const roles = useApiData<{ items: Role[] }>('/roles');
  const [confirming, setConfirming] = useState<'deactivate' | 'reactivate' | 'resetTwoFactor' | undefined>();
  const invited = (location.state as { invited?: boolean } | null)?.invited;

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!shown)
    return (
      <Box aria-busy="true">
        <Skeleton variant="text" width={320} height={48} />
        <Skeleton variant="rounded" height={240} sx={{ mt: 2 }} />
      </Box>
    );
  const self = me?.user.id === shown.id;

  const setStatus = async (status: 'active' | 'deactivated') => {
    const next = await api.patch<AdminUser>(`/users/${shown.id}`, { status });
    setUser(next);
    notify(
      status === 'deactivated'
        ? t('users.deactivated', { name: next.name })
        : t('users.reactivated', { name: next.name }),
    );
  };
  const resetTwoFactor = async () => {
    await api.delete(`/users/${shown.id}/two-factor`);
    setUser({ ...shown, twoFactorEnabled: false });
    notify(t('users.twoFactorReset', { name: shown.name }));
  };

  return (
    <>
      <PageHeader
        back={{ to: '/users', label: t('users.back') }}
        title={shown.name}
        subtitle={shown.email}
        badges={<StatusChip status={shown.status} label={t(`users.statuses.${shown.status}`)} />}
        actions={
          canManage && !self ? (
            <>
              {shown.twoFactorEnabled ? (
                <Button
                  variant="outlined"
                  startIcon={<LockResetOutlined />}
                  onClick={() => setConfirming('resetTwoFactor')}
                >
                  {t('users.resetTwoFactor')}
                </Button>
              ) : null}
              {shown.status === 'active' ? (
                <Button
                  color="error"
                  variant="outlined"
                  startIcon={<PersonOffOutlined />}
                  onClick={() => setConfirming('deactivate')}
                >
                  {t('users.deactivate')}
                </Button>
              ) : shown.status === 'deactivated' ? (
                <Button
                  variant="contained"
                  startIcon={<HowToRegOutlined />}
                  onClick={() => setConfirming('reactivate')}
                >
                  {t('users.reactivate')}
                </Button>
              ) : null}
            </>
          ) : null
        }
      />
      {invited ? (
        <Alert severity="success" sx={{ mb: 2 }}>
          {t('users.invitedHint', { email: shown.email })}
        </Alert>
      ) : null}
      {shown.status === 'invited' && !invited ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('users.invitedNote')}
        </Alert>
      ) : null}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 5, lg: 4 }}>
          <Stack spacing={2}>
            <Card component="section" aria-labelledby="user-facts-heading">
              <CardContent>
                <Typography id="user-facts-heading" variant="h3" component="h2" sx={{ mb: 1 }}>
                  {t('users.account')}
                </Typography>
                <Box component="dl" sx={{ m: 0 }}>
                  <Fact label={t('users.organization')}>
                    <Link component={RouterLink} to={`/organizations/${shown.organizationId}`}>
                      {org.data?.name ?? '…'}
                    </Link>
                  </Fact>
                  <Fact label={t('users.twoFactor')}>
                    {shown.twoFactorEnabled ? t('users.twoFactorOn') : t('users.twoFactorOff')}
                    {!shown.twoFactorEnabled && org.data?.requireTwoFactor
                      ? ` ${t('users.twoFactorRequiredByOrg')}`
                      : ''}
                  </Fact>
                  <Fact label={t('users.lastLogin')}>
                    {shown.lastLoginAt
                      ? `${format.dateTime(shown.lastLoginAt)} (${format.ago(shown.lastLoginAt)})`
                      : t('users.never')}
                  </Fact>
                  <Fact label={t('users.createdAt')}>{format.dateTime(shown.createdAt)}</Fact>
                  {canManage ? null : (
                    <>
                      <Fact label={t('users.phone')}>{shown.phone ?? '—'}</Fact>
                      <Fact label={t('users.language')}>
                        {new Intl.DisplayNames([format.language], { type: 'language' }).of(shown.language) ??
                          shown.language}
                      </Fact>
                    </>
                  )}
                </Box>
              </CardContent>
            </Card>
            {canManage ? (
              <UserProfileForm user={shown} canManage={canManage} onChanged={setUser} notify={notify} />
            ) : null}
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, md: 7, lg: 8 }}>
          <Stack spacing={2}>
            <UserRoles
              user={shown}
              kind={org.data?.kind}
              roles={roles.data?.items}
              canManage={canManage}
              onChanged={setUser}
              notify={notify}
            />
            <UserGroups user={shown} organization={org.data} onChanged={setUser} notify={notify} />
            {canAudit ? <UserActivity user={shown} /> : null}
          </Stack>
        </Grid>
      </Grid>
      <ConfirmDialog
        open={confirming === 'deactivate'}
        title={t('users.deactivateTitle', { name: shown.name })}
        message={t('users.deactivateText')}
        confirmLabel={t('users.deactivate')}
        destructive
        onConfirm={() => setStatus('deactivated')}
        onClose={() => setConfirming(undefined)}
      />
      <ConfirmDialog
        open={confirming === 'reactivate'}
        title={t('users.reactivateTitle', { name: shown.name })}
        message={t('users.reactivateText')}
        confirmLabel={t('users.reactivate')}
        onConfirm={() => setStatus('active')}
        onClose={() => setConfirming(undefined)}
      />
      <ConfirmDialog
        open={confirming === 'resetTwoFactor'}
        title={t('users.resetTwoFactorTitle', { name: shown.name })}
        message={t('users.resetTwoFactorText')}
        confirmLabel={t('users.resetTwoFactor')}
        destructive
        onConfirm={resetTwoFactor}
        onClose={() => setConfirming(undefined)}
      />
      {notice}
    </>
  );
}
