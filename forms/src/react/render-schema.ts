import type { JsonSchemaObject, UiSchema } from '../shared/types.js';

/**
 * The schema and UI schema as react-jsonschema-form is given them. The form's own schema stays
 * what the server validates with; this copy only changes how the form is drawn:
 * - `dependentSchemas` and `dependentRequired` (2020-12) become `dependencies` (draft-07), the
 *   only spelling RJSF follows when it shows and hides fields as the user types;
 * - a field with `"ui:computed"` is drawn by the read-only computed field;
 * - fields without a widget of their own get Portico's: `choice` for a closed list, `checkboxes`
 *   for a multiple choice, `file` for format `portico-file`.
 */
export function prepareForm(
  schema: JsonSchemaObject,
  uiSchema: UiSchema,
): { schema: JsonSchemaObject; uiSchema: UiSchema } {
  const rendered = convertDependencies(schema) as JsonSchemaObject;
  return { schema: rendered, uiSchema: prepareUi([rendered], uiSchema, rendered) };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Keywords whose value maps names (of fields, definitions) to schemas, not keywords to values. */
const nameMaps = new Set(['properties', '$defs', 'definitions', 'patternProperties', 'dependentSchemas']);
/** Keywords whose value is a schema or a list of schemas. */
const schemaKeys = new Set([
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'allOf',
  'anyOf',
  'oneOf',
]);

function convertDependencies(node: unknown, depth = 0): unknown {
  if (depth > 64) return node;
  if (Array.isArray(node)) return node.map((n) => convertDependencies(n, depth + 1));
  if (!isObj(node)) return node;
  const out: Obj = {};
  for (const [key, value] of Object.entries(node)) {
    if (nameMaps.has(key) && isObj(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, convertDependencies(v, depth + 1)]),
      );
    } else if (schemaKeys.has(key)) out[key] = convertDependencies(value, depth + 1);
    else out[key] = value;
  }
  const dependentSchemas = out.dependentSchemas;
  const dependentRequired = out.dependentRequired;
  if (isObj(dependentSchemas) || isObj(dependentRequired)) {
    const dependencies: Obj = isObj(out.dependencies) ? { ...out.dependencies } : {};
    if (isObj(dependentRequired)) Object.assign(dependencies, dependentRequired);
    if (isObj(dependentSchemas)) Object.assign(dependencies, dependentSchemas);
    delete out.dependentSchemas;
    delete out.dependentRequired;
    out.dependencies = dependencies;
  }
  return out;
}

