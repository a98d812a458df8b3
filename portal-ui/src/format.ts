import { useSession } from '@portico/core/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** Dates and times in the page's language and the user's own time zone (from their profile). */
export function useFormat() {
  const { i18n } = useTranslation();
  const { me } = useSession();
  // The browser's regional variant of the page's language (en-GB dates for a British browser).
  const language =
    (typeof navigator !== 'undefined' ? navigator.languages : []).find(
      (l) => l.split('-')[0] === i18n.language,
    ) ?? i18n.language;
  const timeZone = me?.user.timeZone;
  return useMemo(() => {
    const zone = (() => {
      try {
        return timeZone
          ? new Intl.DateTimeFormat(language, { timeZone }).resolvedOptions().timeZone
          : undefined;
      } catch {
        return undefined;
      }
    })();
    const dateTime = new Intl.DateTimeFormat(language, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: zone,
    });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: zone });
    const long = new Intl.DateTimeFormat(language, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      timeZone: zone,
    });
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    return {
      dateTime: (iso: string) => dateTime.format(new Date(iso)),
      date: (iso: string) => date.format(new Date(iso)),
      today: () => long.format(new Date()),
      /** "5 minutes ago", "yesterday"; under a minute: "now". */
      relative(iso: string): string {
        const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
        for (const [unit, size] of units)
          if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
        return relative.format(0, 'second');
      },
      /** The hour of day in the user's zone, for a greeting. */
      hour: () =>
        Number(
          new Intl.DateTimeFormat('en-GB', { hour: 'numeric', hourCycle: 'h23', timeZone: zone }).format(
            new Date(),
          ),
        ),
    };
  }, [language, timeZone]);
}
