import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import HistoryOutlined from '@mui/icons-material/HistoryOutlined';
import RefreshOutlined from '@mui/icons-material/RefreshOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Loading, ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useParams } from 'react-router';
import type { JsonSchemaObject } from '../shared/types.js';
import { formatDate, Header, pick } from './parts.js';
import { RoutineDialog, type RoutineChoices } from './RoutineDialog.js';
import {
  dataFields,
  newRoutine,
  toDraft,
  withEnabled,
  type DataField,
  type RoutineDraft,
  type RoutineRun,
  type RoutineView,
} from './routine-draft.js';
import type { Definition, DefinitionSummary, VersionView } from './types.js';

/**
 * forms/:key/routines: what happens after a submission or a status change, as a list of
 * routines with their steps, each with its recent runs; added and edited in a dialog.
 */
export default function RoutinesPage() {
  const { t, i18n } = useTranslation('forms');
  const { key = '' } = useParams();
  const boot = useBoot();
  const api = useApi();
  const definition = useApiData<Definition>(`/forms/${key}/definition`);
  const routines = useApiData<RoutineView[]>(`/forms/${key}/routines`);
  const published = useApiData<VersionView>(definition.data?.publishedVersion ? `/forms/${key}` : null);
  const draft = useApiData<VersionView>(definition.data?.draftVersion ? `/forms/${key}/draft` : null);
  const roles = useApiData<{ items: Array<{ key: string; name: Record<string, string> | string }> }>(
    '/roles',
  );
  const structures = useApiData<DefinitionSummary[]>('/forms?kind=structure');
  const [editing, setEditing] = useState<RoutineDraft>();
  const [error, setError] = useState<unknown>();
  const languages = [boot.defaultLanguage, ...boot.languages.filter((l) => l !== boot.defaultLanguage)];
  const statuses = definition.data?.statuses ?? [];

  const fields = useMemo(() => {
    const seen = new Map<string, DataField>();
    for (const v of [published.data, draft.data])
      for (const f of dataFields(v?.schema as JsonSchemaObject | undefined))
        if (!seen.has(f.pointer)) seen.set(f.pointer, f);
    return [...seen.values()];
  }, [published.data, draft.data]);

  const choices: RoutineChoices = {
    statuses,
    languages,
    fields,
    roles: (roles.data?.items ?? []).map((r) => ({
      key: r.key,
      name: `${pick(r.name, i18n.language, boot.defaultLanguage) || r.key} (${r.key})`,
    })),
    structures: (structures.data ?? [])
      .filter((s) => s.publishedVersion)
      .map((s) => ({ key: s.key, name: pick(s.title, i18n.language, boot.defaultLanguage) || s.key })),
  };

  const toggle = async (routine: RoutineView, enabled: boolean) => {
    setError(undefined);
    try {
      await api.put(`/forms/routines/${routine.id}`, withEnabled(routine, enabled, languages));
      routines.reload();
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (routine: RoutineView) => {
    if (!window.confirm(t('admin.routines.confirmDelete', { name: routine.name }))) return;
    setError(undefined);
    try {
      await api.delete(`/forms/routines/${routine.id}`);
      routines.reload();
    } catch (err) {
      setError(err);
    }
  };

  if (definition.error) return <ProblemAlert error={definition.error} />;
  if (!definition.data || !routines.data)
    return routines.error ? <ProblemAlert error={routines.error} /> : <Loading />;
  return (
    <>
      <Header
        title={t('admin.routines.title')}
        subtitle={pick(definition.data.title, i18n.language, boot.defaultLanguage) || key}
        back={{ to: `/forms/${key}`, label: t('admin.versions.back') }}
        actions={
          <Button
            variant="contained"
            startIcon={<AddOutlined />}
            onClick={() => setEditing(newRoutine(languages, statuses))}
          >
            {t('admin.routines.new')}
          </Button>
        }
      />
      <Typography color="text.secondary" sx={{ mb: 2 }}>
        {t('admin.routines.intro')}
      </Typography>
      <ProblemAlert error={error} onClose={() => setError(undefined)} />
      {routines.data.length === 0 ? (
        <Alert severity="info">{t('admin.routines.empty')}</Alert>
      ) : (
        <Stack spacing={2}>
          {routines.data.map((r) => (
            <RoutineCard
              key={r.id}
              routine={r}
              choices={choices}
              onEdit={() => setEditing(toDraft(r, languages))}
              onToggle={(enabled) => void toggle(r, enabled)}
              onDelete={() => void remove(r)}
            />
          ))}
        </Stack>
      )}
      {editing ? (
        <RoutineDialog
          formKey={key}
          initial={editing}
          choices={choices}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            routines.reload();
          }}
        />
      ) : null}
    </>
  );
}

