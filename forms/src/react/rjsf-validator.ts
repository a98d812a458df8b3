import {
  toErrorSchema,
  type CustomValidator,
  type ErrorSchema,
  type ErrorTransformer,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema as RjsfUiSchema,
  type ValidationData,
  type ValidatorType,
} from '@rjsf/utils';
import { applyComputed } from '../shared/computed.js';
import { toFormErrors } from '../shared/messages.js';
import type { FormFieldError, UiSchema } from '../shared/types.js';
import { isValidAgainst, schemaErrors } from './validator.js';

const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** A JSON pointer as RJSF's property path (`/lines/0/qty` -> `.lines.0.qty`; odd names in brackets). */
export function pointerToProperty(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .filter((s) => s !== '')
    .map(unescape)
    .map((s) => (/^[A-Za-z0-9_$-]+$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`))
    .join('');
}

/** Field errors (the server's 422 `errors`, or the browser's own) as RJSF's error schema. */
export function errorSchemaOf(errors: readonly FormFieldError[]): ErrorSchema {
  const out: Record<string, unknown> = {};
  for (const { path, message } of errors) {
    let node = out;
    for (const s of path
      .split('/')
      .slice(1)
      .filter((p) => p !== '')
      .map(unescape))
      node = (node[s] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(message);
  }
  return out as ErrorSchema;
}

/** Field errors as RJSF's validation errors (`name` is the JSON Schema keyword). */
export function toRjsfErrors(errors: readonly FormFieldError[]): RJSFValidationError[] {
  return errors.map((e) => ({
    name: e.keyword,
    property: pointerToProperty(e.path),
    message: e.message,
    params: e.params,
    stack: e.message,
  }));
}

/**
 * The renderer's validator for react-jsonschema-form: one per form and language. It validates
 * with the browser interpreter of `validator.ts` (the portal cannot run Ajv) against the form's
 * own schema, the one the server validates with, not the copy prepared for display, and fills in
 * computed values first, as the server does before it validates a submission.
 */
export function createFormValidator(validationSchema: unknown, language: string): ValidatorType {
  return {
    validateFormData(
      formData: unknown,
      _schema: RJSFSchema,
      customValidate?: CustomValidator,
      transformErrors?: ErrorTransformer,
      uiSchema?: RjsfUiSchema,
    ): ValidationData<unknown> {
      const data = applyComputed(uiSchema as UiSchema | undefined, formData);
      const fieldErrors = toFormErrors(schemaErrors(validationSchema, data), language);
      let errors = toRjsfErrors(fieldErrors);
      if (transformErrors) errors = transformErrors(errors, uiSchema);
      // From the JSON pointers when the errors are still one per field (RJSF's own paths cannot
      // hold a field name with a dot in it).
      const errorSchema =
        errors.length === fieldErrors.length
          ? errorSchemaOf(fieldErrors.map((e, i) => ({ ...e, message: errors[i]!.message ?? e.message })))
          : toErrorSchema(errors);
      if (!customValidate) return { errors, errorSchema };
      // Portico forms have no custom validation functions; RJSF's own merge is not needed.
      return { errors, errorSchema };
    },
    isValid(schema: RJSFSchema, formData: unknown, rootSchema: RJSFSchema): boolean {
      return isValidAgainst(schema, formData, rootSchema);
    },
    rawValidation<Result = unknown>(schema: RJSFSchema, formData?: unknown) {
      return { errors: schemaErrors(schema, formData) as Result[] };
    },
  };
}
