import type { Lazy } from '../../container/container.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { ApiTokens, type NewApiToken } from '../api-tokens.js';
import { idParams, idSchema, pageOf } from '../schemas.js';
import type { IdentityService } from '../service.js';

const tokenSchema = {
  type: 'object',
  required: ['id', 'organizationId', 'name', 'permissions', 'createdBy', 'createdAt', 'expiresAt', 'status'],
  properties: {
    id: { type: 'string' },
    organizationId: { type: 'string' },
    name: { type: 'string' },
    permissions: { type: 'array', items: { type: 'string' } },
    createdBy: { type: 'string' },
    createdAt: { type: 'string' },
    expiresAt: { type: 'string' },
    lastUsedAt: { type: ['string', 'null'] },
    revokedAt: { type: ['string', 'null'] },
    status: { enum: ['active', 'expired', 'revoked'] },
  },
};

/** Create, list and revoke API tokens for integrations. */
export function registerApiTokenRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  const tokens = new WeakMap<IdentityService, ApiTokens>();
  const tokensOf = (id: IdentityService): ApiTokens => {
    let t = tokens.get(id);
    if (!t) tokens.set(id, (t = new ApiTokens(id)));
    return t;
  };

  ctx.route<unknown, unknown, NewApiToken, unknown>({
    method: 'post',
    path: '/tokens',
    summary: 'Create an API token for an integration',
    description:
      "Answers the token once; only its digest is stored. Send it as Authorization: Bearer <token>; it needs no CSRF token. It holds only the permissions given, each of which you must hold yourself, and expires after expiresInDays (at most auth.tokens.apiTokenMaxDays). Customer admins create tokens for their own organisation; the supplier's staff may name another in organizationId.",
    access: { permission: 'core.token.manage' },
    scope: 'organization',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'permissions', 'expiresInDays'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
        permissions: {
          type: 'array',
          minItems: 1,
          maxItems: 200,
          items: { type: 'string', minLength: 1, maxLength: 128 },
        },
        expiresInDays: { type: 'integer', minimum: 1 },
        organizationId: idSchema,
      },
    },
    responses: {
      201: {
        description: 'Created; the token is shown only now',
        schema: {
          ...tokenSchema,
          required: [...tokenSchema.required, 'token'],
          properties: { ...tokenSchema.properties, token: { type: 'string' } },
        },
      },
      403: { description: 'A permission you do not hold' },
    },
    async handler(req) {
      const created = await tokensOf(identity()).create(req.actor, req.body);
      return reply(201, created, { 'Cache-Control': 'no-store' });
    },
  });

  ctx.route<unknown, { organizationId?: string; limit: number; cursor?: string }, unknown, unknown>({
    method: 'get',
    path: '/tokens',
    summary: 'List API tokens (never their secrets)',
    description:
      "Your organisation's tokens, newest first; the supplier's staff see every organisation's, or one's with organizationId.",
    access: { permission: 'core.token.manage' },
    scope: 'organization',
    query: {
      type: 'object',
      properties: {
        organizationId: idSchema,
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
        cursor: { type: 'string', maxLength: 500 },
      },
    },
    responses: { 200: { description: 'A page of tokens', schema: pageOf(tokenSchema) } },
    handler: (req) => tokensOf(identity()).list(req.actor, req.query),
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'delete',
    path: '/tokens/:id',
    summary: 'Revoke an API token; it stops working at once',
    access: { permission: 'core.token.manage' },
    scope: 'organization',
    params: idParams,
    responses: { 204: { description: 'Revoked (or revoked already)' } },
    async handler(req) {
      await tokensOf(identity()).revoke(req.actor, req.params.id);
    },
  });
}
