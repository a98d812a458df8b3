import type { Format } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { RE2JS } from 're2js';
import { toFormErrors, type RawValidationError } from '../shared/messages.js';
import type { FormFieldError } from '../shared/types.js';

/**
 * JSON Schema 2020-12 validation in the browser, without compiling code.
 *
 * The server validates with Ajv2020 (forms/src/engine). Ajv compiles each schema into a
 * JavaScript function with `new Function`, which the portal's Content Security Policy
 * (`script-src 'self'`, no 'unsafe-eval') forbids, so Ajv cannot run in the portal. This module
 * interprets the schema instead and reports errors exactly as Ajv does (same keywords, same
 * `instancePath`, same `params`, in Ajv's order), so `toFormErrors` turns them into the same
 * messages in the same language as the server's 422. The formats are ajv-formats' own ("full"
 * mode, as on the server) and every `pattern` runs in RE2 (re2js), as on the server: no pattern
 * an admin writes can hang a customer's phone. forms/test/browser-validator.spec.ts checks that
 * both report the same errors for the same schemas and data.
 *
 * The server stays the authority: it validates every submission again.
 */

type Schema = boolean | Record<string, unknown>;
type Obj = Record<string, unknown>;

/** An error as Ajv reports it (the fields RJSF and `toFormErrors` read). */
export interface SchemaError extends RawValidationError {
  schemaPath: string;
  message: string;
}

/** What a subschema evaluated, for `unevaluatedProperties` and `unevaluatedItems`. */
interface Evaluated {
  props: Set<string> | true;
  items: number | true;
}

const maxDepth = 200;

/** The keywords Ajv runs only on a value of one type (its rule groups). */
const typedKeywords: Record<string, string[]> = {
  number: ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'format'],
  string: ['maxLength', 'minLength', 'pattern', 'format'],
  array: ['maxItems', 'minItems', 'uniqueItems', 'prefixItems', 'items', 'contains', 'unevaluatedItems'],
  object: [
    'maxProperties',
    'minProperties',
    'required',
    'propertyNames',
    'additionalProperties',
    'dependencies',
    'properties',
    'patternProperties',
    'dependentRequired',
    'dependentSchemas',
    'unevaluatedProperties',
  ],
};

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** Ajv's `equal` (fast-deep-equal): structural equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) {
      const bb = b as unknown[];
      return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
    }
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual((a as Obj)[k], (b as Obj)[k]));
  }
  return a !== a && b !== b; // NaN
}

/** Ajv counts a string's length in code points (its ucs2length), not UTF-16 units. */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if ((d & 0xfc00) === 0xdc00) i++;
    }
  }
  return n;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function hasType(v: unknown, type: string): boolean {
  const actual = typeOf(v);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

const patterns = new Map<string, RE2JS | null>();
/** The pattern compiled by RE2 (cached); null when RE2 cannot run it (the server refuses such a form). */
function re2(pattern: string): RE2JS | null {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      re = null;
    }
    if (patterns.size > 2000) patterns.clear();
    patterns.set(pattern, re);
  }
  return re;
}

/** Files are uploaded first and referenced by id in the data (as on the server). */
const porticoFile = /^[A-Za-z0-9_-]{8,64}$/;

function formatOk(name: string, value: unknown): boolean {
  if (name === 'portico-file') return typeof value !== 'string' || porticoFile.test(value);
  const format = (fullFormats as Record<string, Format | undefined>)[name];
  if (format === undefined) return true; // unknown formats: the server refuses the schema
  let type = 'string';
  let check: unknown = format;
  if (isObj(format) && !(format instanceof RegExp)) {
    type = typeof format.type === 'string' ? format.type : 'string';
    check = format.validate;
  }
  if (!hasType(value, type)) return true;
  if (check instanceof RegExp) return check.test(value as string);
  if (typeof check === 'function') return (check as (v: unknown) => boolean)(value) === true;
  return true;
}

function describe(keyword: string, params: Obj): string {
  switch (keyword) {
    case 'required':
      return `must have required property '${String(params.missingProperty)}'`;
    case 'type':
      return `must be ${String(params.type)}`;
    case 'enum':
      return 'must be equal to one of the allowed values';
    case 'const':
      return 'must be equal to constant';
    case 'format':
      return `must match format "${String(params.format)}"`;
    case 'pattern':
      return `must match pattern "${String(params.pattern)}"`;
    default:
      return `must pass "${keyword}" keyword validation`;
  }
}

