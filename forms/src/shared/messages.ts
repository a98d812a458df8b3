import type { FormFieldError } from './types.js';

type Params = Record<string, unknown>;
type Message = (p: Params) => string;

const list = (v: unknown): string =>
  Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(', ') : String(v);
const plural = (n: unknown, one: string, many: string): string => (Number(n) === 1 ? one : many);

/**
 * Validation messages per language and JSON Schema keyword, written for the person filling the
 * form (not for a developer). Server and browser use the same table, so a message reads the
 * same in both. A language without a table falls back to English.
 */
export const validationMessages: Record<string, Record<string, Message>> = {
  en: {
    required: () => 'Required',
    type: (p) => `Must be ${typeNames.en![String(p.type)] ?? String(p.type)}`,
    minLength: (p) => `At least ${String(p.limit)} ${plural(p.limit, 'character', 'characters')}`,
    maxLength: (p) => `At most ${String(p.limit)} ${plural(p.limit, 'character', 'characters')}`,
    minimum: (p) => `At least ${String(p.limit)}`,
    maximum: (p) => `At most ${String(p.limit)}`,
    exclusiveMinimum: (p) => `More than ${String(p.limit)}`,
    exclusiveMaximum: (p) => `Less than ${String(p.limit)}`,
    multipleOf: (p) => `Must be a multiple of ${String(p.multipleOf)}`,
    pattern: () => 'Does not have the expected form',
    format: (p) => `Must be ${formatNames.en![String(p.format)] ?? `a valid ${String(p.format)}`}`,
    enum: (p) => `Choose one of: ${list(p.allowedValues)}`,
    const: (p) => `Must be ${list([p.allowedValue])}`,
    minItems: (p) => `Add at least ${String(p.limit)} ${plural(p.limit, 'row', 'rows')}`,
    maxItems: (p) => `At most ${String(p.limit)} ${plural(p.limit, 'row', 'rows')}`,
    uniqueItems: () => 'Each entry may appear only once',
    additionalProperties: () => 'Not a field of this form',
    unevaluatedProperties: () => 'Not a field of this form',
    minProperties: (p) => `Fill in at least ${String(p.limit)}`,
    maxProperties: (p) => `Fill in at most ${String(p.limit)}`,
    contains: () => 'Does not contain a required entry',
    dependentRequired: () => 'Required',
    not: () => 'This value is not allowed',
    false: () => 'Not a field of this form',
  },
  sv: {
    required: () => 'Obligatoriskt',
    type: (p) => `Måste vara ${typeNames.sv![String(p.type)] ?? String(p.type)}`,
    minLength: (p) => `Minst ${String(p.limit)} tecken`,
    maxLength: (p) => `Högst ${String(p.limit)} tecken`,
    minimum: (p) => `Minst ${String(p.limit)}`,
    maximum: (p) => `Högst ${String(p.limit)}`,
    exclusiveMinimum: (p) => `Mer än ${String(p.limit)}`,
    exclusiveMaximum: (p) => `Mindre än ${String(p.limit)}`,
    multipleOf: (p) => `Måste vara en multipel av ${String(p.multipleOf)}`,
    pattern: () => 'Har inte rätt form',
    format: (p) =>
      `Måste vara ${formatNames.sv![String(p.format)] ?? `ett giltigt värde (${String(p.format)})`}`,
    enum: (p) => `Välj något av: ${list(p.allowedValues)}`,
    const: (p) => `Måste vara ${list([p.allowedValue])}`,
    minItems: (p) => `Lägg till minst ${String(p.limit)} ${plural(p.limit, 'rad', 'rader')}`,
    maxItems: (p) => `Högst ${String(p.limit)} ${plural(p.limit, 'rad', 'rader')}`,
    uniqueItems: () => 'Varje post får bara finnas en gång',
    additionalProperties: () => 'Inte ett fält i formuläret',
    unevaluatedProperties: () => 'Inte ett fält i formuläret',
    minProperties: (p) => `Fyll i minst ${String(p.limit)}`,
    maxProperties: (p) => `Fyll i högst ${String(p.limit)}`,
    contains: () => 'Saknar en obligatorisk post',
    dependentRequired: () => 'Obligatoriskt',
    not: () => 'Värdet är inte tillåtet',
    false: () => 'Inte ett fält i formuläret',
  },
};

const typeNames: Record<string, Record<string, string>> = {
  en: {
    string: 'text',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'yes or no',
    array: 'a list',
    object: 'a group of fields',
    null: 'empty',
  },
  sv: {
    string: 'text',
    number: 'ett tal',
    integer: 'ett heltal',
    boolean: 'ja eller nej',
    array: 'en lista',
    object: 'en grupp fält',
    null: 'tomt',
  },
};

const formatNames: Record<string, Record<string, string>> = {
  en: {
    email: 'an e-mail address',
    date: 'a date (YYYY-MM-DD)',
    'date-time': 'a date and time',
    time: 'a time (HH:MM)',
    uri: 'a web address',
    uuid: 'an identifier',
  },
  sv: {
    email: 'en e-postadress',
    date: 'ett datum (ÅÅÅÅ-MM-DD)',
    'date-time': 'ett datum och en tid',
    time: 'en tid (TT:MM)',
    uri: 'en webbadress',
    uuid: 'en identifierare',
  },
};

/** The message for one failed keyword, in `language` (English when there is no table for it). */
export function validationMessage(language: string, keyword: string, params: Params): string {
  const table =
    validationMessages[language] ?? validationMessages[language.split('-')[0]!] ?? validationMessages.en!;
  const message = table[keyword] ?? validationMessages.en![keyword];
  return message ? message(params) : language.startsWith('sv') ? 'Ogiltigt värde' : 'Invalid value';
}

/** An error as Ajv reports it: the parts the messages need. */
export interface RawValidationError {
  keyword: string;
  instancePath: string;
  params: Params;
  message?: string;
}

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Turns Ajv's errors into one error per field a person must fix: the path points at the field
 * (a missing property's own path, not its parent's), the message is in `language`, and the
 * failing branches of if/anyOf/oneOf, which repeat the real error, are left out.
 */
export function toFormErrors(errors: readonly RawValidationError[], language: string): FormFieldError[] {
  const out: FormFieldError[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    if (e.keyword === 'if' || e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === '$ref')
      continue;
    let path = e.instancePath;
    if (e.keyword === 'required' || e.keyword === 'dependentRequired') {
      path = `${path}/${escape(String(e.params.missingProperty))}`;
    } else if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
      path = `${path}/${escape(String(e.params.additionalProperty ?? e.params.unevaluatedProperty))}`;
    }
    path ||= '/';
    if (seen.has(path)) continue; // one message per field: the first is the one to fix first
    seen.add(path);
    out.push({
      path,
      message: validationMessage(language, e.keyword, e.params),
      keyword: e.keyword,
      params: e.params,
    });
  }
  return out;
}
