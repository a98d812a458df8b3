import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import {
  ApiError,
  defaultBranding,
  holdsPermission,
  ProblemAlert,
  useApi,
  useApiData,
  useSession,
  type Branding,
} from '@portico/core/react';
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '@portico/core/react';
import { ColorField } from './ColorField.js';
import { ImageField, imageSource, type ImageDraft } from './ImageField.js';
import { PortalPreview } from './PortalPreview.js';

/** GET /api/v1/branding */
interface BrandingView {
  portalName: string | null;
  defaultPortalName: string;
  primaryColor: string | null;
  secondaryColor: string | null;
  logoUrl: string | null;
  faviconUrl: string | null;
}

interface Draft {
  portalName: string;
  primaryColor: string | null;
  secondaryColor: string | null;
  logo: ImageDraft;
  favicon: ImageDraft;
}

const draftOf = (v: BrandingView): Draft => ({
  portalName: v.portalName ?? '',
  primaryColor: v.primaryColor,
  secondaryColor: v.secondaryColor,
  logo: { kind: 'current' },
  favicon: { kind: 'current' },
});

/** The portal's colours, name, logo and favicon, with a live preview of the portal as customers will see it. */
export default function BrandingScreen() {
  const loaded = useApiData<BrandingView>('/branding');
  const [saved, setSaved] = useState<BrandingView>();
  const current = saved ?? loaded.data;
  if (loaded.error && !current) return <ProblemAlert error={loaded.error} />;
  if (!current) return <Loading />;
  return <BrandingEditor current={current} onSaved={setSaved} />;
}

