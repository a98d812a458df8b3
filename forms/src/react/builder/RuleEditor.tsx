import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuilder, type RuleTarget } from './context.js';
import {
  containerOf,
  describeRule,
  newId,
  removeRule,
  saveRule,
  walk,
  type BuilderField,
  type ConditionOp,
  type Container,
  type Rule,
} from './model/index.js';
import { useRuleText } from './rule-text.js';

const opsFor = (f: BuilderField | undefined): ConditionOp[] =>
  !f
    ? []
    : f.type === 'yesNo'
      ? ['is']
      : f.type === 'choice'
        ? ['is', 'isNot', 'oneOf', 'filled']
        : f.type === 'multiChoice'
          ? ['is', 'isNot', 'filled']
          : ['is', 'isNot', 'filled'];

/** "Show <fields> when <field> <is / is not / is one of / is filled> <value>", for one container. */
export function RuleDialog(props: { target: RuleTarget; onClose(): void }) {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const container = containerOf(b.form, props.target.parentId);
  const existing = container?.rules.find((r) => r.id === props.target.ruleId);
  const [show, setShow] = useState<string[]>(
    existing?.show ?? (props.target.showId ? [props.target.showId] : []),
  );
  const [fieldId, setFieldId] = useState(existing?.when.fieldId ?? '');
  const [op, setOp] = useState<ConditionOp>(existing?.when.op ?? 'is');
  const [value, setValue] = useState<unknown>(existing?.when.value);
  if (!container) return null;
  const watched = container.fields.find((f) => f.id === fieldId);
  const ops = opsFor(watched);
  const label = (f: BuilderField) => f.label || f.name;
  const valueField = () => {
    if (!watched || op === 'filled') return null;
    if (watched.type === 'yesNo')
      return (
        <TextField
          select
          size="small"
          label={t('builder.rules.value')}
          value={value === false ? 'no' : value === true ? 'yes' : ''}
          onChange={(e) => setValue(e.target.value === 'yes')}
        >
          <MenuItem value="yes">{t('builder.rules.yes')}</MenuItem>
          <MenuItem value="no">{t('builder.rules.no')}</MenuItem>
        </TextField>
      );
    if (watched.choices && op === 'oneOf') {
      const picked = Array.isArray(value) ? (value as unknown[]) : [];
      return (
        <FormGroup aria-label={t('builder.rules.value')}>
          {watched.choices.map((c) => (
            <FormControlLabel
              key={c.value}
              label={c.label}
              control={
                <Checkbox
                  checked={picked.includes(c.value)}
                  onChange={(e) =>
                    setValue(e.target.checked ? [...picked, c.value] : picked.filter((v) => v !== c.value))
                  }
                />
              }
            />
          ))}
        </FormGroup>
      );
    }
    if (watched.choices)
      return (
        <TextField
          select
          size="small"
          label={t('builder.rules.value')}
          value={typeof value === 'string' ? value : ''}
          onChange={(e) => setValue(e.target.value)}
        >
          {watched.choices.map((c) => (
            <MenuItem key={c.value} value={c.value}>
              {c.label}
            </MenuItem>
          ))}
        </TextField>
      );
    return (
      <TextField
        size="small"
        type={watched.type === 'number' ? 'number' : watched.type === 'date' ? 'date' : 'text'}
        label={t('builder.rules.value')}
        value={value === undefined ? '' : String(value)}
        onChange={(e) => setValue(watched.type === 'number' ? Number(e.target.value) : e.target.value)}
        slotProps={{ inputLabel: { shrink: true } }}
      />
    );
  };
  const ready =
    !!watched &&
    show.length > 0 &&
    ops.includes(op) &&
    (op === 'filled' ||
      (op === 'oneOf' ? Array.isArray(value) && value.length > 0 : value !== undefined && value !== ''));
  const save = () => {
    if (!watched) return;
    const rule: Rule = {
      id: existing?.id ?? newId('r'),
      when: { fieldId: watched.id, op, ...(op === 'filled' ? {} : { value }) },
      show: show.filter((id) => id !== watched.id),
    };
    b.change(saveRule(b.form, props.target.parentId, rule));
    props.onClose();
  };
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>{existing ? t('builder.rules.editTitle') : t('builder.rules.addTitle')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <FormGroup>
            <Typography variant="subtitle2" component="p">
              {t('builder.rules.show')}
            </Typography>
            {container.fields
              .filter((f) => f.id !== fieldId)
              .map((f) => (
                <FormControlLabel
                  key={f.id}
                  label={label(f)}
                  control={
                    <Checkbox
                      checked={show.includes(f.id)}
                      onChange={(e) =>
                        setShow(e.target.checked ? [...show, f.id] : show.filter((x) => x !== f.id))
                      }
                    />
                  }
                />
              ))}
          </FormGroup>
          <TextField
            select
            size="small"
            label={t('builder.rules.when')}
            value={fieldId}
            onChange={(e) => {
              setFieldId(e.target.value);
              setShow(show.filter((x) => x !== e.target.value));
              const next = container.fields.find((f) => f.id === e.target.value);
              setOp(opsFor(next)[0] ?? 'is');
              setValue(next?.type === 'yesNo' ? true : undefined);
            }}
          >
            {container.fields
              .filter((f) => f.type !== 'section' && f.type !== 'table')
              .map((f) => (
                <MenuItem key={f.id} value={f.id}>
                  {label(f)}
                </MenuItem>
              ))}
          </TextField>
          {watched ? (
            <TextField
              select
              size="small"
              label={t('builder.rules.op')}
              value={op}
              onChange={(e) => {
                setOp(e.target.value as ConditionOp);
                setValue(e.target.value === 'oneOf' ? [] : watched.type === 'yesNo' ? true : undefined);
              }}
            >
              {ops.map((o) => (
                <MenuItem key={o} value={o}>
                  {t(`builder.rules.ops.${o}`)}
                </MenuItem>
              ))}
            </TextField>
          ) : null}
          {valueField()}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('builder.cancel')}</Button>
        <Button variant="contained" disabled={!ready} onClick={save}>
          {t('builder.rules.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** Every rule of the form as a sentence, by section, with a way to add one to each. */
export function RulesTab() {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const ruleText = useRuleText();
  const groups: Array<{ parentId: string | null; label: string; container: Container }> = [
    { parentId: null, label: t('builder.rules.wholeForm'), container: b.form },
  ];
  walk(b.form, (f) => {
    if (f.group) groups.push({ parentId: f.id, label: f.label || f.name, container: f.group });
  });
  const raw = (c: Container) => (Array.isArray(c.schemaExtra.allOf) ? c.schemaExtra.allOf.length : 0);
  return (
    <Stack spacing={2}>
      <Typography color="text.secondary">{t('builder.rules.intro')}</Typography>
      {groups.map((g) => (
        <Stack key={g.parentId ?? 'root'} spacing={0.5} component="section" aria-label={g.label}>
          <Typography variant="subtitle2" component="h3">
            {g.label}
          </Typography>
          {g.container.rules.length ? (
            <List dense disablePadding>
              {g.container.rules.map((r) => (
                <ListItem
                  key={r.id}
                  disableGutters
                  secondaryAction={
                    <Stack direction="row" spacing={1}>
                      <Button size="small" onClick={() => b.editRule({ parentId: g.parentId, ruleId: r.id })}>
                        {t('builder.rules.edit')}
                      </Button>
                      <Button
                        size="small"
                        color="error"
                        onClick={() => b.change(removeRule(b.form, g.parentId, r.id))}
                      >
                        {t('builder.rules.remove')}
                      </Button>
                    </Stack>
                  }
                >
                  <ListItemText primary={ruleText(describeRule(g.container, r))} sx={{ pr: 18 }} />
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography variant="body2" color="text.secondary">
              {t('builder.rules.none')}
            </Typography>
          )}
          {raw(g.container) ? (
            <Alert severity="info">{t('builder.rules.raw', { count: raw(g.container) })}</Alert>
          ) : null}
          <Button
            size="small"
            onClick={() => b.editRule({ parentId: g.parentId })}
            disabled={g.container.fields.length < 2}
            sx={{ alignSelf: 'flex-start' }}
          >
            {t('builder.rules.add')}
          </Button>
        </Stack>
      ))}
    </Stack>
  );
}
