import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import { useTranslation } from 'react-i18next';

/** A drop-down filter with "All" first; the empty value means no filter. */
export function SelectFilter(props: {
  label: string;
  value: string;
  options: Array<{ value: string; label: string }>;
  onChange(value: string): void;
  minWidth?: number;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      select
      size="small"
      margin="none"
      fullWidth={false}
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      sx={{ minWidth: props.minWidth ?? 160, flexGrow: { xs: 1, lg: 0 } }}
    >
      <MenuItem value="">{t('kit.all')}</MenuItem>
      {props.options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