class Run {
  errors: SchemaError[] | null;
  private depth = 0;

  constructor(
    private readonly root: Schema,
    collect: boolean,
  ) {
    this.errors = collect ? [] : null;
  }

  private fail(keyword: string, instancePath: string, schemaPath: string, params: Obj): void {
    this.errors?.push({ keyword, instancePath, schemaPath, params, message: describe(keyword, params) });
  }

  /** Resolves a local reference ("#", "#/$defs/x"); undefined when it points nowhere. */
  private resolve(ref: string): Schema | undefined {
    if (!ref.startsWith('#')) return undefined;
    let node: unknown = this.root;
    for (const part of ref
      .slice(1)
      .split('/')
      .slice(1)
      .map((p) => unescape(decodeURIComponent(p)))) {
      if (!node || typeof node !== 'object') return undefined;
      node = (node as Obj)[part];
    }
    return typeof node === 'boolean' || isObj(node) ? node : undefined;
  }

  /** A subschema that must not leave errors behind (if, not, contains, the branches of oneOf...). */
  private quiet(schema: Schema, data: unknown, path: string, sp: string): Evaluated | null {
    const saved = this.errors;
    this.errors = null;
    try {
      return this.validate(schema, data, path, sp);
    } finally {
      this.errors = saved;
    }
  }

  /** Validates; answers what was evaluated, or null when `data` is invalid. */
  validate(schema: Schema, data: unknown, path: string, sp: string): Evaluated | null {
    if (schema === true) return { props: new Set(), items: 0 };
    if (schema === false) {
      this.fail('false schema', path, sp, {});
      return null;
    }
    if (++this.depth > maxDepth) {
      this.depth--;
      this.fail('$ref', path, sp, { depth: maxDepth });
      return null;
    }
    try {
      return this.validateObject(schema, data, path, sp);
    } finally {
      this.depth--;
    }
  }

