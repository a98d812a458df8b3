import TextField from '@mui/material/TextField';
import type { FieldProps } from '@rjsf/utils';
import { useContext, useLayoutEffect, useRef } from 'react';
import { RowLayoutContext, useFormRuntime } from '../runtime.js';

function readAt(data: unknown, path: ReadonlyArray<string | number>): unknown {
  let at = data;
  for (const p of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[p] : undefined;
  return at;
}

const formats = new Map<string, Intl.NumberFormat>();
function formatNumber(value: number, language: string): string {
  let f = formats.get(language);
  if (!f) formats.set(language, (f = new Intl.NumberFormat(language, { maximumFractionDigits: 10 })));
  return f.format(value);
}

/**
 * A computed value (`"ui:computed": "qty * price"`): read-only, updated as the user types. It
 * renders once: each change of the form's computed store is written straight into the input,
 * so a keystroke that changes a line total and the grand total costs no React render and no
 * style recalculation of MUI's text field. The server computes it again on submission.
 */
export function ComputedField(props: FieldProps) {
  const { schema, uiSchema, fieldPathId, name, required } = props;
  const { computed, language, t } = useFormRuntime();
  const inCell = useContext(RowLayoutContext) === 'cell';
  const input = useRef<HTMLInputElement>(null);
  const path = useRef(fieldPathId.path);
  path.current = fieldPathId.path;
  const show = (value: unknown) =>
    typeof value === 'number' ? formatNumber(value, language) : value == null ? '' : String(value);
  const showRef = useRef(show);
  showRef.current = show;
  useLayoutEffect(() => {
    const update = () => {
      const el = input.current;
      const text = showRef.current(readAt(computed.data, path.current));
      if (el && el.value !== text) el.value = text;
    };
    update();
    return computed.subscribe(update);
  }, [computed, fieldPathId.$id, language]);
  const label = (uiSchema?.['ui:title'] as string | undefined) ?? schema.title ?? name;
  const id = fieldPathId.$id;
  return (
    <TextField
      id={id}
      inputRef={input}
      fullWidth
      label={inCell ? undefined : label}
      defaultValue={show(readAt(computed.data, fieldPathId.path))}
      required={required}
      variant="filled"
      hiddenLabel={inCell}
      slotProps={{
        input: { readOnly: true },
        inputLabel: { shrink: true },
        formHelperText: { id: `${id}__computed` },
        htmlInput: {
          'aria-readonly': true,
          'aria-describedby': `${id}__computed`,
          ...(inCell ? { 'aria-label': label } : {}),
        },
      }}
      helperText={inCell ? undefined : t('renderer.computed')}
    />
  );
}
