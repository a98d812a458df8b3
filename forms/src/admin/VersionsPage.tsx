import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApiData } from '@portico/core/react';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { diffVersions, VersionDiffView } from '../react/builder/index.js';
import { formatDate, Header, StatusChip } from './parts.js';
import type { VersionView } from './types.js';

const ReadOnlyForm = lazy(() => import('./ReadOnlyForm.js'));

/** forms/:key/versions: every version, and one of them with what it changed against the one before. */
export default function VersionsPage() {
  const { t, i18n } = useTranslation('forms');
  const { key = '' } = useParams();
  const { data, error, loading } = useApiData<VersionView[] | { items: VersionView[] }>(
    `/forms/${key}/versions`,
  );
  const versions = useMemo(
    () => [...(Array.isArray(data) ? data : (data?.items ?? []))].sort((a, b) => b.version - a.version),
    [data],
  );
  const [shown, setShown] = useState<number | null>(null);
  const one = useApiData<VersionView>(shown === null ? null : `/forms/${key}/versions/${shown}`);
  const previous = useApiData<VersionView>(
    shown !== null && shown > 1 ? `/forms/${key}/versions/${shown - 1}` : null,
  );
  const diff = useMemo(
    () =>
      one.data && (shown === 1 || previous.data)
        ? diffVersions(shown === 1 ? undefined : previous.data, one.data)
        : undefined,
    [one.data, previous.data, shown],
  );
  return (
    <>
      <Header
        title={t('admin.versions.title')}
        back={{ to: `/forms/${key}`, label: t('admin.versions.back') }}
      />
      <ProblemAlert error={error ?? one.error} />
      {loading && !data ? (
        <Loading />
      ) : !versions.length ? (
        <Alert severity="info">{t('admin.versions.empty')}</Alert>
      ) : (
        <TableContainer>
          <Table size="small" aria-label={t('admin.versions.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('admin.list.version')}</TableCell>
                <TableCell>{t('admin.list.status')}</TableCell>
                <TableCell>{t('admin.versions.publishedAt')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {versions.map((v) => (
                <TableRow key={v.version} selected={shown === v.version}>
                  <TableCell>{v.version}</TableCell>
                  <TableCell>{v.status ? <StatusChip status={v.status} /> : null}</TableCell>
                  <TableCell>{formatDate(v.publishedAt, i18n.language)}</TableCell>
                  <TableCell>
                    <Button size="small" onClick={() => setShown(v.version)}>
                      {t('admin.versions.show', { version: v.version })}
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {one.data ? (
        <Stack
          spacing={2}
          sx={{ mt: 3, display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}
        >
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Typography variant="h2" sx={{ fontSize: '1.1rem', mb: 1 }}>
              {t('admin.versions.changes', { version: one.data.version })}
            </Typography>
            {diff ? <VersionDiffView diff={diff} first={shown === 1} /> : <Loading />}
          </Paper>
          <Paper variant="outlined" sx={{ p: 2 }}>
            <Suspense fallback={<Loading />}>
              <ReadOnlyForm version={one.data} language={i18n.language} data={{}} />
            </Suspense>
          </Paper>
        </Stack>
      ) : null}
    </>
  );
}
