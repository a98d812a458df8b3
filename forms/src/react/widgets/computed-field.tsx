import TextField from '@mui/material/TextField';
import type { FieldProps } from '@rjsf/utils';
import { useContext, useSyncExternalStore } from 'react';
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
 * reads the value from the form's computed store, so typing re-renders only the totals whose
 * value changes. The server computes it again on submission.
 */
export function ComputedField(props: FieldProps) {
  const { schema, uiSchema, fieldPathId, name, required } = props;
  const { computed, language, t } = useFormRuntime();
  const inCell = useContext(RowLayoutContext) === 'cell';
  const value = useSyncExternalStore(
    computed.subscribe,
    () => readAt(computed.data, fieldPathId.path),
    () => readAt(computed.data, fieldPathId.path),
  );
  const label = (uiSchema?.['ui:title'] as string | undefined) ?? schema.title ?? name;
  const shown =
    typeof value === 'number' ? formatNumber(value, language) : value == null ? '' : String(value);
  const id = fieldPathId.$id;
  return (
    <TextField
      id={id}
      fullWidth
      label={inCell ? undefined : label}
      value={shown}
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
