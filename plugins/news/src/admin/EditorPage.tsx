import AddOutlined from '@mui/icons-material/AddOutlined';
import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import BarChartOutlined from '@mui/icons-material/BarChartOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import PreviewOutlined from '@mui/icons-material/PreviewOutlined';
import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Radio from '@mui/material/Radio';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import {
  ApiError,
  ProblemAlert,
  useApi,
  useApiData,
  useBoot,
  useHasPermission,
  useSession,
} from '@portico/core/react';
import { lazy, Suspense, useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { formatDate, languageName } from '../portal/format.js';
import { ArticleFiles } from './ArticleFiles.js';
import { AudiencePicker } from './AudiencePicker.js';
import { PreviewDialog } from './PreviewDialog.js';
import { fromZonedInput, toZonedInput, zoneName } from './time-zone.js';
import {
  statusColor,
  type Article,
  type Attachment,
  type Audience,
  type TagCount,
  type Translation,
} from './types.js';

// tiptap is loaded only when a body is edited: never part of the admin app's first load.
const RichTextEditor = lazy(() => import('./RichTextEditor.js'));

interface Draft {
  defaultLanguage: string;
  pinned: boolean;
  tags: string[];
  audience: Audience;
  /** datetime-local value in the editor's time zone; '' for never. */
  unpublishAt: string;
  imageFileId: string | null;
  translations: Translation[];
}

const emptyVersion = (language: string): Translation => ({
  language,
  title: '',
  lead: '',
  bodyHtml: '',
  imageAlt: '',
});
const isEmpty = (v: Translation) =>
  !v.title.trim() && !v.lead.trim() && !v.bodyHtml.trim() && !v.imageAlt.trim();

function draftOf(a: Article, timeZone: string | undefined): Draft {
  return {
    defaultLanguage: a.defaultLanguage,
    pinned: a.pinned,
    tags: a.tags,
    audience: a.audience,
    unpublishAt: toZonedInput(a.unpublishAt, timeZone),
    imageFileId: a.imageFileId,
    translations: a.translations,
  };
}

function Section(props: { title: string; children: ReactNode; id?: string }) {
  const id = useId();
  return (
    <Paper component="section" aria-labelledby={id} variant="outlined" sx={{ p: { xs: 2, sm: 2.5 } }}>
      <Typography id={id} variant="h2" sx={{ fontSize: '1.15rem', mb: 1.5 }}>
        {props.title}
      </Typography>
      {props.children}
    </Paper>
  );
}

/** One language version: title, lead, body, and the picture's text alternative in that language. */
function VersionFields(props: {
  version: Translation;
  index: number;
  errors: Record<string, string>;
  isDefault: boolean;
  canRemove: boolean;
  onChange(next: Translation): void;
  onDefault(): void;
  onRemove(): void;
  headingLevel: 'h3' | null;
}) {
  const { t, i18n } = useTranslation('news');
  const { version: v, index: i, errors } = props;
  const bodyLabel = useId();
  const err = (field: string) => errors[`/translations/${i}/${field}`];
  const set = (field: keyof Translation) => (e: { target: { value: string } }) =>
    props.onChange({ ...v, [field]: e.target.value });
  const name = languageName(v.language, i18n.language);
  return (
    <Stack spacing={0.5} lang={v.language}>
      {props.headingLevel ? (
        <Typography variant="h3" component="h3" sx={{ fontSize: '1.05rem' }}>
          {name}
        </Typography>
      ) : null}
      <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <FormControlLabel
          control={<Radio checked={props.isDefault} onChange={props.onDefault} />}
          label={t('admin.version.default')}
        />
        {props.canRemove ? (
          <Button size="small" color="error" onClick={props.onRemove}>
            {t('admin.version.remove', { language: name })}
          </Button>
        ) : null}
      </Stack>
      <TextField
        label={t('admin.version.title')}
        value={v.title}
        onChange={set('title')}
        error={!!err('title')}
        helperText={err('title')}
        slotProps={{ htmlInput: { maxLength: 200 } }}
        margin="dense"
      />
      <TextField
        label={t('admin.version.lead')}
        value={v.lead}
        onChange={set('lead')}
        multiline
        minRows={2}
        error={!!err('lead')}
        helperText={err('lead') ?? t('admin.version.leadHelp')}
        slotProps={{ htmlInput: { maxLength: 1000 } }}
        margin="dense"
      />
      <Typography id={bodyLabel} variant="body2" color="text.secondary" sx={{ pt: 1 }}>
        {t('admin.version.body')}
      </Typography>
      <Suspense fallback={<CircularProgress size={24} aria-label={t('admin.loading')} />}>
        <RichTextEditor
          value={v.bodyHtml}
          onChange={(bodyHtml) => props.onChange({ ...v, bodyHtml })}
          labelledBy={bodyLabel}
          language={v.language}
        />
      </Suspense>
      {err('bodyHtml') ? <Typography color="error">{err('bodyHtml')}</Typography> : null}
      <TextField
        label={t('admin.version.imageAlt')}
        value={v.imageAlt}
        onChange={set('imageAlt')}
        error={!!err('imageAlt')}
        helperText={err('imageAlt') ?? t('admin.version.imageAltHelp')}
        slotProps={{ htmlInput: { maxLength: 300 } }}
        margin="dense"
      />
    </Stack>
  );
}

/** news/new and news/:id (one route, so that saving a new article keeps the page): write an article in several languages, target it, schedule it, publish it. */
export default function EditorPage() {
  const { t, i18n } = useTranslation('news');
  const api = useApi();
  const boot = useBoot();
  const { me } = useSession();
  const navigate = useNavigate();
  const theme = useTheme();
  const desktop = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const canPublish = useHasPermission('news.article.publish');
  const canSeeStats = useHasPermission('news.statistics.read');
  const { id: param = 'new' } = useParams();
  const id = param === 'new' ? undefined : param;
  const timeZone = me?.user.timeZone;
  const [article, setArticle] = useState<Article>();
  // Once this page holds the article (it created it, say), it is the one that knows it best.
  const loaded = useApiData<Article>(id && article?.id !== id ? `/news/admin/articles/${id}` : null);
  const suggestions = useApiData<{ items: TagCount[] }>('/news/tags');

  const [draft, setDraft] = useState<Draft>(() => ({
    defaultLanguage: boot.defaultLanguage,
    pinned: false,
    tags: [],
    audience: {},
    unpublishAt: '',
    imageFileId: null,
    translations: [boot.defaultLanguage, ...boot.languages.filter((l) => l !== boot.defaultLanguage)].map(
      emptyVersion,
    ),
  }));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<string>();
  const [tab, setTab] = useState(0);
  const [publishAt, setPublishAt] = useState('');
  const [previewOpen, setPreviewOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [addMenu, setAddMenu] = useState<HTMLElement | null>(null);

  const adopt = useCallback(
    (a: Article) => {
      setArticle(a);
      setDraft(draftOf(a, timeZone));
      setPublishAt(a.status === 'scheduled' ? toZonedInput(a.publishAt, timeZone) : '');
      setDirty(false);
    },
    [timeZone],
  );
  useEffect(() => {
    if (loaded.data) adopt(loaded.data);
  }, [loaded.data, adopt]);

  const change = (next: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...next }));
    setDirty(true);
    setNotice(undefined);
  };
  const setVersion = (i: number, v: Translation) =>
    change({ translations: draft.translations.map((x, j) => (j === i ? v : x)) });

  /** Saves the draft (creating the article the first time); answers the stored article. */
  async function save(): Promise<Article | undefined> {
    setErrors({});
    setError(undefined);
    // Completely empty language versions are not saved (a new article starts with every language).
    const kept = draft.translations.map((v, i) => ({ v, i })).filter(({ v }) => !isEmpty(v));
    const body = {
      defaultLanguage: draft.defaultLanguage,
      pinned: draft.pinned,
      tags: draft.tags,
      audience: draft.audience,
      imageFileId: draft.imageFileId,
      unpublishAt: fromZonedInput(draft.unpublishAt, timeZone),
      translations: kept.map(({ v }) => v),
    };
    try {
      const saved = article
        ? await api.put<Article>(`/news/admin/articles/${article.id}`, body)
        : await api.post<Article>('/news/admin/articles', body);
      // Keep the empty versions on screen: the editor may still be writing them.
      const empties = draft.translations.filter(
        (v) => isEmpty(v) && !saved.translations.some((s) => s.language === v.language),
      );
      adopt({ ...saved, translations: [...saved.translations, ...empties] });
      if (!article) navigate(`/news/${saved.id}`, { replace: true });
      return saved;
    } catch (err) {
      if (err instanceof ApiError) {
        // Paths name the versions as sent; map them back to the versions on screen.
        const fields: Record<string, string> = {};
        for (const [path, message] of Object.entries(err.fieldErrors())) {
          const m = /^\/translations\/(\d+)(\/.*)?$/.exec(path);
          const onScreen = m ? kept[Number(m[1])]?.i : undefined;
          fields[m && onScreen !== undefined ? `/translations/${onScreen}${m[2] ?? ''}` : path] = message;
        }
        setErrors(fields);
      }
      setError(err);
      return undefined;
    }
  }

  async function act(work: () => Promise<void>) {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  }
  const onSave = () =>
    act(async () => {
      if (await save()) setNotice(t('admin.saved'));
    });
  const ensureSaved = async () => {
    if (article && !dirty) return article.id;
    return (await save())?.id;
  };
  const publish = (at?: string | null) =>
    act(async () => {
      const saved = dirty || !article ? await save() : article;
      if (!saved) return;
      try {
        const next = await api.post<Article>(`/news/admin/articles/${saved.id}/publish`, at ? { at } : {});
        adopt({
          ...next,
          translations: draft.translations.map(
            (v) => next.translations.find((x) => x.language === v.language) ?? v,
          ),
        });
        setNotice(
          next.status === 'scheduled'
            ? t('admin.scheduledFor', {
                when: new Date(next.publishAt!).toLocaleString(i18n.language, {
                  timeZone: zoneName(timeZone),
                }),
              })
            : t('admin.publishedNow'),
        );
      } catch (err) {
        if (err instanceof ApiError) setErrors(err.fieldErrors());
        setError(err);
      }
    });
  const unpublish = () =>
    act(async () => {
      if (!article) return;
      try {
        adopt(await api.post<Article>(`/news/admin/articles/${article.id}/unpublish`));
        setNotice(t('admin.unpublishedNow'));
      } catch (err) {
        setError(err);
      }
    });
  const remove = () =>
    act(async () => {
      if (!article) return;
      try {
        await api.delete(`/news/admin/articles/${article.id}`);
        navigate('/news', { replace: true });
      } catch (err) {
        setError(err);
        setConfirmDelete(false);
      }
    });

  const missing = boot.languages.filter((l) => !draft.translations.some((v) => v.language === l));
  const versions = draft.translations;
  const selectedTab = Math.min(tab, versions.length - 1);
  const tagOptions = useMemo(() => (suggestions.data?.items ?? []).map((x) => x.tag), [suggestions.data]);

  if (id && loaded.error)
    return (
      <Box sx={{ maxWidth: 700 }}>
        <ProblemAlert error={loaded.error} />
        <Button component={Link} to="/news" sx={{ mt: 2 }}>
          {t('admin.backToList')}
        </Button>
      </Box>
    );
  if (id && !article) return <CircularProgress aria-label={t('admin.loading')} />;

  const status = article?.status ?? 'draft';
  const title = versions.find((v) => v.language === draft.defaultLanguage)?.title || t('admin.untitled');
  const versionProps = (v: Translation, i: number) => ({
    version: v,
    index: i,
    errors,
    isDefault: draft.defaultLanguage === v.language,
    canRemove: versions.length > 1,
    onChange: (next: Translation) => setVersion(i, next),
    onDefault: () => change({ defaultLanguage: v.language }),
    onRemove: () => {
      const rest = versions.filter((_, j) => j !== i);
      change({
        translations: rest,
        defaultLanguage: draft.defaultLanguage === v.language ? rest[0]!.language : draft.defaultLanguage,
      });
    },
  });

  return (
    <Box sx={{ maxWidth: 1400, mx: 'auto' }}>
      <Button
        component={Link}
        to="/news"
        startIcon={<ArrowBackOutlined aria-hidden />}
        sx={{ ml: -1, mb: 1 }}
      >
        {t('admin.backToList')}
      </Button>
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={2}
        sx={{ justifyContent: 'space-between', alignItems: { md: 'center' }, mb: 2 }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
            <Chip size="small" color={statusColor[status]} label={t(`admin.status.${status}`)} />
            {article?.status === 'scheduled' && article.publishAt ? (
              <Typography variant="body2" color="text.secondary">
                {formatDate(article.publishAt, i18n.language)}
              </Typography>
            ) : null}
            {dirty ? (
              <Typography variant="body2" color="text.secondary">
                {t('admin.unsaved')}
              </Typography>
            ) : null}
          </Stack>
          <Typography variant="h1" sx={{ overflowWrap: 'anywhere' }}>
            {article ? title : t('admin.newArticle')}
          </Typography>
        </Box>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Button variant="contained" onClick={onSave} disabled={busy}>
            {t('admin.save')}
          </Button>
          {article ? (
            <Button
              startIcon={<PreviewOutlined aria-hidden />}
              onClick={() => setPreviewOpen(true)}
              disabled={busy}
            >
              {t('admin.preview.open')}
            </Button>
          ) : null}
          {article && canSeeStats && status !== 'draft' ? (
            <Button
              component={Link}
              to={`/news/${article.id}/statistics`}
              startIcon={<BarChartOutlined aria-hidden />}
            >
              {t('admin.statistics.open')}
            </Button>
          ) : null}
          {article ? (
            <Button
              color="error"
              startIcon={<DeleteOutlined aria-hidden />}
              onClick={() => setConfirmDelete(true)}
              disabled={busy}
            >
              {t('admin.delete')}
            </Button>
          ) : null}
        </Stack>
      </Stack>

      <Box aria-live="polite">
        {notice ? (
          <Alert severity="success" sx={{ mb: 2 }} onClose={() => setNotice(undefined)}>
            {notice}
          </Alert>
        ) : null}
      </Box>
      <ProblemAlert error={error} />

      <Stack spacing={2} sx={{ mt: 1 }}>
        <Section title={t('admin.content')}>
          {desktop ? (
            <Box
              sx={{
                display: 'grid',
                gap: 3,
                gridTemplateColumns: `repeat(${Math.min(versions.length, 3)}, minmax(0, 1fr))`,
              }}
            >
              {versions.map((v, i) => (
                <Box key={v.language} sx={{ minWidth: 0 }}>
                  <VersionFields {...versionProps(v, i)} headingLevel="h3" />
                </Box>
              ))}
            </Box>
          ) : (
            <>
              <Tabs
                value={selectedTab}
                onChange={(_e, v: number) => setTab(v)}
                variant="scrollable"
                aria-label={t('admin.versions')}
                sx={{ mb: 1 }}
              >
                {versions.map((v, i) => (
                  <Tab
                    key={v.language}
                    label={languageName(v.language, i18n.language)}
                    id={`news-version-tab-${i}`}
                    aria-controls={`news-version-panel-${i}`}
                  />
                ))}
              </Tabs>
              {versions.map((v, i) =>
                i === selectedTab ? (
                  <Box
                    key={v.language}
                    role="tabpanel"
                    id={`news-version-panel-${i}`}
                    aria-labelledby={`news-version-tab-${i}`}
                  >
                    <VersionFields {...versionProps(v, i)} headingLevel={null} />
                  </Box>
                ) : null,
              )}
            </>
          )}
          {missing.length ? (
            <>
              <Button
                startIcon={<AddOutlined aria-hidden />}
                onClick={(e) => setAddMenu(e.currentTarget)}
                sx={{ mt: 2 }}
              >
                {t('admin.version.add')}
              </Button>
              <Menu anchorEl={addMenu} open={!!addMenu} onClose={() => setAddMenu(null)}>
                {missing.map((l) => (
                  <MenuItem
                    key={l}
                    onClick={() => {
                      change({ translations: [...versions, emptyVersion(l)] });
                      setTab(versions.length);
                      setAddMenu(null);
                    }}
                  >
                    {languageName(l, i18n.language)}
                  </MenuItem>
                ))}
              </Menu>
            </>
          ) : null}
          <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
            {t('admin.version.emptyHelp')}
          </Typography>
        </Section>

        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: 'minmax(0, 1fr) minmax(0, 1fr)' },
          }}
        >
          <Stack spacing={2}>
            <Section title={t('admin.publishing')}>
              <FormControlLabel
                control={
                  <Switch checked={draft.pinned} onChange={(e) => change({ pinned: e.target.checked })} />
                }
                label={t('admin.pinned')}
              />
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                {t('admin.pinnedHelp')}
              </Typography>
              <Autocomplete
                multiple
                freeSolo
                options={tagOptions}
                value={draft.tags}
                onChange={(_e, next) =>
                  change({ tags: [...new Set(next.map((x) => x.trim().toLowerCase()).filter(Boolean))] })
                }
                renderInput={(params) => (
                  <TextField
                    {...params}
                    label={t('admin.tags')}
                    helperText={errors['/tags'] ?? t('admin.tagsHelp')}
                    error={!!errors['/tags']}
                    margin="dense"
                  />
                )}
              />
              <Typography variant="h3" sx={{ fontSize: '1rem', mt: 2 }}>
                {t('admin.schedule')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                {t('admin.timeZone', { zone: zoneName(timeZone) })}
              </Typography>
              {canPublish ? (
                <Stack
                  direction={{ xs: 'column', sm: 'row' }}
                  spacing={1}
                  sx={{ alignItems: { sm: 'flex-start' } }}
                >
                  <TextField
                    type="datetime-local"
                    label={t('admin.publishAt')}
                    value={publishAt}
                    onChange={(e) => setPublishAt(e.target.value)}
                    error={!!errors['/at']}
                    helperText={errors['/at'] ?? t('admin.publishAtHelp')}
                    slotProps={{ inputLabel: { shrink: true } }}
                    margin="dense"
                  />
                  <Button
                    variant="outlined"
                    onClick={() => publish(fromZonedInput(publishAt, timeZone))}
                    disabled={busy || !publishAt}
                    sx={{ mt: { sm: 1.5 }, whiteSpace: 'nowrap', flexShrink: 0 }}
                  >
                    {t('admin.scheduleButton')}
                  </Button>
                </Stack>
              ) : null}
              <TextField
                type="datetime-local"
                label={t('admin.unpublishAt')}
                value={draft.unpublishAt}
                onChange={(e) => change({ unpublishAt: e.target.value })}
                error={!!errors['/unpublishAt']}
                helperText={errors['/unpublishAt'] ?? t('admin.unpublishAtHelp')}
                slotProps={{ inputLabel: { shrink: true } }}
                margin="dense"
              />
              {canPublish ? (
                <Stack direction="row" spacing={1} useFlexGap sx={{ mt: 2, flexWrap: 'wrap' }}>
                  {status !== 'published' ? (
                    <Button
                      variant="contained"
                      color="secondary"
                      onClick={() => publish(null)}
                      disabled={busy}
                    >
                      {t('admin.publishNow')}
                    </Button>
                  ) : null}
                  {status === 'published' || status === 'scheduled' ? (
                    <Button variant="outlined" color="warning" onClick={unpublish} disabled={busy}>
                      {t('admin.unpublish')}
                    </Button>
                  ) : null}
                </Stack>
              ) : (
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
                  {t('admin.noPublish')}
                </Typography>
              )}
            </Section>
            <Section title={t('admin.files.section')}>
              <ArticleFiles
                article={article}
                languages={versions
                  .filter((v) => article?.translations.some((x) => x.language === v.language && !isEmpty(x)))
                  .map((v) => v.language)}
                ensureSaved={ensureSaved}
                onArticle={(next) =>
                  adopt({
                    ...next,
                    translations: draft.translations.map(
                      (v) => next.translations.find((x) => x.language === v.language) ?? v,
                    ),
                  })
                }
                onAttachments={(next: Attachment[]) =>
                  setArticle((a) => (a ? { ...a, attachments: next } : a))
                }
              />
            </Section>
          </Stack>
          <Section title={t('admin.audience.title')}>
            <AudiencePicker value={draft.audience} onChange={(audience) => change({ audience })} />
          </Section>
        </Box>
      </Stack>

      {article ? (
        <PreviewDialog articleId={article.id} open={previewOpen} onClose={() => setPreviewOpen(false)} />
      ) : null}
      <Dialog open={confirmDelete} onClose={() => setConfirmDelete(false)}>
        <DialogTitle>{t('admin.deleteTitle')}</DialogTitle>
        <DialogContent>
          <Typography>{t('admin.deleteText', { title })}</Typography>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmDelete(false)}>{t('admin.cancel')}</Button>
          <Button color="error" variant="contained" onClick={remove} disabled={busy}>
            {t('admin.delete')}
          </Button>
        </DialogActions>
      </Dialog>
    </Box>
  );
}
