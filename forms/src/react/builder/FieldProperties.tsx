import AddOutlined from '@mui/icons-material/AddOutlined';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuilder } from './context.js';
import {
  describeRule,
  expressionProblem,
  findField,
  modelProblems,
  namePattern,
  removeRule,
  ruleShowing,
  setChoices,
  updateField,
  type BuilderField,
  type Choice,
} from './model/index.js';
import { useRuleText } from './rule-text.js';

/** Why RE2 (the server's engine) refuses a pattern; re2js loads only when a pattern is typed. */
function usePatternProblem(pattern: string | undefined): string | undefined {
  const [problem, setProblem] = useState<string>();
  useEffect(() => {
    let live = true;
    if (!pattern) {
      setProblem(undefined);
      return;
    }
    import('re2js').then(
      ({ RE2JS }) => {
        try {
          RE2JS.compile(pattern);
          if (live) setProblem(undefined);
        } catch (err) {
          if (live) setProblem((err as Error).message);
        }
      },
      () => live && setProblem(undefined),
    );
    return () => {
      live = false;
    };
  }, [pattern]);
  return problem;
}

const numberOrUndefined = (v: string): number | undefined =>
  v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v);

function ChoicesEditor(props: { field: BuilderField }) {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const choices = props.field.choices ?? [];
  const apply = (next: Choice[], from: number[]) => b.change(setChoices(b.form, props.field.id, next, from));
  const same = choices.map((_, i) => i);
  const valueFor = (label: string, index: number) => {
    const base =
      label
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || `option${index + 1}`;
    let v = base;
    for (let n = 2; choices.some((c, j) => j !== index && c.value === v); n++) v = `${base}-${n}`;
    return v;
  };
  return (
    <Stack spacing={1} component="fieldset" sx={{ border: 0, p: 0, m: 0 }}>
      <Typography component="legend" variant="subtitle2">
        {t('builder.choices.title')}
      </Typography>
      {choices.map((c, i) => (
        <Stack key={i} direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
          <TextField
            size="small"
            label={t('builder.choices.label', { n: i + 1 })}
            value={c.label}
            onChange={(e) => {
              // The stored value follows the label while they were the same word.
              const follows = c.value === valueFor(c.label, i) || c.value === `option${i + 1}`;
              const next = choices.map((x, j) =>
                j === i
                  ? { label: e.target.value, value: follows ? valueFor(e.target.value, i) : x.value }
                  : x,
              );
              apply(next, same);
            }}
            sx={{ flex: 2 }}
          />
          <TextField
            size="small"
            label={t('builder.choices.value')}
            value={c.value}
            onChange={(e) =>
              apply(
                choices.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)),
                same,
              )
            }
            sx={{ flex: 1 }}
          />
          <IconButton
            size="small"
            disabled={i === 0}
            aria-label={t('builder.choices.up', { label: c.label })}
            onClick={() => {
              const order = same.slice();
              [order[i - 1], order[i]] = [order[i]!, order[i - 1]!];
              apply(
                order.map((o) => choices[o]!),
                order,
              );
            }}
          >
            <ArrowUpward fontSize="small" />
          </IconButton>
          <IconButton
            size="small"
            disabled={i === choices.length - 1}
            aria-label={t('builder.choices.down', { label: c.label })}
            onClick={() => {
              const order = same.slice();
              [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
              apply(
                order.map((o) => choices[o]!),
                order,
              );
            }}
          >
            <ArrowDownward fontSize="small" />
          </IconButton>
          <IconButton
            size="small"
            aria-label={t('builder.choices.remove', { label: c.label })}
            onClick={() => {
              const order = same.filter((j) => j !== i);
              apply(
                order.map((o) => choices[o]!),
                order,
              );
            }}
          >
            <DeleteOutlined fontSize="small" />
          </IconButton>
        </Stack>
      ))}
      <Button
        size="small"
        startIcon={<AddOutlined />}
        onClick={() => {
          const n = choices.length + 1;
          const label = t('builder.choices.option', { n });
          apply([...choices, { label, value: valueFor(label, choices.length) }], [...same, -1]);
        }}
        sx={{ alignSelf: 'flex-start' }}
      >
        {t('builder.choices.add')}
      </Button>
    </Stack>
  );
}