function BrandingEditor(props: { current: BrandingView; onSaved(view: BrandingView): void }) {
  const { t } = useTranslation();
  const api = useApi();
  const { me } = useSession();
  const canEdit = holdsPermission(me, 'core.branding.manage');
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const { current } = props;
  const [draft, setDraft] = useState<Draft>(() => draftOf(current));
  const [mode, setMode] = useState<'light' | 'dark'>('light');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [imageErrors, setImageErrors] = useState<{ logo?: string; favicon?: string }>({});
  const [done, setDone] = useState(false);

  // Object URLs of chosen files are released when they are no longer shown.
  useEffect(() => {
    const urls = [draft.logo, draft.favicon].flatMap((d) => (d.kind === 'new' ? [d.url] : []));
    return () => urls.forEach((u) => URL.revokeObjectURL(u));
  }, [draft.logo, draft.favicon]);

  const change = (patch: Partial<Draft>) => {
    setDone(false);
    setDraft((d) => ({ ...d, ...patch }));
  };
  const dirty =
    draft.portalName.trim() !== (current.portalName ?? '') ||
    draft.primaryColor !== current.primaryColor ||
    draft.secondaryColor !== current.secondaryColor ||
    draft.logo.kind !== 'current' ||
    draft.favicon.kind !== 'current';

  const previewBranding = useMemo<Branding>(
    () => ({ primaryColor: draft.primaryColor, secondaryColor: draft.secondaryColor }),
    [draft.primaryColor, draft.secondaryColor],
  );
  const shownName = draft.portalName.trim() || current.defaultPortalName;
  const logoSrc = imageSource(draft.logo, current.logoUrl);
  const faviconSrc = imageSource(draft.favicon, current.faviconUrl);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setFieldErrors({});
    setImageErrors({});
    let view: BrandingView | undefined;
    let step: 'text' | 'logo' | 'favicon' = 'text';
    try {
      view = await api.put<BrandingView>('/branding', {
        primaryColor: draft.primaryColor,
        secondaryColor: draft.secondaryColor,
        portalName: draft.portalName.trim() || null,
      });
      for (const slot of ['logo', 'favicon'] as const) {
        step = slot;
        const image = draft[slot];
        if (image.kind === 'new')
          view = await api.upload<BrandingView>('PUT', `/branding/${slot}`, image.file);
        else if (image.kind === 'removed') view = await api.delete<BrandingView>(`/branding/${slot}`);
      }
      setDone(true);
      props.onSaved(view);
      setDraft(draftOf(view));
    } catch (err) {
      if (
        err instanceof ApiError &&
        step !== 'text' &&
        (err.status === 422 || err.status === 413 || err.status === 415)
      )
        setImageErrors({ [step]: err.problem.detail ?? err.message });
      else if (err instanceof ApiError && err.status === 422) setFieldErrors(err.fieldErrors());
      else setError(err);
      // What was saved before the failure stays saved; the draft keeps what was not.
      if (view) {
        props.onSaved(view);
        if (step === 'favicon') setDraft((d) => ({ ...d, logo: { kind: 'current' } }));
      }
    } finally {
      setBusy(false);
    }
  };

  const previews = narrow ? [mode] : (['light', 'dark'] as const);

  return (
    <>
      <Box component="header" sx={{ mb: 2 }}>
        <Typography variant="h1">{t('branding.title')}</Typography>
        <Typography color="text.secondary" sx={{ mt: 0.5, maxWidth: 720 }}>
          {t('branding.intro')}
        </Typography>
      </Box>
      {!canEdit ? (
        <Alert severity="info" sx={{ mb: 2 }}>
          {t('branding.readOnly')}
        </Alert>
      ) : null}
      <Grid container spacing={3}>
        <Grid size={{ xs: 12, lg: 5 }}>
          <Paper component="form" variant="outlined" onSubmit={save} noValidate sx={{ p: { xs: 2, sm: 3 } }}>
            <Box component="fieldset" disabled={!canEdit || busy} sx={{ border: 0, p: 0, m: 0, minWidth: 0 }}>
              <Typography variant="h2" sx={{ mb: 1 }}>
                {t('branding.identity')}
              </Typography>
              <TextField
                label={t('branding.portalName')}
                value={draft.portalName}
                onChange={(e) => change({ portalName: e.target.value })}
                placeholder={current.defaultPortalName}
                error={!!fieldErrors['/portalName']}
                helperText={
                  fieldErrors['/portalName'] ??
                  t('branding.portalNameHelp', { name: current.defaultPortalName })
                }
                slotProps={{ htmlInput: { maxLength: 100 } }}
                sx={{ mb: 3 }}
              />
              <ImageField
                label={t('branding.logo')}
                help={t('branding.logoHelp')}
                draft={draft.logo}
                currentUrl={current.logoUrl}
                onChange={(logo) => change({ logo })}
                error={imageErrors.logo}
                onError={(logoError) => setImageErrors((e) => ({ ...e, logo: logoError }))}
              />
              <ImageField
                label={t('branding.favicon')}
                help={t('branding.faviconHelp')}
                draft={draft.favicon}
                currentUrl={current.faviconUrl}
                onChange={(favicon) => change({ favicon })}
                error={imageErrors.favicon}
                onError={(faviconError) => setImageErrors((e) => ({ ...e, favicon: faviconError }))}
                square
              />
              <Typography variant="h2" sx={{ mb: 1, mt: 1 }}>
                {t('branding.colors')}
              </Typography>
              <ColorField
                label={t('branding.primary')}
                value={draft.primaryColor}
                defaultColor={defaultBranding.primaryColor}
                onChange={(primaryColor) => change({ primaryColor })}
                error={fieldErrors['/primaryColor']}
              />
              <ColorField
                label={t('branding.secondary')}
                value={draft.secondaryColor}
                defaultColor={defaultBranding.secondaryColor}
                onChange={(secondaryColor) => change({ secondaryColor })}
                error={fieldErrors['/secondaryColor']}
              />
            </Box>
            <ProblemAlert error={error} onClose={() => setError(undefined)} />
            {done && !dirty ? (
              <Alert severity="success" sx={{ mb: 2 }} role="status">
                {t('branding.saved')}
              </Alert>
            ) : null}
            {canEdit ? (
              <Stack direction="row" spacing={1} sx={{ justifyContent: 'flex-end' }}>
                <Button
                  disabled={!dirty || busy}
                  onClick={() => {
                    setFieldErrors({});
                    setImageErrors({});
                    setDraft(draftOf(current));
                  }}
                >
                  {t('branding.discard')}
                </Button>
                <Button type="submit" variant="contained" disabled={!dirty || busy}>
                  {busy ? t('branding.saving') : t('branding.save')}
                </Button>
              </Stack>
            ) : null}
          </Paper>
        </Grid>
        <Grid size={{ xs: 12, lg: 7 }}>
          <Box
            component="section"
            aria-labelledby="branding-preview-title"
            sx={{ position: { lg: 'sticky' }, top: { lg: 88 } }}
          >
            <Stack
              direction="row"
              sx={{
                alignItems: 'center',
                justifyContent: 'space-between',
                mb: 2,
                flexWrap: 'wrap',
                rowGap: 1,
              }}
            >
              <Box>
                <Typography variant="h2" id="branding-preview-title">
                  {t('branding.preview.title')}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {dirty ? t('branding.preview.unsaved') : t('branding.preview.asSaved')}
                </Typography>
              </Box>
              {narrow ? (
                <ToggleButtonGroup
                  exclusive
                  size="small"
                  value={mode}
                  onChange={(_e, m: 'light' | 'dark' | null) => m && setMode(m)}
                  aria-label={t('branding.preview.mode')}
                >
                  <ToggleButton value="light" aria-label={t('branding.preview.light')}>
                    <LightModeOutlined fontSize="small" />
                  </ToggleButton>
                  <ToggleButton value="dark" aria-label={t('branding.preview.dark')}>
                    <DarkModeOutlined fontSize="small" />
                  </ToggleButton>
                </ToggleButtonGroup>
              ) : null}
            </Stack>
            <Stack
              direction="row"
              spacing={3}
              useFlexGap
              sx={{ flexWrap: 'wrap', justifyContent: 'center', rowGap: 3 }}
            >
              {previews.map((m) => (
                <PortalPreview
                  key={m}
                  branding={previewBranding}
                  mode={m}
                  portalName={shownName}
                  logoSrc={logoSrc}
                  faviconSrc={faviconSrc}
                />
              ))}
            </Stack>
          </Box>
        </Grid>
      </Grid>
    </>
  );
}
