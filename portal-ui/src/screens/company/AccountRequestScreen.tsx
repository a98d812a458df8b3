import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { useApiData, useBoot, useSession } from '@portico/core/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { statusOf } from '../../errors.js';
import { RequestCard, useDecisions } from './AccountRequests.js';
import { holds, type AccountRequest, type Role } from './model.js';

/** `/account-requests/:id`: the link of the "new account request" mail; decide on it right here. */
export default function AccountRequestScreen() {
  const { t } = useTranslation();
  const boot = useBoot();
  const { me } = useSession();
  const { id = '' } = useParams();
  const request = useApiData<AccountRequest>(`/account-requests/${encodeURIComponent(id)}`);
  const roles = useApiData<{ items: Role[] }>(me ? `/roles?scope=customer` : null);
  const { decide, dialog, notice } = useDecisions(roles.data?.items ?? [], () => request.reload());
  useEffect(() => {
    document.title = `${t('requests.title')} · ${boot.portalName}`;
  }, [t, boot.portalName]);
  const back =
    me?.organization.kind === 'customer' ? (
      <Button
        component={RouterLink}
        to="/company/users?tab=requests"
        startIcon={<ArrowBackOutlined />}
        sx={{ mb: 1 }}
      >
        {t('requests.all')}
      </Button>
    ) : null;
  const missing =
    statusOf(request.error) === 404 || statusOf(request.error) === 400 || !holds(me, 'core.user.approve');
  return (
    <Box sx={{ maxWidth: 720, mx: 'auto' }}>
      {back}
      <Typography variant="h1" sx={{ mb: 2 }}>
        {t('requests.title')}
      </Typography>
      {notice}
      {missing ? (
        <Alert severity="info">{t('requests.missing')}</Alert>
      ) : request.error ? (
        <ErrorNotice error={request.error} />
      ) : request.data ? (
        <RequestCard request={request.data} onDecide={decide} headingLevel="h2" />
      ) : (
        <Skeleton variant="rounded" height={200} aria-label={t('loading')} />
      )}
      {dialog}
    </Box>
  );
}
