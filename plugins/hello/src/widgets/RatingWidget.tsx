import FormControl from '@mui/material/FormControl';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Rating from '@mui/material/Rating';
import { useTranslation } from 'react-i18next';

/** What react-jsonschema-form gives a widget (the part this one uses; see @rjsf/utils WidgetProps). */
export interface RatingWidgetProps {
  id: string;
  value: unknown;
  label: string;
  required?: boolean;
  disabled?: boolean;
  readonly?: boolean;
  rawErrors?: string[];
  schema: { maximum?: number };
  onChange(value: number | undefined): void;
  onBlur(id: string, value: unknown): void;
  onFocus(id: string, value: unknown): void;
}

/** Stars as a group of radio buttons: arrow keys move, the label names the group, errors are read out. */
export default function RatingWidget(props: RatingWidgetProps) {
  const { t } = useTranslation('hello');
  const { id, label, required, disabled, readonly, rawErrors = [] } = props;
  const max = Math.min(Math.max(props.schema.maximum ?? 5, 1), 10);
  const value = typeof props.value === 'number' ? props.value : null;
  const labelId = `${id}__label`;
  const errorId = `${id}__error`;
  return (
    <FormControl
      component="fieldset"
      required={required}
      disabled={disabled}
      error={rawErrors.length > 0}
      aria-describedby={rawErrors.length ? errorId : undefined}
    >
      <FormLabel component="legend" id={labelId}>
        {label}
      </FormLabel>
      <Rating
        name={id}
        value={value}
        max={max}
        size="large"
        readOnly={readonly}
        disabled={disabled}
        getLabelText={(n: number) => t('rating.stars', { count: n })}
        onChange={(_, next) => props.onChange(next ?? undefined)}
        onBlur={() => props.onBlur(id, value)}
        onFocus={() => props.onFocus(id, value)}
      />
      {rawErrors.length ? <FormHelperText id={errorId}>{rawErrors.join(' ')}</FormHelperText> : null}
    </FormControl>
  );
}
