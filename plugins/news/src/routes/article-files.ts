import {
  notFound,
  reply,
  type Actor,
  type Lazy,
  type RegisterContext,
  type RouteRequest,
  type StoredFile,
} from '@portico/core';
import articleSchema from '../schemas/article.schema.json' with { type: 'json' };
import attachmentSchema from '../schemas/attachment.schema.json' with { type: 'json' };
import type { ArticleService } from '../services/article-service.js';
import {
  attachmentUploadTypes,
  contentDisposition,
  imageUploadTypes,
  makeArticleImage,
  makeAttachment,
} from '../services/uploads.js';
import { idParams, readerOf } from './feed.js';

/** Limits of uploads (plugin settings). */
export interface UploadLimits {
  imageMaxBytes: number;
  attachmentMaxBytes: number;
}

const attachmentParams = {
  type: 'object',
  required: ['id', 'attachmentId'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Article id' },
    attachmentId: { type: 'string', format: 'uuid', description: 'Attachment id' },
  },
} as const;

const versionQuery = {
  type: 'object',
  additionalProperties: false,
  properties: { v: { type: 'string', maxLength: 64, description: 'Changes with the file; any value' } },
} as const;

const noArticle = () => notFound('No such article.');

/**
 * Answers with a stored file: its ETag (the file never changes under its id), 304 when the
 * browser has it, and for attachments a download (Content-Disposition: attachment) so that no
 * attached file is ever shown inside the portal's origin.
 */
function sendFile(
  req: RouteRequest<unknown, { v?: string }, unknown>,
  file: { record: StoredFile; bytes: Buffer },
  options: { download?: string; immutable?: boolean },
) {
  const etag = `"${file.record.sha256}"`;
  const headers: Record<string, string> = {
    ETag: etag,
    'Cache-Control': options.immutable ? 'private, max-age=31536000, immutable' : 'private, no-cache',
    'X-Content-Type-Options': 'nosniff',
  };
  if (options.download) headers['Content-Disposition'] = contentDisposition(options.download);
  const ifNoneMatch = req.raw.headers['if-none-match'];
  if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
    return reply(304, undefined, headers);
  return reply(200, file.bytes, { ...headers, 'Content-Type': file.record.contentType });
}

/**
 * The article's picture and its attachments: uploaded and removed by editors, served to the
 * readers who may read the article (and to editors whatever its status). Every upload is checked
 * by its bytes; pictures are encoded again without metadata.
 */
