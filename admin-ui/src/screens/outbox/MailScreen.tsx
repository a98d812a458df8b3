import ReplayOutlined from '@mui/icons-material/ReplayOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { ProblemAlert, problemText, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import type { Mail, MailSummary } from '../../kit/api-types.js';
import { useFormat } from '../../kit/format.js';
import { useOrganizationNames } from '../../kit/names.js';
import { useNotice } from '../../kit/notice.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { MailStatus } from './OutboxScreen.js';

/**
 * The mail's HTML for a sandboxed frame, with a content security policy that lets it load
 * images and inline styles only (no scripts, frames, forms or fetches) and sends every link to a
 * new window, which the sandbox then refuses: a login link in a mail cannot be followed here.
 */
export function framedMail(html: string): string {
  const guard =
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src * data:; style-src 'unsafe-inline'; font-src data:">` +
    '<base target="_blank">';
  const head = /<head(\s[^>]*)?>/i.exec(html);
  return head
    ? html.slice(0, head.index + head[0].length) + guard + html.slice(head.index + head[0].length)
    : guard + html;
}

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

/**
 * One mail: who it went to, its state, and its content. The HTML is shown in a sandboxed frame
 * (no scripts, no same-origin access, no navigation of this page), so a mail cannot act here.
 */
export default function MailScreen() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const { notify, element: notice } = useNotice();
  const canRetry = useHasPermission('core.mail.manage');
  const loaded = useApiData<Mail>(`/mail/outbox/${id}`);
  const [mail, setMail] = useState<Mail | undefined>();
  const shown = mail?.id === id ? mail : loaded.data;
  const orgName = useOrganizationNames([shown?.organizationId]);
  const [view, setView] = useState<'html' | 'text' | undefined>();
  const [busy, setBusy] = useState(false);

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!shown)
    return (
      <Box aria-busy="true">
        <Skeleton variant="text" width={420} height={48} />
        <Skeleton variant="rounded" height={360} sx={{ mt: 2 }} />
      </Box>
    );
  const tab = view ?? (shown.html ? 'html' : 'text');

  const retry = async () => {
    setBusy(true);
    try {
      const queued = await api.post<MailSummary>(`/mail/outbox/${shown.id}/retry`);
      setMail({ ...shown, ...queued });
      notify(t('outbox.retried'));
    } catch (err) {
      notify(problemText(err), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        back={{ to: '/outbox', label: t('outbox.back') }}
        title={shown.subject}
        badges={<MailStatus mail={shown} />}
        actions={
          canRetry && shown.status === 'failed' ? (
            <Button
              variant="contained"
              startIcon={<ReplayOutlined />}
              onClick={() => void retry()}
              disabled={busy}
            >
              {t('outbox.retry')}
            </Button>
          ) : null
        }
      />
      {shown.status === 'failed' ? (
        <Alert severity="error" sx={{ mb: 2 }}>
          {t('outbox.failedNote', { error: shown.error ?? '' })}
        </Alert>
      ) : null}
      {shown.status === 'queued' && shown.error ? (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {t('outbox.queuedNote', { error: shown.error })}
        </Alert>
      ) : null}
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4, lg: 3 }}>
          <Card component="section" aria-labelledby="mail-facts-heading">
            <CardContent>
              <Typography id="mail-facts-heading" variant="h3" component="h2" sx={{ mb: 1 }}>
                {t('outbox.about')}
              </Typography>
              <Box component="dl" sx={{ m: 0 }}>
                <Fact label={t('outbox.to')}>
                  {shown.userId ? (
                    <Link component={RouterLink} to={`/users/${shown.userId}`} underline="hover">
                      {shown.to}
                    </Link>
                  ) : (
                    shown.to
                  )}
                </Fact>
                {shown.organizationId ? (
                  <Fact label={t('outbox.organization')}>
                    <Link
                      component={RouterLink}
                      to={`/organizations/${shown.organizationId}`}
                      underline="hover"
                    >
                      {orgName(shown.organizationId)}
                    </Link>
                  </Fact>
                ) : null}
                <Fact label={t('outbox.template')}>
                  {shown.template ?? '—'}
                  {shown.language ? ` (${shown.language})` : ''}
                </Fact>
                <Fact label={t('outbox.created')}>{format.precise(shown.createdAt)}</Fact>
                <Fact label={t('outbox.sent')}>{shown.sentAt ? format.precise(shown.sentAt) : '—'}</Fact>
              </Box>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 8, lg: 9 }}>
          <Card component="section" aria-labelledby="mail-content-heading">
            <CardContent>
              <Typography id="mail-content-heading" variant="h3" component="h2">
                {t('outbox.content')}
              </Typography>
              {shown.bodyHidden ? (
                <Alert severity="info" sx={{ mt: 1 }}>
                  {t('outbox.bodyHidden')}
                </Alert>
              ) : (
                <>
                  <Box sx={{ borderBottom: 1, borderColor: 'divider', mb: 2 }}>
                    <Tabs
                      value={tab}
                      onChange={(_e, v: 'html' | 'text') => setView(v)}
                      aria-label={t('outbox.content')}
                    >
                      <Tab value="html" label={t('outbox.html')} disabled={!shown.html} />
                      <Tab value="text" label={t('outbox.text')} />
                    </Tabs>
                  </Box>
                  {tab === 'html' && shown.html ? (
                    <Box
                      component="iframe"
                      title={t('outbox.htmlFrame', { subject: shown.subject })}
                      // No allow-* tokens: no scripts, no forms, no popups, no same-origin access.
                      sandbox=""
                      srcDoc={framedMail(shown.html)}
                      referrerPolicy="no-referrer"
                      sx={{
                        width: '100%',
                        height: { xs: 480, md: 640 },
                        border: 1,
                        borderColor: 'divider',
                        borderRadius: 1,
                        bgcolor: '#fff',
                      }}
                    />
                  ) : (
                    <Box
                      component="pre"
                      tabIndex={0}
                      aria-label={t('outbox.text')}
                      sx={{
                        m: 0,
                        p: 2,
                        bgcolor: 'action.hover',
                        borderRadius: 1,
                        whiteSpace: 'pre-wrap',
                        overflowWrap: 'anywhere',
                        fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
                        fontSize: '0.85rem',
                      }}
                    >
                      {shown.text ?? ''}
                    </Box>
                  )}
                </>
              )}
            </CardContent>
          </Card>
        </Grid>
      </Grid>
      {notice}
    </>
  );
}
