import Stack from '@mui/material/Stack';
import type { ReactNode } from 'react';

/** The search box and filters above a list, wrapping on narrow screens. */
export function FilterBar(props: { children: ReactNode; label: string }) {
  return (
    <Stack
      role="search"
      aria-label={props.label}
      direction="row"
      useFlexGap
      spacing={1.5}
      sx={{ flexWrap: 'wrap', alignItems: 'center', mb: 2 }}
    >
      {props.children}
    </Stack>
  );
}
