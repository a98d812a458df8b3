import Chip, { type ChipProps } from '@mui/material/Chip';

const colors: Record<string, ChipProps['color']> = {
  active: 'success',
  sent: 'success',
  approved: 'success',
  pending: 'warning',
  invited: 'info',
  queued: 'info',
  stored: 'default',
  suspended: 'error',
  deactivated: 'default',
  failed: 'error',
  rejected: 'default',
};

/** A status as a small coloured label; the colour follows the status, the text comes translated. */
export function StatusChip(props: { status: string; label: string }) {
  return (
    <Chip
      size="small"
      label={props.label}
      color={colors[props.status] ?? 'default'}
      variant={colors[props.status] && colors[props.status] !== 'default' ? 'filled' : 'outlined'}
      sx={{ fontWeight: 600 }}
    />
  );
}
