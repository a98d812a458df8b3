import type { BootData } from './types.js';

/** Reads the boot data the server wrote into the page (a JSON script block, so no inline script runs). */
export function readBootData(): BootData {
  const el = document.getElementById('portico-boot');
  const fallback: BootData = {
    portalName: 'Portico',
    languages: ['en', 'sv'],
    defaultLanguage: 'en',
    branding: {},
    plugins: [],
    base: '/',
  };
  if (!el?.textContent) return fallback;
  try {
    return { ...fallback, ...(JSON.parse(el.textContent) as Partial<BootData>) };
  } catch {
    return fallback;
  }
}