export function articleFileRoutes(
  ctx: RegisterContext,
  service: Lazy<ArticleService>,
  limits: Lazy<UploadLimits>,
): void {
  const organizationOf = (actor: Actor) => actor.organizationId ?? null;

  // ---------------------------------------------------------------- readers

  ctx.route<{ id: string }, { v?: string }, never, unknown>({
    method: 'get',
    path: '/articles/:id/image',
    summary: "An article's picture (WebP)",
    description:
      'For readers who may read the article; otherwise 404 like a missing article. Use the imageUrl of the article: its ?v= changes with the picture, so the answer may be kept for long.',
    access: { permission: 'news.article.read' },
    params: idParams,
    query: versionQuery,
    responses: {
      200: { description: 'The picture, image/webp' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such article for you, or no picture' },
    },
    handler: async (req) => {
      const file = await service().image(req.params.id, readerOf(req.actor));
      if (file === 'article') throw noArticle();
      if (file === 'file') throw notFound('This article has no picture.');
      return sendFile(req, file, { immutable: !!req.query.v && file.record.id.startsWith(req.query.v) });
    },
  });

  ctx.route<{ id: string; attachmentId: string }, never, never, unknown>({
    method: 'get',
    path: '/articles/:id/attachments/:attachmentId',
    summary: 'Download a file attached to an article',
    description:
      'For readers who may read the article; otherwise 404 like a missing article. Always a download (Content-Disposition: attachment) with the type the file was recognised as.',
    access: { permission: 'news.article.read' },
    params: attachmentParams,
    responses: {
      200: { description: 'The file' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such article for you, or no such attachment' },
    },
    handler: async (req) => {
      const file = await service().attachment(req.params.id, req.params.attachmentId, readerOf(req.actor));
      if (file === 'article') throw noArticle();
      if (file === 'file') throw notFound('No such attachment.');
      return sendFile(req, file, { download: file.name });
    },
  });

  // ---------------------------------------------------------------- editors

  ctx.route<{ id: string }, never, Buffer, unknown>({
    method: 'put',
    path: '/admin/articles/:id/image',
    summary: "Upload the article's picture",
    description:
      'Send the image bytes as the body with Content-Type image/jpeg, image/png, image/webp or image/gif (at most the imageMaxBytes setting, 50 megapixels). The picture is checked by its bytes, turned upright, scaled to fit 1600×1600 pixels and stored as WebP without metadata. It replaces the previous picture. Give its text alternative per language version (`imageAlt`).',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    // The picture is encoded before the transaction starts: no database lock waits for sharp.
    transaction: false,
    get bodyType() {
      return { raw: imageUploadTypes, limit: limits().imageMaxBytes };
    },
    responses: {
      200: { description: 'The article with its new imageUrl', schema: articleSchema },
      404: { description: 'No such article' },
      413: { description: 'Larger than imageMaxBytes' },
      415: { description: 'Not sent as a JPEG, PNG, WebP or GIF' },
      422: { description: 'Not a usable JPEG, PNG, WebP or GIF picture, or more than 50 megapixels' },
    },
    handler: async ({ params, body, actor }) => {
      if (!(await service().get(params.id))) throw noArticle();
      const image = await makeArticleImage(Buffer.isBuffer(body) ? body : Buffer.alloc(0));
      const article = await service().setImage(params.id, image, organizationOf(actor));
      if (!article) throw noArticle();
      return article;
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'delete',
    path: '/admin/articles/:id/image',
    summary: "Remove the article's picture",
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    responses: {
      200: { description: 'The article, without a picture', schema: articleSchema },
      404: { description: 'No such article' },
    },
    handler: async ({ params }) => {
      const article = await service().removeImage(params.id);
      if (!article) throw noArticle();
      return article;
    },
  });

  ctx.route<{ id: string }, { v?: string }, never, unknown>({
    method: 'get',
    path: '/admin/articles/:id/image',
    summary: "An article's picture, whatever its status (for the editor)",
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    query: versionQuery,
    responses: {
      200: { description: 'The picture, image/webp' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such article, or no picture' },
    },
    handler: async (req) => {
      const file = await service().image(req.params.id, undefined);
      if (file === 'article') throw noArticle();
      if (file === 'file') throw notFound('This article has no picture.');
      return sendFile(req, file, { immutable: !!req.query.v && file.record.id.startsWith(req.query.v) });
    },
  });

  ctx.route<{ id: string }, { name: string; language?: string }, Buffer, unknown>({
    method: 'post',
    path: '/admin/articles/:id/attachments',
    summary: 'Attach a file to an article',
    description:
      'Send the bytes as the body (at most the attachmentMaxBytes setting) and the file name in `name`. Accepted: PDF, JPEG, PNG, WebP, GIF, Word, Excel, PowerPoint (also the old .doc, .xls and .ppt) and OpenDocument files, recognised by their bytes whatever the Content-Type says; pictures are encoded again without metadata. `language` attaches it to one language version (readers of other languages do not see it); without it, to every language. At most 20 per article.',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    query: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200, description: 'The file name readers see' },
        language: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
      },
    },
    transaction: false,
    get bodyType() {
      return { raw: attachmentUploadTypes, limit: limits().attachmentMaxBytes };
    },
    responses: {
      201: { description: 'The attachment', schema: attachmentSchema },
      404: { description: 'No such article' },
      409: { description: 'The article has 20 attachments already' },
      413: { description: 'Larger than attachmentMaxBytes' },
      415: { description: 'Sent with a Content-Type that no accepted file has' },
      400: { description: 'No name, or a language the article has no version in' },
      422: { description: 'Not a PDF, picture or office document' },
    },
    handler: async ({ params, query, body, actor }) => {
      if (!(await service().get(params.id))) throw noArticle();
      const file = await makeAttachment(Buffer.isBuffer(body) ? body : Buffer.alloc(0), query.name);
      const attachment = await service().addAttachment(
        params.id,
        file,
        query.language ?? null,
        organizationOf(actor),
      );
      if (!attachment) throw noArticle();
      return reply(201, attachment, { Location: attachment.url });
    },
  });

  ctx.route<{ id: string; attachmentId: string }, never, never, unknown>({
    method: 'get',
    path: '/admin/articles/:id/attachments/:attachmentId',
    summary: 'Download an attachment, whatever the status of its article (for the editor)',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: attachmentParams,
    responses: {
      200: { description: 'The file' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such article or attachment' },
    },
    handler: async (req) => {
      const file = await service().attachment(req.params.id, req.params.attachmentId, undefined);
      if (file === 'article') throw noArticle();
      if (file === 'file') throw notFound('No such attachment.');
      return sendFile(req, file, { download: file.name });
    },
  });

  ctx.route<{ id: string; attachmentId: string }, never, never, unknown>({
    method: 'delete',
    path: '/admin/articles/:id/attachments/:attachmentId',
    summary: 'Remove an attachment',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: attachmentParams,
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such article or attachment' } },
    handler: async ({ params }) => {
      if (!(await service().removeAttachment(params.id, params.attachmentId)))
        throw notFound('No such attachment.');
      return undefined;
    },
  });
}
