import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';

/** A titled card of a page (profile sections, company panels): an h2, a line of text, the content. */
export function SectionCard(props: {
  id?: string;
  title: string;
  icon?: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) {
  const headingId = props.id ? `${props.id}-title` : undefined;
  return (
    <Card
      component="section"
      aria-labelledby={headingId}
      id={props.id}
      sx={{ borderRadius: 3, scrollMarginTop: 80 }}
    >
      <Box sx={{ p: { xs: 2, sm: 3 } }}>
        <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1.5, mb: props.description ? 0.5 : 2 }}>
          {props.icon ? (
            <Box
              aria-hidden
              sx={{
                color: 'primary.main',
                bgcolor: 'action.hover',
                borderRadius: 2,
                width: 36,
                height: 36,
                display: 'grid',
                placeItems: 'center',
                flexShrink: 0,
              }}
            >
              {props.icon}
            </Box>
          ) : null}
          <Typography
            id={headingId}
            variant="h2"
            sx={{ flexGrow: 1, fontSize: '1.15rem', lineHeight: '36px' }}
          >
            {props.title}
          </Typography>
          {props.action}
        </Box>
        {props.description ? (
          <Typography color="text.secondary" variant="body2" sx={{ mb: 2 }}>
            {props.description}
          </Typography>
        ) : null}
        {props.children}
      </Box>
    </Card>
  );
}
