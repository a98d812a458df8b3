import { randomUUID } from 'node:crypto';
import { sharedValidator, type JsonSchema } from '../validation/validator.js';

type SchemaObject = Record<string, unknown>;

/** How free text is filled in: a distinctive word (so it can be found again in answers) or plain. */
export interface InstanceOptions {
  /** Used for strings without a format, enum or pattern; trimmed to the schema's length bounds. */
  text?: string;
  /** The local part of generated e-mail addresses. */
  emailLocalPart?: string;
}

const MAX_DEPTH = 8;

/**
 * A small instance of a JSON Schema (2020-12): the required properties only (more when
 * `minProperties` asks), the first `enum` or `const` value, the lower bounds of numbers and
 * lengths, and a plausible value for common formats. Good enough to get a request body past
 * validation into a handler; `validInstance` says whether it is actually valid.
 */
export function minimalInstance(schema: JsonSchema, options: InstanceOptions = {}): unknown {
  return generate(schema, schema, options, 0);
}

/** A minimal instance and whether it validates against the schema. */
export function validInstance(
  schema: JsonSchema,
  options: InstanceOptions = {},
): { value: unknown; valid: boolean } {
  const value = minimalInstance(schema, options);
  return { value, valid: sharedValidator('strict').validate(schema, structuredClone(value)).ok };
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; i < 10 && typeof s === 'object' && typeof s.$ref === 'string'; i++) {
    const ref = s.$ref;
    if (!ref.startsWith('#')) return true;
    let target: unknown = root;
    for (const part of ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~')))
      target = (target as SchemaObject | undefined)?.[part];
    if (target === undefined) return true;
    const { $ref: _ref, ...rest } = s;
    s = { ...(target as SchemaObject), ...rest };
  }
  return s;
}

function generate(input: JsonSchema, root: JsonSchema, options: InstanceOptions, depth: number): unknown {
  const schema = resolve(input, root);
  if (typeof schema === 'boolean' || depth > MAX_DEPTH) return null;
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (Array.isArray(schema.allOf) && schema.allOf.length) {
    const merged = mergeAll([schema, ...(schema.allOf as JsonSchema[]).map((s) => resolve(s, root))]);
    return generate(merged, root, options, depth + 1);
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches) && branches.length) {
      const { [key]: _branches, ...base } = schema;
      // The first branch whose instance satisfies the whole schema; else the first branch.
      for (const branch of branches as JsonSchema[]) {
        const candidate = generate(mergeAll([base, resolve(branch, root)]), root, options, depth + 1);
        if (sharedValidator('strict').validate(schema, structuredClone(candidate)).ok) return candidate;
      }
      return generate(mergeAll([base, resolve(branches[0] as JsonSchema, root)]), root, options, depth + 1);
    }
  }
  switch (typeOf(schema)) {
    case 'null':
      return null;
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return numberFor(schema, typeOf(schema) === 'integer');
    case 'string':
      return stringFor(schema, options);
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const items = (schema.items ?? true) as JsonSchema;
      const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as JsonSchema[]) : [];
      const out: unknown[] = [];
      for (let i = 0; i < Math.max(min, 0); i++)
        out.push(
          generate(prefix[i] ?? items, root, { ...options, text: variant(options.text, i) }, depth + 1),
        );
      return out;
    }
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      const minProps = typeof schema.minProperties === 'number' ? schema.minProperties : 0;
      const names = [...required];
      for (const name of Object.keys(props)) {
        if (names.length >= minProps) break;
        if (!names.includes(name)) names.push(name);
      }
      const out: Record<string, unknown> = {};
      for (const name of names) out[name] = generate(props[name] ?? true, root, options, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

function typeOf(schema: SchemaObject): string | undefined {
  const t = schema.type;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return (t.find((x) => x !== 'null') ?? t[0]) as string | undefined;
  if (schema.properties || schema.required) return 'object';
  if (schema.items || schema.prefixItems) return 'array';
  if (typeof schema.minLength === 'number' || schema.format || schema.pattern) return 'string';
  if (typeof schema.minimum === 'number' || typeof schema.maximum === 'number') return 'number';
  return undefined;
}

function mergeAll(list: JsonSchema[]): SchemaObject {
  const out: SchemaObject = {};
  for (const s of list) {
    if (typeof s !== 'object') continue;
    for (const [k, v] of Object.entries(s)) {
      if (k === 'allOf') continue;
      if (k === 'properties')
        out.properties = { ...(out.properties as SchemaObject), ...(v as SchemaObject) };
      else if (k === 'required')
        out.required = [...new Set([...((out.required as string[]) ?? []), ...(v as string[])])];
      else out[k] = v;
    }
  }
  return out;
}

function numberFor(schema: SchemaObject, integer: boolean): number {
  let n = 1;
  if (typeof schema.minimum === 'number') n = schema.minimum;
  else if (typeof schema.exclusiveMinimum === 'number')
    n = integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum + 1;
  if (typeof schema.maximum === 'number' && n > schema.maximum) n = schema.maximum;
  if (typeof schema.multipleOf === 'number' && schema.multipleOf > 0)
    n = Math.ceil(n / schema.multipleOf) * schema.multipleOf;
  return integer ? Math.ceil(n) : n;
}

const formats: Record<string, (o: InstanceOptions) => string> = {
  email: (o) => `${o.emailLocalPart ?? 'someone'}@example.com`,
  'idn-email': (o) => `${o.emailLocalPart ?? 'someone'}@example.com`,
  uuid: () => randomUUID(),
  'date-time': () => new Date().toISOString(),
  date: () => new Date().toISOString().slice(0, 10),
  time: () => '12:00:00Z',
  duration: () => 'P1D',
  uri: () => 'https://example.com/',
  'uri-reference': () => '/',
  iri: () => 'https://example.com/',
  url: () => 'https://example.com/',
  hostname: () => 'example.com',
  'idn-hostname': () => 'example.com',
  ipv4: () => '192.0.2.1',
  ipv6: () => '2001:db8::1',
  regex: () => '^x$',
  'json-pointer': () => '/x',
};

/** Strings tried against a `pattern` when nothing else fits. */
const patternGuesses = [
  'x',
  'a',
  'abc',
  'ab-cd',
  'ABC',
  'A1',
  '1',
  '123456',
  '+46 70 123 45 67',
  'en',
  'sv',
  'Europe/Stockholm',
  'x.y.z',
  'abc.def.ghi',
  'abc_def',
];

function stringFor(schema: SchemaObject, options: InstanceOptions): string {
  const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const max = typeof schema.maxLength === 'number' ? schema.maxLength : Infinity;
  const fit = (s: string) => {
    let out = s;
    while (out.length < min) out += 'x';
    return out.length > max ? out.slice(0, max) : out;
  };
  if (typeof schema.format === 'string' && formats[schema.format])
    return fit(formats[schema.format]!(options));
  const text = fit(options.text ?? 'x');
  if (typeof schema.pattern === 'string') {
    let re: RegExp;
    try {
      re = new RegExp(schema.pattern, 'u');
    } catch {
      return text;
    }
    for (const guess of [text, ...patternGuesses.map(fit)]) if (re.test(guess)) return guess;
  }
  return text;
}

function variant(text: string | undefined, i: number): string | undefined {
  return text && i > 0 ? `${text}-${i}` : text;
}