/** A local reference ("#/$defs/x") resolved in `root`, once (no chains). */
function deref(node: unknown, root: Obj): Obj | undefined {
  if (!isObj(node)) return undefined;
  if (typeof node.$ref !== 'string' || !node.$ref.startsWith('#/')) return node;
  let at: unknown = root;
  for (const part of node.$ref.slice(2).split('/'))
    at = isObj(at) ? at[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return isObj(at) ? { ...at, ...node } : node;
}

/** Every schema that says something about the same level of data: branches, conditions, references. */
function sameLevel(nodes: unknown[], root: Obj, depth = 0): Obj[] {
  const out: Obj[] = [];
  for (const n of nodes) {
    const s = deref(n, root);
    if (!s) continue;
    out.push(s);
    if (depth > 16) continue;
    const more: unknown[] = [];
    for (const k of ['then', 'else']) if (s[k] !== undefined) more.push(s[k]);
    for (const k of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(s[k])) more.push(...(s[k] as unknown[]));
    if (isObj(s.dependencies)) more.push(...Object.values(s.dependencies).filter(isObj));
    out.push(...sameLevel(more, root, depth + 1));
  }
  return out;
}

function isChoice(s: Obj): boolean {
  if (Array.isArray(s.enum)) return true;
  const options = s.oneOf ?? s.anyOf;
  return (
    Array.isArray(options) &&
    options.length > 0 &&
    options.every((o) => isObj(o) && o.const !== undefined && typeof o.type !== 'object')
  );
}

function prepareUi(nodes: unknown[], ui: unknown, root: Obj, depth = 0): UiSchema {
  const out: UiSchema = isObj(ui) ? { ...ui } : {};
  if (depth > 32) return out;
  const level = sameLevel(nodes, root);
  const own = level[0];
  if (typeof out['ui:computed'] === 'string') {
    out['ui:field'] = 'porticoComputed';
  } else if (own?.format === 'portico-file' && (out['ui:widget'] ?? 'file') === 'file') {
    delete out['ui:widget'];
    out['ui:field'] ??= 'porticoFile';
  } else if (out['ui:field'] === 'address') {
    // An address is an object drawn by Portico's object template in its address layout.
    delete out['ui:field'];
    out['ui:portico'] = 'address';
  } else if (own && out['ui:widget'] === undefined && out['ui:field'] === undefined) {
    const items = deref(own.items, root);
    if (own.type !== 'array' && own.type !== 'object' && isChoice(own)) out['ui:widget'] = 'choice';
    else if (own.type === 'array' && own.uniqueItems === true && items && isChoice(items))
      out['ui:widget'] = 'checkboxes';
  }
  const props = new Map<string, unknown[]>();
  const items: unknown[] = [];
  for (const s of level) {
    if (isObj(s.properties))
      for (const [name, sub] of Object.entries(s.properties)) {
        const list = props.get(name) ?? [];
        list.push(sub);
        props.set(name, list);
      }
    if (s.items !== undefined && typeof s.items === 'object') items.push(s.items);
  }
  for (const [name, subs] of props) {
    if (name.startsWith('ui:')) continue;
    const child = prepareUi(subs, out[name], root, depth + 1);
    // Browsers and password managers fill an address in (WCAG 1.3.5, input purpose).
    const purpose = out['ui:portico'] === 'address' ? addressPurpose(name) : undefined;
    if (purpose && child['ui:autocomplete'] === undefined) child['ui:autocomplete'] = purpose;
    out[name] = child;
  }
  if (items.length) out.items = prepareUi(items, out.items, root, depth + 1);
  return out;
}

/** The autocomplete token of a part of an address, by the usual names of its field. */
function addressPurpose(name: string): string | undefined {
  const n = name.toLowerCase().replace(/[^a-z]/g, '');
  if (['street', 'streetaddress', 'address', 'addressline', 'line'].includes(n)) return 'street-address';
  if (['postalcode', 'postcode', 'zip', 'zipcode', 'postnumber'].includes(n)) return 'postal-code';
  if (['city', 'town', 'locality', 'postaltown'].includes(n)) return 'address-level2';
  if (['country', 'countryname'].includes(n)) return 'country-name';
  return undefined;
}

/** The key of a data path in `conditionFields`: row numbers of tables become `*`. */
export const conditionKey = (path: ReadonlyArray<string | number>): string =>
  path.map((p) => (typeof p === 'number' ? '*' : p)).join('\u0000');

/**
 * The fields whose value a condition of the form reads (`if` of if/then/else, the keys of
 * `dependencies`, `dependentSchemas` and `dependentRequired`), as `conditionKey`s. A text input
 * of such a field hands its text to the form as the user types (not only on leaving), so the
 * fields it shows or hides follow each pause in typing. Takes a prepared schema.
 */
export function conditionFields(schema: JsonSchemaObject): Set<string> {
  const out = new Set<string>();
  const root = schema as Obj;
  const read = (cond: unknown, path: string[], depth: number) => {
    const c = deref(cond, root);
    if (!c || depth > 16) return;
    if (isObj(c.properties))
      for (const [name, sub] of Object.entries(c.properties)) {
        out.add([...path, name].join('\u0000'));
        read(sub, [...path, name], depth + 1);
      }
    if (Array.isArray(c.required))
      for (const name of c.required) if (typeof name === 'string') out.add([...path, name].join('\u0000'));
    for (const k of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(c[k])) for (const sub of c[k] as unknown[]) read(sub, path, depth + 1);
    if (c.not !== undefined) read(c.not, path, depth + 1);
  };
  const walk = (nodes: unknown[], path: string[], depth: number) => {
    if (depth > 32) return;
    const level = sameLevel(nodes, root);
    const props = new Map<string, unknown[]>();
    const items: unknown[] = [];
    for (const s of level) {
      if (s.if !== undefined) read(s.if, path, 0);
      if (isObj(s.dependencies))
        for (const name of Object.keys(s.dependencies)) out.add([...path, name].join('\u0000'));
      if (isObj(s.properties))
        for (const [name, sub] of Object.entries(s.properties))
          props.set(name, [...(props.get(name) ?? []), sub]);
      if (isObj(s.items)) items.push(s.items);
    }
    for (const [name, subs] of props) walk(subs, [...path, name], depth + 1);
    if (items.length) walk(items, [...path, '*'], depth + 1);
  };
  walk([schema], [], 0);
  return out;
}
