import type { Actor } from '../kernel/request-context.js';
import type { OrganizationRow, UserRow } from './directory.js';

/** A resolved credential: the actor, and the CSRF token of its session. */
export interface CachedActor {
  actor: Actor;
  csrfToken?: string;
  /**
   * The user's and organisation's rows as the session was resolved, so GET /me costs no query.
   * Dropped when the session sends a writing request (it may change them).
   */
  profile?: {
    user: UserRow;
    organization: OrganizationRow;
    /** GET /me's answer, made on first use. */ answer?: unknown;
    /** The rollout version the answer's plugin list was made with (see IdentityHost.pluginsFor). */
    answerVersion?: number;
  };
}

interface Entry extends CachedActor {
  at: number;
}

/** A message that tells instances to forget cached actors (see `ActorCache.broadcast`). */
export type InvalidateMessage =
  | { user: string }
  | { session: string }
  /** An API token's id: its entries are keyed by the token's digest, so they are found by actor. */
  | { token: string }
  | { all: true };

/**
 * Resolved session actors for a short time (`auth.session.actorCacheMs`), so an authenticated
 * request costs no query. Every change that affects an actor (logout, role change, deactivation)
 * invalidates it here at once, and through `broadcast` (Redis pub/sub) on the other instances.
 */
export class ActorCache {
  private readonly entries = new Map<string, Entry>();
  /** Set by the Redis transport: tells the other instances. */
  broadcast?: (message: InvalidateMessage) => void;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get(sessionId: string, now = Date.now()): CachedActor | undefined {
    const e = this.entries.get(sessionId);
    if (!e) return undefined;
    if (now - e.at > this.ttlMs) {
      this.entries.delete(sessionId);
      return undefined;
    }
    return e;
  }

  set(sessionId: string, value: CachedActor, now = Date.now()): void {
    if (this.ttlMs <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      // Map keeps insertion order: drop the oldest tenth.
      let n = Math.ceil(this.maxEntries / 10);
      for (const k of this.entries.keys()) {
        this.entries.delete(k);
        if (--n <= 0) break;
      }
    }
    this.entries.set(sessionId, { ...value, at: now });
  }

  /** Forgets entries here and tells other instances. */
  invalidate(message: InvalidateMessage): void {
    this.apply(message);
    this.broadcast?.(message);
  }

  /** Forgets entries here only (a message from another instance). */
  apply(message: InvalidateMessage): void {
    if ('all' in message) this.entries.clear();
    else if ('session' in message) this.entries.delete(message.session);
    else if ('token' in message) {
      for (const [k, e] of this.entries) if (e.actor.tokenId === message.token) this.entries.delete(k);
    } else for (const [k, e] of this.entries) if (e.actor.userId === message.user) this.entries.delete(k);
  }
}
