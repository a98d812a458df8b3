import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import HowToRegOutlined from '@mui/icons-material/HowToRegOutlined';
import OutboxOutlined from '@mui/icons-material/OutboxOutlined';
import PeopleOutlined from '@mui/icons-material/PeopleOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData, useHasPermission, useSession, type ApiData } from '@portico/core/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AccountRequest, AdminUser, AuditEntry, MailSummary, Organization } from '../kit/api-types.js';
import type { Page } from '../kit/cursor-pages.js';
import { useFormat } from '../kit/format.js';
import { useOrganizationNames, useUserNames } from '../kit/names.js';
import { securityEventTypes, targetText, useAuditTypeLabel } from './audit/audit-text.js';

/** How many rows a list has, as far as one page tells: "200+" when there are more. */
function countOf(page: Page<unknown> | undefined): string | undefined {
  return page ? `${page.items.length}${page.nextCursor ? '+' : ''}` : undefined;
}

function Figure(props: {
  label: string;
  value: string | undefined;
  to: string;
  icon: ReactNode;
  note?: string;
  attention?: boolean;
}) {
  return (
    <Card sx={{ height: '100%', borderColor: props.attention ? 'warning.main' : undefined }}>
      <CardActionArea component={Link} to={props.to} sx={{ height: '100%' }}>
        <CardContent>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', color: 'text.secondary' }}>
            {props.icon}
            <Typography variant="body2" component="h2">
              {props.label}
            </Typography>
          </Stack>
          <Typography variant="h2" component="p" sx={{ fontSize: '2.25rem', mt: 1 }}>
            {props.value ?? <Skeleton width={56} />}
          </Typography>
          {props.note ? (
            <Typography variant="body2" color="text.secondary">
              {props.note}
            </Typography>
          ) : null}
        </CardContent>
      </CardActionArea>
    </Card>
  );
}

function Panel(props: { title: string; id: string; action?: ReactNode; children: ReactNode }) {
  return (
    <Card component="section" aria-labelledby={props.id} sx={{ height: '100%' }}>
      <CardContent>
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Typography id={props.id} variant="h3" component="h2">
            {props.title}
          </Typography>
          {props.action}
        </Stack>
        {props.children}
      </CardContent>
    </Card>
  );
}

function Loaded<T>(props: { data: ApiData<Page<T>>; empty: string; children(items: T[]): ReactNode }) {
  if (props.data.error) return <ProblemAlert error={props.data.error} />;
  if (!props.data.data)
    return (
      <Stack spacing={1}>
        <Skeleton variant="rounded" height={40} />
        <Skeleton variant="rounded" height={40} />
        <Skeleton variant="rounded" height={40} />
      </Stack>
    );
  if (!props.data.data.items.length)
    return (
      <Typography color="text.secondary" sx={{ py: 2 }}>
        {props.empty}
      </Typography>
    );
  return <>{props.children(props.data.data.items)}</>;
}

