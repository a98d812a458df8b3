import CheckOutlined from '@mui/icons-material/CheckOutlined';
import CloseOutlined from '@mui/icons-material/CloseOutlined';
import InboxOutlined from '@mui/icons-material/InboxOutlined';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { ProblemAlert } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { AccountRequest } from '../../kit/api-types.js';
import { useCursorPages } from '../../kit/cursor-pages.js';
import { useFormat } from '../../kit/format.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { useFilters } from '../../kit/search-params.js';
import { StatusChip } from '../../kit/StatusChip.js';
import { ApproveDialog } from './ApproveDialog.js';
import { RejectDialog } from './RejectDialog.js';

const statuses = ['pending', 'approved', 'rejected'] as const;
type Status = (typeof statuses)[number];

/** One account request: who asks, for which company, what they wrote, and what was decided. */
function RequestCard(props: { request: AccountRequest; onApprove?(): void; onReject?(): void }) {
  const { request: r } = props;
  const { t } = useTranslation();
  const format = useFormat();
  const language =
    new Intl.DisplayNames([format.language], { type: 'language' }).of(r.language) ?? r.language;
  return (
    <Card
      component="article"
      aria-labelledby={`request-${r.id}`}
      sx={{ display: 'flex', flexDirection: 'column' }}
    >
      <CardContent sx={{ flexGrow: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start', justifyContent: 'space-between' }}>
          <Box sx={{ minWidth: 0 }}>
            <Typography id={`request-${r.id}`} variant="h3" component="h2" sx={{ overflowWrap: 'anywhere' }}>
              {r.name}
            </Typography>
            <Typography color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {r.email}
            </Typography>
          </Box>
          {r.status === 'pending' ? (
            <Typography
              variant="body2"
              color="text.secondary"
              title={format.dateTime(r.createdAt)}
              sx={{ flexShrink: 0 }}
            >
              {format.ago(r.createdAt)}
            </Typography>
          ) : (
            <StatusChip status={r.status} label={t(`approvals.statuses.${r.status}`)} />
          )}
        </Stack>
        <Box
          component="dl"
          sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, my: 1.5 }}
        >
          <Typography component="dt" variant="body2" color="text.secondary">
            {t('approvals.company')}
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {r.company}
            {r.customerNumber ? ` · ${t('approvals.customerNumber', { number: r.customerNumber })}` : ''}
          </Typography>
          <Typography component="dt" variant="body2" color="text.secondary">
            {t('approvals.organization')}
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {r.organizationId ? (
              <Link component={RouterLink} to={`/organizations/${r.organizationId}`} underline="hover">
                {r.organizationName}
              </Link>
            ) : (
              <Chip
                size="small"
                color="warning"
                variant="outlined"
                icon={<WarningAmberOutlined />}
                label={t('approvals.noMatch')}
              />
            )}
          </Typography>
          <Typography component="dt" variant="body2" color="text.secondary">
            {t('approvals.language')}
          </Typography>
          <Typography component="dd" sx={{ m: 0 }}>
            {language}
          </Typography>
          {r.status !== 'pending' ? (
            <>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('approvals.decided')}
              </Typography>
              <Typography component="dd" sx={{ m: 0 }}>
                {format.dateTime(r.decidedAt)}
              </Typography>
            </>
          ) : null}
          {r.decisionNote ? (
            <>
              <Typography component="dt" variant="body2" color="text.secondary">
                {t('approvals.reason')}
              </Typography>
              <Typography component="dd" sx={{ m: 0, whiteSpace: 'pre-wrap' }}>
                {r.decisionNote}
              </Typography>
            </>
          ) : null}
        </Box>
        {r.message ? (
          <Box
            component="blockquote"
            sx={{
              m: 0,
              p: 1.5,
              bgcolor: 'action.hover',
              borderRadius: 1,
              whiteSpace: 'pre-wrap',
              overflowWrap: 'anywhere',
            }}
          >
            <Typography
              variant="body2"
              color="text.secondary"
              component="span"
              sx={{ display: 'block', mb: 0.5 }}
            >
              {t('approvals.message')}
            </Typography>
            {r.message}
          </Box>
        ) : null}
        {r.userId ? (
          <Link
            component={RouterLink}
            to={`/users/${r.userId}`}
            underline="hover"
            sx={{ display: 'inline-block', mt: 1 }}
          >
            {t('approvals.openUser')}
          </Link>
        ) : null}
      </CardContent>
      {props.onApprove && props.onReject ? (
        <CardActions sx={{ px: 2, pb: 2, pt: 0, gap: 1, flexWrap: 'wrap' }}>
          <Button variant="contained" startIcon={<CheckOutlined />} onClick={props.onApprove}>
            {t('approvals.approve')}
          </Button>
          <Button color="error" startIcon={<CloseOutlined />} onClick={props.onReject}>
            {t('approvals.reject')}
          </Button>
        </CardActions>
      ) : null}
    </Card>
  );
}

