import { createExtensionPoint } from '../container/service-token.js';
import { ProblemError, type FieldError } from '../http/problem.js';
import type { Translated } from '../plugin/define-plugin.js';
import { currentActor } from './request-context.js';

/**
 * An entity whose records carry custom fields that business admins define (an organisation, a
 * user profile, a news article). Its API shows and takes them as `custom: { ... }`.
 */
export interface CustomizableEntity {
  /** `organization` and `user` for core's; `<plugin id>.<name>` for a plugin's (`news.article`). */
  entity: string;
  /** What admins see in the list of extensible entities. */
  title: Translated;
}

/**
 * Checks the custom values of an entity against the fields admins defined for it. The forms
 * plugin fills this point; without it, an entity's `custom` must stay empty.
 */
export interface CustomFieldsValidator {
  /**
   * The problems of `value` as the custom fields of `entity`, with JSON pointers into `value`
   * (`/vatNumber`) and messages in `language`; [] when it is valid.
   */
  validate(entity: string, value: Record<string, unknown>, language: string): Promise<FieldError[]>;
}

/** Declare an entity of your plugin extensible: `ctx.extend(customizableEntityPoint, () => ({ entity, title }))`. */
export const customizableEntityPoint = createExtensionPoint<CustomizableEntity>(
  'coreCustomizableEntityPoint',
);

/** Where the forms plugin plugs in its validation of custom values. */
export const customFieldsPoint = createExtensionPoint<CustomFieldsValidator>('coreCustomFieldsPoint');

const notEnabled: Translated = {
  en: 'No custom fields are defined in this portal',
  sv: 'Portalen har inga egna fält',
};

/**
 * Custom fields as the routes of an extensible entity use them (`coreServices.customFields`):
 * which entities are extensible, and the check of a `custom` value before it is stored.
 */
export class CustomFields {
  constructor(
    private readonly declared: () => CustomizableEntity[],
    private readonly validators: () => CustomFieldsValidator[],
    private readonly defaultLanguage: () => string,
  ) {}

  /** Every extensible entity that core and the loaded plugins declare. */
  entities(): CustomizableEntity[] {
    return this.declared();
  }

  /** True when `entity` was declared extensible. */
  isCustomizable(entity: string): boolean {
    return this.declared().some((e) => e.entity === entity);
  }

  /**
   * The problems of `value` as the custom fields of `entity`, with paths under `at` (`/custom`).
   * Messages are in `language`, else the current actor's, else the portal's default language.
   */
  async check(entity: string, value: unknown, language?: string, at = '/custom'): Promise<FieldError[]> {
    if (!this.isCustomizable(entity))
      throw new Error(
        `"${entity}" is not an extensible entity; declare it with ctx.extend(customizableEntityPoint, () => ({ entity: '${entity}', title }))`,
      );
    const lang = language ?? currentActor().language ?? this.defaultLanguage();
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return [{ in: 'body', path: at, message: 'must be an object' }];
    const validators = this.validators();
    if (!validators.length) {
      const message = notEnabled[lang] ?? notEnabled[lang.split('-')[0]!] ?? notEnabled.en!;
      return Object.keys(value).map((key) => ({ in: 'body', path: `${at}/${escape(key)}`, message }));
    }
    const problems: FieldError[] = [];
    for (const v of validators)
      for (const e of await v.validate(entity, value as Record<string, unknown>, lang))
        problems.push({ ...e, in: 'body', path: `${at}${e.path === '/' ? '' : e.path}` });
    return problems;
  }

  /**
   * Returns `value` when it is valid custom data of `entity`; throws 422 problem+json with the
   * failing fields (`/custom/vatNumber`) otherwise. Call it in the route, before writing.
   */
  async assertValid(
    entity: string,
    value: unknown,
    language?: string,
    at = '/custom',
  ): Promise<Record<string, unknown>> {
    const errors = await this.check(entity, value, language, at);
    if (errors.length)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `Some custom fields are not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`,
        errors,
      });
    return value as Record<string, unknown>;
  }
}

const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
