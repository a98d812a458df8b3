import type { Lazy, RegisterContext } from '@portico/core';
import type { ReaderDirectory } from '../services/reader-directory.js';

/**
 * What the editor's audience picker and "preview as" need from core's directory. Editors hold
 * core.organization.read and core.group.read, so the admin app asks core for organisations and
 * groups; roles and people are read here, with news's own permission, because editors do not
 * administer users.
 */
export function audienceRoutes(ctx: RegisterContext, directory: Lazy<ReaderDirectory>): void {
  ctx.route<never, never, never, unknown>({
    method: 'get',
    path: '/admin/roles',
    summary: 'Roles an audience may name',
    description: "Every role's key, name per language and scope (customer roles first).",
    access: { permission: 'news.article.write' },
    scope: 'global',
    responses: {
      200: {
        description: 'Roles',
        schema: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['key', 'name', 'scope'],
                properties: {
                  key: { type: 'string' },
                  name: { type: 'object', additionalProperties: { type: 'string' } },
                  scope: { enum: ['provider', 'customer'] },
                },
              },
            },
          },
        },
      },
    },
    handler: async () => ({ items: await directory().roles() }),
  });

  ctx.route<never, { q?: string; limit: number }, never, unknown>({
    method: 'get',
    path: '/admin/readers',
    summary: 'People to preview an article as',
    description: 'Active users whose name or e-mail contains `q`, customers first, with their organisation.',
    access: { permission: 'news.article.write' },
    scope: 'global',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        q: { type: 'string', minLength: 1, maxLength: 100 },
        limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 },
      },
    },
    responses: {
      200: {
        description: 'People',
        schema: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['id', 'name', 'email', 'organizationName', 'language'],
                properties: {
                  id: { type: 'string' },
                  name: { type: 'string' },
                  email: { type: 'string' },
                  organizationName: { type: 'string' },
                  language: { type: ['string', 'null'] },
                },
              },
            },
          },
        },
      },
    },
    handler: async ({ query }) => ({ items: await directory().search(query.q, query.limit) }),
  });
}
