import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Translated } from '../shared/types.js';

/** The text of `value` in `language`, else the default language's, else any. */
export function pick(value: Translated | string | undefined, language: string, fallback?: string): string {
  if (!value) return '';
  if (typeof value === 'string') return value;
  return (
    value[language] ??
    value[language.split('-')[0]!] ??
    (fallback ? value[fallback] : undefined) ??
    Object.values(value)[0] ??
    ''
  );
}

export const formatDate = (iso: string | null | undefined, language: string): string =>
  iso ? new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' }) : '';

/** A screen's head: a way back, the title, badges and actions. */
export function Header(props: {
  title: ReactNode;
  back?: { to: string; label: string };
  badges?: ReactNode;
  actions?: ReactNode;
  subtitle?: ReactNode;
}) {
  return (
    <Box component="header" sx={{ mb: 2 }}>
      {props.back ? (
        <Button
          component={Link}
          to={props.back.to}
          startIcon={<ArrowBackOutlined />}
          size="small"
          sx={{ mb: 1, ml: -1 }}
        >
          {props.back.label}
        </Button>
      ) : null}
      <Stack
        direction={{ xs: 'column', sm: 'row' }}
        spacing={1.5}
        sx={{ alignItems: { xs: 'stretch', sm: 'center' }, justifyContent: 'space-between' }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}>
            <Typography variant="h1" sx={{ overflowWrap: 'anywhere' }}>
              {props.title}
            </Typography>
            {props.badges}
          </Stack>
          {props.subtitle ? <Typography color="text.secondary">{props.subtitle}</Typography> : null}
        </Box>
        {props.actions ? (
          <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
            {props.actions}
          </Stack>
        ) : null}
      </Stack>
    </Box>
  );
}

const statusColors: Record<string, 'default' | 'success' | 'warning' | 'info' | 'error'> = {
  draft: 'warning',
  published: 'success',
  retired: 'default',
  submitted: 'info',
  'in-progress': 'warning',
  done: 'success',
  rejected: 'error',
};

/** A version's or a submission's status, in words. */
export function StatusChip(props: { status: string }) {
  const { t } = useTranslation('forms');
  return (
    <Chip
      size="small"
      color={statusColors[props.status] ?? 'default'}
      label={t(`admin.status.${props.status}`, { defaultValue: props.status })}
    />
  );
}
