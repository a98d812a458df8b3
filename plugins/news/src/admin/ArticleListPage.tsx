import AddOutlined from '@mui/icons-material/AddOutlined';
import PushPinOutlined from '@mui/icons-material/PushPinOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { ApiError, ProblemAlert, useApi } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { formatDate, languageName } from '../portal/format.js';
import { statusColor, type Article, type ArticleStatus, type Audience, type Page } from './types.js';

const statuses: ArticleStatus[] = ['draft', 'scheduled', 'published', 'unpublished'];

function titleOf(a: Article, language: string): string {
  return (
    a.translations.find((v) => v.language === language)?.title ??
    a.translations.find((v) => v.language === a.defaultLanguage)?.title ??
    ''
  );
}

/** "Everyone", or what the audience names, shortly. */
function useAudienceText() {
  const { t } = useTranslation('news');
  return (audience: Audience) => {
    const parts = (['groups', 'organizations', 'roles', 'languages'] as const)
      .filter((k) => audience[k]?.length)
      .map((k) => t(`admin.audience.count.${k}`, { count: audience[k]!.length }));
    return parts.length ? parts.join(' · ') : t('admin.audience.short');
  };
}

/** When the article shows (or showed, or will show). */
function whenOf(a: Article, language: string): string {
  const at = a.status === 'draft' ? a.updatedAt : (a.publishAt ?? a.updatedAt);
  return formatDate(at, language);
}

/** The editors' list of articles: newest first, filtered by status, tag and pinned; "Load more" pages on. */
export default function ArticleListPage() {
  const { t, i18n } = useTranslation('news');
  const api = useApi();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const audienceText = useAudienceText();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const tag = params.get('tag') ?? '';
  const pinned = params.get('pinned') ?? '';
  const [tagInput, setTagInput] = useState(tag);
  const [items, setItems] = useState<Article[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(undefined);
      const q = new URLSearchParams({ limit: '25' });
      if (status) q.set('status', status);
      if (tag) q.set('tag', tag);
      if (pinned) q.set('pinned', pinned);
      if (after) q.set('cursor', after);
      try {
        const page = await api.get<Page<Article>>(`/news/admin/articles?${q}`);
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(0, { detail: String(err) }));
      } finally {
        setLoading(false);
      }
    },
    [api, status, tag, pinned],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  const languagesOf = (a: Article) =>
    a.translations.map((v) => languageName(v.language, i18n.language)).join(', ');

  return (
    <Box sx={{ maxWidth: 1400, mx: 'auto' }}>
      <Stack
        direction="row"
        sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2, gap: 2, flexWrap: 'wrap' }}
      >
        <Typography variant="h1">{t('admin.list.title')}</Typography>
        <Button
          component={RouterLink}
          to="/news/new"
          variant="contained"
          startIcon={<AddOutlined aria-hidden />}
        >
          {t('admin.newArticle')}
        </Button>
      </Stack>
      <Box
        component="form"
        role="search"
        aria-label={t('admin.list.filters')}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter('tag', tagInput.trim());
        }}
        sx={{
          display: 'grid',
          gap: 1.5,
          gridTemplateColumns: { xs: '1fr', sm: 'repeat(3, minmax(0, 220px))' },
          mb: 2,
        }}
      >
        <TextField
          select
          margin="none"
          size="small"
          label={t('admin.list.status')}
          value={status}
          onChange={(e) => setFilter('status', e.target.value)}
        >
          <MenuItem value="">{t('admin.list.any')}</MenuItem>
          {statuses.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`admin.status.${s}`)}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          margin="none"
          size="small"
          label={t('admin.list.tag')}
          value={tagInput}
          onChange={(e) => setTagInput(e.target.value)}
          onBlur={() => setFilter('tag', tagInput.trim())}
        />
        <TextField
          select
          margin="none"
          size="small"
          label={t('admin.list.pinned')}
          value={pinned}
          onChange={(e) => setFilter('pinned', e.target.value)}
        >
          <MenuItem value="">{t('admin.list.any')}</MenuItem>
          <MenuItem value="true">{t('admin.list.onlyPinned')}</MenuItem>
          <MenuItem value="false">{t('admin.list.notPinned')}</MenuItem>
        </TextField>
      </Box>
      <ProblemAlert error={error} />
      {wide ? (
        <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
          <Table>
            <TableHead>
              <TableRow>
                <TableCell scope="col">{t('admin.list.article')}</TableCell>
                <TableCell scope="col">{t('admin.list.status')}</TableCell>
                <TableCell scope="col">{t('admin.list.when')}</TableCell>
                <TableCell scope="col">{t('admin.list.languages')}</TableCell>
                <TableCell scope="col">{t('admin.audience.title')}</TableCell>
                <TableCell scope="col">{t('admin.tags')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((a) => (
                <TableRow key={a.id} hover>
                  <TableCell component="th" scope="row" sx={{ maxWidth: 380 }}>
                    <Stack direction="row" spacing={1} sx={{ alignItems: 'center' }}>
                      {a.pinned ? (
                        <PushPinOutlined fontSize="small" color="primary" aria-label={t('feed.pinned')} />
                      ) : null}
                      <Link component={RouterLink} to={`/news/${a.id}`} sx={{ fontWeight: 600 }}>
                        {titleOf(a, i18n.language) || t('admin.untitled')}
                      </Link>
                    </Stack>
                  </TableCell>
                  <TableCell>
                    <Chip size="small" color={statusColor[a.status]} label={t(`admin.status.${a.status}`)} />
                  </TableCell>
                  <TableCell>{whenOf(a, i18n.language)}</TableCell>
                  <TableCell>{languagesOf(a)}</TableCell>
                  <TableCell>{audienceText(a.audience)}</TableCell>
                  <TableCell>{a.tags.map((x) => `#${x}`).join(' ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Paper>
      ) : (
        <Stack spacing={1.5}>
          {items.map((a) => (
            <Card key={a.id} component="article">
              <CardActionArea component={RouterLink} to={`/news/${a.id}`}>
                <CardContent>
                  <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
                    <Chip size="small" color={statusColor[a.status]} label={t(`admin.status.${a.status}`)} />
                    {a.pinned ? (
                      <PushPinOutlined fontSize="small" color="primary" aria-label={t('feed.pinned')} />
                    ) : null}
                    <Typography variant="body2" color="text.secondary">
                      {whenOf(a, i18n.language)}
                    </Typography>
                  </Stack>
                  <Typography variant="h2" sx={{ fontSize: '1.05rem' }}>
                    {titleOf(a, i18n.language) || t('admin.untitled')}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {languagesOf(a)} · {audienceText(a.audience)}
                  </Typography>
                </CardContent>
              </CardActionArea>
            </Card>
          ))}
        </Stack>
      )}
      {!loading && !error && !items.length ? (
        <Typography color="text.secondary" sx={{ py: 3 }}>
          {status || tag || pinned ? t('admin.list.noMatch') : t('admin.list.empty')}
        </Typography>
      ) : null}
      <Box sx={{ display: 'flex', justifyContent: 'center', py: 2 }} aria-live="polite">
        {loading ? (
          <CircularProgress size={28} aria-label={t('admin.loading')} />
        ) : cursor ? (
          <Button variant="outlined" onClick={() => void load(cursor)}>
            {t('feed.more')}
          </Button>
        ) : null}
      </Box>
    </Box>
  );
}
