import { forbidden, notFound, type Actor, type Lazy, type RegisterContext } from '@portico/core';
import articleViewSchema from '../schemas/article-view.schema.json' with { type: 'json' };
import type { ArticleService } from '../services/article-service.js';
import type { Reader } from '../services/audience.js';

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', format: 'uuid', description: 'Article id' } },
} as const;

/** The reader the audience check sees: the actor's organisation, groups, roles and language. */
export function readerOf(actor: Actor): Reader {
  return {
    ...(actor.userId ? { userId: actor.userId } : {}),
    ...(actor.organizationId ? { organizationId: actor.organizationId } : {}),
    groups: actor.groups,
    roles: actor.roles,
    ...(actor.language ? { language: actor.language } : {}),
  };
}

/** Routes for readers, mounted at /api/v1/news: the feed, one article, marking it read. */
export function feedRoutes(ctx: RegisterContext, service: Lazy<ArticleService>): void {
  ctx.route<never, { limit: number; cursor?: string; tag?: string }, never, unknown>({
    method: 'get',
    path: '/feed',
    summary: 'The articles for you, pinned first, then newest first',
    description:
      "Published articles whose audience you match, each in your language or, labelled `fallback: true`, in the article's default language. `new` is true until you mark an article read.",
    access: { permission: 'news.article.read' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page' },
        tag: { type: 'string', minLength: 1, maxLength: 40, description: 'Only articles with this tag' },
      },
    },
    responses: {
      200: {
        description: 'A page of articles (without their bodies)',
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: articleViewSchema },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
    },
    handler: ({ query, actor }) =>
      service().feed(readerOf(actor), query.limit, query.cursor, undefined, query.tag),
  });

  ctx.route<never, never, never, unknown>({
    method: 'get',
    path: '/tags',
    summary: 'The tags of the articles for you, the most used first',
    description:
      'Each with the number of articles you may read that carry it: the topics of the feed filter.',
    access: { permission: 'news.article.read' },
    responses: {
      200: {
        description: 'Tags',
        schema: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['tag', 'articles'],
                properties: { tag: { type: 'string' }, articles: { type: 'integer' } },
              },
            },
          },
        },
      },
    },
    handler: async ({ actor }) => ({ items: await service().tags(readerOf(actor)) }),
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/articles/:id',
    summary: 'Read one article',
    description: 'An article that is not published or not for you answers 404, like a missing one.',
    access: { permission: 'news.article.read' },
    params: idParams,
    responses: {
      200: { description: 'The article, with its body', schema: articleViewSchema },
      404: { description: 'No such article for you' },
    },
    handler: async ({ params, actor }) => {
      const view = await service().view(params.id, readerOf(actor));
      if (!view) throw notFound('No such article.');
      return view;
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'post',
    path: '/articles/:id/read',
    summary: 'Mark an article read',
    description: 'Idempotent. The first time, emits news.article.read for statistics and notifications.',
    access: { permission: 'news.article.read' },
    params: idParams,
    responses: {
      200: { description: 'The article, no longer new', schema: articleViewSchema },
      404: { description: 'No such article for you' },
    },
    handler: async ({ params, actor }) => {
      if (!actor.userId) throw forbidden('Only a person can read an article.');
      const view = await service().markRead(params.id, { ...readerOf(actor), userId: actor.userId });
      if (!view) throw notFound('No such article.');
      return view;
    },
  });
}
