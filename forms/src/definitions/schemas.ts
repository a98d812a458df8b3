import { formKinds } from '../shared/types.js';

/** JSON Schemas of the definitions API: request validation, response checks and OpenAPI. */

export const languagePattern = '^[a-z]{2}(-[A-Z]{2})?$';

export const translatedSchema = {
  type: 'object',
  description: 'Text per language code: { "en": "Order", "sv": "Beställning" }',
  propertyNames: { pattern: languagePattern },
  additionalProperties: { type: 'string', maxLength: 1000 },
  maxProperties: 50,
} as const;

export const accessSchema = {
  type: 'object',
  additionalProperties: false,
  description:
    'Who may fill the form (besides holding forms.submission.create): customers whose organisation is listed or who are in one of the access groups (keys). Both empty: every customer.',
  properties: {
    groups: {
      type: 'array',
      maxItems: 200,
      items: { type: 'string', minLength: 1, maxLength: 64 },
      description: 'Access group keys',
    },
    organizations: {
      type: 'array',
      maxItems: 1000,
      items: { type: 'string', minLength: 1, maxLength: 64 },
      description: 'Organisation ids',
    },
  },
} as const;

export const statusesSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 20,
  items: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,31}$' },
  description: 'The statuses a submission may have; the first is the status of a new submission.',
} as const;

export const kindSchema = { enum: formKinds } as const;

export const keySchema = {
  type: 'string',
  pattern: '^[a-z][a-z0-9-]{1,62}$',
  description: 'Lower-case letters, digits and dashes; starts with a letter',
} as const;

const schemaField = {
  type: 'object',
  description:
    'The JSON Schema 2020-12 of the form. Checked as untrusted input: no remote $ref, no $id, bounded size and depth, RE2-compatible patterns.',
} as const;
const uiSchemaField = {
  type: 'object',
  description: 'The UI schema (react-jsonschema-form): layout, widgets, help, order, computed values',
} as const;
const translationsField = {
  type: 'object',
  description: 'Per language, per JSON pointer into { schema, uiSchema }: the translated text',
  propertyNames: { pattern: languagePattern },
  additionalProperties: { type: 'object', additionalProperties: { type: 'string', maxLength: 5000 } },
} as const;

export const createFormBody = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'kind', 'title', 'schema'],
  properties: {
    key: keySchema,
    kind: kindSchema,
    title: { ...translatedSchema, minProperties: 1 },
    description: translatedSchema,
    schema: schemaField,
    uiSchema: uiSchemaField,
    translations: translationsField,
    defaultLanguage: { type: 'string', pattern: languagePattern },
    access: accessSchema,
    statuses: statusesSchema,
  },
} as const;

export const patchFormBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    title: { ...translatedSchema, minProperties: 1 },
    description: translatedSchema,
    access: accessSchema,
    statuses: statusesSchema,
  },
} as const;

export const draftBody = {
  type: 'object',
  additionalProperties: false,
  required: ['schema'],
  properties: {
    schema: schemaField,
    uiSchema: uiSchemaField,
    translations: translationsField,
    defaultLanguage: { type: 'string', pattern: languagePattern },
  },
} as const;

const timestamp = { type: 'string', format: 'date-time' } as const;
const nullableTimestamp = { type: ['string', 'null'], format: 'date-time' } as const;

export const formSummarySchema = {
  type: 'object',
  required: ['key', 'kind', 'title', 'description', 'status', 'publishedVersion', 'hasDraft', 'updatedAt'],
  properties: {
    key: { type: 'string' },
    kind: kindSchema,
    title: translatedSchema,
    description: translatedSchema,
    status: { enum: ['draft', 'published', 'retired'] },
    publishedVersion: { type: ['integer', 'null'] },
    hasDraft: { type: 'boolean' },
    updatedAt: timestamp,
  },
} as const;

export const formDefinitionSchema = {
  type: 'object',
  required: [
    ...formSummarySchema.required,
    'id',
    'ownerPlugin',
    'access',
    'statuses',
    'draftVersion',
    'createdAt',
    'createdBy',
  ],
  properties: {
    ...formSummarySchema.properties,
    id: { type: 'string' },
    ownerPlugin: { type: 'string' },
    access: accessSchema,
    statuses: { type: 'array', items: { type: 'string' } },
    draftVersion: { type: ['integer', 'null'] },
    createdAt: timestamp,
    createdBy: { type: ['string', 'null'] },
  },
} as const;

export const formVersionSchema = {
  type: 'object',
  required: [
    'id',
    'key',
    'kind',
    'title',
    'description',
    'version',
    'status',
    'schema',
    'uiSchema',
    'translations',
    'defaultLanguage',
    'publishedAt',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string' },
    key: { type: 'string' },
    kind: kindSchema,
    title: translatedSchema,
    description: translatedSchema,
    version: { type: 'integer', minimum: 1 },
    status: { enum: ['draft', 'published', 'retired'] },
    schema: { type: 'object' },
    uiSchema: { type: 'object' },
    translations: { type: 'object' },
    defaultLanguage: { type: 'string' },
    publishedAt: nullableTimestamp,
    publishedBy: { type: ['string', 'null'], description: 'Only for form builders' },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const versionSummarySchema = {
  type: 'object',
  required: ['id', 'version', 'status', 'publishedAt', 'publishedBy', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    version: { type: 'integer' },
    status: { enum: ['draft', 'published', 'retired'] },
    publishedAt: nullableTimestamp,
    publishedBy: { type: ['string', 'null'] },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

export const keyParams = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;
