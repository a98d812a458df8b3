import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBoot, useSession } from './context.js';
import { rememberLanguage } from './i18n.js';

/**
 * The language of the user's profile wins once they are logged in, in every app: it follows them
 * across devices. Call once, near the top of an app.
 */
export function useProfileLanguage(): void {
  const { me } = useSession();
  const boot = useBoot();
  const { i18n } = useTranslation();
  const language = me?.user.language;
  useEffect(() => {
    if (!language || !boot.languages.includes(language)) return;
    // Remembered on this device even when the page already started in it, for the login page.
    rememberLanguage(language);
    if (language !== i18n.language) void i18n.changeLanguage(language);
  }, [language, i18n, boot.languages]);
}
