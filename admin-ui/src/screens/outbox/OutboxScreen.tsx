import Alert from '@mui/material/Alert';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { ProblemAlert } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { MailSummary } from '../../kit/api-types.js';
import { useCursorPages } from '../../kit/cursor-pages.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { FilterBar } from '../../kit/FilterBar.js';
import { breakableEmail, useFormat } from '../../kit/format.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { queryOf, useFilters } from '../../kit/search-params.js';
import { SearchField } from '../../kit/SearchField.js';
import { SelectFilter } from '../../kit/SelectFilter.js';
import { StatusChip } from '../../kit/StatusChip.js';

const statuses = ['queued', 'sent', 'failed', 'stored'] as const;

/** A mail's status with its last error, if any, in a tooltip. */
export function MailStatus(props: { mail: MailSummary }) {
  const { t } = useTranslation();
  const chip = <StatusChip status={props.mail.status} label={t(`outbox.statuses.${props.mail.status}`)} />;
  return props.mail.error ? (
    <Tooltip title={props.mail.error}>
      <span>{chip}</span>
    </Tooltip>
  ) : (
    chip
  );
}

/** Every mail the portal made: kept here without SMTP, else a log of what was sent, waits or failed. */
export default function OutboxScreen() {
  const { t } = useTranslation();
  const format = useFormat();
  const { values, set } = useFilters(['status', 'to'] as const);
  const list = useCursorPages<MailSummary>(`/mail/outbox${queryOf(values)}`);
  const storedOnly = list.items?.length && list.items.every((m) => m.status === 'stored') && !values.status;

  const columns: Column<MailSummary>[] = [
    {
      key: 'subject',
      label: t('outbox.subject'),
      render: (m) => (
        <Link component={RouterLink} to={`/outbox/${m.id}`} underline="hover" sx={{ fontWeight: 600 }}>
          {m.subject}
        </Link>
      ),
    },
    {
      key: 'to',
      label: t('outbox.to'),
      render: (m) => breakableEmail(m.to),
    },
    {
      key: 'template',
      label: t('outbox.template'),
      from: 'lg',
      render: (m) => (
        <Typography variant="body2" component="code" sx={{ fontFamily: 'ui-monospace, monospace' }}>
          {m.template ?? '—'}
          {m.language ? ` (${m.language})` : ''}
        </Typography>
      ),
    },
    {
      key: 'time',
      label: t('outbox.time'),
      from: 'md',
      render: (m) => (
        <span title={format.dateTime(m.createdAt)} style={{ whiteSpace: 'nowrap' }}>
          {format.ago(m.createdAt)}
        </span>
      ),
    },
    { key: 'status', label: t('outbox.status'), render: (m) => <MailStatus mail={m} /> },
  ];

  return (
    <>
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      {storedOnly ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('outbox.noSmtp')}
        </Alert>
      ) : null}
      <FilterBar
        label={t('outbox.filters')}
        search={
          <SearchField label={t('outbox.recipient')} value={values.to} onChange={(to) => set({ to })} />
        }
        active={values.status ? 1 : 0}
      >
        <SelectFilter
          label={t('outbox.status')}
          value={values.status}
          onChange={(status) => set({ status })}
          options={statuses.map((s) => ({ value: s, label: t(`outbox.statuses.${s}`) }))}
        />
      </FilterBar>
      <ProblemAlert error={list.error} />
      <DataList
        label={t('outbox.title')}
        items={list.items}
        loading={list.loading}
        columns={columns}
        rowKey={(m) => m.id}
        to={(m) => `/outbox/${m.id}`}
        paging={list}
        empty={values.to || values.status ? t('outbox.noneMatch') : t('outbox.none')}
        card={(m) => (
          <Stack spacing={0.5}>
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
              <Typography sx={{ fontWeight: 600, minWidth: 0, overflowWrap: 'anywhere' }}>
                {m.subject}
              </Typography>
              <MailStatus mail={m} />
            </Stack>
            <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
              {m.to} · {format.ago(m.createdAt)}
            </Typography>
          </Stack>
        )}
      />
    </>
  );
}
