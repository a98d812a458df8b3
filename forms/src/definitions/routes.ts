import { hasPermission, notFound, reply, type Lazy, type RegisterContext } from '@portico/core';
import type { FormKind } from '../shared/types.js';
import {
  noForm,
  type CreateFormInput,
  type DraftInput,
  type FormService,
  type PatchFormInput,
} from './definition-service.js';
import {
  createFormBody,
  draftBody,
  formDefinitionSchema,
  formSummarySchema,
  formVersionSchema,
  keyParams,
  kindSchema,
  patchFormBody,
  versionSummarySchema,
} from './schemas.js';

const manage = { permission: 'forms.form.manage' } as const;
const noSuchForm = { 404: { description: 'No such form' } } as const;
const found = <T>(v: T | undefined): T => {
  if (v === undefined) throw noForm();
  return v;
};

/** Routes of form definitions and versions, mounted at /api/v1/forms. */
export function definitionRoutes(ctx: RegisterContext, service: Lazy<FormService>): void {
  ctx.route<never, { kind?: FormKind }, never, unknown>({
    method: 'get',
    path: '/',
    summary: 'List forms',
    description:
      'Form builders (forms.form.manage) get every definition, with its status; everyone else the published forms they may fill (structures are never listed here).',
    access: 'authenticated',
    query: { type: 'object', additionalProperties: false, properties: { kind: kindSchema } },
    responses: { 200: { description: 'The forms', schema: { type: 'array', items: formSummarySchema } } },
    handler: ({ actor, query }) => service().list(actor, query.kind),
  });

  ctx.route<never, never, CreateFormInput, unknown>({
    method: 'post',
    path: '/',
    summary: 'Create a form (its first draft)',
    description:
      'The schema is untrusted input: a refused schema answers 422 with errors whose paths start with /schema (or /uiSchema). A taken key answers 409.',
    access: manage,
    scope: 'global',
    body: createFormBody,
    responses: {
      201: {
        description: 'The definition with its draft',
        schema: {
          ...formDefinitionSchema,
          required: [...formDefinitionSchema.required, 'draft'],
          properties: { ...formDefinitionSchema.properties, draft: formVersionSchema },
        },
      },
      409: { description: 'The key is taken' },
    },
    handler: async ({ body, actor }) => {
      const created = await service().create(body, actor.userId ?? null);
      return reply(201, created, { Location: `/api/v1/forms/${created.key}` });
    },
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key',
    summary: 'The published version of a form, to fill it',
    description:
      "For those who may fill it (forms.submission.create and the form's access) and for form builders; 404 for everyone else and when nothing is published. Texts are in the default language; `translations` hold the others (localizeForm of @portico/forms/shared).",
    access: 'authenticated',
    params: keyParams,
    responses: { 200: { description: 'The published version', schema: formVersionSchema }, ...noSuchForm },
    handler: async ({ params, actor }) => {
      const version = await service().published(params.key);
      if (!version) throw noForm();
      if (hasPermission(actor, 'forms.form.manage')) return version;
      const row = found(await service().definitionRow(params.key));
      if (!service().mayFill(actor, { kind: row.kind, access: JSON.parse(row.access) as object }))
        throw noForm();
      const { publishedBy: _hidden, ...forFiller } = version;
      return forFiller;
    },
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key/definition',
    summary: 'A form definition as its builders see it',
    description: 'Titles, access, statuses, and which versions are published and drafted.',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: { 200: { description: 'The definition', schema: formDefinitionSchema }, ...noSuchForm },
    handler: async ({ params }) => found(await service().get(params.key)),
  });

  ctx.route<{ key: string }, never, PatchFormInput, unknown>({
    method: 'patch',
    path: '/:key',
    summary: 'Change the titles, access or statuses of a form',
    description: 'What is not versioned; the schema changes through the draft.',
    access: manage,
    scope: 'global',
    params: keyParams,
    body: patchFormBody,
    responses: { 200: { description: 'The definition', schema: formDefinitionSchema }, ...noSuchForm },
    handler: async ({ params, body }) => found(await service().patch(params.key, body)),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key/draft',
    summary: 'The draft of a form',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: {
      200: { description: 'The draft', schema: formVersionSchema },
      404: { description: 'No such form, or it has no draft' },
    },
    handler: async ({ params }) => {
      const draft = await service().draft(params.key);
      if (!draft) {
        found(await service().definitionRow(params.key));
        throw notFound('This form has no draft.');
      }
      return draft;
    },
  });

  ctx.route<{ key: string }, never, DraftInput, unknown>({
    method: 'put',
    path: '/:key/draft',
    summary: 'Save the draft of a form',
    description:
      'Replaces the draft, or starts a new one (the next version number) when there is none. Published versions never change. A refused schema answers 422 with paths starting with /schema or /uiSchema.',
    access: manage,
    scope: 'global',
    params: keyParams,
    body: draftBody,
    responses: { 200: { description: 'The draft', schema: formVersionSchema }, ...noSuchForm },
    handler: async ({ params, body }) => found(await service().saveDraft(params.key, body)),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'delete',
    path: '/:key/draft',
    summary: 'Throw away the draft of a form',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such form, or it has no draft' } },
    handler: async ({ params }) => {
      const deleted = found(await service().deleteDraft(params.key));
      if (!deleted) throw notFound('This form has no draft.');
      return undefined;
    },
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'post',
    path: '/:key/publish',
    summary: 'Publish the draft',
    description:
      'The draft becomes the published version, which never changes again; the previously published version is retired. Emits forms.form.published. 409 when there is no draft.',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: {
      200: { description: 'The published version', schema: formVersionSchema },
      409: { description: 'There is no draft' },
      ...noSuchForm,
    },
    handler: async ({ params, actor }) => found(await service().publish(params.key, actor.userId ?? null)),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'post',
    path: '/:key/retire',
    summary: 'Retire the published version',
    description:
      'Nobody can fill the form any more; its submissions stay and still render with their version. Publish a draft to open it again. Emits forms.form.retired. 409 when nothing is published.',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: {
      200: { description: 'The definition', schema: formDefinitionSchema },
      409: { description: 'Nothing is published' },
      ...noSuchForm,
    },
    handler: async ({ params }) => found(await service().retire(params.key)),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key/versions',
    summary: 'The versions of a form, newest first',
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: {
      200: { description: 'The versions', schema: { type: 'array', items: versionSummarySchema } },
      ...noSuchForm,
    },
    handler: async ({ params }) => found(await service().listVersions(params.key)),
  });

  ctx.route<{ key: string; version: number }, never, never, unknown>({
    method: 'get',
    path: '/:key/versions/:version',
    summary: 'One version of a form, whatever its status',
    access: manage,
    scope: 'global',
    params: {
      type: 'object',
      required: ['key', 'version'],
      properties: { ...keyParams.properties, version: { type: 'integer', minimum: 1, maximum: 1_000_000 } },
    },
    responses: {
      200: { description: 'The version', schema: formVersionSchema },
      404: { description: 'No such form or version' },
    },
    handler: async ({ params }) => {
      const v = await service().version(params.key, params.version);
      if (!v) throw notFound('No such form or version.');
      return v;
    },
  });
}
