import type { IncomingMessage, ServerResponse } from 'node:http';
import express from 'express';
import type { ApiInput, ApiRouter } from './api-router.js';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { hasPermission, runWithContext, type Actor } from '../kernel/request-context.js';
import { type SchemaValidator } from '../validation/validator.js';
import { ProblemError, type FieldError } from './problem.js';
import { isReply, type RouteDefinition } from './route.js';
import { sendJson } from './send-json.js';

/** Finds who is calling. Identity fills this extension point with sessions and API tokens. */
export interface ActorResolver {
  resolve(req: IncomingMessage): Promise<Actor | undefined>;
}

export interface RouteRuntime {
  pluginId: string;
  /** Parent of request loggers (the kernel's root logger). */
  log: Logger;
  isAvailable(): boolean;
  /**
   * Whether the plugin is rolled out to the actor (pilot rollout). If not, its routes answer
   * 404, exactly as if they did not exist. Left out for core's own routes.
   */
  allows?(actor: Actor): boolean;
  resolveActor(req: IncomingMessage): Promise<Actor>;
  db: Database;
  validateResponses: boolean;
  /** Largest accepted body (http.bodyLimit), for bodies without their own limit. */
  bodyLimit: string;
  strict: SchemaValidator;
  coercing: SchemaValidator;
}

const writing = new Set(['post', 'put', 'patch', 'delete']);

/** OpenAPI path (`/greetings/{id}`). */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

/**
 * Adds a plugin's routes under `prefix` (or `/api/v1/<root>` for a route with a root), each
 * wrapped in access, validation, transaction and problem handling.
 */
export function mountRoutes(
  router: ApiRouter,
  prefix: string,
  routes: ReadonlyArray<RouteDefinition<never, never, never, unknown>>,
  rt: RouteRuntime,
): void {
  for (const route of routes) {
    const base = route.root ? `/api/v1/${route.root}` : prefix;
    const path = `${base}${route.path === '/' ? '' : route.path}` || '/';
    router.add(route.method, path, (req, res, input) =>
      handle(route as unknown as RouteDefinition, rt, req, res, input),
    );
  }
}

const jsonType = /^application\/(?:[a-z0-9.+-]+\+)?json$/;

async function handle(
  route: RouteDefinition,
  rt: RouteRuntime,
  req: IncomingMessage & { body?: unknown },
  res: ServerResponse,
  input: ApiInput,
): Promise<void> {
  if (!rt.isAvailable()) {
    throw new ProblemError(503, {
      detail: `The plugin "${rt.pluginId}" is not available: it failed to start. An administrator can see why in /readyz.`,
    });
  }
  // Who may call comes first: an anonymous caller learns to log in, not the shape of the input.
  const actor = await rt.resolveActor(req);
  if (rt.allows && !rt.allows(actor)) {
    // Someone not logged in learns to log in first (a pilot user may be among them).
    if (route.access !== 'public' && actor.kind === 'anonymous') checkAccess(route, actor);
    const path = (req.url ?? '/').split('?')[0];
    throw new ProblemError(404, {
      detail: `There is no API resource at ${req.method} ${path}. See /api/docs for what exists.`,
    });
  }
  checkAccess(route, actor);

  const errors: FieldError[] = [];
  const params: Record<string, unknown> = { ...input.params };
  if (route.params) collect(rt.coercing, route.params, params, 'params', errors);
  const query = input.query;
  if (route.query) collect(rt.coercing, route.query, query, 'query', errors);
  if (errors.length)
    throw new ProblemError(400, { title: 'Invalid request', detail: describe(errors), errors });

  let body: unknown = undefined;
  const bodyType = route.bodyType ?? 'json';
  if (typeof bodyType === 'object') {
    body = await readBody(rt, req, bodyType);
  } else if (route.body) {
    const hasBody =
      (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') ||
      req.headers['transfer-encoding'] !== undefined;
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const form = bodyType === 'form';
    if (
      hasBody &&
      (form ? contentType !== 'application/x-www-form-urlencoded' : !jsonType.test(contentType))
    ) {
      throw new ProblemError(415, {
        detail: form
          ? 'Send the request body as a form post with the header Content-Type: application/x-www-form-urlencoded.'
          : 'Send the request body as JSON with the header Content-Type: application/json.',
      });
    }
    if (hasBody) body = await readBody(rt, req, bodyType);
    // A body whose fields are all optional may be left out (`POST .../approve` with no options).
    if (body === undefined && !hasRequired(route.body)) body = {};
    if (body === undefined) {
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: 'A JSON request body is required.',
        errors: [{ in: 'body', path: '/', message: 'is required' }],
      });
    }
    collect(rt.strict, route.body, body, 'body', errors);
    if (errors.length)
      throw new ProblemError(422, { title: 'Invalid request body', detail: describe(errors), errors });
  }

  const requestId = input.requestId;
  let log: Logger | undefined;
  const context = {
    requestId,
    actor,
    // Most requests never log; the child logger is made only when one does.
    get log(): Logger {
      return (log ??= rt.log.child({ requestId }));
    },
  };
  const request = {
    params: params as Record<string, string>,
    query,
    body,
    actor,
    requestId,
    raw: req,
    get log() {
      return context.log;
    },
  };
  const run = () => route.handler(request);
  const useTransaction = route.transaction ?? writing.has(route.method);
  const result = await runWithContext(context, () =>
    useTransaction ? rt.db.transactional(async () => run()) : run(),
  );

  let status = 200;
  let payload: unknown = result;
  if (
    isReply(result) &&
    (typeof result.body === 'string' || Buffer.isBuffer(result.body)) &&
    headerOf(result.headers, 'content-type')
  ) {
    res.statusCode = result.status;
    for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
    res.setHeader('Content-Length', Buffer.byteLength(result.body));
    res.end(req.method === 'HEAD' ? undefined : result.body);
    return;
  }
  if (isReply(result)) {
    status = result.status;
    payload = result.body;
    for (const [k, v] of Object.entries(result.headers)) res.setHeader(k, v);
  } else if (result === undefined && route.responses[204]) {
    status = 204;
  }
  if (rt.validateResponses) {
    const spec = route.responses[status];
    if (!spec)
      throw new Error(
        `Route ${route.method.toUpperCase()} ${route.path} of "${rt.pluginId}" answered ${status}, which it does not declare in responses.`,
      );
    if (spec.schema) {
      const r = rt.strict.validate(spec.schema, payload);
      if (!r.ok)
        throw new Error(
          `Route ${route.method.toUpperCase()} ${route.path} of "${rt.pluginId}" answered a body that breaks its ${status} schema:\n${r.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}`,
        );
    }
  }
  if (status === 204 || payload === undefined) {
    res.statusCode = status;
    res.end();
    return;
  }
  await sendJson(req, res, status, payload);
}

