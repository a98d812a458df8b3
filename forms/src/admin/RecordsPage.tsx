import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import { Loading, ProblemAlert, useApiData, useBoot } from '@portico/core/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { localizeForm } from '../shared/translate.js';
import { formatDate, Header, pick } from './parts.js';
import type { StructureRecord, VersionView } from './types.js';
import { useOrganizations, usePages } from './use-pages.js';

const cell = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** structures/:key/records: the records of a structure, by organisation, with a search. */
export default function RecordsPage() {
  const { t, i18n } = useTranslation('forms');
  const boot = useBoot();
  const { key = '' } = useParams();
  const definition = useApiData<VersionView & { indexes?: string[] }>(`/structures/${key}/definition`);
  const orgs = useOrganizations();
  const [organization, setOrganization] = useState('');
  const [q, setQ] = useState('');
  const query = new URLSearchParams();
  if (organization) query.set('organization', organization);
  if (q.trim()) query.set('q', q.trim());
  const qs = query.toString();
  const pages = usePages<StructureRecord>(`/structures/${key}${qs ? `?${qs}` : ''}`);
  // The columns: the indexed fields, else the first five, titled in the reader's language.
  const columns = useMemo(() => {
    const d = definition.data;
    if (!d) return [];
    const local = localizeForm(d.schema, d.uiSchema ?? {}, d.translations, i18n.language).schema;
    const props = (local.properties ?? {}) as Record<string, { title?: string }>;
    const names = d.indexes?.length ? d.indexes : Object.keys(props).slice(0, 5);
    return names.map((n) => ({ name: n, title: props[n]?.title ?? n }));
  }, [definition.data, i18n.language]);
  return (
    <>
      <Header
        title={pick(definition.data?.title, i18n.language, boot.defaultLanguage) || key}
        subtitle={t('admin.records.title')}
        back={{ to: '/structures', label: t('admin.structures.title') }}
      />
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ mb: 2 }}>
        <TextField
          size="small"
          label={t('admin.records.search')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
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
      <ProblemAlert error={definition.error ?? pages.error} />
      {pages.loading && !pages.items ? (
        <Loading />
      ) : !pages.items?.length ? (
        <Alert severity="info">{t('admin.records.empty')}</Alert>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={t('admin.records.title')}>
            <TableHead>
              <TableRow>
                {columns.map((c) => (
                  <TableCell key={c.name}>{c.title}</TableCell>
                ))}
                <TableCell>{t('admin.submissions.organization')}</TableCell>
                <TableCell>{t('admin.list.updated')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pages.items.map((r) => (
                <TableRow key={r.id}>
                  {columns.map((c) => (
                    <TableCell key={c.name}>{cell(r.data[c.name])}</TableCell>
                  ))}
                  <TableCell>
                    {orgs.find((o) => o.id === r.organizationId)?.name ?? r.organizationId}
                  </TableCell>
                  <TableCell>{formatDate(r.updatedAt, i18n.language)}</TableCell>
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