/** What needs the staff's attention: requests to decide, security events, mails stuck; and the portal's size. */
export default function DashboardScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { me } = useSession();
  const typeLabel = useAuditTypeLabel();
  const canApprove = useHasPermission('core.user.approve');
  const canOrgs = useHasPermission('core.organization.read');
  const canUsers = useHasPermission('core.user.read');
  const canAudit = useHasPermission('core.audit.read');
  const canMail = useHasPermission('core.mail.read');
  const requests = useApiData<Page<AccountRequest>>(
    canApprove ? '/account-requests?status=pending&limit=100' : null,
  );
  const organizations = useApiData<Page<Organization>>(
    canOrgs ? '/organizations?kind=customer&limit=200' : null,
  );
  const users = useApiData<Page<AdminUser>>(canUsers ? '/users?status=active&limit=200' : null);
  const events = useApiData<Page<AuditEntry>>(
    canAudit ? `/audit?type=${encodeURIComponent(securityEventTypes.join(','))}&limit=10` : null,
  );
  const failed = useApiData<Page<MailSummary>>(canMail ? '/mail/outbox?status=failed&limit=100' : null);
  const queued = useApiData<Page<MailSummary>>(canMail ? '/mail/outbox?status=queued&limit=100' : null);
  const recentMail = useApiData<Page<MailSummary>>(canMail ? '/mail/outbox?limit=5' : null);
  const orgName = useOrganizationNames([
    ...(events.data?.items.map((e) => e.organizationId) ?? []),
    ...(requests.data?.items.map((r) => r.organizationId) ?? []),
  ]);
  const userName = useUserNames(
    events.data?.items.map((e) => (e.target?.type === 'user' ? e.target.id : null)) ?? [],
  );
  const noSmtp = !!recentMail.data?.items.some((m) => m.status === 'stored');
  const waiting =
    failed.data && queued.data
      ? `${failed.data.items.length + queued.data.items.length}${failed.data.nextCursor || queued.data.nextCursor ? '+' : ''}`
      : undefined;
  const pending = requests.data?.items.length ?? 0;

  return (
    <>
      <Box component="header" sx={{ mb: 2 }}>
        <Typography variant="h1">{t('dashboard.title')}</Typography>
        <Typography color="text.secondary" sx={{ mt: 0.5 }}>
          {t('dashboard.greeting', { name: me?.user.name.split(' ')[0] ?? '' })}
        </Typography>
      </Box>
      <Grid container spacing={2}>
        {canApprove ? (
          <Grid size={{ xs: 6, md: 3 }}>
            <Figure
              label={t('dashboard.pendingRequests')}
              value={countOf(requests.data)}
              to="/approvals"
              icon={<HowToRegOutlined fontSize="small" />}
              attention={pending > 0}
              note={pending > 0 ? t('dashboard.needsDecision') : t('dashboard.allDecided')}
            />
          </Grid>
        ) : null}
        {canOrgs ? (
          <Grid size={{ xs: 6, md: 3 }}>
            <Figure
              label={t('dashboard.organizations')}
              value={countOf(organizations.data)}
              to="/organizations?kind=customer"
              icon={<BusinessOutlined fontSize="small" />}
              note={t('dashboard.customers')}
            />
          </Grid>
        ) : null}
        {canUsers ? (
          <Grid size={{ xs: 6, md: 3 }}>
            <Figure
              label={t('dashboard.users')}
              value={countOf(users.data)}
              to="/users?status=active"
              icon={<PeopleOutlined fontSize="small" />}
              note={t('dashboard.activeUsers')}
            />
          </Grid>
        ) : null}
        {canMail ? (
          <Grid size={{ xs: 6, md: 3 }}>
            <Figure
              label={t('dashboard.mailsWaiting')}
              value={waiting}
              to={failed.data?.items.length ? '/outbox?status=failed' : '/outbox?status=queued'}
              icon={<OutboxOutlined fontSize="small" />}
              attention={!!failed.data?.items.length}
              note={
                failed.data?.items.length
                  ? t('dashboard.mailsFailed', { count: failed.data.items.length })
                  : noSmtp
                    ? t('dashboard.mailsNoSmtp')
                    : t('dashboard.mailsQueued')
              }
            />
          </Grid>
        ) : null}

        <Grid size={{ xs: 12, lg: 7 }}>
          <Stack spacing={2}>
            {canApprove ? (
              <Panel
                id="dash-requests"
                title={t('dashboard.requestsTitle')}
                action={
                  <Button component={Link} to="/approvals" size="small">
                    {t('dashboard.toApprovals')}
                  </Button>
                }
              >
                <Loaded data={requests} empty={t('dashboard.noRequests')}>
                  {(items) => (
                    <List disablePadding>
                      {items.slice(0, 5).map((r) => (
                        <ListItem key={r.id} disablePadding divider>
                          <ListItemButton component={Link} to="/approvals" sx={{ px: 1 }}>
                            <ListItemText
                              primary={`${r.name} · ${r.company}`}
                              secondary={`${r.email} · ${format.ago(r.createdAt)}`}
                              slotProps={{ primary: { sx: { fontWeight: 600 } } }}
                            />
                            {r.organizationId ? (
                              <Chip
                                size="small"
                                variant="outlined"
                                label={orgName(r.organizationId)}
                                sx={{ ml: 1 }}
                              />
                            ) : (
                              <Chip
                                size="small"
                                color="warning"
                                variant="outlined"
                                label={t('dashboard.noMatch')}
                                sx={{ ml: 1 }}
                              />
                            )}
                          </ListItemButton>
                        </ListItem>
                      ))}
                    </List>
                  )}
                </Loaded>
              </Panel>
            ) : null}

            {canMail ? (
              <Panel
                id="dash-mail"
                title={t('dashboard.mailTitle')}
                action={
                  <Button component={Link} to="/outbox" size="small">
                    {t('dashboard.toOutbox')}
                  </Button>
                }
              >
                <Loaded data={recentMail} empty={t('dashboard.noMail')}>
                  {(items) => (
                    <List disablePadding dense>
                      {items.map((m) => (
                        <ListItem key={m.id} disablePadding divider>
                          <ListItemButton component={Link} to={`/outbox/${m.id}`} sx={{ px: 1 }}>
                            <ListItemText
                              primary={m.subject}
                              secondary={`${m.to} · ${format.ago(m.createdAt)}`}
                            />
                            <Chip
                              size="small"
                              label={t(`outbox.statuses.${m.status}`)}
                              variant="outlined"
                              sx={{ ml: 1 }}
                            />
                          </ListItemButton>
                        </ListItem>
                      ))}
                    </List>
                  )}
                </Loaded>
              </Panel>
            ) : null}
          </Stack>
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          {canAudit ? (
            <Panel
              id="dash-security"
              title={t('dashboard.securityTitle')}
              action={
                <Button component={Link} to="/audit" size="small">
                  {t('dashboard.toAudit')}
                </Button>
              }
            >
              <Loaded data={events} empty={t('dashboard.noEvents')}>
                {(items) => (
                  <List disablePadding dense>
                    {items.map((e) => (
                      <ListItem key={e.id} disableGutters divider>
                        <ListItemText
                          primary={typeLabel(e.type)}
                          secondary={[
                            e.actor.userId && e.actor.userId !== e.target?.id
                              ? t('dashboard.by', { name: e.actor.name ?? e.actor.email })
                              : null,
                            targetText(e.target, e.details, userName, orgName),
                            e.organizationId && e.target?.type !== 'organization'
                              ? orgName(e.organizationId)
                              : null,
                            format.ago(e.at),
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        />
                      </ListItem>
                    ))}
                  </List>
                )}
              </Loaded>
            </Panel>
          ) : null}
        </Grid>
      </Grid>
      <ProblemAlert error={organizations.error ?? users.error ?? failed.error} />
    </>
  );
}
