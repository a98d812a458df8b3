import {
  notFound,
  ProblemError,
  reply,
  type CustomFields,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import articleSchema from '../schemas/article.schema.json' with { type: 'json' };
import articleInputSchema from '../schemas/article-input.schema.json' with { type: 'json' };
import articleStatisticsSchema from '../schemas/article-statistics.schema.json' with { type: 'json' };
import articleViewSchema from '../schemas/article-view.schema.json' with { type: 'json' };
import type { Article, ArticleFilter, ArticleInput, ArticleService } from '../services/article-service.js';
import type { ReaderDirectory } from '../services/reader-directory.js';
import { idParams } from './feed.js';

const notFoundResponse = { 404: { description: 'No such article' } } as const;

/**
 * Editors' routes, mounted at /api/v1/news/admin/articles. Articles belong to the supplier, not
 * to a customer: every route needs a permission only the supplier's staff hold by default.
 */
export function articleRoutes(
  ctx: RegisterContext,
  service: Lazy<ArticleService>,
  directory: Lazy<ReaderDirectory>,
  customFields: Lazy<CustomFields>,
): void {
  // Custom values are checked against the fields admins defined, when they are given.
  const checkCustom = async (input: ArticleInput) => {
    if (input.custom !== undefined) await customFields().assertValid('news.article', input.custom);
  };
  const found = (a: Article | undefined): Article => {
    if (!a) throw notFound('No such article.');
    return a;
  };

  ctx.route<never, ArticleFilter & { limit: number; cursor?: string }, never, unknown>({
    method: 'get',
    path: '/admin/articles',
    summary: 'List articles, newest first',
    access: { permission: 'news.article.write' },
    scope: 'global',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        cursor: { type: 'string', maxLength: 100, description: 'nextCursor of the previous page' },
        status: { enum: ['draft', 'scheduled', 'published', 'unpublished'] },
        tag: { type: 'string', minLength: 1, maxLength: 40 },
        pinned: { type: 'boolean' },
      },
    },
    responses: {
      200: {
        description: 'A page of articles',
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: articleSchema },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
    },
    handler: ({ query: { limit, cursor, ...filter } }) => service().list(limit, cursor, filter),
  });

  ctx.route<never, never, ArticleInput, unknown>({
    method: 'post',
    path: '/admin/articles',
    summary: 'Write a new article (a draft)',
    description: 'Bodies are sanitised to a safe subset of HTML before they are stored.',
    access: { permission: 'news.article.write' },
    scope: 'global',
    body: articleInputSchema,
    responses: { 201: { description: 'Created', schema: articleSchema } },
    handler: async ({ body, actor }) => {
      await checkCustom(body);
      const article = await service().create(body, actor.userId ?? null);
      return reply(201, article, { Location: `/api/v1/news/admin/articles/${article.id}` });
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/admin/articles/:id',
    summary: 'Get one article with every language version',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    responses: { 200: { description: 'The article', schema: articleSchema }, ...notFoundResponse },
    handler: async ({ params }) => found(await service().get(params.id)),
  });

  ctx.route<{ id: string }, never, ArticleInput, unknown>({
    method: 'put',
    path: '/admin/articles/:id',
    summary: 'Replace an article and its language versions',
    description:
      "Every field is replaced, except `custom`: given, it replaces the article's custom values (checked against the custom fields admins defined for news.article); left out, they stay.",
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    body: articleInputSchema,
    responses: { 200: { description: 'The article', schema: articleSchema }, ...notFoundResponse },
    handler: async ({ params, body }) => {
      await checkCustom(body);
      return found(await service().update(params.id, body));
    },
  });

  ctx.route<{ id: string }, never, { at?: string }, unknown>({
    method: 'post',
    path: '/admin/articles/:id/publish',
    summary: 'Publish now, or schedule for a time',
    description:
      'Without `at` (or with a time that has passed) the article is published now and news.article.published is emitted; with a future `at` it is scheduled and published then.',
    access: { permission: 'news.article.publish' },
    scope: 'global',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { at: { type: 'string', format: 'date-time', description: 'When to publish' } },
    },
    responses: { 200: { description: 'The article', schema: articleSchema }, ...notFoundResponse },
    handler: async ({ params, body }) =>
      found(await service().publish(params.id, body.at ? new Date(body.at) : undefined)),
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'post',
    path: '/admin/articles/:id/unpublish',
    summary: 'Withdraw an article from readers',
    access: { permission: 'news.article.publish' },
    scope: 'global',
    params: idParams,
    responses: { 200: { description: 'The article', schema: articleSchema }, ...notFoundResponse },
    handler: async ({ params }) => found(await service().unpublish(params.id)),
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'delete',
    path: '/admin/articles/:id',
    summary: 'Delete an article, its language versions and its reads',
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    responses: { 204: { description: 'Deleted' }, ...notFoundResponse },
    handler: async ({ params }) => {
      if (!(await service().remove(params.id))) throw notFound('No such article.');
      return undefined;
    },
  });

  ctx.route<{ id: string }, { userId: string }, never, unknown>({
    method: 'get',
    path: '/admin/articles/:id/preview',
    summary: 'See an article as a chosen user would',
    description:
      "Whatever its status: whether the user's audience matches (`visible`), and the article in their language.",
    access: { permission: 'news.article.write' },
    scope: 'global',
    params: idParams,
    query: {
      type: 'object',
      additionalProperties: false,
      required: ['userId'],
      properties: { userId: { type: 'string', minLength: 1, maxLength: 64 } },
    },
    responses: {
      200: {
        description: 'The article as the user would see it',
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['visible', 'article'],
          properties: { visible: { type: 'boolean' }, article: articleViewSchema },
        },
      },
      ...notFoundResponse,
    },
    handler: async ({ params, query }) => {
      const reader = await directory().reader(query.userId);
      if (!reader)
        throw new ProblemError(400, {
          detail: 'There is no user with this id.',
          errors: [{ in: 'query', path: '/userId', message: 'is not a user' }],
        });
      const preview = await service().preview(params.id, reader);
      if (!preview) throw notFound('No such article.');
      return preview;
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/admin/articles/:id/statistics',
    summary: 'Reads of an article by organisation and by language',
    access: { permission: 'news.statistics.read' },
    scope: 'global',
    params: idParams,
    responses: {
      200: { description: 'The statistics', schema: articleStatisticsSchema },
      ...notFoundResponse,
    },
    handler: async ({ params }) => {
      const stats = await service().statistics(params.id);
      if (!stats) throw notFound('No such article.');
      return stats;
    },
  });
}
