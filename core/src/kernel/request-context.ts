import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/**
 * Who is acting. Identity (sessions, API tokens, SAML) fills it in; until then a request is
 * anonymous. Domain code reads it with `currentActor()` instead of passing it down every call.
 */
export interface Actor {
  kind: 'anonymous' | 'user' | 'token' | 'system';
  userId?: string;
  organizationId?: string;
  /** The supplier's own staff (`provider`) act across customers through their permissions. */
  organizationKind?: 'provider' | 'customer';
  /** Role keys (`customer-admin`). */
  roles: readonly string[];
  permissions: ReadonlySet<string>;
  /** Keys of the access groups the user or their organisation belongs to. */
  groups: readonly string[];
  language?: string;
  /** The session (digest of its id) or API token the actor came from. */
  sessionId?: string;
  tokenId?: string;
  /**
   * Set on an anonymous actor when the request carried a credential that was refused (a bad API
   * token, a missing CSRF token): routes that need a login answer with this instead of a bare 401.
   */
  rejection?: { status: 401 | 403; detail: string };
}

export const anonymousActor: Actor = Object.freeze({
  kind: 'anonymous',
  roles: [],
  permissions: new Set<string>(),
  groups: [],
});
export const systemActor: Actor = Object.freeze({
  kind: 'system',
  roles: ['system'],
  permissions: new Set<string>(['*']),
  groups: [],
});

export interface RequestContext {
  requestId: string;
  log: Logger;
  actor: Actor;
}

// Kept on globalThis so that every copy of core in a process sees the same request context.
const globalKey = Symbol.for('portico.core.requestContext');
const globals = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
const storage = (globals[globalKey] ??= new AsyncLocalStorage<RequestContext>());

/** Runs `fn` with `context` as the current request context. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The actor of the current request or job; the system actor outside of one. */
export function currentActor(): Actor {
  return storage.getStore()?.actor ?? systemActor;
}

/** True if the actor holds `permission` (or the system wildcard). */
export function hasPermission(actor: Actor, permission: string): boolean {
  return actor.permissions.has(permission) || actor.permissions.has('*');
}
