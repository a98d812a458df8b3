import { createHash } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { toFormErrors, type RawValidationError } from '../shared/messages.js';
import type { FormFieldError } from '../shared/types.js';
import { re2RegExp } from './regexp.js';
import { checkSchema, defaultSchemaLimits, type SchemaLimits, type SchemaProblem } from './schema-guard.js';

// ajv-formats is CommonJS; under nodenext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/** Thrown when an admin-authored schema cannot be used; `problems` point into the schema. */
export class SchemaRefusedError extends Error {
  constructor(readonly problems: SchemaProblem[]) {
    super(`The schema cannot be used: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.name = 'SchemaRefusedError';
  }
}

export interface ValidationOutcome {
  ok: boolean;
  errors: FormFieldError[];
}

/**
 * Validates data against admin-authored JSON Schemas (2020-12). A schema is checked
 * (`checkSchema`) and compiled once, then cached by its hash, so each published version
 * compiles on first use and every later submission only runs the compiled function. Patterns
 * run in RE2; remote references are never fetched. Errors come in the reader's language, one
 * per field, with JSON pointers into the data.
 */
export class FormValidator {
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();
  private readonly byObject = new WeakMap<object, ValidateFunction>();

  constructor(
    private readonly limits: SchemaLimits = defaultSchemaLimits,
    private readonly maxCached = 1_000,
  ) {
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: false,
      // RE2: linear-time matching for every pattern and patternProperties key.
      code: { regExp: re2RegExp },
      // Never fetch: a remote $ref is refused by checkSchema before it gets here.
      loadSchema: undefined,
    });
    addFormats(this.ajv);
    // Files are uploaded first and referenced by id in the data.
    this.ajv.addFormat('portico-file', /^[A-Za-z0-9_-]{8,64}$/);
  }

  /** The problems that keep a schema from being used, or [] when it compiles. */
  check(schema: unknown): SchemaProblem[] {
    const problems = checkSchema(schema, this.limits);
    if (problems.length) return problems;
    if (!this.ajv.validateSchema(schema as object)) {
      return (this.ajv.errors ?? []).map((e) => ({
        path: e.instancePath || '/',
        message: `${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : ''}`,
      }));
    }
    try {
      this.compile(schema);
      return [];
    } catch (err) {
      if (err instanceof SchemaRefusedError) return err.problems;
      return [{ path: '/', message: (err as Error).message }];
    }
  }

  /**
   * The compiled validator of a schema, cached by content, or by `id` when given (a version id:
   * published versions never change, so hashing them on every submission would be waste).
   * Throws SchemaRefusedError.
   */
  compile(schema: unknown, id?: string): ValidateFunction {
    if (schema && typeof schema === 'object') {
      const same = this.byObject.get(schema);
      if (same) return same;
    }
    const key = id ? `id:${id}` : createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
    const hit = this.cache.get(key);
    if (hit) return hit;
    const problems = checkSchema(schema, this.limits);
    if (problems.length) throw new SchemaRefusedError(problems);
    let validate: ValidateFunction;
    try {
      validate = this.ajv.compile(schema as object);
    } catch (err) {
      throw new SchemaRefusedError([{ path: '/', message: (err as Error).message }]);
    }
    if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, validate);
    if (schema && typeof schema === 'object') this.byObject.set(schema, validate);
    return validate;
  }

  /** Validates `data`; errors in `language`. `id` as in `compile`. */
  validate(schema: unknown, data: unknown, language = 'en', id?: string): ValidationOutcome {
    const validate = this.compile(schema, id);
    if (validate(data)) return { ok: true, errors: [] };
    return { ok: false, errors: toFormErrors((validate.errors ?? []) as RawValidationError[], language) };
  }
}
