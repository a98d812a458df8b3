import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * While `active` (unsaved edits), leaving asks first: the browser's own question when the tab
 * closes or reloads, and ours for any link of the app (the menu too), which the app's router
 * (a BrowserRouter, without blockers) cannot hold back.
 */
export function useLeaveGuard(active: boolean): void {
  const { t } = useTranslation('forms');
  const question = t('admin.builder.leave');
  useEffect(() => {
    if (!active) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    const onClick = (e: MouseEvent) => {
      const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!link || link.getAttribute('target') === '_blank' || link.hasAttribute('download')) return;
      if (!window.confirm(question)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('beforeunload', warn);
    // Capture: before the router's own click handler sees the click.
    document.addEventListener('click', onClick, true);
    return () => {
      window.removeEventListener('beforeunload', warn);
      document.removeEventListener('click', onClick, true);
    };
  }, [active, question]);
}
