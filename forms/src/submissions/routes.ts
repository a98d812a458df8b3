import { notFound, reply, type Actor, type Lazy, type RegisterContext } from '@portico/core';
import { keyParams, translatedSchema } from '../definitions/schemas.js';
import type { SubmissionFilter, SubmissionService, UploadSettings } from './submission-service.js';
import { contentDisposition, uploadContentTypes } from './uploads.js';

const timestamp = { type: 'string', format: 'date-time' } as const;

export const submissionSchema = {
  type: 'object',
  required: [
    'id',
    'formKey',
    'kind',
    'formTitle',
    'version',
    'status',
    'data',
    'organizationId',
    'userId',
    'createdAt',
    'updatedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    formKey: { type: 'string' },
    kind: { type: 'string' },
    formTitle: translatedSchema,
    version: { type: 'integer' },
    status: { type: 'string' },
    data: { type: 'object' },
    organizationId: { type: ['string', 'null'] },
    userId: { type: ['string', 'null'] },
    createdAt: timestamp,
    updatedAt: timestamp,
  },
} as const;

const submissionDetailSchema = {
  ...submissionSchema,
  required: [...submissionSchema.required, 'form', 'statuses'],
  properties: {
    ...submissionSchema.properties,
    form: {
      type: 'object',
      required: ['key', 'kind', 'title', 'version', 'schema', 'uiSchema', 'translations', 'defaultLanguage'],
      description: 'The exact version the submission was filled in: render it with this',
      properties: {
        key: { type: 'string' },
        kind: { type: 'string' },
        title: translatedSchema,
        description: translatedSchema,
        version: { type: 'integer' },
        schema: { type: 'object' },
        uiSchema: { type: 'object' },
        translations: { type: 'object' },
        defaultLanguage: { type: 'string' },
      },
    },
    statuses: { type: 'array', items: { type: 'string' } },
  },
} as const;

const pageSchema = {
  type: 'object',
  required: ['items', 'nextCursor'],
  properties: { items: { type: 'array', items: submissionSchema }, nextCursor: { type: ['string', 'null'] } },
} as const;

const listQueryProperties = {
  status: { type: 'string', maxLength: 32 },
  organization: { type: 'string', maxLength: 64, description: 'Organisation id (staff)' },
  cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page' },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
} as const;

const dataBody = {
  type: 'object',
  additionalProperties: false,
  required: ['data'],
  properties: { data: { type: 'object', description: 'The answers, as the form schema describes them' } },
} as const;

const draftSchema = {
  type: 'object',
  required: ['data', 'updatedAt'],
  properties: { data: { type: 'object' }, updatedAt: timestamp },
} as const;

const fileSchema = {
  type: 'object',
  required: ['id', 'name', 'contentType', 'size'],
  properties: {
    id: { type: 'string', description: 'Put this in the data, in the file field (format portico-file)' },
    name: { type: 'string' },
    contentType: { type: 'string' },
    size: { type: 'integer' },
  },
} as const;

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid' } },
} as const;

const noSubmission = () => notFound('No such submission.');
const scoping =
  'Staff with forms.submission.manage see every submission; a customer admin (forms.submission.read) those of their organisation; everyone else their own.';

