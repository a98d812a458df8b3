import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../kernel/request-context.js';
import type { JsonSchema } from '../validation/validator.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Who may call a route. `public`: anyone; `authenticated`: any logged-in person or token;
 * `{ permission }`: an actor holding that permission (`<plugin>.<resource>.<action>`).
 */
export type RouteAccess = 'public' | 'authenticated' | { permission: string };

export interface ResponseSpec {
  description: string;
  schema?: JsonSchema;
}

/** What a route handler receives: validated input and the request's actor. */
export interface RouteRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  params: P;
  query: Q;
  body: B;
  actor: Actor;
  log: Logger;
  requestId: string;
  /** The raw Node request, for headers; prefer the validated fields above. */
  raw: IncomingMessage;
}

/** A response with a status other than 200, or with headers. */
export class Reply<T = unknown> {
  /** Brand for `isReply`: `instanceof` fails when a plugin brings its own copy of core. */
  readonly portico = 'reply' as const;
  constructor(
    readonly status: number,
    readonly body: T,
    readonly headers: Record<string, string> = {},
  ) {}
}

export function isReply(value: unknown): value is Reply {
  return (
    value instanceof Reply ||
    (typeof value === 'object' && value !== null && (value as { portico?: unknown }).portico === 'reply')
  );
}

/**
 * Answers with `status` (201, 204 ...) and optional headers. A string or Buffer body with a
 * Content-Type header is sent as it is (XML, images, a redirect page); anything else as JSON.
 */
export function reply<T>(status: number, body: T, headers?: Record<string, string>): Reply<T> {
  return new Reply(status, body, headers);
}

/**
 * A route a plugin declares. The path is relative to `/api/v1/<plugin id>` (or to `/api/v1/<root>`
 * with `root`); params use `:name`.
 * Every input is validated against its schema before the handler runs, and a writing method
 * (POST, PUT, PATCH, DELETE) runs in one database transaction unless `transaction: false`.
 */
export interface RouteDefinition<
  P = Record<string, string>,
  Q = Record<string, unknown>,
  B = unknown,
  R = unknown,
> {
  method: HttpMethod;
  /**
   * Serves the route under `/api/v1/<root>` instead of `/api/v1/<plugin id>`. The root must be
   * one the plugin's manifest lists in `apiRoots`.
   */
  root?: string;
  path: string;
  summary: string;
  description?: string;
  access: RouteAccess;
  params?: JsonSchema;
  query?: JsonSchema;
  /** Schema of the body (JSON, or the fields of a form post). */
  body?: JsonSchema;
  /**
   * How the body is read: JSON (the default); `form`, an application/x-www-form-urlencoded post
   * (SAML's POST binding); or `{ raw }`, the bytes of an upload whose Content-Type is one of
   * `raw` (the handler gets a Buffer; `limit` in bytes, else http.bodyLimit).
   */
  bodyType?: 'json' | 'form' | { raw: string[]; limit?: number };
  /** Responses by status. 4xx problem responses are documented by the kernel. */
  responses: Record<number, ResponseSpec>;
  transaction?: boolean;
  /** Marks a route whose rows belong to one organisation (the isolation harness probes these). */
  scope?: 'organization' | 'global';
  handler(req: RouteRequest<P, Q, B>): Promise<R | Reply<R>> | R | Reply<R>;
}
