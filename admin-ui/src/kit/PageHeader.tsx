import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

/** The top of a screen: a way back (detail pages), the title, a line under it and the screen's actions. */
export function PageHeader(props: {
  title: ReactNode;
  subtitle?: ReactNode;
  back?: { to: string; label: string };
  actions?: ReactNode;
  /** Chips or badges next to the title (status). */
  badges?: ReactNode;
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
          {props.subtitle ? (
            <Typography color="text.secondary" sx={{ mt: 0.5 }}>
              {props.subtitle}
            </Typography>
          ) : null}
        </Box>
        {props.actions ? (
          <Stack direction="row" spacing={1} sx={{ flexShrink: 0, flexWrap: 'wrap', rowGap: 1 }}>
            {props.actions}
          </Stack>
        ) : null}
      </Stack>
    </Box>
  );
}
