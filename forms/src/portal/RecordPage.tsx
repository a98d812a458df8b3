import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PorticoForm } from '../react/index.js';
import type { FormFieldError } from '../shared/types.js';
import { formatDateTime, pick } from './text.js';
import type { StructureDefinition, StructureRecord } from './types.js';

/**
 * records/:key/:id and records/:key/new: one record of a structure, shown read-only; those who
 * may write edit it in place (Save, Cancel) or delete it; a new record is a form to fill.
 */
export default function RecordPage() {
  const { key = '', id } = useParams();
  const isNew = !id;
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const api = useApi();
  const navigate = useNavigate();
  const canWrite = useHasPermission('forms.record.write');
  const definition = useApiData<StructureDefinition>(`/structures/${encodeURIComponent(key)}/definition`);
  const loaded = useApiData<StructureRecord>(isNew ? null : `/structures/${encodeURIComponent(key)}/${id}`);
  const [saved, setSaved] = useState<StructureRecord>();
  const record = saved ?? loaded.data;
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormFieldError[]>();
  const [error, setError] = useState<unknown>();
  const [confirming, setConfirming] = useState(false);
  const empty = useMemo(() => ({}), []);

  const fail = (err: unknown) => {
    if (err instanceof ApiError && err.status === 422 && err.problem.errors?.length)
      setServerErrors(
        err.problem.errors.map((e) => ({ path: e.path.replace(/^\/data(?=\/)/, ''), message: e.message })),
      );
    else setError(err);
  };
  const onSubmit = useCallback(
    async (data: unknown) => {
      setBusy(true);
      setError(undefined);
      setServerErrors(undefined);
      try {
        if (isNew) {
          const created = await api.post<StructureRecord>(`/structures/${encodeURIComponent(key)}`, { data });
          navigate(`/records/${key}/${created.id}`, { replace: true });
        } else {
          setSaved(await api.put<StructureRecord>(`/structures/${encodeURIComponent(key)}/${id}`, { data }));
          setEditing(false);
        }
      } catch (err) {
        fail(err);
      } finally {
        setBusy(false);
      }
    },
    [api, key, id, isNew, navigate],
  );
  const remove = async () => {
    setBusy(true);
    try {
      await api.delete(`/structures/${encodeURIComponent(key)}/${id}`);
      navigate(`/records/${key}`, { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
      setConfirming(false);
    }
  };

  const back = (
    <Button
      component={Link}
      to={`/records/${key}`}
      startIcon={<ArrowBackOutlined aria-hidden />}
      sx={{ mb: 1.5, ml: -1 }}
    >
      {definition.data ? pick(definition.data.title, language) : t('portal.structures.title')}
    </Button>
  );
  if (definition.error?.status === 404 || loaded.error?.status === 404)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <Alert severity="info">{t('portal.records.missing')}</Alert>
      </Box>
    );
  if (definition.error || loaded.error)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <ProblemAlert error={definition.error ?? loaded.error} />
      </Box>
    );
  const d = definition.data;
  if (!d || (!isNew && !record)) return <Loading />;
  const writing = isNew || editing;
  return (
    <Box sx={{ maxWidth: 760, mx: 'auto' }}>
      {back}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1}
        sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' }, mb: 2 }}
      >
        <Typography variant="h1">{isNew ? t('portal.records.new') : pick(d.title, language)}</Typography>
        {!writing && canWrite ? (
          <Stack direction="row" spacing={1}>
            <Button
              variant="outlined"
              startIcon={<EditOutlined aria-hidden />}
              onClick={() => setEditing(true)}
            >
              {t('portal.records.edit')}
            </Button>
            <Button
              color="error"
              startIcon={<DeleteOutlined aria-hidden />}
              onClick={() => setConfirming(true)}
            >
              {t('portal.records.delete')}
            </Button>
          </Stack>
        ) : null}
      </Stack>
      {record ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {t('portal.records.updated', { time: formatDateTime(record.updatedAt, language) })}
        </Typography>
      ) : null}
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
        <PorticoForm
          key={writing ? 'edit' : 'view'}
          schema={d.schema}
          uiSchema={d.uiSchema}
          translations={d.translations}
          language={language}
          formData={record?.data ?? empty}
          readOnly={!writing}
          onSubmit={onSubmit}
          serverErrors={serverErrors}
          disabled={busy}
        >
          <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
            <Button type="submit" variant="contained" disabled={busy}>
              {t('portal.records.save')}
            </Button>
            <Button
              onClick={() => {
                if (isNew) navigate(`/records/${key}`);
                else {
                  setEditing(false);
                  setServerErrors(undefined);
                }
              }}
            >
              {t('portal.records.cancel')}
            </Button>
          </Stack>
        </PorticoForm>
        {error ? <ProblemAlert error={error} onClose={() => setError(undefined)} /> : null}
      </Paper>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="record-delete-title">
        <DialogTitle id="record-delete-title">{t('portal.records.delete')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('portal.records.deleteConfirm')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('portal.records.cancel')}</Button>
          <Button color="error" variant="contained" onClick={() => void remove()} disabled={busy}>
            {t('portal.records.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
