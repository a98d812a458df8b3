import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { languageName } from '../portal/format.js';
import type { Article, ArticleStatistics } from './types.js';

/**
 * Reads as a table whose rows carry a bar: the numbers are in the table for screen readers and
 * keyboards, the bars (hidden from assistive technology) let the eye compare them.
 */
function ReadsTable(props: {
  caption: string;
  label: string;
  rows: Array<{ key: string; name: string; reads: number }>;
  total: number;
}) {
  const { t, i18n } = useTranslation('news');
  const max = Math.max(1, ...props.rows.map((r) => r.reads));
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
      <Table size="small">
        <caption style={{ captionSide: 'top', textAlign: 'left', padding: '12px 16px', fontWeight: 700 }}>
          {props.caption}
        </caption>
        <TableHead>
          <TableRow>
            <TableCell scope="col">{props.label}</TableCell>
            <TableCell scope="col" align="right">
              {t('admin.statistics.reads')}
            </TableCell>
            <TableCell scope="col" align="right">
              {t('admin.statistics.share')}
            </TableCell>
            <TableCell sx={{ width: '40%' }}>
              <Box
                component="span"
                sx={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}
              >
                {t('admin.statistics.chart')}
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((r) => (
            <TableRow key={r.key}>
              <TableCell component="th" scope="row">
                {r.name}
              </TableCell>
              <TableCell align="right">{r.reads.toLocaleString(i18n.language)}</TableCell>
              <TableCell align="right">{percent.format(props.total ? r.reads / props.total : 0)}</TableCell>
              <TableCell aria-hidden>
                <Box
                  sx={{
                    height: 12,
                    borderRadius: 6,
                    bgcolor: 'primary.main',
                    width: `${(r.reads / max) * 100}%`,
                    minWidth: 4,
                  }}
                />
              </TableCell>
            </TableRow>
          ))}
          {!props.rows.length ? (
            <TableRow>
              <TableCell colSpan={4}>{t('admin.statistics.none')}</TableCell>
            </TableRow>
          ) : null}
        </TableBody>
      </Table>
    </Paper>
  );
}

/** news/:id/statistics: who read the article, by organisation and by language. */
export default function StatisticsPage() {
  const { t, i18n } = useTranslation('news');
  const { id = '' } = useParams();
  const stats = useApiData<ArticleStatistics>(`/news/admin/articles/${id}/statistics`);
  const article = useApiData<Article>(`/news/admin/articles/${id}`);
  const title =
    article.data?.translations.find((v) => v.language === i18n.language)?.title ??
    article.data?.translations.find((v) => v.language === article.data?.defaultLanguage)?.title;
  return (
    <Box sx={{ maxWidth: 1000, mx: 'auto' }}>
      <Button
        component={Link}
        to={`/news/${id}`}
        startIcon={<ArrowBackOutlined aria-hidden />}
        sx={{ ml: -1, mb: 1 }}
      >
        {t('admin.statistics.back')}
      </Button>
      <Typography variant="h1" sx={{ mb: 0.5 }}>
        {t('admin.statistics.title')}
      </Typography>
      {title ? (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {title}
        </Typography>
      ) : null}
      <ProblemAlert error={stats.error} />
      {!stats.data ? (
        stats.loading ? (
          <CircularProgress aria-label={t('admin.loading')} />
        ) : null
      ) : (
        <Stack spacing={2}>
          <Paper variant="outlined" sx={{ p: 2.5 }}>
            <Typography color="text.secondary">{t('admin.statistics.total')}</Typography>
            <Typography variant="h2" component="p" sx={{ fontSize: '2.5rem' }}>
              {stats.data.reads.toLocaleString(i18n.language)}
            </Typography>
          </Paper>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: '3fr 2fr' } }}>
            <ReadsTable
              caption={t('admin.statistics.byOrganization')}
              label={t('admin.statistics.organization')}
              total={stats.data.reads}
              rows={stats.data.byOrganization.map((r) => ({
                key: r.organizationId ?? '-',
                name: r.organizationName ?? t('admin.statistics.unknown'),
                reads: r.reads,
              }))}
            />
            <ReadsTable
              caption={t('admin.statistics.byLanguage')}
              label={t('admin.statistics.language')}
              total={stats.data.reads}
              rows={stats.data.byLanguage.map((r) => ({
                key: r.language,
                name: languageName(r.language, i18n.language),
                reads: r.reads,
              }))}
            />
          </Box>
        </Stack>
      )}
    </Box>
  );
}
