import ArrowForwardOutlined from '@mui/icons-material/ArrowForwardOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pick } from './text.js';
import type { StructureSummary } from './types.js';

/** records: the structures (admin-defined collections) this user's company keeps records in. */
export default function StructuresPage() {
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const structures = useApiData<StructureSummary[]>('/structures');
  return (
    <Box sx={{ maxWidth: 900, mx: 'auto' }}>
      <Typography variant="h1" sx={{ mb: 1 }}>
        {t('portal.structures.title')}
      </Typography>
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('portal.structures.intro')}
      </Typography>
      {structures.error ? (
        <ProblemAlert error={structures.error} />
      ) : !structures.data ? (
        <Loading />
      ) : structures.data.length === 0 ? (
        <Alert severity="info">{t('portal.structures.empty')}</Alert>
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {structures.data.map((s) => (
            <li key={s.key}>
              <Card variant="outlined">
                <CardActionArea component={Link} to={`/records/${s.key}`}>
                  <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
                    <Box sx={{ flex: 1, minWidth: 0 }}>
                      <Typography component="h2" variant="h6" sx={{ fontSize: '1.1rem', fontWeight: 600 }}>
                        {pick(s.title, language)}
                      </Typography>
                      {pick(s.description, language) ? (
                        <Typography variant="body2" color="text.secondary">
                          {pick(s.description, language)}
                        </Typography>
                      ) : null}
                    </Box>
                    <ArrowForwardOutlined aria-hidden color="action" />
                  </CardContent>
                </CardActionArea>
              </Card>
            </li>
          ))}
        </Stack>
      )}
    </Box>
  );
}
