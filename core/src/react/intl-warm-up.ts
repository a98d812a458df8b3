/**
 * Starts loading the browser's locale data for `language` (and its regional variant from the
 * browser's languages) and `timeZone` on a worker thread, so the first screen's dates cost the
 * page's own thread next to nothing. Call at start-up, before anything formats a date.
 */
export function warmUpDateFormats(language: string, timeZone?: string): void {
  if (typeof Worker === 'undefined') return;
  const regional = (navigator.languages ?? []).find((l) => l.split('-')[0] === language);
  const locales = regional && regional !== language ? [regional, language] : [language];
  try {
    const worker = new Worker(new URL('./intl-warm-up.worker.ts', import.meta.url));
    worker.postMessage({ locales, timeZone });
  } catch {
    // Workers refused (a policy, an old browser): dates are only slower to format the first time.
  }
}
