import { randomUUID } from 'node:crypto';
import compression from 'compression';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
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

/** Gives each request an id (kept from X-Request-Id when sane) and a logger, and logs it when done. */
function requestLogging(options: AppOptions): RequestHandler {
  return (req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    const log = options.log.child({ requestId });
    res.locals.requestId = requestId;
    res.locals.log = log;
    res.setHeader('X-Request-Id', requestId);
    if (options.isStopping()) res.setHeader('Connection', 'close');
    if (options.logRequests) {
      const started = process.hrtime.bigint();
      res.on('finish', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        log.info({ method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'request');
      });
    }
    next();
  };
}

/** The express app with the kernel's middleware; routes are added by the portal. */
export function createApp(options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustProxy);
  app.set('query parser', 'simple');
  app.use(requestLogging(options));
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:', 'blob:'], 'upgrade-insecure-requests': null },
      },
      strictTransportSecurity: { maxAge: 31536000, includeSubDomains: true },
    }),
  );
  app.use(compression());
  app.use('/api', express.json({ limit: options.bodyLimit, strict: true, type: ['application/json', 'application/*+json'] }));
  return app;
}

/** 404 for unknown API paths, as problem+json. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(new ProblemError(404, { detail: `There is no API resource at ${req.method} ${req.originalUrl.split('?')[0]}. See /api/docs for what exists.` }));
};

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
  message?: string;
}

/** Renders every error as RFC 9457 problem+json; unexpected errors are logged and never leak details. */
export function problemHandler(bodyLimit: string): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const log = (res.locals.log as Logger | undefined) ?? undefined;
    let problem: ProblemError;
    const e = err as BodyParserError & { name?: string; errors?: Array<{ path?: string; message?: string }> };
    if (isProblemError(err)) problem = err;
    else if (e?.type === 'entity.parse.failed') problem = new ProblemError(400, { title: 'Malformed JSON', detail: `The request body is not valid JSON: ${e.message}` });
    else if (e?.type === 'entity.too.large') problem = new ProblemError(413, { detail: `The request body is larger than the limit of ${bodyLimit}.` });
    else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') problem = new ProblemError(415, { detail: e.message ?? 'Unsupported encoding.' });
    else if (e?.name === 'SequelizeUniqueConstraintError') {
      problem = new ProblemError(409, { detail: 'This would duplicate an existing record.', errors: (e.errors ?? []).map((x) => ({ path: `/${x.path ?? ''}`, message: 'must be unique' })) });
    } else if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) problem = new ProblemError(e.status, { detail: e.message ?? 'Bad request' });
    else {
      log?.error({ err }, 'unhandled error');
      problem = new ProblemError(500, { detail: 'Something went wrong on our side. Quote the request id if you contact support.' });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [k, v] of Object.entries(problem.problem.headers ?? {})) res.setHeader(k, v);
    if (problem.status === 401 && !res.getHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Session');
    res
      .status(problem.status)
      .type('application/problem+json')
      .send(JSON.stringify({ ...problem.toJSON(req.originalUrl.split('?')[0]), requestId: res.locals.requestId }));
  };
}
