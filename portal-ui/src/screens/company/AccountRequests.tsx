import HowToRegOutlined from '@mui/icons-material/HowToRegOutlined';
import InboxOutlined from '@mui/icons-material/InboxOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import DialogContentText from '@mui/material/DialogContentText';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApi, useApiData } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Email } from '../../components/Email.js';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { statusOf } from '../../errors.js';
import { useFormat } from '../../format.js';
import { languageName } from '../../languages.js';
import type { AccountRequest, Page, Role } from './model.js';
import { RolePicker } from './RolePicker.js';
import { FormDialog } from './UserDialogs.js';

type Decision = { kind: 'approve' | 'reject'; request: AccountRequest };

function DecisionDialog(props: {
  decision: Decision;
  roles: Role[];
  onClose(): void;
  onDecided(request: AccountRequest): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const { kind, request } = props.decision;
  const [roleKeys, setRoleKeys] = useState(
    props.roles.some((r) => r.key === 'customer-user') ? ['customer-user'] : [],
  );
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (kind === 'approve' && !roleKeys.length) return setProblem(t('company.roleNeeded'));
    setProblem(undefined);
    setError(undefined);
    setBusy(true);
    try {
      const decided =
        kind === 'approve'
          ? await api.post<AccountRequest>(`/account-requests/${request.id}/approve`, { roleKeys })
          : await api.post<AccountRequest>(
              `/account-requests/${request.id}/reject`,
              note.trim() ? { note: note.trim() } : {},
            );
      props.onDecided(decided);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const conflict = statusOf(error) === 409;
  return (
    <FormDialog
      open
      id="decision"
      title={
        kind === 'approve'
          ? t('requests.approveTitle', { name: request.name })
          : t('requests.rejectTitle', { name: request.name })
      }
      submit={kind === 'approve' ? t('requests.approve') : t('requests.reject')}
      danger={kind === 'reject'}
      busy={busy}
      onClose={props.onClose}
      onSubmit={() => void submit()}
    >
      <DialogContentText>
        {kind === 'approve' ? t('requests.approveText', { email: request.email }) : t('requests.rejectText')}
      </DialogContentText>
      <ErrorNotice error={error} message={conflict ? t('requests.conflict') : undefined} />
      {kind === 'approve' ? (
        <RolePicker roles={props.roles} value={roleKeys} onChange={setRoleKeys} problem={problem} />
      ) : (
        <TextField
          label={t('requests.note')}
          multiline
          minRows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          helperText={t('requests.noteHint')}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
        />
      )}
    </FormDialog>
  );
}

/** One request: who asks, for which company, their message; approve or reject while pending. */
export function RequestCard(props: {
  request: AccountRequest;
  highlight?: boolean;
  onDecide?: (decision: Decision) => void;
  headingLevel?: 'h2' | 'h3';
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const r = props.request;
  const statusChip =
    r.status === 'pending' ? (
      <Chip size="small" color="warning" label={t('requests.status.pending')} />
    ) : r.status === 'approved' ? (
      <Chip size="small" color="success" label={t('requests.status.approved')} />
    ) : (
      <Chip size="small" label={t('requests.status.rejected')} />
    );
  return (
    <Card
      component="article"
      aria-labelledby={`request-${r.id}`}
      sx={{ borderRadius: 3, ...(props.highlight ? { borderColor: 'primary.main', borderWidth: 2 } : {}) }}
    >
      <Box sx={{ p: { xs: 2, sm: 2.5 } }}>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
          <Typography
            id={`request-${r.id}`}
            component={props.headingLevel ?? 'h3'}
            sx={{ fontWeight: 700, fontSize: '1.05rem', flexGrow: 1, minWidth: 0, overflowWrap: 'anywhere' }}
          >
            {r.name}
          </Typography>
          {statusChip}
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'break-word' }}>
          <Email address={r.email} />
        </Typography>
        <Box
          component="dl"
          sx={{
            display: 'grid',
            gridTemplateColumns: 'auto 1fr',
            columnGap: 2,
            rowGap: 0.5,
            my: 1.5,
            '& dt': { color: 'text.secondary', typography: 'body2' },
            '& dd': { m: 0, typography: 'body2', overflowWrap: 'anywhere' },
          }}
        >
          <dt>{t('requests.company')}</dt>
          <dd>{r.company}</dd>
          {r.customerNumber ? (
            <>
              <dt>{t('requests.customerNumber')}</dt>
              <dd>{r.customerNumber}</dd>
            </>
          ) : null}
          {r.language ? (
            <>
              <dt>{t('company.language')}</dt>
              <dd lang={r.language}>{languageName(r.language)}</dd>
            </>
          ) : null}
          <dt>{t('requests.received')}</dt>
          <dd>
            <time dateTime={r.createdAt} title={format.dateTime(r.createdAt)}>
              {format.relative(r.createdAt)}
            </time>
          </dd>
          {r.decidedAt ? (
            <>
              <dt>{t('requests.decided')}</dt>
              <dd>{format.dateTime(r.decidedAt)}</dd>
            </>
          ) : null}
        </Box>
        {r.message ? (
          <Box
            component="blockquote"
            sx={{
              m: 0,
              mb: 1.5,
              pl: 1.5,
              borderLeft: 3,
              borderColor: 'divider',
              whiteSpace: 'pre-wrap',
              typography: 'body2',
            }}
          >
            {r.message}
          </Box>
        ) : null}
        {r.decisionNote ? (
          <Typography variant="body2" sx={{ mb: 1.5 }}>
            {t('requests.noteWas', { note: r.decisionNote })}
          </Typography>
        ) : null}
        {r.status === 'pending' && props.onDecide ? (
          r.organizationId ? (
            <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
              <Button
                variant="contained"
                startIcon={<HowToRegOutlined />}
                onClick={() => props.onDecide?.({ kind: 'approve', request: r })}
              >
                {t('requests.approve')}
              </Button>
              <Button
                variant="outlined"
                color="error"
                onClick={() => props.onDecide?.({ kind: 'reject', request: r })}
              >
                {t('requests.reject')}
              </Button>
            </Box>
          ) : (
            <Alert severity="info">
              {t('requests.noOrganization')}{' '}
              <Link href="/admin/" color="inherit" sx={{ fontWeight: 600 }}>
                {t('user.admin')}
              </Link>
            </Alert>
          )
        ) : null}
      </Box>
    </Card>
  );
}

/** Decides on requests (approve or reject) and says what happened. */
export function useDecisions(roles: Role[], onDecided: (request: AccountRequest) => void) {
  const { t } = useTranslation();
  const [decision, setDecision] = useState<Decision>();
  const [done, setDone] = useState<string>();
  const dialog = decision ? (
    <DecisionDialog
      decision={decision}
      roles={roles}
      onClose={() => setDecision(undefined)}
      onDecided={(r) => {
        setDecision(undefined);
        setDone(
          r.status === 'approved'
            ? t('requests.approved', { name: r.name, email: r.email })
            : t('requests.rejected', { name: r.name }),
        );
        onDecided(r);
      }}
    />
  ) : null;
  const notice = done ? (
    <Alert severity="success" role="status" onClose={() => setDone(undefined)} sx={{ mb: 2 }}>
      {done}
    </Alert>
  ) : null;
  return { decide: setDecision, dialog, notice };
}

/** The company's account requests: pending first; decided ones on request. */
export function AccountRequestsPanel(props: {
  organizationId: string;
  roles: Role[];
  highlight?: string | null;
  onChanged(): void;
}) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const list = useApiData<Page<AccountRequest>>(
    `/account-requests?organizationId=${props.organizationId}&limit=100${all ? '' : '&status=pending'}`,
  );
  const { decide, dialog, notice } = useDecisions(props.roles, () => {
    list.reload();
    props.onChanged();
  });
  const items = list.data?.items ?? [];
  return (
    <Box>
      {notice}
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 1,
          flexWrap: 'wrap',
          mb: 2,
        }}
      >
        <Typography color="text.secondary" variant="body2" sx={{ maxWidth: 640 }}>
          {t('requests.intro')}
        </Typography>
        <FormControlLabel
          control={<Switch checked={all} onChange={(e) => setAll(e.target.checked)} />}
          label={t('requests.showDecided')}
        />
      </Box>
      <ErrorNotice error={list.error} />
      {list.loading && !list.data ? (
        <Box role="status" aria-label={t('loading')} sx={{ display: 'grid', gap: 2 }}>
          <Skeleton variant="rounded" height={160} />
          <Skeleton variant="rounded" height={160} />
        </Box>
      ) : items.length === 0 ? (
        <Box sx={{ textAlign: 'center', py: 6, color: 'text.secondary' }}>
          <InboxOutlined sx={{ fontSize: 48, mb: 1 }} aria-hidden />
          <Typography>{all ? t('requests.none') : t('requests.nonePending')}</Typography>
        </Box>
      ) : (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: {
              xs: '1fr',
              md: 'repeat(2, minmax(0, 1fr))',
              xl: 'repeat(3, minmax(0, 1fr))',
            },
          }}
        >
          {items.map((r) => (
            <RequestCard
              key={r.id}
              request={r}
              onDecide={decide}
              highlight={r.id === props.highlight}
              headingLevel="h2"
            />
          ))}
        </Box>
      )}
      {dialog}
    </Box>
  );
}
