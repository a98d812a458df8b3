import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { ApiRouter } from './api-router.js';
import { isProblemError, ProblemError } from './problem.js';

export interface AppOptions {
  log: Logger;
  logRequests: boolean;
  trustProxy: boolean | number | string;
  bodyLimit: string;
  /** True while the portal drains; answers carry Connection: close so keep-alive clients move on. */
  isStopping(): boolean;
}

const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The security headers helmet sets, computed once at start: with our options they do not vary by
 * request, and setting a fixed list is much cheaper than running helmet's eleven middlewares on
 * every request. Helmet stays the source of truth for their values.
 */
export function securityHeaders(): Array<[string, string]> {
  const headers = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': null },
    },
    strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
  });
  let done = false;
  // helmet only calls setHeader/removeHeader, synchronously; the request is not read.
  middleware({} as IncomingMessage, res as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously; security headers cannot be precomputed');
  return [...headers];
}

/**
 * The one middleware every request passes: gives it an id (kept from X-Request-Id when sane),
 * sets the security headers and, when the response is sent, writes one log line.
 */
/**
 * Headers for JSON API responses, after OWASP's REST security cheat sheet: a JSON body needs no
 * script, style or frame allowances, so its policy is stricter than the pages' and shorter.
 */
export const apiSecurityHeaders: ReadonlyArray<[string, string]> = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

function requestIdOf(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
}

function logWhenFinished(log: Logger, req: IncomingMessage, res: ServerResponse, requestId: string): void {
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log.info(
      { requestId, method: req.method, url: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 },
      'request',
    );
  });
}

/**
 * The one middleware every express request passes (pages, documents, health), doing in one step
 * what would otherwise be several express layers: request id (kept from X-Request-Id when sane),
 * helmet's security headers, the log line and compression.
 */
function front(options: AppOptions): RequestHandler {
  const pageHeaders = securityHeaders();
  const log = options.log;
  const compress = compression();
  return (req, res, next) => {
    const requestId = requestIdOf(req);
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    for (const [name, value] of pageHeaders) res.setHeader(name, value);
    if (options.isStopping()) res.setHeader('Connection', 'close');
    if (options.logRequests) logWhenFinished(log, req, res, requestId);
    // No express route takes a body: API requests, the only ones with bodies, never come here.
    compress(req, res, next);
  };
}

/** The express app with the kernel's middleware; routes are added by the portal. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  app.use(front(options));
  return app;
}

/** 404 for unknown paths under /api outside /api/v1, as problem+json. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(
    new ProblemError(404, {
      detail: `There is no API resource at ${req.method} ${req.originalUrl.split('?')[0]}. See /api/docs for what exists.`,
    }),
  );
};

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** Turns anything thrown into a problem; unexpected errors are logged and never leak details. */
export function toProblem(
  err: unknown,
  bodyLimit: string,
  log: Logger,
  requestId: string | undefined,
): ProblemError {
  const e = err as BodyParserError & { name?: string; errors?: Array<{ path?: string; message?: string }> };
  if (isProblemError(err)) return err;
  if (e?.type === 'entity.parse.failed')
    return new ProblemError(400, {
      title: 'Malformed JSON',
      detail: `The request body is not valid JSON: ${e.message}`,
    });
  if (e?.type === 'entity.too.large')
    return new ProblemError(413, { detail: `The request body is larger than the limit of ${bodyLimit}.` });
  if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported')
    return new ProblemError(415, { detail: e.message ?? 'Unsupported encoding.' });
  if (e?.name === 'SequelizeUniqueConstraintError') {
    return new ProblemError(409, {
      detail: 'This would duplicate an existing record.',
      errors: (e.errors ?? []).map((x) => ({ path: `/${x.path ?? ''}`, message: 'must be unique' })),
    });
  }
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500)
    return new ProblemError(e.status, { detail: e.message ?? 'Bad request' });
  log.error({ err, requestId }, 'unhandled error');
  return new ProblemError(500, {
    detail: 'Something went wrong on our side. Quote the request id if you contact support.',
  });
}

/** Writes `problem` as RFC 9457 application/problem+json. */
export function writeProblem(
  req: IncomingMessage,
  res: ServerResponse,
  problem: ProblemError,
  requestId: string | undefined,
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  for (const [k, v] of Object.entries(problem.problem.headers ?? {})) res.setHeader(k, v);
  if (problem.status === 401 && !res.getHeader('WWW-Authenticate'))
    res.setHeader('WWW-Authenticate', 'Session');
  const body = JSON.stringify({ ...problem.toJSON((req.url ?? '/').split('?')[0]), requestId });
  res.statusCode = problem.status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The express error handler: every error as problem+json. */
export function problemHandler(bodyLimit: string, log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = res.locals.requestId as string | undefined;
    writeProblem(req, res, toProblem(err, bodyLimit, log, requestId), requestId);
  };
}

/**
 * The server's request listener. `/api/v1/**`, the traffic that matters, goes straight to the
 * radix router with the kernel's own lean handling (request id, security headers, log line,
 * JSON body, problem+json); everything else (pages, documents, health) goes through express.
 * Express costs about a third of a small API request; this path does not pay it.
 */
export function createRequestListener(
  app: Express,
  api: ApiRouter,
  options: AppOptions,
): (req: IncomingMessage, res: ServerResponse) => void {
  const log = options.log;
  return (req, res) => {
    if (!req.url?.startsWith('/api/v1/')) {
      app(req, res);
      return;
    }
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-Id', requestId);
    for (const [name, value] of apiSecurityHeaders) res.setHeader(name, value);
    if (options.isStopping()) res.setHeader('Connection', 'close');
    if (options.logRequests) logWhenFinished(log, req, res, requestId);
    const fail = (err: unknown) =>
      writeProblem(req, res, toProblem(err, options.bodyLimit, log, requestId), requestId);
    // Each route reads its own body (JSON, form or upload) once it knows who is calling.
    api.dispatch(req, res, requestId).catch(fail);
  };
}
