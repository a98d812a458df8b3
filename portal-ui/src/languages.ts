import { rememberLanguage, useApi, useSession } from '@portico/core/react';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

/** Each language's name in itself, so people find their own whatever the page's language. */
export const languageNames: Record<string, string> = {
  en: 'English',
  sv: 'Svenska',
  fi: 'Suomi',
  no: 'Norsk',
  nb: 'Norsk bokmål',
  da: 'Dansk',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  pl: 'Polski',
  nl: 'Nederlands',
};

export const languageName = (code: string): string => languageNames[code] ?? code;

/**
 * Switches the page's language at once and remembers it on this device; for a logged-in user the
 * profile keeps it too (PATCH /me), so it follows them to every device.
 */
export function useChangeLanguage(): (language: string) => Promise<void> {
  const { i18n } = useTranslation();
  const api = useApi();
  const { me, refresh } = useSession();
  const loggedIn = !!me;
  return useCallback(
    async (language: string) => {
      rememberLanguage(language);
      await i18n.changeLanguage(language);
      if (loggedIn) {
        await api.patch('/me', { language });
        await refresh();
      }
    },
    [i18n, api, refresh, loggedIn],
  );
}