/** The selected field's properties: texts, key, required, limits, choices, default, computed value, files, condition. */
export function FieldProperties() {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const ruleText = useRuleText();
  const place = b.selectedId ? findField(b.form, b.selectedId) : undefined;
  const f = place?.field;
  const patternProblem = usePatternProblem(f?.pattern);
  if (!f || !place) {
    return (
      <Typography color="text.secondary" sx={{ p: 1 }}>
        {t('builder.properties.none')}
      </Typography>
    );
  }
  const set = (patch: Partial<BuilderField>) => b.change(updateField(b.form, f.id, patch));
  const text = (key: 'label' | 'help' | 'placeholder' | 'description', multiline = false) => (
    <TextField
      size="small"
      label={t(`builder.properties.${key}`)}
      value={f[key] ?? ''}
      multiline={multiline}
      onChange={(e) => set({ [key]: key === 'label' ? e.target.value : e.target.value || undefined })}
      slotProps={{ htmlInput: { 'data-property': key } }}
    />
  );
  const problems = modelProblems(b.form).filter((p) => p.fieldId === f.id);
  const rule = ruleShowing(place.container, f.id);
  const isText = f.type === 'text' || f.type === 'longText';
  const limits =
    f.type === 'number'
      ? 'value'
      : isText
        ? 'length'
        : f.type === 'table'
          ? 'rows'
          : f.type === 'multiChoice'
            ? 'picks'
            : null;
  const computedProblem = f.computed ? expressionProblem(f.computed) : undefined;
  return (
    <Stack spacing={1.5} component="section" aria-label={t('builder.properties.title')}>
      <Typography variant="subtitle2" component="h3">
        {t('builder.properties.titleOf', { type: t(`builder.type.${f.type}`) })}
      </Typography>
      {problems
        .filter((p) => p.code !== 'computed')
        .map((p) => (
          <Alert key={p.code} severity="warning">
            {t(`builder.problem.${p.code}`)}
          </Alert>
        ))}
      {text('label')}
      <TextField
        size="small"
        label={t('builder.properties.name')}
        value={f.name}
        onChange={(e) => set({ name: e.target.value })}
        error={!namePattern.test(f.name)}
        helperText={t('builder.properties.nameHelp')}
      />
      {f.type !== 'section' && f.type !== 'table' ? text('help', true) : text('description', true)}
      {isText || f.type === 'number' || f.type === 'date' ? text('placeholder') : null}
      <FormControlLabel
        control={<Switch checked={f.required} onChange={(e) => set({ required: e.target.checked })} />}
        label={t('builder.properties.required')}
      />
      {b.kind === 'structure' &&
      place.parentId === null &&
      ['text', 'number', 'yesNo', 'choice', 'date'].includes(f.type) ? (
        <FormControlLabel
          control={
            <Switch checked={!!f.indexed} onChange={(e) => set({ indexed: e.target.checked || undefined })} />
          }
          label={t('builder.properties.indexed')}
        />
      ) : null}
      {f.type === 'number' ? (
        <FormControlLabel
          control={
            <Switch checked={!!f.integer} onChange={(e) => set({ integer: e.target.checked || undefined })} />
          }
          label={t('builder.properties.integer')}
        />
      ) : null}
      {limits ? (
        <Stack direction="row" spacing={1}>
          {(['min', 'max'] as const).map((k) => (
            <TextField
              key={k}
              size="small"
              type="number"
              label={t(`builder.properties.${k}.${limits}`)}
              value={f[k] ?? ''}
              onChange={(e) => set({ [k]: numberOrUndefined(e.target.value) })}
            />
          ))}
        </Stack>
      ) : null}
      {isText ? (
        <TextField
          size="small"
          label={t('builder.properties.pattern')}
          value={f.pattern ?? ''}
          onChange={(e) => set({ pattern: e.target.value || undefined })}
          error={!!patternProblem}
          helperText={
            patternProblem
              ? t('builder.properties.patternProblem', { problem: patternProblem })
              : t('builder.properties.patternHelp')
          }
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
        />
      ) : null}
      {f.type === 'choice' || f.type === 'multiChoice' ? <ChoicesEditor field={f} /> : null}
      {f.type === 'choice' ? (
        <TextField
          select
          size="small"
          label={t('builder.properties.display')}
          value={f.display ?? 'auto'}
          onChange={(e) =>
            set({ display: e.target.value === 'auto' ? undefined : (e.target.value as 'select' | 'radio') })
          }
        >
          <MenuItem value="auto">{t('builder.properties.displayAuto')}</MenuItem>
          <MenuItem value="radio">{t('builder.properties.displayRadio')}</MenuItem>
          <MenuItem value="select">{t('builder.properties.displaySelect')}</MenuItem>
        </TextField>
      ) : null}
      {f.type === 'choice' ? (
        <TextField
          select
          size="small"
          label={t('builder.properties.default')}
          value={typeof f.default === 'string' ? f.default : ''}
          onChange={(e) => set({ default: e.target.value || undefined })}
        >
          <MenuItem value="">{t('builder.properties.noDefault')}</MenuItem>
          {(f.choices ?? []).map((c) => (
            <MenuItem key={c.value} value={c.value}>
              {c.label}
            </MenuItem>
          ))}
        </TextField>
      ) : f.type === 'yesNo' ? (
        <TextField
          select
          size="small"
          label={t('builder.properties.default')}
          value={f.default === true ? 'yes' : f.default === false ? 'no' : ''}
          onChange={(e) => set({ default: e.target.value === '' ? undefined : e.target.value === 'yes' })}
        >
          <MenuItem value="">{t('builder.properties.noDefault')}</MenuItem>
          <MenuItem value="yes">{t('builder.rules.yes')}</MenuItem>
          <MenuItem value="no">{t('builder.rules.no')}</MenuItem>
        </TextField>
      ) : isText || f.type === 'number' || f.type === 'date' ? (
        <TextField
          size="small"
          type={f.type === 'number' ? 'number' : f.type === 'date' ? 'date' : 'text'}
          label={t('builder.properties.default')}
          value={f.default === undefined ? '' : String(f.default)}
          onChange={(e) =>
            set({
              default: f.type === 'number' ? numberOrUndefined(e.target.value) : e.target.value || undefined,
            })
          }
          slotProps={{ inputLabel: { shrink: true } }}
        />
      ) : null}
      {f.type === 'number' || f.type === 'text' ? (
        <TextField
          size="small"
          label={t('builder.properties.computed')}
          value={f.computed ?? ''}
          onChange={(e) => set({ computed: e.target.value || undefined })}
          error={!!computedProblem}
          helperText={computedProblem ?? t('builder.properties.computedHelp')}
          slotProps={{ htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } } }}
        />
      ) : null}
      {f.type === 'file' ? (
        <>
          <TextField
            size="small"
            label={t('builder.properties.accept')}
            value={f.accept ?? ''}
            onChange={(e) => set({ accept: e.target.value || undefined })}
            helperText={t('builder.properties.acceptHelp')}
          />
          <TextField
            size="small"
            type="number"
            label={t('builder.properties.maxSize')}
            value={f.maxSize === undefined ? '' : f.maxSize / 1_000_000}
            onChange={(e) => {
              const mb = numberOrUndefined(e.target.value);
              set({ maxSize: mb === undefined ? undefined : Math.round(mb * 1_000_000) });
            }}
          />
        </>
      ) : null}
      <Stack spacing={0.5}>
        <Typography variant="subtitle2" component="h4">
          {t('builder.properties.condition')}
        </Typography>
        {rule ? (
          <>
            <Typography variant="body2">{ruleText(describeRule(place.container, rule))}</Typography>
            <Stack direction="row" spacing={1}>
              <Button size="small" onClick={() => b.editRule({ parentId: place.parentId, ruleId: rule.id })}>
                {t('builder.rules.edit')}
              </Button>
              <Button
                size="small"
                color="error"
                onClick={() => b.change(removeRule(b.form, place.parentId, rule.id))}
              >
                {t('builder.rules.remove')}
              </Button>
            </Stack>
          </>
        ) : (
          <>
            <Typography variant="body2" color="text.secondary">
              {t('builder.properties.alwaysShown')}
            </Typography>
            <Button
              size="small"
              onClick={() => b.editRule({ parentId: place.parentId, showId: f.id })}
              sx={{ alignSelf: 'flex-start' }}
              disabled={place.container.fields.length < 2}
            >
              {t('builder.rules.addFor')}
            </Button>
          </>
        )}
      </Stack>
    </Stack>
  );
}
