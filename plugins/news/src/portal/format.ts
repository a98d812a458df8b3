/** Formatting in the reader's language: language names, dates and file sizes. */

/** "Swedish" for "sv" in English, "svenska" in Swedish; the code when the browser cannot say. */
export function languageName(code: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** "12 March 2026" (with the year only when it is not this year). */
export function formatDate(iso: string, language: string): string {
  const date = new Date(iso);
  const thisYear = date.getFullYear() === new Date().getFullYear();
  // One formatter per language and shape, made once: making one costs far more than using it.
  const key = `${language} ${thisYear}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'long',
      ...(thisYear ? {} : { year: 'numeric' }),
    });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** "1.2 MB", "340 kB". */
export function formatBytes(bytes: number, language: string): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return new Intl.NumberFormat(language, {
    style: 'unit',
    unit: units[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0,
  }).format(value);
}

/** A short name of the file's kind: PDF, Word, Excel, PowerPoint, picture. */
export function fileKind(contentType: string): 'pdf' | 'word' | 'excel' | 'powerpoint' | 'image' | 'file' {
  if (contentType === 'application/pdf') return 'pdf';
  if (contentType.startsWith('image/')) return 'image';
  if (/wordprocessing|msword|opendocument\.text/.test(contentType)) return 'word';
  if (/spreadsheet|ms-excel/.test(contentType)) return 'excel';
  if (/presentation|ms-powerpoint/.test(contentType)) return 'powerpoint';
  return 'file';
}
