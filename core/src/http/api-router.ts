import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { ProblemError } from './problem.js';

/** What a route receives from the router besides the raw request and response. */
export interface ApiInput {
  params: Record<string, string>;
  query: Record<string, unknown>;
  requestId: string;
}

export type ApiHandler = (req: IncomingMessage, res: ServerResponse, input: ApiInput) => Promise<void>;

const methods: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Routes `/api/v1/**` with a radix tree (find-my-way, the router of Fastify): one lookup per
 * request however many plugins and routes there are.
 */
export class ApiRouter {
  private readonly tree = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });

  /** Adds a route; `path` is absolute (`/api/v1/hello/greetings/:id`). */
  add(method: string, path: string, handler: ApiHandler): void {
    // find-my-way's own handler signature is unused; ours rides in the route's store.
    this.tree.on(method.toUpperCase() as HTTPMethod, path, unused, { handler });
  }

  /** Runs the route for `req`, or throws a 404 or 405 problem. */
  async dispatch(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const method = req.method === 'HEAD' ? 'GET' : (req.method ?? 'GET');
    const found = this.tree.find(method as HTTPMethod, path);
    if (!found) {
      const allowed = methods.filter((m) => this.tree.find(m, path));
      if (!allowed.length) {
        throw new ProblemError(404, {
          detail: `There is no API resource at ${req.method} ${path}. See /api/docs for what exists.`,
        });
      }
      if (allowed.includes('GET')) allowed.push('HEAD');
      throw new ProblemError(405, {
        detail: `This resource answers ${allowed.join(', ')}.`,
        headers: { Allow: allowed.join(', ') },
      });
    }
    // The same parser as express's "simple" query parser: repeated keys become arrays.
    const query = q === -1 ? {} : { ...parseQuery(url.slice(q + 1)) };
    await (found.store as { handler: ApiHandler }).handler(req, res, {
      params: found.params as Record<string, string>,
      query,
      requestId,
    });
  }
}

function unused(): void {}
