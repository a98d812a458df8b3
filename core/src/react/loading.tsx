import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { lazy, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageLoader } from './types.js';

const pages = new Map<PageLoader, ComponentType>();

/** One lazy component per loader, so React keeps a page's state between renders of the routes. */
export function lazyPage(load: PageLoader): ComponentType {
  let page = pages.get(load);
  if (!page) pages.set(load, (page = lazy(load)));
  return page;
}

/** A spinner that screen readers announce, in the app's language (its "loading" string). */
export function Loading() {
  const { t } = useTranslation();
  return (
    <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }} role="status" aria-live="polite">
      <CircularProgress aria-label={t('loading', { defaultValue: 'Loading' })} />
    </Box>
  );
}
