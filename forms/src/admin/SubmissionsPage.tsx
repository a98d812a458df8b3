import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { Loading, ProblemAlert, useApiData, useBoot, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import { formatDate, Header, pick, StatusChip } from './parts.js';
import type { Definition, Submission } from './types.js';
import { useOrganizations, usePages } from './use-pages.js';

const defaultStatuses = ['submitted', 'in-progress', 'done', 'rejected'];

/** forms/:key/submissions: filter by status and organisation, open one, download all as CSV. */
export default function SubmissionsPage() {
  const { t, i18n } = useTranslation('forms');
  const { key = '' } = useParams();
  const boot = useBoot();
  const canExport = useHasPermission('forms.submission.manage');
  const [status, setStatus] = useState('');
  const [organization, setOrganization] = useState('');
  const orgs = useOrganizations();
  const query = new URLSearchParams();
  if (status) query.set('status', status);
  if (organization) query.set('organization', organization);
  const q = query.toString();
  const pages = usePages<Submission>(`/forms/${key}/submissions${q ? `?${q}` : ''}`);
  const definition = useApiData<Definition>(`/forms/${key}/definition`);
  const statuses = definition.data?.statuses ?? defaultStatuses;
  const orgName = (id: string | null) => (id ? (orgs.find((o) => o.id === id)?.name ?? id) : '—');
  return (
    <>
      <Header
        title={t('admin.submissions.title')}
        subtitle={pick(definition.data?.title, i18n.language, boot.defaultLanguage) || key}
        back={{ to: `/forms/${key}`, label: t('admin.versions.back') }}
        actions={
          canExport ? (
            <Button
              component="a"
              href={`/api/v1/forms/${key}/submissions.csv`}
              download
              startIcon={<DownloadOutlined />}
            >
              {t('admin.submissions.csv')}
            </Button>
          ) : null
        }
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          select
          size="small"
          label={t('admin.submissions.status')}
          value={status}
          onChange={(e) => setStatus(e.target.value)}
          sx={{ minWidth: 180 }}
        >
          <MenuItem value="">{t('admin.submissions.all')}</MenuItem>
          {statuses.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`admin.status.${s}`, { defaultValue: s })}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          select
          size="small"
          label={t('admin.submissions.organization')}
          value={organization}
          onChange={(e) => setOrganization(e.target.value)}
          sx={{ minWidth: 220 }}
        >
          <MenuItem value="">{t('admin.submissions.all')}</MenuItem>
          {orgs.map((o) => (
            <MenuItem key={o.id} value={o.id}>
              {o.name}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <ProblemAlert error={pages.error} />
      {pages.loading && !pages.items ? (
        <Loading />
      ) : !pages.items?.length ? (
        <Alert severity="info">{t('admin.submissions.empty')}</Alert>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={t('admin.submissions.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('admin.submissions.received')}</TableCell>
                <TableCell>{t('admin.submissions.organization')}</TableCell>
                <TableCell>{t('admin.submissions.status')}</TableCell>
                <TableCell>{t('admin.list.version')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pages.items.map((s) => (
                <TableRow key={s.id} data-submission={s.id}>
                  <TableCell>
                    <Link component={RouterLink} to={`/forms/submissions/${s.id}`}>
                      {formatDate(s.createdAt, i18n.language)}
                    </Link>
                  </TableCell>
                  <TableCell>{orgName(s.organizationId)}</TableCell>
                  <TableCell>
                    <StatusChip status={s.status} />
                  </TableCell>
                  <TableCell>{s.version}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 2 }}>
        <Button onClick={pages.previous} disabled={!pages.hasPrevious}>
          {t('admin.previous')}
        </Button>
        <Button onClick={pages.next} disabled={!pages.hasNext}>
          {t('admin.next')}
        </Button>
      </Stack>
    </>
  );
}
