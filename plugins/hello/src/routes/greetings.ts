import { notFound, reply, type Lazy, type RegisterContext } from '@portico/core';
import greetingSchema from '../schemas/greeting.schema.json' with { type: 'json' };
import greetingCreateSchema from '../schemas/greeting-create.schema.json' with { type: 'json' };
import type { GreetingService } from '../services/greeting-service.js';

const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'integer', minimum: 1, maximum: 2147483647, description: 'Greeting id' } },
} as const;

/** Routes of the greetings resource, mounted at /api/v1/hello/greetings. */
export function greetingRoutes(ctx: RegisterContext, service: Lazy<GreetingService>): void {
  ctx.route<never, { limit: number; cursor?: string }, never, unknown>({
    method: 'get',
    path: '/greetings',
    summary: 'List greetings, newest first',
    access: 'public',
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
    handler: ({ query }) => service().list(query.limit, query.cursor),
  });

  ctx.route<{ id: number }, never, never, unknown>({
    method: 'get',
    path: '/greetings/:id',
    summary: 'Get one greeting',
    access: 'public',
    params: idParams,
    responses: {
      200: { description: 'The greeting', schema: greetingSchema },
      404: { description: 'No such greeting' },
    },
    handler: async ({ params }) =>
      (await service().get(params.id)) ?? Promise.reject(notFound('There is no greeting with this id.')),
  });

  ctx.route<never, never, { message: string; authorName: string; language: string }, unknown>({
    method: 'post',
    path: '/greetings',
    summary: 'Write a greeting',
    description: 'Stores the greeting and emits hello.greeting.created in the same transaction.',
    access: { permission: 'hello.greeting.create' },
    body: greetingCreateSchema,
    responses: { 201: { description: 'Created', schema: greetingSchema } },
    handler: async ({ body, actor }) => {
      const greeting = await service().create({
        ...body,
        language: body.language ?? 'en',
        ...(actor.userId ? { authorUserId: actor.userId } : {}),
      });
      return reply(201, greeting, { Location: `/api/v1/hello/greetings/${greeting.id}` });
    },
  });

  ctx.route<{ id: number }, never, never, unknown>({
    method: 'delete',
    path: '/greetings/:id',
    summary: 'Delete a greeting',
    access: { permission: 'hello.greeting.delete' },
    params: idParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such greeting' } },
    handler: async ({ params }) => {
      if (!(await service().remove(params.id))) throw notFound('There is no greeting with this id.');
      return undefined;
    },
  });
}