function RoutineCard(props: {
  routine: RoutineView;
  choices: RoutineChoices;
  onEdit(): void;
  onToggle(enabled: boolean): void;
  onDelete(): void;
}) {
  const { t } = useTranslation('forms');
  const { routine: r, choices } = props;
  const [showRuns, setShowRuns] = useState(false);
  const status = (s: string) => t(`admin.status.${s}`, { defaultValue: s });
  const trigger =
    r.trigger.on === 'submitted'
      ? t('admin.routines.on.submitted')
      : r.trigger.status
        ? t('admin.routines.whenStatus', { status: status(r.trigger.status) })
        : t('admin.routines.on.status-changed');
  const describe = (step: RoutineView['steps'][number]): string => {
    switch (step.type) {
      case 'email': {
        const to =
          typeof step.to === 'object'
            ? t('admin.routines.describe.to.role', {
                role:
                  choices.roles.find((x) => x.key === (step.to as { role: string }).role)?.name ??
                  step.to.role,
              })
            : t(`admin.routines.describe.to.${step.to}`);
        return t('admin.routines.describe.email', { to, languages: Object.keys(step.mail).join(', ') });
      }
      case 'set-status':
        return t('admin.routines.describe.set-status', { status: status(step.status) });
      case 'create-record':
        return t('admin.routines.describe.create-record', {
          structure: choices.structures.find((s) => s.key === step.structure)?.name ?? step.structure,
          count: Object.keys(step.fields).length,
        });
      case 'webhook':
        return t(
          step.secretSet ? 'admin.routines.describe.webhookSigned' : 'admin.routines.describe.webhook',
          {
            url: step.url,
          },
        );
      case 'emit':
        return t('admin.routines.describe.emit', { event: step.event });
    }
  };
  return (
    <Card variant="outlined" data-routine={r.name}>
      <CardContent>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 1 }}>
          <Typography
            variant="h2"
            sx={{ fontSize: '1.15rem', flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}
          >
            {r.name}
          </Typography>
          <Chip size="small" label={trigger} />
          <FormControlLabel
            control={
              <Switch
                checked={r.enabled}
                onChange={(e) => props.onToggle(e.target.checked)}
                slotProps={{ input: { 'aria-label': t('admin.routines.enabledOf', { name: r.name }) } }}
              />
            }
            label={r.enabled ? t('admin.routines.on.label') : t('admin.routines.off')}
          />
        </Stack>
        <Typography component="ol" variant="body2" sx={{ pl: 3, mb: 0 }}>
          {r.steps.map((s, i) => (
            <li key={i} style={{ overflowWrap: 'anywhere' }}>
              {describe(s)}
            </li>
          ))}
        </Typography>
      </CardContent>
      <CardActions sx={{ flexWrap: 'wrap' }}>
        <Button size="small" startIcon={<EditOutlined />} onClick={props.onEdit}>
          {t('admin.routines.editButton')}
        </Button>
        <Button
          size="small"
          startIcon={<HistoryOutlined />}
          onClick={() => setShowRuns((v) => !v)}
          aria-expanded={showRuns}
        >
          {showRuns ? t('admin.routines.hideRuns') : t('admin.routines.runs')}
        </Button>
        <Button size="small" color="error" startIcon={<DeleteOutlined />} onClick={props.onDelete}>
          {t('admin.routines.delete')}
        </Button>
      </CardActions>
      {showRuns ? <RunsTable routineId={r.id} /> : null}
    </Card>
  );
}

const runColors = { pending: 'warning', done: 'success', failed: 'error' } as const;

function RunsTable(props: { routineId: string }) {
  const { t, i18n } = useTranslation('forms');
  const runs = useApiData<RoutineRun[]>(`/forms/routines/${props.routineId}/runs?limit=50`);
  // A webhook being retried changes its run: the list is asked again on demand.
  const refresh = (
    <Button size="small" startIcon={<RefreshOutlined />} onClick={runs.reload} disabled={runs.loading}>
      {t('admin.routines.refreshRuns')}
    </Button>
  );
  if (runs.error) return <ProblemAlert error={runs.error} />;
  if (!runs.data) return <Loading />;
  if (!runs.data.length)
    return (
      <Stack direction="row" spacing={1} sx={{ px: 2, pb: 2, alignItems: 'center' }}>
        <Typography color="text.secondary">{t('admin.routines.noRuns')}</Typography>
        {refresh}
      </Stack>
    );
  return (
    <TableContainer sx={{ px: 1, pb: 1 }}>
      {refresh}
      <Table size="small" aria-label={t('admin.routines.runs')}>
        <TableHead>
          <TableRow>
            <TableCell>{t('admin.routines.run.started')}</TableCell>
            <TableCell>{t('admin.routines.run.step')}</TableCell>
            <TableCell>{t('admin.routines.run.submission')}</TableCell>
            <TableCell>{t('admin.routines.run.status')}</TableCell>
            <TableCell align="right">{t('admin.routines.run.attempts')}</TableCell>
            <TableCell>{t('admin.routines.run.error')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {runs.data.map((run) => (
            <TableRow key={run.id} data-run-status={run.status}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(run.startedAt, i18n.language)}</TableCell>
              <TableCell>
                {run.step + 1}. {t(`admin.routines.type.${run.type}`, { defaultValue: run.type })}
              </TableCell>
              <TableCell>
                <Link component={RouterLink} to={`/forms/submissions/${run.submissionId}`}>
                  {run.submissionId.slice(0, 8)}
                </Link>
              </TableCell>
              <TableCell>
                <Chip
                  size="small"
                  color={runColors[run.status]}
                  label={t(`admin.routines.run.${run.status}`)}
                />
              </TableCell>
              <TableCell align="right">{run.attempts}</TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere', maxWidth: 360 }}>{run.error ?? ''}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
