import type { FormTranslations, JsonSchemaObject, UiSchema } from './types.js';

/** Schema keywords whose string value a person reads. */
const schemaTextKeys = new Set(['title', 'description']);
/** UI schema options whose string value a person reads. */
const uiTextKeys = new Set([
  'ui:title',
  'ui:description',
  'ui:help',
  'ui:placeholder',
  'ui:submitButtonText',
]);
/** UI schema options whose array of strings a person reads. */
const uiTextListKeys = new Set(['ui:enumNames']);

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** A text of a form version that translators see: where it is and what it says in the default language. */
export interface FormText {
  /** JSON pointer into `{ schema, uiSchema }`: `/schema/properties/qty/title`. */
  pointer: string;
  text: string;
}

/**
 * Every text of a form a person reads, in document order: titles and descriptions in the
 * schema (at any depth, including if/then/else branches and table rows), and help, placeholder
 * and option labels in the UI schema. The builder's translations tab lists these side by side.
 */
export function collectTexts(schema: unknown, uiSchema: unknown): FormText[] {
  const out: FormText[] = [];
  const walkSchema = (node: unknown, pointer: string) => {
    if (Array.isArray(node)) {
      node.forEach((v, i) => walkSchema(v, `${pointer}/${i}`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = `${pointer}/${escape(key)}`;
      // `properties`, `$defs` and similar hold names, not keywords: a property called "title" is a field.
      if (typeof value === 'string' && schemaTextKeys.has(key) && value.trim())
        out.push({ pointer: at, text: value });
      else if (key === 'const' || key === 'enum' || key === 'default' || key === 'examples') continue;
      else walkSchema(value, at);
    }
  };
  const walkUi = (node: unknown, pointer: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      const at = `${pointer}/${escape(key)}`;
      if (typeof value === 'string' && uiTextKeys.has(key) && value.trim())
        out.push({ pointer: at, text: value });
      else if (Array.isArray(value) && uiTextListKeys.has(key))
        value.forEach((v, i) => typeof v === 'string' && out.push({ pointer: `${at}/${i}`, text: v }));
      else if (key === 'ui:options' && value && typeof value === 'object') walkUi(value, at);
      else if (!key.startsWith('ui:')) walkUi(value, at);
    }
  };
  walkSchema(schema, '/schema');
  walkUi(uiSchema, '/uiSchema');
  return out;
}

/**
 * The schema and UI schema with their texts in `language`: each translated text replaces the
 * default-language one; a text without a translation stays as the default. Returns copies.
 */
export function localizeForm(
  schema: JsonSchemaObject,
  uiSchema: UiSchema,
  translations: FormTranslations | undefined,
  language: string,
): { schema: JsonSchemaObject; uiSchema: UiSchema } {
  const table = translations?.[language] ?? translations?.[language.split('-')[0]!];
  const doc = structuredClone({ schema, uiSchema });
  if (!table) return doc;
  for (const [pointer, text] of Object.entries(table)) {
    if (typeof text === 'string' && text.trim()) setAt(doc, pointer, text);
  }
  return doc;
}

/** Languages in which some text of the form is still missing, with the pointers that lack one. */
export function missingTranslations(
  schema: unknown,
  uiSchema: unknown,
  translations: FormTranslations | undefined,
  languages: readonly string[],
): Record<string, string[]> {
  const texts = collectTexts(schema, uiSchema);
  const out: Record<string, string[]> = {};
  for (const lang of languages) {
    const missing = texts.filter((t) => !translations?.[lang]?.[t.pointer]?.trim()).map((t) => t.pointer);
    if (missing.length) out[lang] = missing;
  }
  return out;
}

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Sets the string at a pointer only when a string is already there: a stray key adds nothing. */
function setAt(root: unknown, pointer: string, value: string): void {
  const parts = pointer.split('/').slice(1).map(unescape);
  let node = root;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!node || typeof node !== 'object') return;
    node = (node as Record<string, unknown>)[parts[i]!];
  }
  const last = parts[parts.length - 1];
  if (last === undefined || !node || typeof node !== 'object') return;
  const holder = node as Record<string, unknown>;
  if (typeof holder[last] === 'string') holder[last] = value;
}
