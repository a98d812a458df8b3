import { createElement, Fragment, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A name or description per language, as roles and permissions carry them. */
export type Translated = Record<string, string>;

/** The text of `value` in `language`, else English, else any; `fallback` when there is none. */
export function pickTranslation(
  value: Translated | null | undefined,
  language: string,
  fallback = '',
): string {
  if (!value) return fallback;
  return value[language] ?? value[language.slice(0, 2)] ?? value.en ?? Object.values(value)[0] ?? fallback;
}

/** Dates and times in the user's language (the admin app's language, not the browser's). */
export function useFormat() {
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
    const date = new Intl.DateTimeFormat(language, { dateStyle: 'medium' });
    const precise = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'medium' });
    const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
    const valid = (iso: string | null | undefined): Date | undefined => {
      if (!iso) return undefined;
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? undefined : d;
    };
    return {
      language,
      dateTime: (iso: string | null | undefined) => {
        const d = valid(iso);
        return d ? dateTime.format(d) : '';
      },
      date: (iso: string | null | undefined) => {
        const d = valid(iso);
        return d ? date.format(d) : '';
      },
      precise: (iso: string | null | undefined) => {
        const d = valid(iso);
        return d ? precise.format(d) : '';
      },
      /** "5 minutes ago", "yesterday": for recent things, with the exact time in a title. */
      ago: (iso: string | null | undefined) => {
        const d = valid(iso);
        if (!d) return '';
        const seconds = (d.getTime() - Date.now()) / 1000;
        const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
          ['second', 60],
          ['minute', 60],
          ['hour', 24],
          ['day', 7],
          ['week', 4.35],
          ['month', 12],
        ];
        let value = seconds;
        for (const [unit, size] of steps) {
          if (Math.abs(value) < size) return relative.format(Math.round(value), unit);
          value /= size;
        }
        return relative.format(Math.round(value), 'year');
      },
      translated: (value: Translated | null | undefined, fallback = '') =>
        pickTranslation(value, language, fallback),
    };
  }, [language]);
}

/** An e-mail address that may wrap after the "@" (and only there) in narrow columns. */
export function breakableEmail(email: string): ReactNode {
  const at = email.indexOf('@');
  if (at < 0) return email;
  return createElement(Fragment, null, email.slice(0, at + 1), createElement('wbr'), email.slice(at + 1));
}
