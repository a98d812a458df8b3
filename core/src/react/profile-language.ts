import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useBoot, useSession } from './context.js';
import { rememberLanguage } from './i18n.js';

/**
 * The language of the user's profile wins once they are logged in, in every app: it follows them
 * across devices. Call it once near the root of an app, inside PorticoProvider and i18next's.
 */
export function useProfileLanguage(): void {
  const { me } = useSession();
  const boot = useBoot();
  const { i18n } = useTranslation();
  const language = me?.user.language;
  useEffect(() => {
    if (language && language !== i18n.language && boot.languages.includes(language)) {
      rememberLanguage(language);
      void i18n.changeLanguage(language);
    }
  }, [language, i18n, boot.languages]);
}
