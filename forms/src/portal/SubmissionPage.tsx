import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApiData } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PorticoForm } from '../react/index.js';
import { StatusChip } from './StatusChip.js';
import { formatDateTime, pick } from './text.js';
import type { SubmissionDetail } from './types.js';

/**
 * forms/submissions/:id: one submission, read-only, drawn with the version of the form it was
 * filled in (not today's). `?sent=1` (after sending) thanks the user first.
 */
export default function SubmissionPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const submission = useApiData<SubmissionDetail>(valid ? `/forms/submissions/${id}` : null);
  const s = submission.data;
  const back = (
    <Button
      component={Link}
      to="/forms/submissions"
      startIcon={<ArrowBackOutlined aria-hidden />}
      sx={{ mb: 1.5, ml: -1 }}
    >
      {t('portal.submissions.title')}
    </Button>
  );
  if (!valid || submission.error?.status === 404)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <Alert severity="info">{t('portal.submission.missing')}</Alert>
      </Box>
    );
  if (submission.error)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <ProblemAlert error={submission.error} />
      </Box>
    );
  if (!s) return <Loading />;
  const title = pick(s.form.title ?? s.formTitle, language);
  return (
    <Box sx={{ maxWidth: 760, mx: 'auto' }}>
      {back}
      {params.get('sent') ? (
        <Alert severity="success" role="status" sx={{ mb: 2 }}>
          {t('portal.submission.sent', { title })}
        </Alert>
      ) : null}
      <Typography variant="h1" sx={{ mb: 1 }}>
        {title}
      </Typography>
      <Stack direction="row" spacing={1.5} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 2 }}>
        <StatusChip status={s.status} />
        <Typography variant="body2" color="text.secondary">
          {t('portal.submissions.sentAt', { time: formatDateTime(s.createdAt, language) })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('portal.submission.version', { version: s.version })}
        </Typography>
      </Stack>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
        <PorticoForm
          schema={s.form.schema}
          uiSchema={s.form.uiSchema}
          translations={s.form.translations}
          language={language}
          formData={s.data}
          readOnly
        />
      </Paper>
    </Box>
  );
}
