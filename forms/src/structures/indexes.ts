import type { JsonSchemaObject } from '../shared/types.js';

/**
 * The keyword that marks a top-level property of a structure's schema as indexed:
 * `"serialNumber": { "type": "string", "x-portico-index": true }`. Records can then be filtered
 * (`?serialNumber=AB-1`) and sorted (`?sort=-serialNumber`) by it in SQL. Only text, number,
 * integer and yes/no fields (or an enum of texts or numbers) can be indexed.
 */
export const indexKeyword = 'x-portico-index';

export type IndexKind = 'text' | 'number' | 'boolean';

/** An indexed field of a structure and how its values are stored. */
export interface IndexedField {
  field: string;
  kind: IndexKind;
}

/** Indexed text is compared on its first this many characters (an index key of utf8mb4 holds 767 bytes). */
export const indexedTextLength = 191;

const fieldName = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The indexed fields a structure's schema declares, in the order of its properties. */
export function indexedFields(schema: JsonSchemaObject): IndexedField[] {
  const properties = schema.properties;
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) return [];
  const out: IndexedField[] = [];
  for (const [field, sub] of Object.entries(properties as Record<string, unknown>)) {
    if (!sub || typeof sub !== 'object' || (sub as Record<string, unknown>)[indexKeyword] !== true) continue;
    const kind = kindOf(sub as Record<string, unknown>);
    if (kind && fieldName.test(field)) out.push({ field, kind });
  }
  return out;
}

function kindOf(schema: Record<string, unknown>): IndexKind | undefined {
  const types = (Array.isArray(schema.type) ? schema.type : [schema.type]).filter(
    (t): t is string => typeof t === 'string' && t !== 'null',
  );
  const [type] = types;
  if (types.length === 1) {
    if (type === 'string') return 'text';
    if (type === 'number' || type === 'integer') return 'number';
    if (type === 'boolean') return 'boolean';
    return undefined;
  }
  if (types.length) return undefined;
  const values = Array.isArray(schema.enum) ? schema.enum : 'const' in schema ? [schema.const] : [];
  const present = values.filter((v) => v !== null);
  if (!present.length) return undefined;
  if (present.every((v) => typeof v === 'string')) return 'text';
  if (present.every((v) => typeof v === 'number')) return 'number';
  return undefined;
}

/** The stored form of a value of an indexed field, or undefined when it has none to store. */
export function indexValue(
  kind: IndexKind,
  value: unknown,
): { value_text: string | null; value_number: number | null } | undefined {
  if (kind === 'text' && typeof value === 'string')
    return { value_text: value.slice(0, indexedTextLength), value_number: null };
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value))
    return { value_text: null, value_number: value };
  if (kind === 'boolean' && typeof value === 'boolean')
    return { value_text: null, value_number: value ? 1 : 0 };
  return undefined;
}

/** A filter's text from the query string as the stored form compares it; undefined when it cannot be one. */
export function filterValue(kind: IndexKind, text: string): string | number | undefined {
  if (kind === 'text') return text.slice(0, indexedTextLength);
  if (kind === 'boolean') return text === 'true' ? 1 : text === 'false' ? 0 : undefined;
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : undefined;
}
