import type { FormTranslations, JsonSchemaObject, Translated } from '../shared/types.js';
import { localizeForm } from '../shared/translate.js';

/** A text in `language`, else in its base language, else English, else any. */
export function pick(text: Translated | undefined, language: string): string {
  if (!text) return '';
  return text[language] ?? text[language.split('-')[0]!] ?? text.en ?? Object.values(text)[0] ?? '';
}

/** "3 December 2026, 14:05" in the reader's language. */
export function formatDateTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The title of a field of a structure, in `language` (its key when it has none). */
export function fieldTitle(
  schema: JsonSchemaObject,
  translations: FormTranslations | undefined,
  language: string,
  field: string,
): string {
  const localized = localizeForm(schema, {}, translations, language).schema;
  const props = localized.properties as Record<string, { title?: string }> | undefined;
  return props?.[field]?.title ?? field;
}

/** A value of a record as one line of text. */
export function valueText(value: unknown, language: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value.toLocaleString(language);
  if (typeof value === 'boolean') return value ? '✓' : '–';
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((v) => valueText(v, language)).join(', ');
  return JSON.stringify(value);
}