/** Routes of submissions, drafts and files, mounted at /api/v1/forms. */
export function submissionRoutes(
  ctx: RegisterContext,
  service: Lazy<SubmissionService>,
  languageOf: (actor: Actor) => string,
  settings: Lazy<UploadSettings>,
): void {
  ctx.route<{ key: string }, never, { data: Record<string, unknown> }, unknown>({
    method: 'post',
    path: '/:key/submissions',
    summary: 'Submit a form',
    description:
      "Computed values (ui:computed) are worked out on the server, then the data is validated against the published version. Invalid data answers 422 with errors [{path, message}] whose paths point into the data and whose messages are in the user's language. Emits forms.submission.submitted.",
    access: { permission: 'forms.submission.create' },
    scope: 'organization',
    params: keyParams,
    body: dataBody,
    responses: {
      201: { description: 'The submission', schema: submissionSchema },
      404: { description: 'No such form, nothing published, or not one you may fill' },
    },
    handler: async ({ params, body, actor }) => {
      const created = await service().submit(params.key, body.data, actor, languageOf(actor));
      return reply(201, created, { Location: `/api/v1/forms/submissions/${created.id}` });
    },
  });

  ctx.route<{ key: string }, Omit<SubmissionFilter, 'form' | 'mine'>, never, unknown>({
    method: 'get',
    path: '/:key/submissions',
    summary: "A form's submissions, newest first",
    description: scoping,
    access: 'authenticated',
    scope: 'organization',
    params: keyParams,
    query: { type: 'object', additionalProperties: false, properties: listQueryProperties },
    responses: {
      200: { description: 'A page of submissions', schema: pageSchema },
      404: { description: 'No such form' },
    },
    handler: async ({ params, query, actor }) => {
      if (!(await service().hasForm(params.key))) throw notFound('No such form.');
      return service().list(actor, { ...query, form: params.key });
    },
  });

  ctx.route<never, SubmissionFilter, never, unknown>({
    method: 'get',
    path: '/submissions',
    summary: 'Submissions across forms, newest first',
    description: `${scoping} \`mine=true\`: only your own (the portal's "my submissions").`,
    access: 'authenticated',
    scope: 'organization',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...listQueryProperties,
        form: { type: 'string', maxLength: 64, description: 'Form key' },
        mine: { type: 'boolean' },
      },
    },
    responses: { 200: { description: 'A page of submissions', schema: pageSchema } },
    handler: ({ query, actor }) => service().list(actor, query),
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/submissions/:id',
    summary: 'One submission, with the version it was filled in',
    description: `${scoping} Render it with \`form\` (its own version), even after the form has changed.`,
    access: 'authenticated',
    scope: 'organization',
    params: idParams,
    responses: {
      200: { description: 'The submission', schema: submissionDetailSchema },
      404: { description: 'No such submission (or not yours to see)' },
    },
    handler: async ({ params, actor }) => {
      const found = await service().get(params.id, actor);
      if (!found) throw noSubmission();
      return found;
    },
  });

  ctx.route<{ id: string }, never, { status: string }, unknown>({
    method: 'patch',
    path: '/submissions/:id',
    summary: 'Set the status of a submission',
    description:
      "One of the form's statuses; others answer 422. Emits forms.submission.status-changed (not when the status stays the same).",
    access: { permission: 'forms.submission.manage' },
    scope: 'organization',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['status'],
      properties: { status: { type: 'string', minLength: 1, maxLength: 32 } },
    },
    responses: {
      200: { description: 'The submission', schema: submissionSchema },
      404: { description: 'No such submission' },
    },
    handler: async ({ params, body, actor }) => {
      const changed = await service().setStatus(params.id, body.status, actor, languageOf(actor));
      if (!changed) throw noSubmission();
      return changed;
    },
  });

  ctx.route<{ key: string }, { status?: string; organization?: string }, never, unknown>({
    method: 'get',
    path: '/:key/submissions.csv',
    summary: "A form's submissions as CSV",
    description:
      'UTF-8 with a byte order mark, RFC 4180 quoting, oldest first. Columns: id, form, version, status, organization, submittedBy, submittedAt, then one per field (`group.field`; tables as JSON). Text that starts like a spreadsheet formula (= + - @) is prefixed with an apostrophe.',
    access: { permission: 'forms.submission.manage' },
    scope: 'organization',
    params: keyParams,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { status: listQueryProperties.status, organization: listQueryProperties.organization },
    },
    responses: {
      200: { description: 'text/csv' },
      404: { description: 'No such form' },
    },
    handler: async ({ params, query, actor }) => {
      const csv = await service().csv(params.key, actor, query);
      if (csv === undefined) throw notFound('No such form.');
      return reply(200, csv, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition(`${params.key}-submissions.csv`),
        'Cache-Control': 'private, no-store',
        'X-Content-Type-Options': 'nosniff',
      });
    },
  });

  // ---------------------------------------------------------------- my draft

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key/my-draft',
    summary: 'Your autosaved draft of a form',
    access: { permission: 'forms.submission.create' },
    scope: 'organization',
    params: keyParams,
    responses: {
      200: { description: 'The draft', schema: draftSchema },
      404: { description: 'No draft, or no such form for you' },
    },
    handler: async ({ params, actor }) => {
      const draft = await service().getDraft(params.key, actor);
      if (!draft) throw notFound('You have no draft of this form.');
      return draft;
    },
  });

  ctx.route<{ key: string }, never, { data: Record<string, unknown> }, unknown>({
    method: 'put',
    path: '/:key/my-draft',
    summary: 'Save your draft of a form (autosave)',
    description: 'Kept as it is, not validated; submitting the form clears it.',
    access: { permission: 'forms.submission.create' },
    scope: 'organization',
    params: keyParams,
    body: dataBody,
    responses: {
      200: { description: 'The draft', schema: draftSchema },
      404: { description: 'No such form for you' },
    },
    handler: ({ params, body, actor }) =>
      service().saveDraft(params.key, body.data, actor, languageOf(actor)),
  });

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'delete',
    path: '/:key/my-draft',
    summary: 'Throw your draft away',
    access: { permission: 'forms.submission.create' },
    scope: 'organization',
    params: keyParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No draft, or no such form for you' } },
    handler: async ({ params, actor }) => {
      if (!(await service().deleteDraft(params.key, actor)))
        throw notFound('You have no draft of this form.');
      return undefined;
    },
  });

  // ---------------------------------------------------------------- files

  ctx.route<{ key: string }, { name: string; field?: string }, Buffer, unknown>({
    method: 'post',
    path: '/:key/files',
    summary: 'Upload a file for a form',
    description:
      "Send the bytes as the body and the file name in `name`; `field` (a JSON pointer into the data, `/photo`, `/lines/0/drawing`) applies that file field's limits: its UI schema's `ui:options.accept` (types, wildcards or extensions) and `ui:options.maxSize` (bytes), within the forms settings uploadTypes and uploadMaxBytes. The file is recognised by its bytes. Put the answered id into the data; submitting attaches it.",
    access: { permission: 'forms.submission.create' },
    scope: 'organization',
    params: keyParams,
    query: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200 },
        field: { type: 'string', pattern: '^(/[^/]+)+$', maxLength: 500 },
      },
    },
    get bodyType() {
      return { raw: uploadContentTypes, limit: settings().uploadMaxBytes };
    },
    responses: {
      201: { description: 'The stored file', schema: fileSchema },
      400: { description: 'No file field at `field`' },
      404: { description: 'No such form for you' },
      413: { description: "Larger than the field's or the settings' limit" },
      415: { description: 'Sent with a Content-Type no accepted file has' },
      422: { description: 'A type the field does not accept, or an empty body' },
    },
    handler: async ({ params, query, body, actor, raw }) => {
      const stored = await service().upload(params.key, actor, {
        bytes: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
        name: query.name,
        declaredType: (raw.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
        field: query.field,
      });
      return reply(201, stored, { Location: `/api/v1/forms/files/${stored.id}` });
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/files/:id',
    summary: 'Download a file uploaded for a form',
    description:
      'For its uploader, and for whoever may see the submission it is attached to; 404 for everyone else. Always a download (Content-Disposition: attachment).',
    access: 'authenticated',
    scope: 'organization',
    params: idParams,
    responses: { 200: { description: 'The file' }, 404: { description: 'No such file for you' } },
    handler: async ({ params, actor }) => {
      const file = await service().file(params.id, actor);
      if (!file) throw notFound('No such file.');
      return reply(200, file.bytes, {
        'Content-Type': file.record.contentType,
        'Content-Disposition': contentDisposition(file.upload.name),
        ETag: `"${file.record.sha256}"`,
        'Cache-Control': 'private, no-cache',
        'X-Content-Type-Options': 'nosniff',
      });
    },
  });
}
