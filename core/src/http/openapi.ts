import type { JsonSchema } from '../validation/validator.js';
import { openApiPath } from './route-handler.js';
import type { RouteDefinition } from './route.js';

export interface OpenApiRoute {
  pluginId: string;
  /** Path the plugin's routes are mounted at (`/api/v1/<id>`). */
  mount: string;
  route: RouteDefinition<never, never, never, unknown>;
}

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          in: { enum: ['body', 'query', 'params'] },
          path: { type: 'string', description: 'JSON Pointer to the field' },
          message: { type: 'string' },
        },
      },
    },
  },
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

function parametersOf(schema: JsonSchema | undefined, where: 'path' | 'query'): unknown[] {
  if (!schema || typeof schema !== 'object') return [];
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s === 'object' && typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

function requestBodyOf(route: OpenApiRoute['route']): Record<string, unknown> {
  const type = route.bodyType ?? 'json';
  if (typeof type === 'object') {
    const content = Object.fromEntries(
      type.raw.map((m) => [m, { schema: { type: 'string', contentMediaType: m } }]),
    );
    return { requestBody: { required: true, content } };
  }
  if (!route.body) return {};
  const media = type === 'form' ? 'application/x-www-form-urlencoded' : 'application/json';
  return { requestBody: { required: true, content: { [media]: { schema: route.body } } } };
}

/** Builds the OpenAPI 3.1 document from every mounted route's declared schemas. */
export function buildOpenApi(
  info: { title: string; version: string; sessionCookie?: string },
  routes: readonly OpenApiRoute[],
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const { pluginId, mount, route } of routes) {
    const path = `${route.root ? `/api/v1/${route.root}` : mount}${openApiPath(route.path === '/' ? '' : route.path)}`;
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(route.responses)) {
      responses[status] = spec.schema
        ? { description: spec.description, content: { 'application/json': { schema: spec.schema } } }
        : { description: spec.description };
    }
    if (route.params || route.query) responses['400'] = problem('Invalid path or query parameters');
    if (route.access !== 'public') {
      responses['401'] = problem('Not logged in');
      if (typeof route.access === 'object')
        responses['403'] = problem(`Lacks the permission ${route.access.permission}`);
    }
    // An upload (bodyType raw): the bytes of one of the declared types, within its limit.
    const raw = typeof route.bodyType === 'object' ? route.bodyType : undefined;
    if (raw) {
      responses['413'] = problem(`Upload larger than ${raw.limit ?? 'the limit'} bytes`);
      responses['415'] = problem(`Upload not sent as ${raw.raw.join(', ')}`);
    }
    if (route.body) {
      responses['413'] = problem('Body larger than the limit');
      responses['415'] = problem('Body is not of the accepted media type');
      responses['422'] = problem('Body breaks the schema; errors name each field');
    }
    responses.default = problem('Unexpected error');
    paths[path] ??= {};
    paths[path][route.method] = {
      operationId: `${pluginId}.${route.method}${route.path.replace(/[/:{}-]+(\w)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: [pluginId],
      ...(typeof route.access === 'object'
        ? { 'x-permission': route.access.permission }
        : { 'x-access': route.access }),
      parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
      ...(route.access === 'public' ? {} : { security: [{ session: [] }, { apiToken: [] }] }),
      ...requestBodyOf(route),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: `${info.title} API`, version: info.version },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: info.sessionCookie ?? 'portico_session',
          description:
            'The session cookie set by POST /api/v1/auth/login. Writing requests also send the X-CSRF-Token header (from the login answer or GET /api/v1/auth/session).',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API token for integrations (ptk_...), created in admin with the permissions it may use.',
        },
      },
    },
  };
}
