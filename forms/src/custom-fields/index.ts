import {
  coreServices,
  customFieldsPoint,
  notFound,
  type JsonSchema,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import type { DefinitionsArea } from '../definitions/index.js';
import type { CustomFieldInput } from '../shared/custom-fields.js';
import { createCustomFields } from '../migrations/20261202110000-create-custom-fields.js';
import {
  customFieldsAttributes,
  customFieldsOptions,
  customFieldsTable,
  type CustomFieldsRow,
} from './model.js';
import { CustomFieldDefinitions } from './service.js';

export { CustomFieldDefinitions } from './service.js';

const languagePattern = '^[a-z]{2}(-[A-Z]{2})?$';
const translatedSchema: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const translationsSchema: JsonSchema = {
  type: 'object',
  description: 'Per language, per JSON pointer into { schema, uiSchema }: the text in that language',
  propertyNames: { pattern: languagePattern },
  additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
};

/** A definition as GET and PUT answer it (CustomFieldDefinition in @portico/forms/shared). */
const definitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'entity',
    'title',
    'schema',
    'uiSchema',
    'translations',
    'defaultLanguage',
    'version',
    'updatedAt',
  ],
  properties: {
    entity: { type: 'string' },
    title: translatedSchema,
    schema: { type: 'object', description: 'An object schema: each property is a custom field' },
    uiSchema: { type: 'object' },
    translations: translationsSchema,
    defaultLanguage: { type: 'string' },
    version: { type: 'integer', description: 'Grows with every change; 0 before the first' },
    updatedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

const entityParams: JsonSchema = {
  type: 'object',
  required: ['entity'],
  properties: {
    entity: {
      type: 'string',
      maxLength: 100,
      pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*$',
      description: 'organization, user, or a plugin entity such as news.article',
    },
  },
};

/**
 * Custom fields: admins add fields to core's organisations and user profiles and to the entities
 * plugins declare extensible (customizableEntityPoint). The definitions live here; the values
 * live on the entities, which check them through customFieldsPoint, filled below.
 */
export function registerCustomFields(
  ctx: RegisterContext,
  definitionsArea: DefinitionsArea,
): Lazy<CustomFieldDefinitions> {
  const rows = ctx.model<CustomFieldsRow>(customFieldsTable, customFieldsAttributes, customFieldsOptions);
  ctx.migrations([createCustomFields]);
  const core = ctx.use(coreServices.customFields);
  const { service: forms, validator, defaultLanguage } = definitionsArea;
  let service: CustomFieldDefinitions | undefined;
  const definitions = () =>
    (service ??= new CustomFieldDefinitions(rows, validator, core, defaultLanguage, (content) =>
      forms().contentProblems(content),
    ));
  ctx.extend(customFieldsPoint, () => ({
    validate: (entity, value, language) => definitions().validate(entity, value, language),
  }));

  ctx.route({
    method: 'get',
    path: '/custom-fields',
    summary: 'The custom fields of every extensible entity',
    description:
      'One item per entity that takes custom fields (organisation, user profile, and the entities of plugins that opt in, such as news.article), in the order they are declared. An entity without fields has version 0 and an empty object schema. Render them with PorticoForm from @portico/forms/react.',
    access: 'authenticated',
    responses: {
      200: { description: 'The definitions', schema: { type: 'array', items: definitionSchema } },
    },
    handler: () => definitions().list(),
  });

  ctx.route<{ entity: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/custom-fields/:entity',
    summary: 'The custom fields of one extensible entity',
    access: 'authenticated',
    params: entityParams,
    responses: {
      200: { description: 'The definition', schema: definitionSchema },
      404: { description: 'Not an entity that takes custom fields' },
    },
    async handler({ params }) {
      const found = await definitions().get(params.entity);
      if (!found) throw notFound(`"${params.entity}" is not an entity that takes custom fields.`);
      return found;
    },
  });

  ctx.route<{ entity: string }, unknown, CustomFieldInput, unknown>({
    method: 'put',
    path: '/custom-fields/:entity',
    summary: 'Define the custom fields of an entity',
    description:
      "Replaces the entity's fields. `schema` is a JSON Schema 2020-12 object schema: each property is a field (names like vatNumber), `required` lists the fields that must be filled whenever the entity's custom values are changed. Values of fields removed later stay stored but are refused in the next change. The schema is checked like a form's: no remote $ref, bounded size and depth, patterns that run in linear time (422 with /schema/... paths).",
    access: { permission: 'forms.form.manage' },
    params: entityParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['schema'],
      properties: {
        schema: { type: 'object' },
        uiSchema: { type: 'object' },
        translations: translationsSchema,
        defaultLanguage: { type: 'string', pattern: languagePattern },
      },
    },
    responses: {
      200: { description: 'The new definition', schema: definitionSchema },
      404: { description: 'Not an entity that takes custom fields' },
    },
    handler: ({ params, body }) => definitions().put(params.entity, body),
  });

  return definitions;
}
