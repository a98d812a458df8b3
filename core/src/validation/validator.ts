import { createHash } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../http/problem.js';

/** A JSON Schema (2020-12) as plain data. */
export type JsonSchema = Record<string, unknown> | boolean;

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export interface ValidationResult<T> {
  ok: boolean;
  value: T;
  errors: FieldError[];
}

export type ValidatorKind = 'strict' | 'defaults' | 'coercing';

const shared = new Map<ValidatorKind, SchemaValidator>();

/**
 * The process's validator of a kind, made on first use. Creating an Ajv instance with its formats
 * costs milliseconds and compiled schemas are cached per instance, so the kernel shares three:
 * `strict` (request bodies, responses), `defaults` (config, manifests, settings: fills defaults)
 * and `coercing` (path and query strings: coerces types and fills defaults).
 */
export function sharedValidator(kind: ValidatorKind): SchemaValidator {
  let v = shared.get(kind);
  if (!v) {
    v = new SchemaValidator(
      kind === 'strict'
        ? {}
        : kind === 'defaults'
          ? { useDefaults: true }
          : { coerceTypes: true, useDefaults: true },
    );
    shared.set(kind, v);
  }
  return v;
}

/**
 * Validates data against JSON Schemas with Ajv 2020-12. Compiled validators are cached by the
 * schema's hash, so the same schema declared in two places compiles once.
 */
export class SchemaValidator {
  private readonly ajv: Ajv2020;
  private readonly byObject = new WeakMap<object, ValidateFunction>();
  private readonly byHash = new Map<string, ValidateFunction>();

  constructor(options: { coerceTypes?: boolean; useDefaults?: boolean } = {}) {
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      coerceTypes: options.coerceTypes ?? false,
      useDefaults: options.useDefaults ?? false,
      // Remote $ref is never fetched: schemas must be self-contained.
      loadSchema: undefined,
    });
    addFormats(this.ajv);
  }

  compile(schema: JsonSchema): ValidateFunction {
    if (typeof schema === 'object') {
      const cached = this.byObject.get(schema);
      if (cached) return cached;
    }
    const hash = createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
    let validate = this.byHash.get(hash);
    if (!validate) {
      // $id would register the schema globally and clash on the second compile of a copy.
      const copy = typeof schema === 'object' ? { ...schema, $id: undefined } : schema;
      validate = this.ajv.compile(copy);
      this.byHash.set(hash, validate);
    }
    if (typeof schema === 'object') this.byObject.set(schema, validate);
    return validate;
  }

  validate<T = unknown>(schema: JsonSchema, data: unknown, basePath = ''): ValidationResult<T> {
    const validate = this.compile(schema);
    const ok = validate(data) as boolean;
    return { ok, value: data as T, errors: ok ? [] : toFieldErrors(validate.errors ?? [], basePath) };
  }
}

/** Turns ajv errors into field errors whose `path` points at the field a person must fix. */
export function toFieldErrors(errors: ErrorObject[], basePath = ''): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // The failing branches of if/then/else and anyOf repeat the real error; keep the specific ones.
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    let path = basePath + e.instancePath;
    let message = e.message ?? 'is invalid';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'required') {
      path = `${path}/${escapePointer(String(params.missingProperty))}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      const extra = String(params.additionalProperty ?? params.unevaluatedProperty);
      path = `${path}/${escapePointer(extra)}`;
      message = 'is not an allowed field';
    } else if (e.keyword === 'enum') {
      message = `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    } else if (e.keyword === 'type') {
      message = `must be of type ${String(params.type).replace(/,/g, ' or ')}`;
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: path || '/', message, keyword: e.keyword, params });
  }
  return out;
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Formats field errors for a terminal: one line each, `path: message`. */
export function formatFieldErrors(errors: FieldError[]): string {
  return errors.map((e) => `  ${e.path}: ${e.message}`).join('\n');
}
