import ArrowForwardOutlined from '@mui/icons-material/ArrowForwardOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActionArea from '@mui/material/CardActionArea';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { pick } from './text.js';
import type { FormSummary } from './types.js';

/** forms: the forms this user may fill, and the way to their submissions. */
export default function FormsPage() {
  const { t, i18n } = useTranslation('forms');
  const list = useApiData<FormSummary[]>('/forms');
  const language = i18n.language;
  // Form builders are given every definition; the portal lists what can be filled.
  const forms = {
    ...list,
    data: list.data?.filter((f) => f.publishedVersion !== null && f.kind !== 'structure'),
  };
  return (
    <Box sx={{ maxWidth: 900, mx: 'auto' }}>
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="h1">{t('portal.list.title')}</Typography>
        <Button component={Link} to="/forms/submissions" startIcon={<HistoryOutlined aria-hidden />}>
          {t('portal.submissions.title')}
        </Button>
      </Stack>
      {forms.error ? (
        <ProblemAlert error={forms.error} />
      ) : !forms.data ? (
        <Loading />
      ) : forms.data.length === 0 ? (
        <Alert severity="info">{t('portal.list.empty')}</Alert>
      ) : (
        <Stack component="ul" spacing={1.5} sx={{ listStyle: 'none', p: 0, m: 0 }}>
          {forms.data.map((f) => (
            <li key={f.key}>
              <Card variant="outlined">
                <CardActionArea component={Link} to={`/forms/${f.key}`}>
                  <CardContent sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
                    <Box sx={{ flex: 1, minWidth: 0 }}>
                      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', mb: 0.5 }}>
                        <Chip size="small" label={t(`portal.kind.${f.kind}`)} />
                      </Stack>
                      <Typography component="h2" variant="h6" sx={{ fontSize: '1.1rem', fontWeight: 600 }}>
                        {pick(f.title, language)}
                      </Typography>
                      {pick(f.description, language) ? (
                        <Typography variant="body2" color="text.secondary">
                          {pick(f.description, language)}
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