function hasRequired(schema: RouteDefinition['body']): boolean {
  return (
    typeof schema !== 'object' ||
    schema === null ||
    schema.type !== 'object' ||
    !!(schema.required as unknown[] | undefined)?.length
  );
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

const parsers = new Map<string, ReturnType<typeof express.json>>();

/** Reads and parses the body as the route asks (JSON, form or raw bytes), within the size limit. */
function readBody(
  rt: RouteRuntime,
  req: IncomingMessage & { body?: unknown },
  type: 'json' | 'form' | { raw: string[]; limit?: number },
): Promise<unknown> {
  let key: string;
  let make: () => ReturnType<typeof express.json>;
  // Keys carry the limit: portals in one process (tests) may have different limits.
  if (type === 'json') {
    key = `json:${rt.bodyLimit}`;
    make = () =>
      express.json({ limit: rt.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] });
  } else if (type === 'form') {
    key = `form:${rt.bodyLimit}`;
    make = () => express.urlencoded({ limit: rt.bodyLimit, extended: false, parameterLimit: 100 });
  } else {
    const accepted = type.raw.map((t) => t.toLowerCase());
    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (!accepted.includes(contentType))
      return Promise.reject(
        new ProblemError(415, {
          detail: `Send the body as one of ${accepted.join(', ')}, with a matching Content-Type header.`,
        }),
      );
    key = `raw:${type.limit ?? rt.bodyLimit}`;
    make = () => express.raw({ limit: type.limit ?? rt.bodyLimit, type: () => true });
  }
  let parser = parsers.get(key);
  if (!parser) parsers.set(key, (parser = make()));
  const p = parser;
  const rawLimit = typeof type === 'object' ? type.limit : undefined;
  return new Promise((resolve, reject) => {
    p(req as express.Request, {} as express.Response, (err?: unknown) => {
      if (!err) return resolve(req.body);
      // The generic 413 names http.bodyLimit; an upload has a limit of its own.
      if (rawLimit !== undefined && (err as { type?: string }).type === 'entity.too.large')
        return reject(
          new ProblemError(413, {
            detail: `The upload is larger than the limit of ${formatBytes(rawLimit)}. Send a smaller file.`,
          }),
        );
      reject(err);
    });
  });
}

/** 5242880 → "5 MB"; 1536 → "1.5 kB". */
function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'kB'] : [n / (1024 * 1024), 'MB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}

function collect(
  validator: SchemaValidator,
  schema: RouteDefinition['body'],
  data: unknown,
  where: 'params' | 'query' | 'body',
  out: FieldError[],
): void {
  const r = validator.validate(schema!, data);
  for (const e of r.errors) out.push({ in: where, ...e });
}

function describe(errors: FieldError[]): string {
  const first = errors[0]!;
  const where = first.in;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return `${where ?? 'input'} ${first.path}: ${first.message}${more}`;
}

function checkAccess(route: RouteDefinition, actor: Actor): void {
  if (route.access === 'public') return;
  if (actor.kind === 'anonymous') {
    if (actor.rejection) throw new ProblemError(actor.rejection.status, { detail: actor.rejection.detail });
    throw new ProblemError(401, { detail: 'Log in to do this.' });
  }
  if (route.access === 'authenticated') return;
  if (!hasPermission(actor, route.access.permission)) {
    throw new ProblemError(403, { detail: `This needs the permission "${route.access.permission}".` });
  }
}
