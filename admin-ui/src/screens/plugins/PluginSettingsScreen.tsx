import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import RestartAltOutlined from '@mui/icons-material/RestartAltOutlined';
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
import { ApiError, holdsPermission, ProblemAlert, useApi, useApiData, useSession } from '@portico/core/react';
import Form from '@rjsf/mui';
import type { IChangeEvent } from '@rjsf/core';
import type { RJSFSchema, ValidatorType } from '@rjsf/utils';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Loading } from '@portico/core/react';
import type { PluginSettings } from './plugin-types.js';
import { settingsTemplates } from './settings-templates.js';
import {
  errorSchemaOf,
  errorTranslator,
  loadSettingsValidator,
  settingsUiSchema,
  translator,
} from './settings-form.js';

/**
 * A plugin's settings, as a form generated from the settings schema it declares (RJSF). This
 * screen is its own chunk: the form library loads only when someone opens it.
 */
export default function PluginSettingsScreen() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const loaded = useApiData<PluginSettings>(
    `/plugins/${encodeURIComponent(id)}/settings?lang=${i18n.language}`,
  );
  // What a save answered, in the language it was asked in; a language switch reads afresh.
  const [saved, setSaved] = useState<{ lang: string; value: PluginSettings }>();
  const current = (saved?.lang === i18n.language ? saved.value : undefined) ?? loaded.data;
  const back = (
    <Button
      component={Link}
      to="/plugins"
      startIcon={<ArrowBackOutlined />}
      size="small"
      sx={{ mb: 1, ml: -1 }}
    >
      {t('settings.back')}
    </Button>
  );
  // The form's validator, compiled by the server from the same schema (see loadSettingsValidator).
  const [validator, setValidator] = useState<{ key: string; value?: ValidatorType; error?: unknown }>();
  const schema = loaded.data?.schema;
  const validatorKey = `${id}:${i18n.language}`;
  useEffect(() => {
    if (!schema) return;
    let live = true;
    loadSettingsValidator(
      `/api/v1/plugins/${encodeURIComponent(id)}/settings/validator.js?lang=${i18n.language}`,
      schema as RJSFSchema,
    ).then(
      (value) => live && setValidator({ key: validatorKey, value }),
      (error: unknown) => live && setValidator({ key: validatorKey, error }),
    );
    return () => {
      live = false;
    };
  }, [id, i18n.language, schema, validatorKey]);
  const error = loaded.error ?? (validator?.key === validatorKey ? validator.error : undefined);
  if (error && !(current && validator?.value))
    return (
      <>
        {back}
        <ProblemAlert error={error} />
      </>
    );
  if (!current || validator?.key !== validatorKey || !validator.value) return <Loading />;
  return (
    <>
      {back}
      <SettingsEditor
        settings={current}
        validator={validator.value}
        onSaved={(value) => setSaved({ lang: i18n.language, value })}
      />
    </>
  );
}

function SettingsEditor(props: {
  settings: PluginSettings;
  validator: ValidatorType;
  onSaved(s: PluginSettings): void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { me } = useSession();
  const canEdit = holdsPermission(me, 'core.plugin.manage');
  const { settings } = props;
  const [formData, setFormData] = useState<Record<string, unknown>>(settings.values);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();
  const [confirmReset, setConfirmReset] = useState(false);
  const resetTitle = useId();

  const uiSchema = useMemo(() => settingsUiSchema(t, settings, canEdit), [t, settings, canEdit]);
  const translateString = useMemo(() => translator(t), [t]);
  const transformErrors = useMemo(() => errorTranslator(t), [t]);
  const extraErrors = useMemo(() => errorSchemaOf(serverErrors), [serverErrors]);
  const path = `/plugins/${encodeURIComponent(settings.pluginId)}/settings?lang=${i18n.language}`;

  const apply = (next: PluginSettings, message: string) => {
    props.onSaved(next);
    setFormData(next.values);
    setDone(message);
  };
  const submit = async ({ formData: data }: IChangeEvent<Record<string, unknown>>) => {
    setBusy(true);
    setError(undefined);
    setServerErrors({});
    setDone(undefined);
    try {
      // An empty secret means "keep the stored one": it is left out.
      const body = Object.fromEntries(
        Object.entries(data ?? {}).filter(
          ([k, v]) => !(settings.writeOnly.includes(k) && (v === '' || v === undefined)),
        ),
      );
      apply(await api.put<PluginSettings>(path, body), t('settings.saved'));
    } catch (err) {
      if (err instanceof ApiError && err.status === 422) setServerErrors(err.fieldErrors());
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const reset = async () => {
    setBusy(true);
    setError(undefined);
    setServerErrors({});
    try {
      apply(await api.delete<PluginSettings>(path), t('settings.resetDone'));
      setConfirmReset(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const updated = settings.updatedAt
    ? new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(settings.updatedAt),
      )
    : null;

  return (
    <>
      <Box component="header" sx={{ mb: 2, maxWidth: 760 }}>
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1.5}
          sx={{ justifyContent: 'space-between', alignItems: { sm: 'center' } }}
        >
          <Box>
            <Typography variant="h1">{t('settings.title', { name: settings.displayName })}</Typography>
            <Typography color="text.secondary" sx={{ mt: 0.5 }}>
              {updated ? t('settings.updatedAt', { when: updated }) : t('settings.defaults')}
            </Typography>
          </Box>
          {canEdit && settings.stored.length ? (
            <Button
              startIcon={<RestartAltOutlined />}
              onClick={() => setConfirmReset(true)}
              disabled={busy}
              sx={{ alignSelf: { xs: 'flex-start', sm: 'center' } }}
            >
              {t('settings.reset')}
            </Button>
          ) : null}
        </Stack>
      </Box>
      <Stack spacing={1.5} sx={{ mb: 2, maxWidth: 760 }}>
        <Alert severity="info">{t('settings.live')}</Alert>
        {settings.locked.length ? (
          <Alert severity="info" icon={<LockOutlined />}>
            {t('settings.locked', { keys: settings.locked.join(', ') })}
          </Alert>
        ) : null}
        {!canEdit ? <Alert severity="info">{t('settings.readOnly')}</Alert> : null}
      </Stack>
      <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, pt: { xs: 0.5, sm: 1 }, maxWidth: 760 }}>
        <Form
          schema={settings.schema as RJSFSchema}
          uiSchema={uiSchema}
          formData={formData}
          validator={props.validator}
          templates={settingsTemplates}
          onChange={(e) => {
            setFormData(e.formData ?? {});
            setDone(undefined);
          }}
          onSubmit={(e) => void submit(e)}
          extraErrors={extraErrors}
          transformErrors={transformErrors}
          translateString={translateString}
          showErrorList={false}
          focusOnFirstError
          noHtml5Validate
          disabled={!canEdit || busy}
        />
        <ProblemAlert error={error} onClose={() => setError(undefined)} />
        {done ? (
          <Alert severity="success" role="status" sx={{ mt: 2 }}>
            {done}
          </Alert>
        ) : null}
      </Paper>
      <Dialog
        open={confirmReset}
        onClose={() => !busy && setConfirmReset(false)}
        aria-labelledby={resetTitle}
      >
        <DialogTitle id={resetTitle}>{t('settings.resetTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('settings.resetText', { name: settings.displayName })}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirmReset(false)} disabled={busy}>
            {t('plugins.cancel')}
          </Button>
          <Button color="warning" variant="contained" onClick={() => void reset()} disabled={busy}>
            {t('settings.reset')}
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
