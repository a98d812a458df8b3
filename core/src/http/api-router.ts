import type { NextFunction, Request, RequestHandler, Response } from 'express';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { ProblemError } from './problem.js';

export type ApiHandler = (req: Request, res: Response) => Promise<void>;

const methods: HTTPMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Routes `/api/v1/**` with a radix tree (find-my-way, the router of Fastify): one lookup per
 * request however many plugins and routes there are, instead of express testing each plugin's
 * router and route in turn. Express still provides the request and response helpers around it.
 */
export class ApiRouter {
  private readonly tree = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true, maxParamLength: 500 });

  /** Adds a route; `path` is absolute (`/api/v1/hello/greetings/:id`). */
  add(method: string, path: string, handler: ApiHandler): void {
    // find-my-way's own handler signature is for raw Node requests; ours rides in the route's store.
    this.tree.on(method.toUpperCase() as HTTPMethod, path, unused, { handler });
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const url = req.url;
      const q = url.indexOf('?');
      const path = q === -1 ? url : url.slice(0, q);
      const method = req.method === 'HEAD' ? 'GET' : req.method;
      const found = this.tree.find(method as HTTPMethod, path);
      if (!found) {
        const allowed = methods.filter((m) => this.tree.find(m, path));
        if (!allowed.length) {
          next();
          return;
        }
        if (allowed.includes('GET')) allowed.push('HEAD');
        next(new ProblemError(405, { detail: `This resource answers ${allowed.join(', ')}.`, headers: { Allow: allowed.join(', ') } }));
        return;
      }
      req.params = found.params as Record<string, string>;
      (found.store as { handler: ApiHandler }).handler(req, res).catch(next);
    };
  }
}

function unused(): void {}
