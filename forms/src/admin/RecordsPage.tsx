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
import TableSortLabel from '@mui/material/TableSortLabel';
import TextField from '@mui/material/TextField';
import { Loading, ProblemAlert, useApiData, useBoot } from '@portico/core/react';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { localizeForm } from '../shared/translate.js';
import { formatDate, Header, pick } from './parts.js';
import type { StructureRecord, VersionView } from './types.js';
import { useOrganizations, usePages } from './use-pages.js';

const cell = (v: unknown): string =>
  v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

type FilterKind = 'text' | 'number' | 'date' | 'boolean' | 'choice';

/** How an indexed field is filtered: a range for numbers and dates, a choice for yes/no and lists. */
function filterKind(p: { type?: unknown; format?: unknown; enum?: unknown }): FilterKind {
  if (p.type === 'number' || p.type === 'integer') return 'number';
  if (p.type === 'boolean') return 'boolean';
  if (Array.isArray(p.enum)) return 'choice';
  if (p.format === 'date' || p.format === 'date-time') return 'date';
  return 'text';
}

/** `value` once it has not changed for `ms` (typing in a filter asks the server once, not per key). */
function useSettled<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * structures/:key/records: the records of a structure, by organisation, with a search, filters
 * on the indexed fields (from-to for numbers and dates) and sorting by an indexed column.
 */
export default function RecordsPage() {
  const { t, i18n } = useTranslation('forms');
  const boot = useBoot();
  const { key = '' } = useParams();
  const definition = useApiData<VersionView & { indexes?: string[] }>(`/structures/${key}/definition`);
  const orgs = useOrganizations();
  const [organization, setOrganization] = useState('');
  const [q, setQ] = useState('');
  // Filter parameters as the API takes them: "model", "hours[gte]", "installed[lte]".
  const [filters, setFilters] = useState<Record<string, string>>({});
  const [sort, setSort] = useState('-createdAt');
  const settled = useSettled({ q: q.trim(), filters });
  const query = new URLSearchParams();
  if (organization) query.set('organization', organization);
  if (settled.q) query.set('q', settled.q);
  for (const [name, value] of Object.entries(settled.filters))
    if (value.trim()) query.set(name, value.trim());
  if (sort !== '-createdAt') query.set('sort', sort);
  const qs = query.toString();
  const pages = usePages<StructureRecord>(`/structures/${key}${qs ? `?${qs}` : ''}`);
  // The columns: the indexed fields, else the first five, titled in the reader's language.
  const columns = useMemo(() => {
    const d = definition.data;
    if (!d) return [];
    const local = localizeForm(d.schema, d.uiSchema ?? {}, d.translations, i18n.language);
    const props = (local.schema.properties ?? {}) as Record<
      string,
      { title?: string; type?: unknown; format?: unknown; enum?: unknown[] }
    >;
    const indexed = new Set(d.indexes ?? []);
    const names = indexed.size ? [...indexed] : Object.keys(props).slice(0, 5);
    return names.map((n) => {
      const p = props[n] ?? {};
      const enumNames = (local.uiSchema[n] as { 'ui:enumNames'?: string[] } | undefined)?.['ui:enumNames'];
      return {
        name: n,
        title: p.title ?? n,
        indexed: indexed.has(n),
        kind: filterKind(p),
        options: (p.enum ?? []).map((v, i) => ({ value: String(v), label: enumNames?.[i] ?? String(v) })),
      };
    });
  }, [definition.data, i18n.language]);
  const setFilter = (name: string, value: string) => setFilters((f) => ({ ...f, [name]: value }));
  const sortBy = (field: string) =>
    setSort((s) =>
      s === field ? `-${field}` : s === `-${field}` ? field : field === 'updatedAt' ? '-updatedAt' : field,
    );
  const sortLabel = (field: string, label: string) => (
    <TableSortLabel
      active={sort === field || sort === `-${field}`}
      direction={sort === `-${field}` ? 'desc' : 'asc'}
      onClick={() => sortBy(field)}
    >
      {label}
    </TableSortLabel>
  );
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
      {columns.some((c) => c.indexed) ? (
        <Stack
          direction="row"
          spacing={2}
          useFlexGap
          role="group"
          aria-label={t('admin.records.filters')}
          sx={{ mb: 2, flexWrap: 'wrap' }}
        >
          {columns
            .filter((c) => c.indexed)
            .map((c) =>
              c.kind === 'number' || c.kind === 'date' ? (
                <Stack key={c.name} direction="row" spacing={1}>
                  {(['gte', 'lte'] as const).map((op) => (
                    <TextField
                      key={op}
                      size="small"
                      type={c.kind === 'date' ? 'date' : 'number'}
                      label={t(`admin.records.${op === 'gte' ? 'from' : 'to'}`, { field: c.title })}
                      value={filters[`${c.name}[${op}]`] ?? ''}
                      onChange={(e) => setFilter(`${c.name}[${op}]`, e.target.value)}
                      slotProps={{ inputLabel: { shrink: true } }}
                      sx={{ width: 150 }}
                    />
                  ))}
                </Stack>
              ) : c.kind === 'text' ? (
                <TextField
                  key={c.name}
                  size="small"
                  label={c.title}
                  value={filters[c.name] ?? ''}
                  onChange={(e) => setFilter(c.name, e.target.value)}
                  helperText={t('admin.records.exact')}
                  sx={{ width: 200 }}
                />
              ) : (
                <TextField
                  key={c.name}
                  select
                  size="small"
                  label={c.title}
                  value={filters[c.name] ?? ''}
                  onChange={(e) => setFilter(c.name, e.target.value)}
                  sx={{ minWidth: 160 }}
                >
                  <MenuItem value="">{t('admin.submissions.all')}</MenuItem>
                  {(c.kind === 'boolean'
                    ? [
                        { value: 'true', label: t('admin.records.yes') },
                        { value: 'false', label: t('admin.records.no') },
                      ]
                    : c.options
                  ).map((o) => (
                    <MenuItem key={o.value} value={o.value}>
                      {o.label}
                    </MenuItem>
                  ))}
                </TextField>
              ),
            )}
        </Stack>
      ) : null}
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
                  <TableCell key={c.name}>{c.indexed ? sortLabel(c.name, c.title) : c.title}</TableCell>
                ))}
                <TableCell>{t('admin.submissions.organization')}</TableCell>
                <TableCell>{sortLabel('updatedAt', t('admin.list.updated'))}</TableCell>
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
