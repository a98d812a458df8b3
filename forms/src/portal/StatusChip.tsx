import Chip from '@mui/material/Chip';
import { useTranslation } from 'react-i18next';

const colors: Record<string, 'info' | 'warning' | 'success' | 'error'> = {
  submitted: 'info',
  'in-progress': 'warning',
  done: 'success',
  rejected: 'error',
};

/** A submission's status, in words (the colour only repeats them). */
export function StatusChip(props: { status: string }) {
  const { t } = useTranslation('forms');
  return (
    <Chip
      size="small"
      variant="outlined"
      color={colors[props.status] ?? 'default'}
      label={t(`portal.status.${props.status}`, { defaultValue: props.status })}
    />
  );
}
