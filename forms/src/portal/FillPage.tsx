import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import CheckOutlined from '@mui/icons-material/CheckOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi, useApiData } from '@portico/core/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { PorticoForm, type UploadedFile } from '../react/index.js';
import type { FormFieldError } from '../shared/types.js';
import { formatDateTime, pick } from './text.js';
import type { Draft, FormVersionView, SubmissionView } from './types.js';

/** How long typing may pause before the draft is saved (ms). */
const autosaveDelay = 1000;

type SaveState =
  { state: 'idle' } | { state: 'saving' } | { state: 'saved'; at: string } | { state: 'failed' };

/** The user's draft of the form: undefined while loading, null when there is none. */
function useDraft(key: string): { draft: Draft | null | undefined; error: unknown } {
  const api = useApi();
  const [state, setState] = useState<{ key: string; draft?: Draft | null; error?: unknown }>({ key });
  useEffect(() => {
    let live = true;
    api.get<Draft>(`/forms/${encodeURIComponent(key)}/my-draft`).then(
      (draft) => live && setState({ key, draft }),
      (error: unknown) =>
        live &&
        setState(error instanceof ApiError && error.status === 404 ? { key, draft: null } : { key, error }),
    );
    return () => {
      live = false;
    };
  }, [api, key]);
  return state.key === key
    ? { draft: state.draft, error: state.error }
    : { draft: undefined, error: undefined };
}

/**
 * forms/:key: fills the published version of a form. The answers are saved as a draft a moment
 * after the user stops typing (and when they leave the page) and restored when they come back;
 * sending validates on the server, whose errors show at their fields; once sent, the user lands
 * on the submission.
 */
export default function FillPage() {
  const { key = '' } = useParams();
  const { t, i18n } = useTranslation('forms');
  const language = i18n.language;
  const api = useApi();
  const navigate = useNavigate();
  const form = useApiData<FormVersionView>(`/forms/${encodeURIComponent(key)}`);
  const { draft, error: draftError } = useDraft(key);
  const [save, setSave] = useState<SaveState>({ state: 'idle' });
  const [sending, setSending] = useState(false);
  const [serverErrors, setServerErrors] = useState<FormFieldError[]>();
  const [sendError, setSendError] = useState<unknown>();
  // One object for the form's life: another one would start the form over.
  const initial = useMemo(() => draft?.data ?? {}, [draft]);

  // The latest answers are kept in a ref: typing must not render this page.
  const latest = useRef<unknown>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const done = useRef(false);
  const saveNow = useCallback(async () => {
    clearTimeout(timer.current);
    timer.current = undefined;
    if (done.current || latest.current === undefined) return;
    const data = latest.current;
    setSave({ state: 'saving' });
    try {
      const saved = await api.put<Draft>(`/forms/${encodeURIComponent(key)}/my-draft`, { data });
      if (!done.current) setSave({ state: 'saved', at: saved.updatedAt });
    } catch {
      if (!done.current) setSave({ state: 'failed' });
    }
  }, [api, key]);
  const onChange = useCallback(
    (data: unknown) => {
      latest.current = data;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void saveNow(), autosaveDelay);
    },
    [saveNow],
  );
  // Leaving the page saves what is not saved yet.
  useEffect(
    () => () => {
      if (timer.current !== undefined) void saveNow();
    },
    [saveNow],
  );

  const onSubmit = useCallback(
    async (data: unknown) => {
      clearTimeout(timer.current);
      setSending(true);
      setSendError(undefined);
      try {
        const sent = await api.post<SubmissionView>(`/forms/${encodeURIComponent(key)}/submissions`, {
          data,
        });
        done.current = true; // the server dropped the draft; no autosave may bring it back
        navigate(`/forms/submissions/${sent.id}?sent=1`);
      } catch (err) {
        if (err instanceof ApiError && err.status === 422 && err.problem.errors?.length)
          setServerErrors(err.problem.errors.map((e) => ({ path: e.path, message: e.message })));
        else setSendError(err);
      } finally {
        setSending(false);
      }
    },
    [api, key, navigate],
  );

  const uploadFile = useCallback(
    (file: File, pointer: string) =>
      api.upload<UploadedFile>(
        'POST',
        `/forms/${encodeURIComponent(key)}/files?${new URLSearchParams({ name: file.name, field: pointer })}`,
        file,
      ),
    [api, key],
  );

  const title = form.data ? pick(form.data.title, language) : '';
  useEffect(() => {
    if (!title) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);

  const back = (
    <Button
      component={Link}
      to="/forms"
      startIcon={<ArrowBackOutlined aria-hidden />}
      sx={{ mb: 1.5, ml: -1 }}
    >
      {t('portal.fill.back')}
    </Button>
  );
  if (form.error?.status === 404)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <Alert severity="info">{t('portal.fill.missing')}</Alert>
      </Box>
    );
  if (form.error || draftError)
    return (
      <Box sx={{ maxWidth: 760, mx: 'auto' }}>
        {back}
        <ProblemAlert error={form.error ?? draftError} />
      </Box>
    );
  if (!form.data || draft === undefined) return <Loading />;

  const description = pick(form.data.description, language);
  return (
    <Box sx={{ maxWidth: 760, mx: 'auto' }}>
      {back}
      <Typography variant="h1" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {description ? (
        <Typography color="text.secondary" sx={{ mb: 2 }}>
          {description}
        </Typography>
      ) : null}
      <Box sx={{ minHeight: '1.5rem', mb: 1 }}>
        <SaveNote save={save} draft={draft} language={language} />
      </Box>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, borderRadius: 3 }}>
        <PorticoForm
          schema={form.data.schema}
          uiSchema={form.data.uiSchema}
          translations={form.data.translations}
          language={language}
          formData={initial}
          onChange={onChange}
          onSubmit={onSubmit}
          serverErrors={serverErrors}
          uploadFile={uploadFile}
          disabled={sending}
          submitLabel={sending ? t('portal.fill.sending') : t('portal.fill.send')}
        />
        {sendError ? <ProblemAlert error={sendError} onClose={() => setSendError(undefined)} /> : null}
      </Paper>
    </Box>
  );
}

/** Where the draft stands, announced politely to screen readers. */
function SaveNote(props: { save: SaveState; draft: Draft | null; language: string }) {
  const { t } = useTranslation('forms');
  const { save, draft, language } = props;
  const text =
    save.state === 'saving'
      ? t('portal.fill.saving')
      : save.state === 'saved'
        ? t('portal.fill.saved', { time: formatDateTime(save.at, language) })
        : save.state === 'failed'
          ? t('portal.fill.saveFailed')
          : draft
            ? t('portal.fill.restored', { time: formatDateTime(draft.updatedAt, language) })
            : '';
  return (
    <Typography
      role="status"
      variant="body2"
      sx={{
        color: save.state === 'failed' ? 'error.main' : 'text.secondary',
        display: 'inline-flex',
        alignItems: 'center',
        gap: 0.5,
      }}
    >
      {save.state === 'saved' ? <CheckOutlined fontSize="small" aria-hidden /> : null}
      {text}
    </Typography>
  );
}
