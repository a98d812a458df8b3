import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { ariaDescribedByIds, type EnumOptionsType, type WidgetProps } from '@rjsf/utils';
import { useContext, type FocusEvent } from 'react';
import { RowLayoutContext, useFormRuntime, useSectionForm } from '../runtime.js';

/** Visually hidden, read by screen readers (a label inside a table cell: the column says it). */
export const visuallyHidden = {
  border: 0,
  clip: 'rect(0 0 0 0)',
  height: '1px',
  margin: '-1px',
  overflow: 'hidden',
  padding: 0,
  position: 'absolute',
  whiteSpace: 'nowrap',
  width: '1px',
} as const;

/** A closed list with this many options or fewer shows as radio buttons, more as a drop-down. */
export const radioLimit = 5;

const labelId = (id: string) => `${id}__label`;

/** The label of a group of radio buttons or check boxes, referenced by the group (not a <label for>). */
function GroupLabel(props: { id: string; label: string; required?: boolean; hidden?: boolean }) {
  const inCell = useContext(RowLayoutContext) === 'cell';
  if (!props.label) return null;
  return (
    <FormLabel
      id={labelId(props.id)}
      required={props.required}
      sx={inCell || props.hidden ? visuallyHidden : { mb: 0.5 }}
    >
      {props.label}
    </FormLabel>
  );
}

const indexOf = (options: EnumOptionsType[] | undefined, value: unknown): number =>
  options?.findIndex((o) => o.value === value || JSON.stringify(o.value) === JSON.stringify(value)) ?? -1;

/** Yes or no, as two radio buttons: a checkbox cannot say "not answered yet". */
export function YesNoWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, label, hideLabel, onChange, onBlur, onFocus } = props;
  const { t } = useFormRuntime();
  const current = value === true ? 'yes' : value === false ? 'no' : '';
  const form = useSectionForm();
  return (
    <>
      <GroupLabel id={id} label={label} required={required} hidden={hideLabel} />
      <RadioGroup
        id={id}
        row
        name={props.htmlName ?? id}
        value={current}
        aria-labelledby={labelId(id)}
        aria-describedby={ariaDescribedByIds(id)}
        onChange={(_, v) => onChange(v === 'yes')}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      >
        <FormControlLabel
          value="yes"
          control={<Radio id={`${id}-yes`} slotProps={{ input: form }} />}
          label={t('renderer.yes')}
          disabled={disabled || readonly}
        />
        <FormControlLabel
          value="no"
          control={<Radio id={`${id}-no`} slotProps={{ input: form }} />}
          label={t('renderer.no')}
          disabled={disabled || readonly}
        />
      </RadioGroup>
    </>
  );
}

/** One answer from a closed list: radio buttons for a few options, a native drop-down for many. */
export function ChoiceWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, label, hideLabel, onChange, onBlur, onFocus, options } =
    props;
  const inCell = useContext(RowLayoutContext) === 'cell';
  const { t } = useFormRuntime();
  const form = useSectionForm();
  const enumOptions = options.enumOptions ?? [];
  const selected = indexOf(enumOptions, value);
  const decode = (v: string) => (v === '' ? options.emptyValue : enumOptions[Number(v)]?.value);
  const radios = options.widgetStyle === 'select' ? false : enumOptions.length <= radioLimit && !inCell;
  if (radios) {
    return (
      <>
        <GroupLabel id={id} label={label} required={required} hidden={hideLabel} />
        <RadioGroup
          id={id}
          name={props.htmlName ?? id}
          value={selected >= 0 ? String(selected) : ''}
          aria-labelledby={labelId(id)}
          aria-describedby={ariaDescribedByIds(id)}
          row={options.inline === true}
          onChange={(_, v) => onChange(decode(v))}
          onBlur={() => onBlur(id, value)}
          onFocus={() => onFocus(id, value)}
        >
          {enumOptions.map((o, i) => (
            <FormControlLabel
              key={i}
              value={String(i)}
              control={<Radio id={`${id}-${i}`} slotProps={{ input: form }} />}
              label={o.label}
              disabled={disabled || readonly || (options.enumDisabled ?? []).includes(o.value)}
            />
          ))}
        </RadioGroup>
      </>
    );
  }
  return (
    <TextField
      id={id}
      select
      fullWidth
      name={props.htmlName ?? id}
      label={inCell || hideLabel ? undefined : label}
      required={required}
      disabled={disabled || readonly}
      value={selected >= 0 ? String(selected) : ''}
      error={(props.rawErrors?.length ?? 0) > 0}
      onChange={(e) => onChange(decode(e.target.value))}
      onBlur={(e: FocusEvent<HTMLInputElement>) => onBlur(id, decode(e.target.value))}
      onFocus={() => onFocus(id, value)}
      slotProps={{
        select: { native: true },
        inputLabel: { shrink: true },
        htmlInput: {
          'aria-describedby': ariaDescribedByIds(id),
          ...(inCell || hideLabel ? { 'aria-label': label } : {}),
          ...form,
        },
      }}
    >
      <option value="">{t('renderer.choose')}</option>
      {enumOptions.map((o, i) => (
        <option key={i} value={String(i)} disabled={(options.enumDisabled ?? []).includes(o.value)}>
          {o.label}
        </option>
      ))}
    </TextField>
  );
}

/** Several answers from a closed list, as check boxes in a labelled group. */
export function MultipleChoiceWidget(props: WidgetProps) {
  const { id, value, required, disabled, readonly, label, hideLabel, onChange, onBlur, onFocus, options } =
    props;
  const enumOptions = options.enumOptions ?? [];
  const form = useSectionForm();
  const chosen: unknown[] = Array.isArray(value) ? value : [];
  const toggle = (v: unknown, on: boolean) => {
    const next = on ? [...chosen, v] : chosen.filter((c) => c !== v);
    // Keep the order of the options, whatever the order of the clicks.
    onChange(enumOptions.map((o) => o.value).filter((o) => next.includes(o)));
  };
  return (
    <>
      <GroupLabel id={id} label={label} required={required} hidden={hideLabel} />
      <FormGroup
        id={id}
        role="group"
        aria-labelledby={labelId(id)}
        aria-describedby={ariaDescribedByIds(id)}
        row={options.inline === true}
        onBlur={() => onBlur(id, value)}
        onFocus={() => onFocus(id, value)}
      >
        {enumOptions.map((o, i) => (
          <FormControlLabel
            key={i}
            control={
              <Checkbox
                id={`${id}-${i}`}
                name={props.htmlName ?? id}
                checked={chosen.includes(o.value)}
                onChange={(e) => toggle(o.value, e.target.checked)}
                slotProps={{ input: form }}
              />
            }
            label={o.label}
            disabled={disabled || readonly || (options.enumDisabled ?? []).includes(o.value)}
          />
        ))}
      </FormGroup>
    </>
  );
}
