import type { IncomingMessage } from 'node:http';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import { ProblemError } from '../http/problem.js';
import { anonymousActor, type Actor } from '../kernel/request-context.js';
import type { ActorResolver } from '../http/route-handler.js';
import { ActorCache, type CachedActor } from './actor-cache.js';
import { AuditLog } from './audit.js';
import type { PermissionCatalog } from './access.js';
import { Directory, type UserAccess, type UserRow } from './directory.js';
import { clientAddressResolver, readCookie, sessionCookie, userAgentOf } from './http-helpers.js';
import { checkPassword, hashPassword, type PasswordProblem } from './password.js';
import { DatabaseRateLimiter, retryAfterSeconds, type RateLimiter } from './rate-limiter.js';
import { digest, newSecret, sameSecret } from './secrets.js';
import { openSecretBox, type SecretBox } from './secret-box.js';
import { DatabaseSessionStore, sessionIdOf, type SessionStore } from './sessions.js';
import { fromJson, toBool } from './rows.js';

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOUCH_EVERY_MS = 60_000;

/** Purposes of single-use links and challenges (`portico_one_time_tokens`). */
export type OneTimePurpose = 'password-reset' | 'invitation' | 'login-challenge';

export interface OneTimeToken {
  id: string;
  purpose: OneTimePurpose;
  userId: string | null;
  data: Record<string, unknown>;
}

/** What `completeLogin` answers: a session, or a second factor still to give. */
export type LoginOutcome =
  | { status: 'ok'; cookie: string; csrfToken: string; user: UserRow }
  | { status: 'two-factor-required' | 'two-factor-setup-required'; challenge: string };

/**
 * Core's identity: sessions, API tokens, the request's actor, passwords, lockout and audit.
 * Routes translate HTTP to these calls; plugins reach identity only through the actor and the
 * exported helpers.
 */
export class IdentityService implements ActorResolver {
  readonly directory: Directory;
  sessions: SessionStore;
  limiter: RateLimiter;
  readonly audit: AuditLog;
  readonly cache: ActorCache;
  /** Encrypts secrets stored for reading back (TOTP), with auth.encryptionKey. */
  readonly secretBox: SecretBox;
  readonly clientAddress: (req: IncomingMessage) => string;
  readonly secureCookie: boolean;
  private readonly publicOrigin?: string;

  constructor(
    readonly config: ResolvedConfig,
    readonly db: Database,
    readonly log: Logger,
    readonly events: EventBus,
    readonly catalog: PermissionCatalog,
  ) {
    this.directory = new Directory(db, catalog);
    this.sessions = new DatabaseSessionStore(db);
    this.limiter = new DatabaseRateLimiter(db);
    this.audit = new AuditLog(db);
    this.cache = new ActorCache(config.auth.session.actorCacheMs);
    this.secretBox = openSecretBox(config, db.dialect, log);
    this.clientAddress = clientAddressResolver(config.http.trustProxy);
    const publicUrl = config.http.publicUrl;
    const secure = config.auth.session.secureCookie;
    this.secureCookie = secure === 'auto' ? !!publicUrl?.startsWith('https:') : secure;
    this.publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined;
  }

  get cookieName(): string {
    return this.config.auth.session.cookieName;
  }

  // ---------------------------------------------------------------- the request's actor

