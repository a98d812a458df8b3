/**
 * Starts loading the browser's locale data for `language` (and its regional variant from the
 * browser's languages) and `timeZone` on a worker thread, so the first screen's dates cost the
 * page's own thread next to nothing. Call at start-up, before anything formats a date. Resolves
 * when the data is loaded, or at once when no worker can do it (it never rejects).
 */
export function warmUpDateFormats(language: string, timeZone?: string): Promise<void> {
  if (typeof Worker === 'undefined') return Promise.resolve();
  const regional = (navigator.languages ?? []).find((l) => l.split('-')[0] === language);
  const locales = regional && regional !== language ? [regional, language] : [language];
  return new Promise((resolve) => {
    try {
      const worker = new Worker(new URL('./intl-warm-up.worker.ts', import.meta.url));
      worker.onmessage = () => resolve();
      worker.onerror = () => resolve();
      worker.postMessage({ locales, timeZone });
    } catch {
      // Workers refused (a policy, an old browser): dates are only slower to format the first time.
      resolve();
    }
  });
}
