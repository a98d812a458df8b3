import {
  englishStringTranslator,
  hashForSchema,
  TranslatableString,
  type ErrorSchema,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidatorType,
} from '@rjsf/utils';
import { createPrecompiledValidator, type CompiledValidateFunction } from '@rjsf/validator-ajv8';
import equal from 'ajv/dist/runtime/equal.js';
import ucs2length from 'ajv/dist/runtime/ucs2length.js';
import uri from 'ajv/dist/runtime/uri.js';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import type { TFunction } from 'i18next';

/** Ajv's runtime helpers that generated validators require (the server lists the same ones). */
const runtime: Record<string, unknown> = {
  'ajv/dist/runtime/ucs2length': { default: ucs2length },
  'ajv/dist/runtime/equal': { default: equal },
  'ajv/dist/runtime/uri': { default: uri },
  'ajv-formats/dist/formats': { fullFormats },
};
const requireRuntime = (id: string): unknown => {
  if (!(id in runtime))
    throw new Error(`The settings validator needs "${id}", which this app does not bundle.`);
  return runtime[id];
};

/** For sub-schemas the server did not compile (anyOf options, if): the server checks them on save. */
const lenient: CompiledValidateFunction = Object.assign(() => true, { errors: null });

/**
 * The validator of a plugin's settings form: the server compiles the schema with its own JSON
 * Schema validator (2020-12, the same formats) into a module that this page imports, because the
 * portal's Content Security Policy lets no page compile code (Ajv's usual way). The form thus
 * refuses exactly what the server refuses, before a request.
 */
export async function loadSettingsValidator(url: string, schema: RJSFSchema): Promise<ValidatorType> {
  const mod = (await import(/* @vite-ignore */ url)) as {
    default: (require: (id: string) => unknown) => CompiledValidateFunction;
  };
  const root = mod.default(requireRuntime);
  const compiled: Record<string, CompiledValidateFunction> = { [hashForSchema(schema)]: root };
  const functions = new Proxy(compiled, {
    get: (target, key) => (typeof key === 'string' ? (target[key] ?? lenient) : undefined),
  });
  return createPrecompiledValidator(functions, schema);
}

const stringNames = new Map<string, string>(Object.entries(TranslatableString).map(([k, v]) => [v, k]));

/** RJSF's own words (buttons, labels) through i18next: `settings.rjsf.<name>`, English as the fallback. */
export function translator(t: TFunction) {
  return (text: TranslatableString, params?: string[]): string => {
    const english = englishStringTranslator(text, params);
    const name = stringNames.get(text);
    if (!name) return english;
    const values = Object.fromEntries((params ?? []).map((p, i) => [`p${i + 1}`, p]));
    return t(`settings.rjsf.${name}`, { defaultValue: english, ...values });
  };
}

/** Ajv's messages in the reader's language, for the keywords settings schemas use. */
export function errorTranslator(t: TFunction) {
  return (errors: RJSFValidationError[]): RJSFValidationError[] =>
    errors.map((e) => {
      const key = `settings.errors.${e.name ?? ''}`;
      const params = (e.params ?? {}) as Record<string, unknown>;
      const message = t(key, {
        defaultValue: e.message ?? '',
        limit: params.limit,
        format: params.format,
        allowed: Array.isArray(params.allowedValues) ? params.allowedValues.join(', ') : undefined,
        type: params.type,
        pattern: params.pattern,
      });
      return { ...e, message, stack: `${e.property ?? ''} ${message}`.trim() };
    });
}

/** The server's field errors (JSON Pointers) as RJSF's error schema, shown next to each field. */
export function errorSchemaOf(errors: Record<string, string>): ErrorSchema {
  const out: Record<string, unknown> = {};
  for (const [pointer, message] of Object.entries(errors)) {
    const segments = pointer
      .split('/')
      .slice(1)
      .filter((s) => s !== '')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = out;
    for (const s of segments) node = (node[s] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(message);
  }
  return out as ErrorSchema;
}

/**
 * How each setting is shown: settings config gives are read-only with a note; write-only ones
 * (secrets) are password fields that keep their value when left empty.
 */
export function settingsUiSchema(
  t: TFunction,
  settings: { locked: string[]; writeOnly: string[]; stored: string[] },
  canEdit: boolean,
): UiSchema {
  const ui: UiSchema = {
    'ui:submitButtonOptions': { norender: !canEdit, submitText: t('settings.save') },
  };
  for (const key of settings.locked) ui[key] = { 'ui:readonly': true, 'ui:help': t('settings.lockedHelp') };
  for (const key of settings.writeOnly) {
    if (settings.locked.includes(key)) continue;
    ui[key] = {
      'ui:widget': 'password',
      'ui:help': settings.stored.includes(key) ? t('settings.secretKept') : t('settings.secretEmpty'),
      'ui:autocomplete': 'new-password',
    };
  }
  return ui;
}