  /** The actor of a request: an API token (Authorization: Bearer) or a session cookie. */
  async resolve(req: IncomingMessage): Promise<Actor | undefined> {
    const authorization = req.headers.authorization;
    if (authorization) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      if (m) return this.resolveToken(m[1]!);
    }
    const secret = readCookie(req, this.cookieName);
    if (!secret) return undefined;
    const id = sessionIdOf(secret);
    let cached = this.cache.get(id);
    if (!cached) {
      cached = await this.loadSession(id);
      if (!cached) return undefined;
      this.cache.set(id, cached);
      // The stored entry is a copy; changes below must reach it.
      cached = this.cache.get(id) ?? cached;
    }
    if (unsafeMethods.has(req.method ?? 'GET')) {
      const refusal = this.csrfRefusal(req, cached.csrfToken!);
      if (refusal) return { ...anonymousActor, rejection: { status: 403, detail: refusal } };
      // This request may change the user's own rows: the next GET /me reads them afresh.
      cached.profile = undefined;
    }
    return cached.actor;
  }

  /**
   * The user's and organisation's rows cached with a session actor (see CachedActor.profile), or
   * undefined: then read them from the directory.
   */
  cachedProfile(actor: Actor): CachedActor['profile'] {
    return actor.sessionId ? this.cache.get(actor.sessionId)?.profile : undefined;
  }

  private async loadSession(id: string): Promise<CachedActor | undefined> {
    const session = await this.sessions.get(id);
    if (!session) return undefined;
    const now = Date.now();
    const idleMs = this.config.auth.session.idleTimeoutMinutes * 60_000;
    if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + idleMs <= now) {
      await this.sessions.destroy(id);
      return undefined;
    }
    const access = await this.directory.access(session.userId);
    const actor = access && this.directory.actorOf(access, { sessionId: id });
    if (!actor) {
      // Deactivated user or suspended organisation: the session ends.
      await this.sessions.destroy(id);
      return undefined;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(id, new Date(now));
    return {
      actor,
      csrfToken: session.csrfToken,
      profile: { user: access.user, organization: access.organization },
    };
  }

  /**
   * Cookie sessions need a CSRF token on writing requests (the synchronizer pattern: the token
   * comes with the login answer and from GET /api/v1/auth/session), and a foreign Origin is
   * refused outright. API tokens are not sent by browsers on their own, so they need neither.
   */
  private csrfRefusal(req: IncomingMessage, expected: string): string | undefined {
    const origin = req.headers.origin;
    if (typeof origin === 'string' && origin !== 'null') {
      let host: string | undefined;
      try {
        host = new URL(origin).host;
      } catch {
        host = undefined;
      }
      if (host !== req.headers.host && origin !== this.publicOrigin)
        return `Requests from ${origin} may not use this portal's session.`;
    }
    const sent = req.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !sameSecret(sent, expected))
      return 'The X-CSRF-Token header is missing or wrong. Read the token from GET /api/v1/auth/session and send it with every writing request.';
    return undefined;
  }

  private async resolveToken(token: string): Promise<Actor> {
    const refused: Actor = {
      ...anonymousActor,
      rejection: { status: 401, detail: 'The API token is unknown, expired or revoked.' },
    };
    const m = /^ptk_([0-9a-f-]{36})_([A-Za-z0-9_-]{20,100})$/.exec(token);
    if (!m) return refused;
    const [, id, secret] = m as unknown as [string, string, string];
    const key = `tok:${digest(token)}`;
    const cached = this.cache.get(key);
    if (cached) return cached.actor;
    const rows = await this.db.sequelize.query<{
      id: string;
      organization_id: string;
      secret_hash: string;
      permissions: unknown;
      expires_at: Date | string;
      revoked_at: Date | string | null;
      last_used_at: Date | string | null;
      kind: 'provider' | 'customer';
      status: string;
    }>(
      `SELECT t.*, o.kind, o.status FROM portico_api_tokens t JOIN portico_organizations o ON o.id = t.organization_id WHERE t.id = ?`,
      { replacements: [id], type: QueryTypes.SELECT },
    );
    const row = rows[0];
    const now = Date.now();
    if (!row || !sameSecret(digest(secret), row.secret_hash)) return refused;
    // Only the holder of the whole token learns why it no longer works.
    const why = row.revoked_at
      ? 'The API token was revoked. Ask an administrator for a new one.'
      : new Date(row.expires_at).getTime() <= now
        ? `The API token expired on ${new Date(row.expires_at).toISOString()}. Ask an administrator for a new one.`
        : row.status !== 'active'
          ? 'The organisation of this API token is suspended.'
          : undefined;
    if (why) return { ...anonymousActor, rejection: { status: 401, detail: why } };
    const permissions = fromJson<string[]>(row.permissions, []).filter(
      (p) => row.kind === 'provider' || !this.catalog.byKey.get(p)?.providerOnly,
    );
    const actor: Actor = {
      kind: 'token',
      tokenId: row.id,
      organizationId: row.organization_id,
      organizationKind: row.kind,
      roles: [],
      permissions: new Set(permissions),
      groups: await this.organizationGroups(row.organization_id),
    };
    if (!row.last_used_at || now - new Date(row.last_used_at).getTime() > TOUCH_EVERY_MS)
      await this.db.sequelize.query('UPDATE portico_api_tokens SET last_used_at = ? WHERE id = ?', {
        replacements: [new Date(now), row.id],
      });
    this.cache.set(key, { actor });
    return actor;
  }

  private async organizationGroups(organizationId: string): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ key: string }>(
      `SELECT g.\`key\` FROM portico_groups g JOIN portico_group_members m ON m.group_id = g.id
        WHERE m.member_type = 'organization' AND m.member_id = ?`,
      { replacements: [organizationId], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.key).sort();
  }

  // ---------------------------------------------------------------- sessions

  /** Set-Cookie value for a new session secret, or one that deletes the cookie. */
  cookie(secret: string | null): string {
    return sessionCookie(this.cookieName, secret ?? '', {
      secure: this.secureCookie,
      maxAge: secret ? this.config.auth.session.absoluteTimeoutHours * 3600 : 0,
    });
  }

  /**
   * Logs a user in: checks the second factor first (unless `secondFactorDone`), then starts a
   * new session with a new id (the one the browser came with, if any, ends: no fixation).
   */
  async completeLogin(
    user: UserRow,
    method: string,
    req: IncomingMessage,
    options: { secondFactorDone?: boolean } = {},
  ): Promise<LoginOutcome> {
    if (!options.secondFactorDone) {
      const need = await this.secondFactorNeed(user);
      if (need !== 'none') {
        const challenge = await this.issueOneTimeToken('login-challenge', user.id, 10 * 60_000, { method });
        return { status: need === 'verify' ? 'two-factor-required' : 'two-factor-setup-required', challenge };
      }
    }
    const old = readCookie(req, this.cookieName);
    if (old) {
      const oldId = sessionIdOf(old);
      await this.sessions.destroy(oldId);
      this.cache.invalidate({ session: oldId });
    }
    const { secret, session } = await this.sessions.create({
      userId: user.id,
      method,
      ip: this.clientAddress(req),
      userAgent: userAgentOf(req),
      expiresAt: new Date(Date.now() + this.config.auth.session.absoluteTimeoutHours * 3_600_000),
    });
    await this.db.sequelize.query('UPDATE portico_users SET last_login_at = ? WHERE id = ?', {
      replacements: [new Date(), user.id],
    });
    await this.audit.record({
      type: method === 'saml' ? 'auth.saml-login' : 'auth.login',
      organizationId: user.organization_id,
      targetType: 'user',
      targetId: user.id,
      ip: this.clientAddress(req),
      details: { method },
      actor: { ...anonymousActor, userId: user.id, organizationId: user.organization_id },
    });
    return { status: 'ok', cookie: this.cookie(secret), csrfToken: session.csrfToken, user };
  }

  /** Whether a user must give a TOTP code (`verify`), must set one up first (`setup`), or neither. */
  async secondFactorNeed(user: UserRow): Promise<'none' | 'verify' | 'setup'> {
    if (user.totp_enabled_at) return 'verify';
    return (await this.secondFactorRequired(user)) ? 'setup' : 'none';
  }

  /** True when the user's organisation, one of their roles, or config demands a second factor. */
  async secondFactorRequired(user: UserRow): Promise<boolean> {
    const access = await this.directory.access(user.id);
    if (!access) return false;
    if (toBool(access.organization.require_totp)) return true;
    const required = new Set(this.config.auth.totp.requiredForRoles);
    return access.roles.some((r) => toBool(r.require_totp) || required.has(r.key));
  }

  /** Ends every session of a user (but `exceptSessionId`) on every instance. */
  async endSessionsOf(userId: string, exceptSessionId?: string): Promise<number> {
    const ended = await this.sessions.destroyForUser(userId, exceptSessionId);
    this.cache.invalidate({ user: userId });
    return ended.length;
  }

  /** Forgets cached actors of a user after a change to their roles, groups or status. */
  userChanged(userId: string): void {
    this.cache.invalidate({ user: userId });
  }

  // ---------------------------------------------------------------- passwords

  /**
   * Sets a user's password after checking the policy and the last N passwords. Throws 422 with
   * the broken rules (the field is `password` unless told otherwise).
   */
  async setPassword(user: UserRow, password: string, field = '/password'): Promise<void> {
    const policy = this.config.auth.password;
    const history = await this.db.sequelize.query<{ password_hash: string }>(
      'SELECT password_hash FROM portico_password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC',
      { replacements: [user.id], type: QueryTypes.SELECT },
    );
    const previous = [
      ...(user.password_hash ? [user.password_hash] : []),
      ...history.map((h) => h.password_hash),
    ];
    const problems = await checkPassword(password, policy, {
      name: user.name,
      email: user.email,
      previousHashes: [...new Set(previous)],
    });
    if (problems.length) throw passwordRefused(problems, field);
    const hash = await hashPassword(password, this.config.auth.scrypt);
    const now = new Date();
    await this.db.sequelize.query(
      'UPDATE portico_users SET password_hash = ?, password_changed_at = ?, updated_at = ? WHERE id = ?',
      { replacements: [hash, now, now, user.id] },
    );
    if (policy.historySize > 0) {
      await this.db.sequelize
        .getQueryInterface()
        .bulkInsert(
          'portico_password_history',
          [{ user_id: user.id, password_hash: hash, created_at: now }],
          { transaction: this.db.currentTransaction() },
        );
      const keep = await this.db.sequelize.query<{ id: number }>(
        'SELECT id FROM portico_password_history WHERE user_id = ? ORDER BY created_at DESC, id DESC',
        { replacements: [user.id], type: QueryTypes.SELECT },
      );
      const drop = keep.slice(policy.historySize).map((r) => r.id);
      if (drop.length)
        await this.db.sequelize.query('DELETE FROM portico_password_history WHERE id IN (?)', {
          replacements: [drop],
        });
    }
  }

  // ---------------------------------------------------------------- single-use tokens

  /** Stores the digest of a fresh single-use token and returns the token (for a link or a challenge). */
  async issueOneTimeToken(
    purpose: OneTimePurpose,
    userId: string | null,
    ttlMs: number,
    data: Record<string, unknown> = {},
  ): Promise<string> {
    const secret = newSecret();
    const now = new Date();
    await this.db.sequelize.getQueryInterface().bulkInsert(
      'portico_one_time_tokens',
      [
        {
          id: digest(secret),
          purpose,
          user_id: userId,
          data: JSON.stringify(data),
          expires_at: new Date(now.getTime() + ttlMs),
          used_at: null,
          created_at: now,
        },
      ],
      { transaction: this.db.currentTransaction() },
    );
    return secret;
  }

  /**
   * Uses a single-use token: it must exist, have this purpose, be unused and unexpired. Marks it
   * used in the current transaction, so a failed request leaves it usable. Throws 400 otherwise.
   */
  async consumeOneTimeToken(
    purpose: OneTimePurpose,
    secret: string,
    field = '/token',
  ): Promise<OneTimeToken> {
    const token = await this.peekOneTimeToken(purpose, secret, field);
    const [, meta] = await this.db.sequelize.query(
      'UPDATE portico_one_time_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL',
      { replacements: [new Date(), token.id] },
    );
    const changed =
      typeof meta === 'number'
        ? meta
        : ((meta as { affectedRows?: number; changes?: number })?.affectedRows ?? 1);
    if (changed === 0) throw invalidToken(purpose, field);
    return token;
  }

  /** Checks a single-use token without using it. */
  async peekOneTimeToken(purpose: OneTimePurpose, secret: string, field = '/token'): Promise<OneTimeToken> {
    const rows = await this.db.sequelize.query<{
      id: string;
      purpose: string;
      user_id: string | null;
      data: unknown;
      expires_at: Date | string;
      used_at: Date | string | null;
    }>('SELECT * FROM portico_one_time_tokens WHERE id = ?', {
      replacements: [digest(secret)],
      type: QueryTypes.SELECT,
    });
    const row = rows[0];
    if (!row || row.purpose !== purpose || row.used_at || new Date(row.expires_at).getTime() <= Date.now())
      throw invalidToken(purpose, field);
    return {
      id: row.id,
      purpose,
      userId: row.user_id,
      data: fromJson<Record<string, unknown>>(row.data, {}),
    };
  }

  // ---------------------------------------------------------------- rate limits

  /**
   * Counts a request of an unauthenticated auth endpoint from the caller's address and answers
   * 429 with Retry-After above `auth.rateLimit.perMinute`. Call outside a transaction.
   */
  async limitByAddress(req: IncomingMessage, bucket: string): Promise<void> {
    const hit = await this.limiter.hit(`rl:${bucket}:${this.clientAddress(req)}`, 60_000);
    if (hit.count > this.config.auth.rateLimit.perMinute) {
      const wait = retryAfterSeconds(hit);
      throw new ProblemError(429, {
        title: 'Too many requests',
        detail: `Too many requests from your address. Try again in ${wait} seconds.`,
        headers: { 'Retry-After': String(wait) },
      });
    }
  }

  /** The access of a user, for views that show roles and groups. */
  access(userId: string): Promise<UserAccess | undefined> {
    return this.directory.access(userId);
  }
}

function invalidToken(purpose: OneTimePurpose, field: string): ProblemError {
  const what =
    purpose === 'password-reset'
      ? 'This password reset link is invalid, expired or already used. Ask for a new one.'
      : purpose === 'invitation'
        ? 'This invitation link is invalid, expired or already used. Ask your administrator for a new one.'
        : 'This login step has expired. Log in again.';
  return new ProblemError(400, {
    title: 'Invalid or expired token',
    detail: what,
    errors: [{ in: 'body', path: field, message: 'is invalid, expired or already used' }],
  });
}

/** 422 listing the password rules a new password breaks. */
export function passwordRefused(problems: PasswordProblem[], field = '/password'): ProblemError {
  return new ProblemError(422, {
    title: 'Password not accepted',
    detail: `The password ${problems.map((p) => p.message).join('; ')}.`,
    errors: problems.map((p) => ({ in: 'body', path: field, message: p.message, keyword: p.code })),
  });
}
