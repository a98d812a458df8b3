import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApi, useApiData, useBoot, useHasPermission } from '@portico/core/react';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDate, Header, pick, StatusChip } from './parts.js';
import type { SubmissionDetail } from './types.js';
import { useOrganizations } from './use-pages.js';

const ReadOnlyForm = lazy(() => import('./ReadOnlyForm.js'));
const defaultStatuses = ['submitted', 'in-progress', 'done', 'rejected'];

/** forms/submissions/:id: one submission rendered with its own version; staff set its status. */
export default function SubmissionPage() {
  const { t, i18n } = useTranslation('forms');
  const api = useApi();
  const boot = useBoot();
  const { id = '' } = useParams();
  const canManage = useHasPermission('forms.submission.manage');
  const { data, error, reload } = useApiData<SubmissionDetail>(`/forms/submissions/${id}`);
  const [saveError, setSaveError] = useState<unknown>();
  const orgs = useOrganizations();
  if (error) return <ProblemAlert error={error} />;
  if (!data) return <Loading />;
  const setStatus = async (status: string) => {
    setSaveError(undefined);
    try {
      await api.patch(`/forms/submissions/${id}`, { status });
      reload();
    } catch (err) {
      setSaveError(err);
    }
  };
  const statuses = data.statuses?.length ? data.statuses : defaultStatuses;
  return (
    <>
      <Header
        title={
          pick(data.form.title, i18n.language, data.form.defaultLanguage ?? boot.defaultLanguage) ||
          data.formKey
        }
        back={{ to: `/forms/${data.formKey}/submissions`, label: t('admin.submissions.title') }}
        badges={<StatusChip status={data.status} />}
        subtitle={t('admin.submission.meta', {
          when: formatDate(data.createdAt, i18n.language),
          organization: orgs.find((o) => o.id === data.organizationId)?.name ?? data.organizationId ?? '—',
          version: data.version,
        })}
      />
      <ProblemAlert error={saveError} />
      <Stack spacing={2}>
        {canManage ? (
          <TextField
            select
            size="small"
            label={t('admin.submissions.status')}
            value={data.status}
            onChange={(e) => void setStatus(e.target.value)}
            sx={{ maxWidth: 260 }}
          >
            {statuses.map((s) => (
              <MenuItem key={s} value={s}>
                {t(`admin.status.${s}`, { defaultValue: s })}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
        <Paper variant="outlined" sx={{ p: 2, maxWidth: 800 }}>
          <Typography variant="h2" sx={{ fontSize: '1.1rem', mb: 1 }}>
            {t('admin.submission.answers')}
          </Typography>
          <Suspense fallback={<Loading />}>
            <ReadOnlyForm version={data.form} language={i18n.language} data={data.data} />
          </Suspense>
        </Paper>
      </Stack>
    </>
  );
}
