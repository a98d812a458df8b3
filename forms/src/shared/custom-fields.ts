import type { FormTranslations, JsonSchemaObject, Translated, UiSchema } from './types.js';

/**
 * The custom fields admins defined for one extensible entity (GET /api/v1/forms/custom-fields):
 * an object schema whose properties the entity's `custom` value holds, with its UI schema and
 * translations as a form version has them. An entity without a definition has `version: 0` and
 * no fields.
 */
export interface CustomFieldDefinition {
  /** `organization`, `user`, or a plugin's entity such as `news.article`. */
  entity: string;
  /** The entity's name, as the plugin that declares it gives it. */
  title: Translated;
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
  /** Grows by one with every change; 0 before the first. */
  version: number;
  updatedAt: string | null;
}

/** What PUT /api/v1/forms/custom-fields/{entity} takes. */
export interface CustomFieldInput {
  schema: JsonSchemaObject;
  uiSchema?: UiSchema;
  translations?: FormTranslations;
  defaultLanguage?: string;
}
