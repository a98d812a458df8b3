import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { StatusChip } from './StatusChip.js';
import { formatDateTime, pick } from './text.js';
import type { Page, SubmissionView } from './types.js';

/** forms/submissions: what this user has sent, newest first, with each one's status. */
export default function MySubmissionsPage() {
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const api = useApi();
  const [items, setItems] = useState<SubmissionView[]>();
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>();

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true);
      setError(undefined);
      try {
        const query = new URLSearchParams({ mine: 'true', limit: '20' });
        if (after) query.set('cursor', after);
        const page = await api.get<Page<SubmissionView>>(`/forms/submissions?${query}`);
        setItems((prev) => (after ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        setError(err instanceof ApiError ? err : new ApiError(0, { detail: String(err) }));
      } finally {
        setLoading(false);
      }
    },
    [api],
  );
  useEffect(() => {
    void load(null);
  }, [load]);

  return (
    <Box sx={{ maxWidth: 900, mx: 'auto' }}>
      <Button
        component={Link}
        to="/forms"
        startIcon={<ArrowBackOutlined aria-hidden />}
        sx={{ mb: 1.5, ml: -1 }}
      >
        {t('portal.fill.back')}
      </Button>
      <Typography variant="h1" sx={{ mb: 2 }}>
        {t('portal.submissions.title')}
      </Typography>
      {error ? <ProblemAlert error={error} /> : null}
      {!items ? (
        error ? null : (
          <Loading />
        )
      ) : items.length === 0 ? (
        <Alert severity="info">{t('portal.submissions.empty')}</Alert>
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {items.map((s) => (
            <li key={s.id}>
              <Card variant="outlined">
                <CardActionArea component={Link} to={`/forms/submissions/${s.id}`}>
                  <CardContent>
                    <Stack
                      direction="row"
                      spacing={1}
                      sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}
                    >
                      <Box sx={{ minWidth: 0 }}>
                        <Typography component="h2" variant="h6" sx={{ fontSize: '1.05rem', fontWeight: 600 }}>
                          {pick(s.formTitle, language)}
                        </Typography>
                        <Typography variant="body2" color="text.secondary">
                          {t('portal.submissions.sentAt', { time: formatDateTime(s.createdAt, language) })}
                        </Typography>
                      </Box>
                      <StatusChip status={s.status} />
                    </Stack>
                  </CardContent>
                </CardActionArea>
              </Card>
            </li>
          ))}
        </Stack>
      )}
      {cursor ? (
        <Box sx={{ textAlign: 'center', mt: 2 }}>
          <Button variant="outlined" onClick={() => void load(cursor)} disabled={loading}>
            {t('portal.submissions.more')}
          </Button>
        </Box>
      ) : null}
    </Box>
  );
}
