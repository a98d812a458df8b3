import {
  assertOrganization,
  forbidden,
  notFound,
  organizationWhere,
  reply,
  type Actor,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import greetingSchema from '../schemas/greeting.schema.json' with { type: 'json' };
import greetingCreateSchema from '../schemas/greeting-create.schema.json' with { type: 'json' };
import type { Greeting, GreetingService } from '../services/greeting-service.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Greeting id' } },
} as const;

/**
 * Greetings belong to an organisation. Everyone sees their own organisation's; the supplier's
 * staff who may delete greetings (moderators) see every organisation's.
 */
export const SEE_EVERY_ORGANIZATION = 'hello.greeting.delete';

/** Routes of the greetings resource, mounted at /api/v1/hello/greetings. */
export function greetingRoutes(ctx: RegisterContext, service: Lazy<GreetingService>): void {
  /**
   * The greeting, if the actor may reach it. A greeting of another organisation answers exactly
   * like one that does not exist (the same 404), so nobody can probe which ids exist.
   */
  const reachable = async (actor: Actor, id: number): Promise<Greeting> => {
    const greeting = await service().get(id);
    if (!greeting) throw notFound('No such greeting.');
    assertOrganization(actor, greeting.organizationId, SEE_EVERY_ORGANIZATION, 'greeting');
    return greeting;
  };

  ctx.route<never, { limit: number; cursor?: string }, never, unknown>({
    method: 'get',
    path: '/greetings',
    summary: "List your organisation's greetings, newest first",
    description:
      "The supplier's staff holding hello.greeting.delete see the greetings of every organisation.",
    access: 'authenticated',
    scope: 'organization',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        cursor: { type: 'string', maxLength: 100, description: 'nextCursor of the previous page' },
      },
    },
    responses: {
      200: {
        description: 'A page of greetings',
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: greetingSchema },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
    },
    // Every query of organisation-owned rows goes through core's organizationWhere.
    handler: ({ query, actor }) =>
      service().list(
        query.limit,
        query.cursor,
        organizationWhere(actor, SEE_EVERY_ORGANIZATION, 'organization_id'),
      ),
  });

  ctx.route<{ id: number }, never, never, unknown>({
    method: 'get',
    path: '/greetings/:id',
    summary: 'Get one greeting',
    access: 'authenticated',
    scope: 'organization',
    params: idParams,
    responses: {
      200: { description: 'The greeting', schema: greetingSchema },
      404: { description: 'No such greeting (or one of another organisation)' },
    },
    handler: ({ params, actor }) => reachable(actor, params.id),
  });

  ctx.route<never, never, { message: string; authorName: string; language: string }, unknown>({
    method: 'post',
    path: '/greetings',
    summary: 'Write a greeting for your organisation',
    description: 'Stores the greeting and emits hello.greeting.created in the same transaction.',
    access: { permission: 'hello.greeting.create' },
    scope: 'organization',
    body: greetingCreateSchema,
    responses: { 201: { description: 'Created', schema: greetingSchema } },
    handler: async ({ body, actor }) => {
      // The greeting belongs to the writer's organisation, never to one named in the body.
      if (!actor.organizationId) throw forbidden('Only a member of an organisation can write a greeting.');
      const greeting = await service().create({
        ...body,
        organizationId: actor.organizationId,
        language: body.language ?? 'en',
        ...(actor.userId ? { authorUserId: actor.userId } : {}),
      });
      return reply(201, greeting, { Location: `/api/v1/hello/greetings/${greeting.id}` });
    },
  });

  ctx.route<{ id: number }, never, never, unknown>({
    method: 'delete',
    path: '/greetings/:id',
    summary: 'Delete a greeting of your organisation',
    description: "The supplier's staff holding hello.greeting.delete may delete any organisation's.",
    access: { permission: 'hello.greeting.delete' },
    scope: 'organization',
    params: idParams,
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such greeting (or one of another organisation)' },
    },
    handler: async ({ params, actor }) => {
      await reachable(actor, params.id);
      await service().remove(params.id);
      return undefined;
    },
  });
}
