import PublishOutlined from '@mui/icons-material/PublishOutlined';
import SaveOutlined from '@mui/icons-material/SaveOutlined';
import TuneOutlined from '@mui/icons-material/TuneOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import {
  diffVersions,
  FormBuilder,
  VersionDiffView,
  type FormDocument,
  type ModelProblem,
  type VersionDiff,
} from '../react/builder/index.js';
import { useLeaveGuard } from './leave-guard.js';
import { SettingsDialog } from './SettingsDialog.js';
import { Header, pick, StatusChip } from './parts.js';
import type { Definition, VersionView } from './types.js';

type SaveState = 'saved' | 'unsaved' | 'saving' | 'error';

/** Loads the draft, or starts one from the published version when there is none. */
function useDraft(key: string) {
  const api = useApi();
  const [state, setState] = useState<{
    draft?: VersionView;
    published?: VersionView | null;
    error?: unknown;
  }>({});
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    (async () => {
      const published = await api.get<VersionView>(`/forms/${key}`).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      });
      const draft = await api.get<VersionView>(`/forms/${key}/draft`).catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404 && published)
          return { ...published, status: 'draft' as const };
        throw err;
      });
      if (live) setState({ draft, published });
    })().catch((error: unknown) => live && setState({ error }));
    return () => {
      live = false;
    };
  }, [api, key, version]);
  return { ...state, reload: () => setVersion((v) => v + 1) };
}

