import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { BootData, PluginUi } from './types.js';

const storageKey = 'portico.language';

/**
 * The language the page starts in: the logged-in person's profile language (from the page), else
 * the last choice on this device, then the browser's.
 */
export function initialLanguage(boot: BootData): string {
  if (boot.language && boot.languages.includes(boot.language)) return boot.language;
  try {
    const saved = localStorage.getItem(storageKey);
    if (saved && boot.languages.includes(saved)) return saved;
  } catch {
    // Storage may be blocked (private mode); fall through.
  }
  for (const l of navigator.languages ?? []) {
    const base = l.slice(0, 2).toLowerCase();
    if (boot.languages.includes(l)) return l;
    if (boot.languages.includes(base)) return base;
  }
  return boot.defaultLanguage;
}

/** Remembers a language choice on this device (the profile keeps it across devices). */
export function rememberLanguage(language: string): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Not fatal: the profile keeps the choice for logged-in users.
  }
}

/**
 * One i18next instance for an app: the app's own strings in namespace `appNamespace`, each
 * plugin's under its id. Everything is bundled, so switching language needs no request.
 */
export function createI18n(
  boot: BootData,
  appNamespace: string,
  appStrings: Record<string, Record<string, unknown>>,
  plugins: PluginUi[],
): i18n {
  const instance = i18next.createInstance();
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  const add = (lang: string, ns: string, strings: Record<string, unknown>) => {
    (resources[lang] ??= {})[ns] = strings;
  };
  for (const [lang, strings] of Object.entries(appStrings)) add(lang, appNamespace, strings);
  for (const p of plugins)
    for (const [lang, strings] of Object.entries(p.translations ?? {})) add(lang, p.id, strings);
  void instance.use(initReactI18next).init({
    resources,
    lng: initialLanguage(boot),
    fallbackLng: boot.defaultLanguage === 'en' ? 'en' : [boot.defaultLanguage, 'en'],
    supportedLngs: boot.languages,
    defaultNS: appNamespace,
    ns: [appNamespace, ...plugins.map((p) => p.id)],
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  instance.on('languageChanged', (lng) => {
    document.documentElement.lang = lng;
  });
  document.documentElement.lang = instance.language;
  return instance;
}
