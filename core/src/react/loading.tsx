import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import { lazy, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { PageLoader } from './types.js';

const pages = new Map<PageLoader, ComponentType>();
const loading = new Map<PageLoader, Promise<{ default: ComponentType }>>();
const loaded = new Map<PageLoader, ComponentType>();

/**
 * Starts loading a page's module, once per loader. A page whose module has arrived before it first
 * renders shows at once, with no spinner in between (no extra render and commit of its fallback).
 */
export function preloadPage(load: PageLoader): Promise<{ default: ComponentType }> {
  let promise = loading.get(load);
  if (!promise) {
    promise = load().then((m) => {
      loaded.set(load, m.default);
      return m;
    });
    // A failed load may be tried again (the lazy page's error boundary shows the failure).
    promise.catch(() => loading.delete(load));
    loading.set(load, promise);
  }
  return promise;
}

/** One lazy component per loader, so React keeps a page's state between renders of the routes. */
export function lazyPage(load: PageLoader): ComponentType {
  let page = pages.get(load);
  if (!page) {
    const Lazy = lazy(() => preloadPage(load));
    const Page = () => {
      // Chosen once per mount: switching between the two would mount the page afresh.
      const [Component] = useState<ComponentType>(() => loaded.get(load) ?? Lazy);
      return <Component />;
    };
    pages.set(load, (page = Page));
  }
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
