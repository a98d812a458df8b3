import {
  createServiceToken,
  gdprProviderPoint,
  reply,
  type JsonSchema,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import type { DefinitionsArea } from '../definitions/index.js';
import { createRecords } from '../migrations/20261202111000-create-records.js';
import {
  recordAttributes,
  recordIndexAttributes,
  recordIndexOptions,
  recordIndexTable,
  recordOptions,
  recordTable,
  type RecordIndexRow,
  type RecordRow,
} from './models.js';
import { StructureService, type RecordListInput } from './service.js';

export { StructureService } from './service.js';
export { indexKeyword, indexedFields } from './indexes.js';
export type { IndexKind, IndexedField } from './indexes.js';
export type {
  RecordListInput,
  RecordPage,
  StructureDefinition,
  StructureRecord,
  StructureSummary,
  Writer,
} from './service.js';

/**
 * Records of structures, for routines and other plugins: `ctx.use(structureServiceToken)`, then
 * `structures().create(key, organizationId, data)`.
 */
export const structureServiceToken = createServiceToken<StructureService>('forms.structureService');

const read = { permission: 'forms.record.read' } as const;
const write = { permission: 'forms.record.write' } as const;
const root = 'structures';

const translated: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
const keyParams: JsonSchema = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 64 } },
};
const recordParams: JsonSchema = {
  type: 'object',
  required: ['key', 'id'],
  properties: {
    key: { type: 'string', minLength: 1, maxLength: 64 },
    id: { type: 'string', pattern: '^[0-9a-f-]{36}$' },
  },
};
const recordSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'structureKey', 'organizationId', 'data', 'version', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    structureKey: { type: 'string' },
    organizationId: { type: 'string' },
    data: { type: 'object', description: "The record's data, valid against the structure's schema" },
    version: {
      type: 'integer',
      description: 'The version of the structure the data was last checked against',
    },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const summaryProperties = {
  key: { type: 'string' },
  title: translated,
  description: translated,
  version: { type: 'integer', description: 'The published version' },
  indexes: {
    type: 'array',
    items: { type: 'string' },
    description:
      'Fields to filter (?field=value, ?field[gte]=value...) and sort (?sort=field, ?sort=-field) by',
  },
} as const;
const summarySchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: Object.keys(summaryProperties),
  properties: summaryProperties,
};
const definitionSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [...Object.keys(summaryProperties), 'schema', 'uiSchema', 'translations', 'defaultLanguage'],
  properties: {
    ...summaryProperties,
    schema: { type: 'object' },
    uiSchema: { type: 'object' },
    translations: { type: 'object' },
    defaultLanguage: { type: 'string' },
  },
};
const dataBody = { type: 'object', description: "The record's data, checked against the published version" };
const noStructure = { 404: { description: 'No such structure, or not for you' } } as const;
const noRecord = { 404: { description: 'No such structure or record, or not yours' } } as const;

type ListQuery = Omit<RecordListInput, 'filters'> & Record<string, unknown>;
const listKeys = new Set(['organization', 'q', 'sort', 'cursor', 'limit']);

/**
 * Structures: admin-defined collections whose shape is a form definition of kind `structure`,
 * with records per organisation at /api/v1/structures/{key}. Declares the records' models and
 * migration, the routes, structureServiceToken, the GDPR handler of the records' authors, and
 * the rebuild of the index when a new version of a structure is published.
 */