/** Account requests from the portal's sign-up page: approve (the person gets an invitation) or reject. */
export default function ApprovalsScreen() {
  const { t } = useTranslation();
  const { notify, element: notice } = useNotice();
  const { values, set } = useFilters(['status'] as const);
  const status: Status = (statuses as readonly string[]).includes(values.status)
    ? (values.status as Status)
    : 'pending';
  const list = useCursorPages<AccountRequest>(`/account-requests?status=${status}`, 20);
  const [approving, setApproving] = useState<AccountRequest | undefined>();
  const [rejecting, setRejecting] = useState<AccountRequest | undefined>();

  const decided = (r: AccountRequest, message: string) => {
    // The request leaves the queue at once; the server's answer said it is decided.
    list.update((items) => items.filter((x) => x.id !== r.id));
    notify(message);
  };

  return (
    <>
      <PageHeader title={t('approvals.title')} subtitle={t('approvals.subtitle')} />
      <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
        <Tabs
          value={status}
          onChange={(_e, v: Status) => set({ status: v === 'pending' ? '' : v })}
          aria-label={t('approvals.show')}
        >
          {statuses.map((s) => (
            <Tab key={s} value={s} label={t(`approvals.tabs.${s}`)} />
          ))}
        </Tabs>
      </Box>
      <ProblemAlert error={list.error} />
      {!list.items && list.loading ? (
        <Stack spacing={2} aria-busy="true">
          <Skeleton variant="rounded" height={180} />
          <Skeleton variant="rounded" height={180} />
        </Stack>
      ) : null}
      {list.items && !list.items.length ? (
        <Box sx={{ textAlign: 'center', py: 8, color: 'text.secondary' }}>
          <InboxOutlined sx={{ fontSize: 56, mb: 1 }} aria-hidden />
          <Typography variant="h3" component="p" sx={{ color: 'text.primary', mb: 1 }}>
            {status === 'pending' ? t('approvals.emptyTitle') : t(`approvals.emptyDecided.${status}`)}
          </Typography>
          {status === 'pending' ? <Typography>{t('approvals.emptyText')}</Typography> : null}
        </Box>
      ) : null}
      {list.items?.length ? (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: {
              xs: '1fr',
              md: 'repeat(2, minmax(0, 1fr))',
              xl: 'repeat(3, minmax(0, 1fr))',
            },
            opacity: list.loading ? 0.6 : 1,
          }}
        >
          {list.items.map((r) => (
            <RequestCard
              key={r.id}
              request={r}
              {...(r.status === 'pending'
                ? { onApprove: () => setApproving(r), onReject: () => setRejecting(r) }
                : {})}
            />
          ))}
        </Box>
      ) : null}
      {list.hasNext || list.hasPrevious ? (
        <Stack
          direction="row"
          spacing={1}
          sx={{ justifyContent: 'flex-end', mt: 2 }}
          component="nav"
          aria-label={t('kit.pages')}
        >
          <Button onClick={list.previous} disabled={!list.hasPrevious || list.loading}>
            {t('kit.previous')}
          </Button>
          <Button onClick={list.next} disabled={!list.hasNext || list.loading}>
            {t('kit.next')}
          </Button>
        </Stack>
      ) : null}
      <ApproveDialog
        request={approving}
        onClose={() => setApproving(undefined)}
        onApproved={(r) => decided(r, t('approvals.approved', { name: r.name, email: r.email }))}
        onGone={() => list.reload()}
      />
      <RejectDialog
        request={rejecting}
        onClose={() => setRejecting(undefined)}
        onRejected={(r) => decided(r, t('approvals.rejected', { name: r.name }))}
        onGone={() => list.reload()}
      />
      {notice}
    </>
  );
}
