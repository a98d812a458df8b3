import AddOutlined from '@mui/icons-material/AddOutlined';
import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { fieldTitle, formatDateTime, pick, valueText } from './text.js';
import type { Page, StructureDefinition, StructureRecord } from './types.js';

/**
 * records/:key: the records of one structure for the user's company, searchable (?q=, so a
 * search can be shared), each shown by its indexed fields; "New record" for those who may write.
 */
export default function RecordsPage() {
  const { key = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const api = useApi();
  const canWrite = useHasPermission('forms.record.write');
  const definition = useApiData<StructureDefinition>(`/structures/${encodeURIComponent(key)}/definition`);
  const [items, setItems] = useState<StructureRecord[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [search, setSearch] = useState(q);

  const load = useCallback(
    async (after: string | null) => {
      setError(undefined);
      try {
        const query = new URLSearchParams({ limit: '25' });
        if (q) query.set('q', q);
        if (after) query.set('cursor', after);
        const page = await api.get<Page<StructureRecord>>(`/structures/${encodeURIComponent(key)}?${query}`);
        setItems((prev) => (after ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(0, { detail: String(err) }));
      }
    },
    [api, key, q],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  const back = (
    <Button
      component={Link}
      to="/records"
      startIcon={<ArrowBackOutlined aria-hidden />}
      sx={{ mb: 1.5, ml: -1 }}
    >
      {t('portal.structures.title')}
    </Button>
  );
  if (definition.error?.status === 404)
    return (
      <Box sx={{ maxWidth: 900, mx: 'auto' }}>
        {back}
        <Alert severity="info">{t('portal.records.missing')}</Alert>
      </Box>
    );
  const d = definition.data;
  const shown = d
    ? (d.indexes.length ? d.indexes : Object.keys((d.schema.properties as object) ?? {})).slice(0, 4)
    : [];
  return (
    <Box sx={{ maxWidth: 900, mx: 'auto' }}>
      {back}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="h1">{d ? pick(d.title, language) : ''}</Typography>
        {canWrite && d ? (
          <Button
            component={Link}
            to={`/records/${key}/new`}
            variant="contained"
            startIcon={<AddOutlined aria-hidden />}
          >
            {t('portal.records.new')}
          </Button>
        ) : null}
      </Stack>
      <Box
        component="form"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setParams(search ? { q: search } : {}, { replace: true });
        }}
        sx={{ mb: 2 }}
      >
        <TextField
          type="search"
          fullWidth
          size="small"
          label={t('portal.records.search')}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      </Box>
      {definition.error || error ? <ProblemAlert error={definition.error ?? error} /> : null}
      {!d || !items ? (
        definition.error || error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <Alert severity="info">{q ? t('portal.records.noMatch', { q }) : t('portal.records.empty')}</Alert>
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {items.map((r) => (
            <li key={r.id}>
              <Card variant="outlined">
                <CardActionArea component={Link} to={`/records/${key}/${r.id}`}>
                  <CardContent>
                    <Typography component="h2" variant="h6" sx={{ fontSize: '1.05rem', fontWeight: 600 }}>
                      {valueText(r.data[shown[0] ?? ''], language) || t('portal.records.untitled')}
                    </Typography>
                    <Box
                      component="dl"
                      sx={{ m: 0, display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: 1.5 }}
                    >
                      {shown.slice(1).map((field) => (
                        <Box key={field} sx={{ display: 'contents' }}>
                          <Typography component="dt" variant="body2" color="text.secondary">
                            {fieldTitle(d.schema, d.translations, language, field)}
                          </Typography>
                          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
                            {valueText(r.data[field], language)}
                          </Typography>
                        </Box>
                      ))}
                    </Box>
                    <Typography variant="caption" color="text.secondary">
                      {t('portal.records.updated', { time: formatDateTime(r.updatedAt, language) })}
                    </Typography>
                  </CardContent>
                </CardActionArea>
              </Card>
            </li>
          ))}
        </Stack>
      )}
      {cursor ? (
        <Box sx={{ textAlign: 'center', mt: 2 }}>
          <Button variant="outlined" onClick={() => void load(cursor)}>
            {t('portal.submissions.more')}
          </Button>
        </Box>
      ) : null}
    </Box>
  );
}