export function registerStructures(
  ctx: RegisterContext,
  definitions: DefinitionsArea,
): Lazy<StructureService> {
  const records = ctx.model<RecordRow>(recordTable, recordAttributes, {
    ...recordOptions,
    personalData: ['created_by', 'updated_by'],
  });
  const index = ctx.model<RecordIndexRow>(recordIndexTable, recordIndexAttributes, recordIndexOptions);
  ctx.migrations([createRecords]);
  ctx.provide(
    structureServiceToken,
    () =>
      new StructureService(
        records,
        index,
        definitions.service,
        ctx.db,
        ctx.events,
        definitions.validator,
        definitions.defaultLanguage,
      ),
  );
  const service = ctx.use(structureServiceToken);
  ctx.extend(gdprProviderPoint, () => ({
    exportUser: async (userId: string) => ({
      structureRecordsCreatedOrChanged: await service().recordsOfUser(userId),
    }),
    eraseUser: (userId: string) => service().forgetUser(userId),
  }));
  // A new version may index other fields: rebuild the index rows of the structure's records.
  ctx.on<{ key: string; kind: string }>(
    'forms.form.published',
    async (event) => {
      if (event.payload.kind === 'structure') await service().reindex(event.payload.key);
    },
    { name: 'structures.reindex' },
  );

  ctx.route({
    method: 'get',
    root,
    path: '/',
    summary: 'The structures you may read records of',
    description:
      'Published structures whose access lists let you in (staff: all), with the fields their records can be filtered and sorted by.',
    access: read,
    responses: { 200: { description: 'The structures', schema: { type: 'array', items: summarySchema } } },
    handler: ({ actor }) => service().structures(actor),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    root,
    path: '/:key/definition',
    summary: "A structure's published version, to show and edit its records",
    access: read,
    params: keyParams,
    responses: { 200: { description: 'The published version', schema: definitionSchema }, ...noStructure },
    handler: ({ params, actor }) => service().definition(params.key, actor),
  });

  ctx.route<{ key: string }, ListQuery, never, unknown>({
    method: 'get',
    root,
    path: '/:key',
    summary: 'A page of records of a structure',
    description:
      "Customers get their organisation's records; the supplier's staff every organisation's, or one's with `organization`. Filter by indexed fields with `?<field>=<value>` (equal to; numbers as numbers, yes/no as true or false) or `?<field>[gt|gte|lt|lte]=<value>` (ranges of numbers, texts and ISO dates), search the data with `q`, sort with `sort` (createdAt, updatedAt or an indexed field; `-` first for descending; default -createdAt), page with `limit` and `cursor`.",
    access: read,
    scope: 'organization',
    params: keyParams,
    query: {
      type: 'object',
      properties: {
        organization: {
          type: 'string',
          minLength: 1,
          maxLength: 64,
          description: 'Staff: only this organisation',
        },
        q: { type: 'string', minLength: 1, maxLength: 200, description: 'Text anywhere in the data' },
        sort: { type: 'string', minLength: 1, maxLength: 70 },
        cursor: { type: 'string', maxLength: 1000, description: 'nextCursor of the previous page' },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
      additionalProperties: {
        type: 'string',
        maxLength: 200,
        description: 'An indexed field (records whose value equals it), or field[gt], [gte], [lt], [lte]',
      },
    },
    responses: {
      200: {
        description: 'A page of records',
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: recordSchema },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
      ...noStructure,
    },
    handler: ({ params, query, actor }) => {
      const filters: Record<string, string> = {};
      for (const [name, value] of Object.entries(query))
        if (!listKeys.has(name) && typeof value === 'string') filters[name] = value;
      return service().list(params.key, actor, {
        limit: query.limit,
        filters,
        ...(query.organization ? { organization: query.organization } : {}),
        ...(query.q ? { q: query.q } : {}),
        ...(query.sort ? { sort: query.sort } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
    },
  });

  ctx.route<{ key: string }, never, { data: Record<string, unknown>; organizationId?: string }, unknown>({
    method: 'post',
    root,
    path: '/:key',
    summary: 'Add a record',
    description:
      "The record belongs to your organisation; the supplier's staff may name another with `organizationId`. The data is checked against the published version (422 with /data/... paths, in your language); computed values are filled in first.",
    access: write,
    scope: 'organization',
    params: keyParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['data'],
      properties: { data: dataBody, organizationId: { type: 'string', minLength: 1, maxLength: 64 } },
    },
    responses: { 201: { description: 'The record', schema: recordSchema }, ...noStructure },
    handler: async ({ params, body, actor }) => {
      const record = await service().add(params.key, actor, body);
      return reply(201, record, { Location: `/api/v1/structures/${params.key}/${record.id}` });
    },
  });

  ctx.route<{ key: string; id: string }, never, never, unknown>({
    method: 'get',
    root,
    path: '/:key/:id',
    summary: 'One record',
    access: read,
    scope: 'organization',
    params: recordParams,
    responses: { 200: { description: 'The record', schema: recordSchema }, ...noRecord },
    handler: ({ params, actor }) => service().get(params.key, params.id, actor),
  });

  ctx.route<{ key: string; id: string }, never, { data: Record<string, unknown> }, unknown>({
    method: 'put',
    root,
    path: '/:key/:id',
    summary: "Replace a record's data",
    description: 'Checked against the published version, which the record carries from then on.',
    access: write,
    scope: 'organization',
    params: recordParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['data'],
      properties: { data: dataBody },
    },
    responses: { 200: { description: 'The record', schema: recordSchema }, ...noRecord },
    handler: ({ params, body, actor }) => service().replace(params.key, params.id, actor, body),
  });

  ctx.route<{ key: string; id: string }, never, never, unknown>({
    method: 'delete',
    root,
    path: '/:key/:id',
    summary: 'Delete a record',
    access: write,
    scope: 'organization',
    params: recordParams,
    responses: { 204: { description: 'Deleted' }, ...noRecord },
    handler: async ({ params, actor }) => {
      await service().remove(params.key, params.id, actor);
      return undefined;
    },
  });

  return service;
}
