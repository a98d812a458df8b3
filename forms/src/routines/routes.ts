import { notFound, ProblemError, reply, type Lazy, type RegisterContext } from '@portico/core';
import { routineInputSchema, routineSchema, runSchema, type RoutineInput } from './routine-schema.js';
import type { RoutineContext, RoutineService } from './routine-service.js';

const manage = { permission: 'forms.form.manage' } as const;
const keyParams = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' } },
} as const;
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 36 } },
} as const;

const noRoutine = () => notFound('No such routine.');
const found = <T>(value: T | undefined): T => {
  if (value === undefined) throw noRoutine();
  return value;
};

/** What the routes need of the form a routine belongs to; undefined when there is no such form. */
export type RoutineContextOf = (formKey: string) => Promise<RoutineContext | undefined>;

/** Routes of routines: /api/v1/forms/:key/routines and /api/v1/forms/routines/:id. */
export function routineRoutes(
  ctx: RegisterContext,
  service: Lazy<RoutineService>,
  contextOf: RoutineContextOf,
): void {
  const check = async (formKey: string, input: RoutineInput) => {
    const context = await contextOf(formKey);
    if (!context) throw notFound('No such form.');
    const errors = await service().problems(input, context);
    if (errors.length)
      throw new ProblemError(422, { detail: 'The routine cannot be saved: see errors.', errors });
  };

  ctx.route<{ key: string }, never, never, unknown>({
    method: 'get',
    path: '/:key/routines',
    summary: "List a form's routines",
    access: manage,
    scope: 'global',
    params: keyParams,
    responses: { 200: { description: 'The routines', schema: { type: 'array', items: routineSchema } } },
    handler: async ({ params }) => {
      if (!(await contextOf(params.key))) throw notFound('No such form.');
      return service().list(params.key);
    },
  });

  ctx.route<{ key: string }, never, RoutineInput, unknown>({
    method: 'post',
    path: '/:key/routines',
    summary: 'Add a routine to a form',
    description:
      'Steps run in order after a submission (trigger on "submitted") or a status change ("status-changed", optionally to one status): email, set-status, create-record, webhook, emit. A webhook secret is encrypted at rest and never shown again.',
    access: manage,
    scope: 'global',
    params: keyParams,
    body: routineInputSchema,
    responses: { 201: { description: 'The routine', schema: routineSchema } },
    handler: async ({ params, body, actor }) => {
      await check(params.key, body);
      return reply(201, await service().create(params.key, body, actor.userId ?? null));
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'get',
    path: '/routines/:id',
    summary: 'A routine',
    access: manage,
    scope: 'global',
    params: idParams,
    responses: { 200: { description: 'The routine', schema: routineSchema } },
    handler: async ({ params }) => found(await service().get(params.id)),
  });

  ctx.route<{ id: string }, never, RoutineInput, unknown>({
    method: 'put',
    path: '/routines/:id',
    summary: 'Replace a routine',
    description: 'A webhook step without `secret` keeps the secret it had (same place, same URL).',
    access: manage,
    scope: 'global',
    params: idParams,
    body: routineInputSchema,
    responses: { 200: { description: 'The routine', schema: routineSchema } },
    handler: async ({ params, body }) => {
      const formKey = await service().formKeyOf(params.id);
      if (!formKey) throw noRoutine();
      await check(formKey, body);
      return found(await service().update(params.id, body));
    },
  });

  ctx.route<{ id: string }, never, never, unknown>({
    method: 'delete',
    path: '/routines/:id',
    summary: 'Delete a routine',
    description: 'Steps already queued (a webhook being retried) still finish.',
    access: manage,
    scope: 'global',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
    handler: async ({ params }) => {
      if (!(await service().remove(params.id))) throw noRoutine();
      return reply(204, null);
    },
  });

  ctx.route<{ id: string }, { limit: number }, never, unknown>({
    method: 'get',
    path: '/routines/:id/runs',
    summary: "A routine's recent step runs",
    description:
      'Newest first: which step ran for which submission, how often it was tried and why it failed.',
    access: manage,
    scope: 'global',
    params: idParams,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { limit: { type: 'integer', minimum: 1, maximum: 500, default: 50 } },
    },
    responses: { 200: { description: 'Runs', schema: { type: 'array', items: runSchema } } },
    handler: async ({ params, query }) => {
      if (!(await service().get(params.id))) throw noRoutine();
      return service().recentRuns(params.id, query.limit);
    },
  });
}
