import AddOutlined from '@mui/icons-material/AddOutlined';
import ArrowDownwardOutlined from '@mui/icons-material/ArrowDownwardOutlined';
import ArrowUpwardOutlined from '@mui/icons-material/ArrowUpwardOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import KeyOutlined from '@mui/icons-material/KeyOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import type { Theme } from '@mui/material/styles';
import { ApiError, ProblemAlert, useApi, useApiData } from '@portico/core/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../react/builder/TranslationsTab.js';
import {
  missing,
  newStep,
  placeholderOf,
  stepTypes,
  toInput,
  type DataField,
  type RoutineDraft,
  type StepDraft,
  type StepType,
} from './routine-draft.js';

/** What the editor offers to pick from. */
export interface RoutineChoices {
  statuses: string[];
  languages: string[];
  fields: DataField[];
  roles: Array<{ key: string; name: string }>;
  /** Published structures a create-record step can fill (their fields load when one is chosen). */
  structures: Array<{ key: string; name: string }>;
}

type Errors = Record<string, string>;

/** A random webhook secret: 32 bytes as base64url (43 characters). */
function randomSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

/** Adds or edits one routine: its name, when it runs and its steps, saved as one request. */
export function RoutineDialog(props: {
  formKey: string;
  initial: RoutineDraft;
  choices: RoutineChoices;
  onClose(): void;
  onSaved(): void;
}) {
  const { t } = useTranslation('forms');
  const api = useApi();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const [draft, setDraft] = useState<RoutineDraft>(props.initial);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const [touched, setTouched] = useState(false);
  const [adding, setAdding] = useState<HTMLElement | null>(null);
  const local = missing(draft);
  const errorAt = (path: string): string | undefined => {
    const server = serverErrors[path];
    if (server) return server;
    const key = touched ? local[path] : undefined;
    return key ? t(`admin.routines.missing.${key}`) : undefined;
  };
  const { choices } = props;

  const setStep = (index: number, step: StepDraft) =>
    setDraft((d) => ({ ...d, steps: d.steps.map((s, i) => (i === index ? step : s)) }));
  const moveStep = (index: number, by: -1 | 1) =>
    setDraft((d) => {
      const steps = [...d.steps];
      const [step] = steps.splice(index, 1);
      steps.splice(index + by, 0, step!);
      return { ...d, steps };
    });
  const removeStep = (index: number) =>
    setDraft((d) => ({ ...d, steps: d.steps.filter((_, i) => i !== index) }));
  const addStep = (type: StepType) => {
    setDraft((d) => ({ ...d, steps: [...d.steps, newStep(type, choices.languages, choices.statuses)] }));
    setAdding(null);
  };

  const save = async () => {
    setTouched(true);
    if (Object.keys(local).length) return;
    setSaving(true);
    setError(undefined);
    setServerErrors({});
    try {
      const body = toInput(draft);
      if (draft.id) await api.put(`/forms/routines/${draft.id}`, body);
      else await api.post(`/forms/${props.formKey}/routines`, body);
      props.onSaved();
    } catch (err) {
      if (err instanceof ApiError) setServerErrors(err.fieldErrors());
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  // Server errors at paths no input shows are listed at the top, named by their step; a summary
  // of a step whose own fields already show an error (JSON Schema's "oneOf") is left out.
  const shown = (path: string) =>
    path === '/name' ||
    path === '/trigger/status' ||
    /^\/steps\/\d+\/(to|mail|status|structure|fields|url|secret|event)(\/|$)/.test(path);
  const unplaced = Object.entries(serverErrors).filter(
    ([path]) =>
      !shown(path) && !Object.keys(serverErrors).some((p) => p !== path && p.startsWith(`${path}/`)),
  );
  const where = (path: string) => {
    const m = /^\/steps\/(\d+)/.exec(path);
    const step = m ? draft.steps[Number(m[1])] : undefined;
    return step
      ? t('admin.routines.stepN', { n: Number(m![1]) + 1, type: t(`admin.routines.type.${step.type}`) })
      : path;
  };
  // A click beside the dialog does not throw away what was written in it.
  const close = (_: unknown, reason?: string) => {
    if (reason === 'backdropClick' && draft !== props.initial) return;
    props.onClose();
  };

  return (
    <Dialog
      open
      onClose={close}
      fullWidth
      maxWidth="md"
      fullScreen={phone}
      aria-labelledby="routine-dialog-title"
    >
      <DialogTitle id="routine-dialog-title">
        {draft.id ? t('admin.routines.edit') : t('admin.routines.new')}
      </DialogTitle>
      <DialogContent dividers>
        <Stack spacing={2}>
          <ProblemAlert error={error} />
          {unplaced.length ? (
            <Alert severity="error">
              {unplaced.map(([path, message]) => (
                <div key={path}>
                  {where(path)}: {message}
                </div>
              ))}
            </Alert>
          ) : null}
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
            <TextField
              label={t('admin.routines.name')}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              required
              fullWidth
              slotProps={{ htmlInput: { maxLength: 120 } }}
              error={!!errorAt('/name')}
              helperText={errorAt('/name') ?? t('admin.routines.nameHelp')}
            />
            <FormControlLabel
              control={
                <Switch
                  checked={draft.enabled}
                  onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })}
                />
              }
              label={t('admin.routines.enabled')}
            />
          </Stack>
          <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
            <TextField
              select
              label={t('admin.routines.when')}
              value={draft.on}
              onChange={(e) => setDraft({ ...draft, on: e.target.value as RoutineDraft['on'] })}
              fullWidth
            >
              <MenuItem value="submitted">{t('admin.routines.on.submitted')}</MenuItem>
              <MenuItem value="status-changed">{t('admin.routines.on.status-changed')}</MenuItem>
            </TextField>
            {draft.on === 'status-changed' ? (
              <TextField
                select
                label={t('admin.routines.toStatus')}
                value={draft.status}
                onChange={(e) => setDraft({ ...draft, status: e.target.value })}
                fullWidth
                error={!!errorAt('/trigger/status')}
                helperText={errorAt('/trigger/status')}
              >
                <MenuItem value="">{t('admin.routines.anyStatus')}</MenuItem>
                {choices.statuses.map((s) => (
                  <MenuItem key={s} value={s}>
                    {t(`admin.status.${s}`, { defaultValue: s })}
                  </MenuItem>
                ))}
              </TextField>
            ) : null}
          </Stack>
          <Typography variant="subtitle1" component="h3">
            {t('admin.routines.steps')}
          </Typography>
          {errorAt('/steps') ? <Alert severity="warning">{errorAt('/steps')}</Alert> : null}
          <Stack component="ol" spacing={2} sx={{ listStyle: 'none', p: 0, m: 0 }}>
            {draft.steps.map((step, i) => (
              <Paper
                component="li"
                key={step.uid}
                variant="outlined"
                sx={{ p: 2 }}
                data-step={i}
                aria-label={t('admin.routines.stepN', {
                  n: i + 1,
                  type: t(`admin.routines.type.${step.type}`),
                })}
              >
                <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 2 }}>
                  <Typography sx={{ flex: 1, fontWeight: 500 }}>
                    {i + 1}. {t(`admin.routines.type.${step.type}`)}
                  </Typography>
                  <Tooltip title={t('admin.routines.up')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={t('admin.routines.up')}
                        disabled={i === 0}
                        onClick={() => moveStep(i, -1)}
                      >
                        <ArrowUpwardOutlined fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title={t('admin.routines.down')}>
                    <span>
                      <IconButton
                        size="small"
                        aria-label={t('admin.routines.down')}
                        disabled={i === draft.steps.length - 1}
                        onClick={() => moveStep(i, 1)}
                      >
                        <ArrowDownwardOutlined fontSize="small" />
                      </IconButton>
                    </span>
                  </Tooltip>
                  <Tooltip title={t('admin.routines.removeStep')}>
                    <IconButton
                      size="small"
                      aria-label={t('admin.routines.removeStep')}
                      onClick={() => removeStep(i)}
                    >
                      <DeleteOutlined fontSize="small" />
                    </IconButton>
                  </Tooltip>
                </Stack>
                <StepEditor
                  step={step}
                  at={`/steps/${i}`}
                  choices={choices}
                  errorAt={errorAt}
                  onChange={(next) => setStep(i, next)}
                />
              </Paper>
            ))}
          </Stack>
          <Box>
            <Button
              startIcon={<AddOutlined />}
              onClick={(e) => setAdding(e.currentTarget)}
              disabled={draft.steps.length >= 20}
              aria-haspopup="menu"
            >
              {t('admin.routines.addStep')}
            </Button>
            <Menu anchorEl={adding} open={!!adding} onClose={() => setAdding(null)}>
              {stepTypes.map((type) => (
                <MenuItem key={type} onClick={() => addStep(type)}>
                  {t(`admin.routines.type.${type}`)}
                </MenuItem>
              ))}
            </Menu>
          </Box>
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('builder.cancel')}</Button>
        <Button variant="contained" onClick={() => void save()} disabled={saving}>
          {t('admin.routines.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function StepEditor(props: {
  step: StepDraft;
  at: string;
  choices: RoutineChoices;
  errorAt(path: string): string | undefined;
  onChange(step: StepDraft): void;
}) {
  const { t } = useTranslation('forms');
  const { step, at, choices, errorAt, onChange } = props;
  const err = (path: string) => ({ error: !!errorAt(`${at}${path}`), helperText: errorAt(`${at}${path}`) });
  switch (step.type) {
    case 'email':
      return <EmailStep {...props} step={step} />;
    case 'set-status':
      return (
        <TextField
          select
          label={t('admin.routines.status')}
          value={step.status}
          onChange={(e) => onChange({ ...step, status: e.target.value })}
          fullWidth
          {...err('/status')}
        >
          {choices.statuses.map((s) => (
            <MenuItem key={s} value={s}>
              {t(`admin.status.${s}`, { defaultValue: s })}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'create-record':
      return <CreateRecordStep {...props} step={step} />;
    case 'webhook':
      return (
        <Stack spacing={2}>
          <TextField
            label={t('admin.routines.url')}
            value={step.url}
            type="url"
            placeholder="https://erp.example.com/hooks/portico"
            onChange={(e) => onChange({ ...step, url: e.target.value })}
            fullWidth
            required
            slotProps={{ htmlInput: { maxLength: 2000 } }}
            {...err('/url')}
            helperText={errorAt(`${at}/url`) ?? t('admin.routines.urlHelp')}
          />
          <Stack
            direction={{ xs: 'column', sm: 'row' }}
            spacing={1}
            sx={{ alignItems: { sm: 'flex-start' } }}
          >
            <TextField
              label={t('admin.routines.secret')}
              value={step.secret}
              onChange={(e) => onChange({ ...step, secret: e.target.value })}
              fullWidth
              autoComplete="off"
              slotProps={{ htmlInput: { maxLength: 200, spellCheck: false } }}
              {...err('/secret')}
              helperText={
                errorAt(`${at}/secret`) ??
                (step.secret
                  ? t('admin.routines.secretCopy')
                  : step.secretSet
                    ? t('admin.routines.secretKept')
                    : t('admin.routines.secretHelp'))
              }
            />
            <Button
              startIcon={<KeyOutlined />}
              onClick={() => onChange({ ...step, secret: randomSecret() })}
              sx={{ whiteSpace: 'nowrap', mt: { sm: 1 } }}
            >
              {t('admin.routines.generate')}
            </Button>
          </Stack>
        </Stack>
      );
    case 'emit':
      return (
        <TextField
          label={t('admin.routines.event')}
          value={step.event}
          placeholder="erp.order.requested"
          onChange={(e) => onChange({ ...step, event: e.target.value })}
          fullWidth
          required
          slotProps={{ htmlInput: { maxLength: 120, spellCheck: false } }}
          {...err('/event')}
          helperText={errorAt(`${at}/event`) ?? t('admin.routines.eventHelp')}
        />
      );
  }
}

/** The fields of a published structure's current version: its top-level properties (records are filled there). */
function useStructureFields(key: string): Array<{ name: string; label: string }> {
  const version = useApiData<{ schema: { properties?: Record<string, { title?: unknown }> } }>(
    key ? `/forms/${encodeURIComponent(key)}` : null,
  );
  return Object.entries(version.data?.schema.properties ?? {}).map(([name, p]) => ({
    name,
    label: typeof p.title === 'string' && p.title.trim() ? p.title : name,
  }));
}

/** Create a record: the structure, then which field of the submission fills each of its fields. */
function CreateRecordStep(props: {
  step: Extract<StepDraft, { type: 'create-record' }>;
  at: string;
  choices: RoutineChoices;
  errorAt(path: string): string | undefined;
  onChange(step: StepDraft): void;
}) {
  const { t } = useTranslation('forms');
  const { step, at, choices, errorAt, onChange } = props;
  const targets = useStructureFields(step.structure);
  const fill = (field: string, pointer: string) =>
    onChange({
      ...step,
      fields: [...step.fields.filter((f) => f.field !== field), ...(pointer ? [{ field, pointer }] : [])],
    });
  return (
    <Stack spacing={2}>
      <TextField
        select
        label={t('admin.routines.structure')}
        value={step.structure}
        onChange={(e) => onChange({ ...step, structure: e.target.value, fields: [] })}
        fullWidth
        error={!!errorAt(`${at}/structure`)}
        helperText={
          errorAt(`${at}/structure`) ??
          (choices.structures.length ? t('admin.routines.structureHelp') : t('admin.routines.noStructures'))
        }
      >
        {choices.structures.map((s) => (
          <MenuItem key={s.key} value={s.key}>
            {s.name}
          </MenuItem>
        ))}
      </TextField>
      {targets.map(({ name: field, label }) => (
        <TextField
          key={field}
          select
          label={t('admin.routines.fillWith', { field: label })}
          value={step.fields.find((f) => f.field === field)?.pointer ?? ''}
          onChange={(e) => fill(field, e.target.value)}
          fullWidth
          error={!!errorAt(`${at}/fields/${field}`)}
          helperText={errorAt(`${at}/fields/${field}`)}
        >
          <MenuItem value="">{t('admin.routines.leaveEmpty')}</MenuItem>
          {choices.fields.map((f) => (
            <MenuItem key={f.pointer} value={f.pointer}>
              {f.label}
            </MenuItem>
          ))}
        </TextField>
      ))}
    </Stack>
  );
}

const fixedPlaceholders = [
  '{{form.title}}',
  '{{submission.url}}',
  '{{submission.status}}',
  '{{submission.id}}',
];

function EmailStep(props: {
  step: Extract<StepDraft, { type: 'email' }>;
  at: string;
  choices: RoutineChoices;
  errorAt(path: string): string | undefined;
  onChange(step: StepDraft): void;
}) {
  const { t, i18n } = useTranslation('forms');
  const { step, at, choices, errorAt, onChange } = props;
  const texts = useRef<Record<string, HTMLTextAreaElement | null>>({});
  const languages = [...new Set([...choices.languages, ...Object.keys(step.mail)])];
  const setMail = (lang: string, part: 'subject' | 'text', value: string) =>
    onChange({
      ...step,
      mail: { ...step.mail, [lang]: { subject: '', text: '', ...step.mail[lang], [part]: value } },
    });
  /** Puts `{{placeholder}}` where the cursor is in that language's text (at the end if it was never there). */
  const insert = (lang: string, placeholder: string) => {
    const current = step.mail[lang]?.text ?? '';
    const el = texts.current[lang];
    const at = el ? el.selectionStart : current.length;
    const end = el ? el.selectionEnd : current.length;
    setMail(lang, 'text', current.slice(0, at) + placeholder + current.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(at + placeholder.length, at + placeholder.length);
    });
  };
  const placeholders = [
    ...fixedPlaceholders,
    ...choices.fields.slice(0, 30).map((f) => placeholderOf(f.pointer)),
  ];
  const err = (path: string) => errorAt(`${at}${path}`);
  return (
    <Stack spacing={2}>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
        <TextField
          select
          label={t('admin.routines.to')}
          value={step.to}
          onChange={(e) => onChange({ ...step, to: e.target.value as typeof step.to })}
          fullWidth
        >
          <MenuItem value="submitter">{t('admin.routines.recipient.submitter')}</MenuItem>
          <MenuItem value="company-admins">{t('admin.routines.recipient.company-admins')}</MenuItem>
          <MenuItem value="role">{t('admin.routines.recipient.role')}</MenuItem>
        </TextField>
        {step.to === 'role' ? (
          <TextField
            select
            label={t('admin.routines.role')}
            value={step.role}
            onChange={(e) => onChange({ ...step, role: e.target.value })}
            fullWidth
            error={!!err('/to')}
            helperText={err('/to') ?? t('admin.routines.roleHelp')}
          >
            {choices.roles.map((r) => (
              <MenuItem key={r.key} value={r.key}>
                {r.name}
              </MenuItem>
            ))}
          </TextField>
        ) : null}
      </Stack>
      {err('/mail') ? <Alert severity="warning">{err('/mail')}</Alert> : null}
      <Typography variant="body2" color="text.secondary">
        {t('admin.routines.mailHelp')}
      </Typography>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr', md: `repeat(${Math.min(languages.length, 2)}, 1fr)` },
        }}
      >
        {languages.map((lang) => (
          <Stack key={lang} spacing={1.5} lang={lang} data-language={lang}>
            <Typography variant="subtitle2" component="h4">
              {languageName(lang, i18n.language)}
            </Typography>
            <TextField
              label={t('admin.routines.subject', { language: languageName(lang, i18n.language) })}
              value={step.mail[lang]?.subject ?? ''}
              onChange={(e) => setMail(lang, 'subject', e.target.value)}
              fullWidth
              slotProps={{ htmlInput: { maxLength: 300 } }}
              error={!!err(`/mail/${lang}/subject`)}
              helperText={err(`/mail/${lang}/subject`)}
            />
            <TextField
              label={t('admin.routines.text', { language: languageName(lang, i18n.language) })}
              value={step.mail[lang]?.text ?? ''}
              onChange={(e) => setMail(lang, 'text', e.target.value)}
              inputRef={(el: HTMLTextAreaElement | null) => {
                texts.current[lang] = el;
              }}
              multiline
              minRows={5}
              fullWidth
              slotProps={{ htmlInput: { maxLength: 20_000 } }}
              error={!!(err(`/mail/${lang}/text`) ?? err(`/mail/${lang}`))}
              helperText={err(`/mail/${lang}/text`) ?? err(`/mail/${lang}`)}
            />
            <Box aria-label={t('admin.routines.placeholders')} role="group">
              {placeholders.map((p) => (
                <Chip
                  key={p}
                  label={p}
                  size="small"
                  variant="outlined"
                  onClick={() => insert(lang, p)}
                  sx={{ mr: 0.5, mb: 0.5, fontFamily: 'monospace' }}
                />
              ))}
            </Box>
          </Stack>
        ))}
      </Box>
    </Stack>
  );
}