  private validateObject(s: Obj, data: unknown, path: string, sp: string): Evaluated | null {
    let valid = true;
    const collect = this.errors !== null;
    // Without collecting errors the first failure decides.
    const stop = () => !valid && !collect;
    const ev: Evaluated = { props: new Set(), items: 0 };
    const merge = (other: Evaluated | null) => {
      if (!other) return;
      if (other.props === true || ev.props === true) ev.props = true;
      else for (const p of other.props) ev.props.add(p);
      if (other.items === true || ev.items === true) ev.items = true;
      else ev.items = Math.max(ev.items, other.items);
    };

    // type: Ajv reports a wrong type first, unless the schema has keywords for its one type
    // (then after the keywords that apply to any type, where that type's keywords would run).
    let deferredType: Obj | undefined;
    if (s.type !== undefined) {
      const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
      if (!types.some((t) => hasType(data, t))) {
        valid = false;
        const params = { type: s.type };
        const group = types.length === 1 ? typedKeywords[types[0]!] : undefined;
        if (group?.some((k) => s[k] !== undefined)) deferredType = params;
        else {
          this.fail('type', path, `${sp}/type`, params);
          if (stop()) return null;
        }
      }
    }

    // keywords for any type
    if (typeof s.$ref === 'string') {
      const target = this.resolve(s.$ref);
      if (target === undefined) {
        this.fail('$ref', path, `${sp}/$ref`, { ref: s.$ref });
        valid = false;
      } else merge(this.validateAndTrack(target, data, path, `${s.$ref}`, () => (valid = false)));
      if (stop()) return null;
    }
    if (s.const !== undefined && !jsonEqual(data, s.const)) {
      this.fail('const', path, `${sp}/const`, { allowedValue: s.const });
      valid = false;
      if (stop()) return null;
    }
    if (Array.isArray(s.enum) && !s.enum.some((e) => jsonEqual(e, data))) {
      this.fail('enum', path, `${sp}/enum`, { allowedValues: s.enum });
      valid = false;
      if (stop()) return null;
    }
    if (s.not !== undefined && this.quiet(s.not as Schema, data, path, `${sp}/not`)) {
      this.fail('not', path, `${sp}/not`, {});
      valid = false;
      if (stop()) return null;
    }
    if (Array.isArray(s.anyOf)) {
      const before = this.errors?.length ?? 0;
      let any = false;
      s.anyOf.forEach((sub: Schema, i) => {
        // Ajv stops at the first passing branch only when it does not collect every error.
        const r = this.validate(sub, data, path, `${sp}/anyOf/${i}`);
        if (r) {
          any = true;
          merge(r);
        }
      });
      if (any) this.errors?.splice(before);
      else {
        this.fail('anyOf', path, `${sp}/anyOf`, {});
        valid = false;
        if (stop()) return null;
      }
    }
    if (Array.isArray(s.oneOf)) {
      const before = this.errors?.length ?? 0;
      const passing: number[] = [];
      let passed: Evaluated | null = null;
      s.oneOf.forEach((sub: Schema, i) => {
        const r = this.validate(sub, data, path, `${sp}/oneOf/${i}`);
        if (r) {
          passing.push(i);
          passed = r;
        }
      });
      if (passing.length === 1) {
        this.errors?.splice(before);
        merge(passed);
      } else {
        this.fail('oneOf', path, `${sp}/oneOf`, {
          passingSchemas: passing.length > 1 ? passing.slice(0, 2) : null,
        });
        valid = false;
        if (stop()) return null;
      }
    }
    if (Array.isArray(s.allOf)) {
      s.allOf.forEach((sub: Schema, i) => {
        const r = this.validate(sub, data, path, `${sp}/allOf/${i}`);
        if (r) merge(r);
        else valid = false;
      });
      if (stop()) return null;
    }
    if (s.if !== undefined && (s.then !== undefined || s.else !== undefined)) {
      const cond = this.quiet(s.if as Schema, data, path, `${sp}/if`);
      const branch = cond ? 'then' : 'else';
      const sub = s[branch] as Schema | undefined;
      if (cond) merge(cond);
      if (sub !== undefined) {
        const r = this.validate(sub, data, path, `${sp}/${branch}`);
        if (r) merge(r);
        else {
          this.fail('if', path, `${sp}/if`, { failingKeyword: branch });
          valid = false;
          if (stop()) return null;
        }
      }
    }

    if (deferredType) {
      this.fail('type', path, `${sp}/type`, deferredType);
      if (stop()) return null;
    }

    // numbers
    if (typeof data === 'number') {
      const n = data;
      const limit = (keyword: string, bad: (l: number) => boolean, comparison: string) => {
        const l = s[keyword];
        if (typeof l === 'number' && bad(l)) {
          this.fail(keyword, path, `${sp}/${keyword}`, { comparison, limit: l });
          valid = false;
        }
      };
      limit('maximum', (l) => n > l, '<=');
      limit('minimum', (l) => n < l, '>=');
      limit('exclusiveMaximum', (l) => n >= l, '<');
      limit('exclusiveMinimum', (l) => n <= l, '>');
      if (typeof s.multipleOf === 'number') {
        const r = n / s.multipleOf;
        if (s.multipleOf === 0 || r !== parseInt(String(r), 10)) {
          this.fail('multipleOf', path, `${sp}/multipleOf`, { multipleOf: s.multipleOf });
          valid = false;
        }
      }
      if (stop()) return null;
    }

    // strings
    if (typeof data === 'string') {
      if (typeof s.maxLength === 'number' && codePoints(data) > s.maxLength) {
        this.fail('maxLength', path, `${sp}/maxLength`, { limit: s.maxLength });
        valid = false;
      }
      if (typeof s.minLength === 'number' && codePoints(data) < s.minLength) {
        this.fail('minLength', path, `${sp}/minLength`, { limit: s.minLength });
        valid = false;
      }
      if (typeof s.pattern === 'string') {
        const re = re2(s.pattern);
        if (re && !re.test(data)) {
          this.fail('pattern', path, `${sp}/pattern`, { pattern: s.pattern });
          valid = false;
        }
      }
      if (stop()) return null;
    }

    // arrays
    if (Array.isArray(data)) {
      if (typeof s.maxItems === 'number' && data.length > s.maxItems) {
        this.fail('maxItems', path, `${sp}/maxItems`, { limit: s.maxItems });
        valid = false;
      }
      if (typeof s.minItems === 'number' && data.length < s.minItems) {
        this.fail('minItems', path, `${sp}/minItems`, { limit: s.minItems });
        valid = false;
      }
      if (s.uniqueItems === true) {
        outer: for (let i = data.length - 1; i > 0; i--)
          for (let j = i - 1; j >= 0; j--)
            if (jsonEqual(data[i], data[j])) {
              this.fail('uniqueItems', path, `${sp}/uniqueItems`, { i, j });
              valid = false;
              break outer;
            }
      }
      if (stop()) return null;
      let prefix = 0;
      if (Array.isArray(s.prefixItems)) {
        prefix = s.prefixItems.length;
        s.prefixItems.forEach((sub: Schema, i) => {
          if (i < data.length && !this.validate(sub, data[i], `${path}/${i}`, `${sp}/prefixItems/${i}`))
            valid = false;
        });
        if (ev.items !== true) ev.items = Math.max(ev.items, Math.min(prefix, data.length));
        if (stop()) return null;
      }
      if (s.items !== undefined) {
        if (s.items === false && prefix > 0) {
          if (data.length > prefix) {
            this.fail('items', path, `${sp}/items`, { limit: prefix });
            valid = false;
          }
        } else
          for (let i = prefix; i < data.length; i++) {
            if (!this.validate(s.items as Schema, data[i], `${path}/${i}`, `${sp}/items`)) valid = false;
            if (stop()) return null;
          }
        ev.items = true;
        if (stop()) return null;
      }
      if (s.contains !== undefined) {
        const min = typeof s.minContains === 'number' ? s.minContains : 1;
        const max = typeof s.maxContains === 'number' ? s.maxContains : undefined;
        let count = 0;
        // As Ajv: the errors of the items that do not match stay when too few match.
        const before = this.errors?.length ?? 0;
        data.forEach((item, i) => {
          if (this.validate(s.contains as Schema, item, `${path}/${i}`, `${sp}/contains`)) count++;
        });
        if (count >= min && (max === undefined || count <= max)) this.errors?.splice(before);
        else {
          this.fail('contains', path, `${sp}/contains`, {
            minContains: min,
            ...(max !== undefined ? { maxContains: max } : {}),
          });
          valid = false;
          if (stop()) return null;
        }
      }
    }

    // objects
    if (isObj(data)) {
      const keys = Object.keys(data);
      if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) {
        this.fail('maxProperties', path, `${sp}/maxProperties`, { limit: s.maxProperties });
        valid = false;
      }
      if (typeof s.minProperties === 'number' && keys.length < s.minProperties) {
        this.fail('minProperties', path, `${sp}/minProperties`, { limit: s.minProperties });
        valid = false;
      }
      if (Array.isArray(s.required)) {
        for (const name of s.required as string[]) {
          if (data[name] === undefined) {
            this.fail('required', path, `${sp}/required`, { missingProperty: name });
            valid = false;
            if (stop()) return null;
          }
        }
      }
      if (stop()) return null;
      if (s.propertyNames !== undefined) {
        for (const k of keys) {
          if (!this.validate(s.propertyNames as Schema, k, path, `${sp}/propertyNames`)) {
            this.fail('propertyNames', path, `${sp}/propertyNames`, { propertyName: k });
            valid = false;
            if (stop()) return null;
          }
        }
      }
      const props = isObj(s.properties) ? s.properties : undefined;
      const patternKeys = isObj(s.patternProperties) ? Object.keys(s.patternProperties) : [];
      const matchesPattern = (k: string) => patternKeys.some((p) => re2(p)?.test(k));
      if (s.additionalProperties !== undefined) {
        for (const k of keys) {
          if ((props && Object.hasOwn(props, k)) || matchesPattern(k)) continue;
          if (s.additionalProperties === false) {
            this.fail('additionalProperties', path, `${sp}/additionalProperties`, {
              additionalProperty: k,
            });
            valid = false;
          } else if (
            !this.validate(
              s.additionalProperties as Schema,
              data[k],
              `${path}/${escape(k)}`,
              `${sp}/additionalProperties`,
            )
          )
            valid = false;
          if (stop()) return null;
        }
        ev.props = true;
      }
      if (isObj(s.dependencies)) {
        for (const [k, dep] of Object.entries(s.dependencies)) {
          if (data[k] === undefined) continue;
          if (Array.isArray(dep)) {
            const missing = (dep as string[]).filter((d) => data[d] === undefined);
            for (const m of missing) {
              this.fail('dependencies', path, `${sp}/dependencies`, {
                property: k,
                missingProperty: m,
                depsCount: dep.length,
                deps: dep.join(', '),
              });
              valid = false;
            }
          } else {
            const r = this.validate(dep as Schema, data, path, `${sp}/dependencies/${escape(k)}`);
            if (r) merge(r);
            else valid = false;
          }
          if (stop()) return null;
        }
      }
      if (props) {
        for (const [k, sub] of Object.entries(props)) {
          if (!Object.hasOwn(data, k) || data[k] === undefined) continue;
          if (!this.validate(sub as Schema, data[k], `${path}/${escape(k)}`, `${sp}/properties/${escape(k)}`))
            valid = false;
          if (ev.props !== true) ev.props.add(k);
          if (stop()) return null;
        }
      }
      if (patternKeys.length) {
        for (const p of patternKeys) {
          const re = re2(p);
          if (!re) continue;
          for (const k of keys) {
            if (!re.test(k)) continue;
            const sub = (s.patternProperties as Obj)[p] as Schema;
            if (!this.validate(sub, data[k], `${path}/${escape(k)}`, `${sp}/patternProperties/${escape(p)}`))
              valid = false;
            if (ev.props !== true) ev.props.add(k);
            if (stop()) return null;
          }
        }
      }
      if (isObj(s.dependentRequired)) {
        for (const [k, dep] of Object.entries(s.dependentRequired)) {
          if (data[k] === undefined || !Array.isArray(dep)) continue;
          for (const m of dep as string[]) {
            if (data[m] !== undefined) continue;
            this.fail('dependentRequired', path, `${sp}/dependentRequired`, {
              property: k,
              missingProperty: m,
              depsCount: dep.length,
              deps: dep.join(', '),
            });
            valid = false;
          }
          if (stop()) return null;
        }
      }
      if (isObj(s.dependentSchemas)) {
        for (const [k, dep] of Object.entries(s.dependentSchemas)) {
          if (data[k] === undefined) continue;
          const r = this.validate(dep as Schema, data, path, `${sp}/dependentSchemas/${escape(k)}`);
          if (r) merge(r);
          else valid = false;
          if (stop()) return null;
        }
      }
      if (s.unevaluatedProperties !== undefined && ev.props !== true) {
        for (const k of keys) {
          if (ev.props.has(k)) continue;
          if (s.unevaluatedProperties === false) {
            this.fail('unevaluatedProperties', path, `${sp}/unevaluatedProperties`, {
              unevaluatedProperty: k,
            });
            valid = false;
          } else if (
            !this.validate(
              s.unevaluatedProperties as Schema,
              data[k],
              `${path}/${escape(k)}`,
              `${sp}/unevaluatedProperties`,
            )
          )
            valid = false;
          if (stop()) return null;
        }
        ev.props = true;
      }
    }
    if (Array.isArray(data) && s.unevaluatedItems !== undefined && ev.items !== true) {
      const from = ev.items;
      if (s.unevaluatedItems === false && data.length > from) {
        this.fail('unevaluatedItems', path, `${sp}/unevaluatedItems`, { limit: from });
        valid = false;
      } else
        for (let i = from; i < data.length; i++)
          if (!this.validate(s.unevaluatedItems as Schema, data[i], `${path}/${i}`, `${sp}/unevaluatedItems`))
            valid = false;
      ev.items = true;
    }

