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
  return useMemo(() => formatsFor(language, timeZone), [language, timeZone]);
}

/**
 * The formats of one language and time zone. Each formatter is made when first used: the first
 * one a page makes costs tens of milliseconds on a phone (the browser loads its locale data), so
 * a screen pays only for the ones it shows.
 */
function formatsFor(language: string, timeZone: string | undefined) {
  const made = new Map<string, Intl.DateTimeFormat>();
  const formatter = (key: string, options: Intl.DateTimeFormatOptions) => {
    let f = made.get(key);
    if (!f) {
      try {
        f = new Intl.DateTimeFormat(language, { ...options, timeZone });
      } catch (err) {
        // A time zone this browser does not know: its own zone, rather than nothing.
        if (!(err instanceof RangeError) || !timeZone) throw err;
        f = new Intl.DateTimeFormat(language, options);
      }
      made.set(key, f);
    }
    return f;
  };
  let relative: Intl.RelativeTimeFormat | undefined;
  return {
    dateTime: (iso: string) =>
      formatter('dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
    date: (iso: string) => formatter('date', { dateStyle: 'medium' }).format(new Date(iso)),
    today: () => formatter('long', { weekday: 'long', day: 'numeric', month: 'long' }).format(new Date()),
    /** "5 minutes ago", "yesterday"; under a minute: "now". */
    relative(iso: string): string {
      relative ??= new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
      const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
      for (const [unit, size] of units)
        if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
      return relative.format(0, 'second');
    },
    /** The hour of day (0-23) in the user's zone, for a greeting. */
    hour: () =>
      Number(
        formatter('hour', { hour: 'numeric', hourCycle: 'h23', numberingSystem: 'latn' })
          .formatToParts(new Date())
          .find((p) => p.type === 'hour')?.value ?? new Date().getHours(),
      ),
  };
}