/** forms/:key: the builder on the definition's draft; saves as the admin works, publishes with a diff. */
export default function BuilderPage() {
  const { t, i18n } = useTranslation('forms');
  const api = useApi();
  const boot = useBoot();
  const { key = '' } = useParams();
  const loaded = useDraft(key);
  const definition = useApiData<Definition>(`/forms/${key}/definition`);
  const summary = definition.data;
  const [doc, setDoc] = useState<FormDocument>();
  const [problems, setProblems] = useState<ModelProblem[]>([]);
  const [save, setSave] = useState<SaveState>('saved');
  const [error, setError] = useState<unknown>();
  const [publishing, setPublishing] = useState<{ diff: VersionDiff; first: boolean } | null>(null);
  const [notice, setNotice] = useState<string>();
  const [settings, setSettings] = useState(false);
  const pending = useRef<FormDocument | undefined>(undefined);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const defaultLanguage = loaded.draft?.defaultLanguage ?? boot.defaultLanguage;
  const languages = useMemo(
    () => [defaultLanguage, ...boot.languages.filter((l) => l !== defaultLanguage)],
    [boot.languages, defaultLanguage],
  );
  const initial = useMemo<Partial<FormDocument> | undefined>(
    () =>
      loaded.draft
        ? {
            schema: loaded.draft.schema,
            uiSchema: loaded.draft.uiSchema ?? {},
            translations: loaded.draft.translations ?? {},
          }
        : undefined,
    [loaded.draft],
  );

  const store = useCallback(
    async (next: FormDocument): Promise<boolean> => {
      setSave('saving');
      setError(undefined);
      try {
        await api.put(`/forms/${key}/draft`, { ...next, defaultLanguage });
        if (pending.current === next) {
          pending.current = undefined;
          setSave('saved');
        }
        return true;
      } catch (err) {
        setError(err);
        setSave('error');
        return false;
      }
    },
    [api, key, defaultLanguage],
  );

  const onChange = useCallback(
    (next: FormDocument, found: ModelProblem[]) => {
      setDoc(next);
      setProblems(found);
      setNotice(undefined);
      pending.current = next;
      setSave('unsaved');
      clearTimeout(timer.current);
      // Saved a moment after the last edit, unless something must be fixed first.
      if (!found.length) timer.current = setTimeout(() => void store(next), 1500);
    },
    [store],
  );
  useEffect(() => () => clearTimeout(timer.current), []);

  useLeaveGuard(save !== 'saved');

  const saveNow = async () => {
    clearTimeout(timer.current);
    const next = pending.current ?? doc;
    if (!next) return true;
    pending.current = next;
    return store(next);
  };

  const openPublish = async () => {
    if (!(await saveNow())) return;
    const current = doc ?? initial;
    if (!current) return;
    const published = await api.get<VersionView>(`/forms/${key}`).catch(() => null);
    setPublishing({ diff: diffVersions(published ?? undefined, current), first: !published });
  };
  const publish = async () => {
    try {
      const v = await api.post<VersionView>(`/forms/${key}/publish`);
      setPublishing(null);
      setNotice(t('admin.builder.published', { version: v.version }));
      loaded.reload();
      definition.reload();
    } catch (err) {
      setError(err);
      setPublishing(null);
    }
  };

  if (loaded.error) return <ProblemAlert error={loaded.error} />;
  if (!initial) return <Loading />;
  const title = pick(summary?.title ?? loaded.draft?.title, i18n.language, boot.defaultLanguage) || key;
  const isStructure = (summary?.kind ?? loaded.draft?.kind) === 'structure';
  return (
    <>
      <Header
        title={title}
        back={{
          to: isStructure ? '/structures' : '/forms',
          label: isStructure ? t('admin.structures.title') : t('admin.list.title'),
        }}
        badges={
          summary ? (
            <>
              <StatusChip status={summary.status} />
              {summary.status !== 'draft' && (summary.hasDraft || save !== 'saved') ? (
                <StatusChip status="draft" />
              ) : null}
            </>
          ) : null
        }
        subtitle={
          <Stack direction="row" spacing={2} component="span">
            <span role="status" aria-live="polite" data-save-state={save}>
              {t(`admin.builder.save.${save}`)}
            </span>
            <Link component={RouterLink} to={`/forms/${key}/versions`}>
              {t('admin.list.versions')}
            </Link>
            {isStructure ? (
              <Link component={RouterLink} to={`/structures/${key}/records`}>
                {t('admin.list.records')}
              </Link>
            ) : (
              <>
                <Link component={RouterLink} to={`/forms/${key}/submissions`}>
                  {t('admin.list.submissions')}
                </Link>
                <Link component={RouterLink} to={`/forms/${key}/routines`}>
                  {t('admin.list.routines')}
                </Link>
              </>
            )}
          </Stack>
        }
        actions={
          <>
            <Button startIcon={<TuneOutlined />} onClick={() => setSettings(true)} disabled={!summary}>
              {t('admin.settings.open')}
            </Button>
            <Button
              startIcon={<SaveOutlined />}
              onClick={() => void saveNow()}
              disabled={save === 'saved' || save === 'saving' || problems.length > 0}
            >
              {t('admin.builder.saveNow')}
            </Button>
            <Button
              variant="contained"
              startIcon={<PublishOutlined />}
              onClick={() => void openPublish()}
              disabled={problems.length > 0}
            >
              {t('admin.builder.publish')}
            </Button>
          </>
        }
      />
      <ProblemAlert error={error} onClose={() => setError(undefined)} />
      {notice ? (
        <Alert severity="success" onClose={() => setNotice(undefined)} sx={{ mb: 2 }}>
          {notice}
        </Alert>
      ) : null}
      <FormBuilder
        value={initial}
        onChange={onChange}
        languages={languages}
        defaultLanguage={defaultLanguage}
        kind={summary?.kind ?? loaded.draft?.kind ?? 'form'}
      />
      {settings && summary ? (
        <SettingsDialog
          definition={summary}
          onClose={() => setSettings(false)}
          onSaved={() => {
            setSettings(false);
            setNotice(t('admin.settings.saved'));
            definition.reload();
          }}
        />
      ) : null}
      {publishing ? (
        <Dialog open onClose={() => setPublishing(null)} fullWidth maxWidth="md">
          <DialogTitle>{t('admin.builder.publishTitle', { title })}</DialogTitle>
          <DialogContent>
            <Typography sx={{ mb: 2 }}>{t('admin.builder.publishIntro')}</Typography>
            <VersionDiffView diff={publishing.diff} first={publishing.first} />
          </DialogContent>
          <DialogActions>
            <Button onClick={() => setPublishing(null)}>{t('builder.cancel')}</Button>
            <Button
              variant="contained"
              onClick={() => void publish()}
              disabled={publishing.diff.same && !publishing.first}
            >
              {t('admin.builder.publishConfirm')}
            </Button>
          </DialogActions>
        </Dialog>
      ) : null}
    </>
  );
}