    // formats last, as in Ajv's vocabulary order
    if (typeof s.format === 'string' && !formatOk(s.format, data)) {
      this.fail('format', path, `${sp}/format`, { format: s.format });
      valid = false;
    }
    return valid ? ev : null;
  }

  private validateAndTrack(
    target: Schema,
    data: unknown,
    path: string,
    sp: string,
    onFail: () => void,
  ): Evaluated | null {
    const r = this.validate(target, data, path, sp);
    if (!r) onFail();
    return r;
  }
}

/** Every error of `data` against `schema`, as Ajv (allErrors) reports them. */
export function schemaErrors(schema: unknown, data: unknown, rootSchema: unknown = schema): SchemaError[] {
  const run = new Run(rootSchema as Schema, true);
  run.validate(schema as Schema, data, '', '#');
  return run.errors ?? [];
}

/** Whether `data` is valid against `schema` (references resolve in `rootSchema`). */
export function isValidAgainst(schema: unknown, data: unknown, rootSchema: unknown = schema): boolean {
  const run = new Run(rootSchema as Schema, false);
  return run.validate(schema as Schema, data, '', '#') !== null;
}

/** The errors a person must fix, one per field, in `language`: the server's 422 `errors`. */
export function validateForm(schema: unknown, data: unknown, language: string): FormFieldError[] {
  return toFormErrors(schemaErrors(schema, data), language);
}
