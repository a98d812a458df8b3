import type { Logger } from 'pino';
import type { InvalidateMessage } from './actor-cache.js';
import { redisUnavailable, type RedisClient } from './redis-connection.js';
import { newSession, type NewSession, type Session, type SessionStore } from './sessions.js';

/** Where the store announces ended sessions (see ActorCacheChannel). */
export interface SessionEndNotice {
  channel: string;
  encode(message: InvalidateMessage): string;
}

// Stores the hash, starts its clock at the absolute expiry, and adds it to the user's set, whose
// own expiry only ever grows to the longest-lived session in it (PEXPIRE GT needs Redis 7).
// KEYS: session hash, user's set. ARGV: ttl ms, session id, then field/value pairs.
const createScript = `
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return 1`;

// Records use only while the session exists: a touch racing a logout must not bring it back.
const touchScript = `
if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1]) end
return 0`;

type SessionHash = Record<string, string>;

function toSession(id: string, h: SessionHash): Session | undefined {
  if (!h.userId || !h.csrfToken || !h.expiresAt) return undefined;
  return {
    id,
    userId: h.userId,
    csrfToken: h.csrfToken,
    method: h.method ?? 'password',
    ip: h.ip ?? null,
    userAgent: h.userAgent ?? null,
    createdAt: new Date(Number(h.createdAt)),
    lastSeenAt: new Date(Number(h.lastSeenAt ?? h.createdAt)),
    expiresAt: new Date(Number(h.expiresAt)),
  };
}

/**
 * Sessions in Redis (when `REDIS_URL` is set), shared by every instance. A session is the hash
 * `<prefix>sess:<id>` that expires by itself at the session's absolute end; the set
 * `<prefix>user-sess:<userId>` lists a user's session ids for "log out everywhere" and the
 * session list, and loses members whose hash has expired whenever it is read. As in the
 * database store, the id is the digest of the cookie's secret and the secret is never stored.
 *
 * Ending sessions publishes the invalidation in the same MULTI as the deletion, so by the time a
 * logout answers, every instance has been told to drop the cached actor.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly log: Logger,
    private readonly notice?: SessionEndNotice,
  ) {}

  private key(id: string): string {
    return `${this.prefix}sess:${id}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}user-sess:${userId}`;
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      return redisUnavailable(err, this.log, what);
    }
  }

  async create(input: NewSession): Promise<{ secret: string; session: Session }> {
    const { secret, session } = newSession(input);
    const now = session.createdAt;
    const fields: string[] = [
      'userId',
      session.userId,
      'csrfToken',
      session.csrfToken,
      'method',
      session.method,
      'createdAt',
      String(now.getTime()),
      'lastSeenAt',
      String(now.getTime()),
      'expiresAt',
      String(session.expiresAt.getTime()),
    ];
    if (session.ip) fields.push('ip', session.ip);
    if (session.userAgent) fields.push('userAgent', session.userAgent);
    const ttl = Math.max(1, session.expiresAt.getTime() - now.getTime());
    await this.guard('creating a session', async () => {
      await this.redis.eval(createScript, {
        keys: [this.key(session.id), this.userKey(session.userId)],
        arguments: [String(ttl), session.id, ...fields],
      });
      // Users who never log out leave expired ids behind; each login sweeps them.
      await this.liveIds(session.userId);
    });
    return { secret, session };
  }

  async get(id: string): Promise<Session | undefined> {
    const h = await this.guard('reading a session', () => this.redis.hGetAll(this.key(id)));
    return toSession(id, h as SessionHash);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.guard('recording the use of a session', () =>
      this.redis.eval(touchScript, { keys: [this.key(id)], arguments: [String(at.getTime())] }),
    );
  }

  async destroy(id: string): Promise<void> {
    await this.guard('ending a session', async () => {
      const userId = await this.redis.hGet(this.key(id), 'userId');
      const m = this.redis.multi().del(this.key(id));
      if (userId) m.sRem(this.userKey(userId), id);
      if (this.notice) m.publish(this.notice.channel, this.notice.encode({ session: id }));
      await m.exec();
    });
  }

  async destroyForUser(userId: string, exceptId?: string): Promise<string[]> {
    return this.guard('ending the sessions of a user', async () => {
      const ids = (await this.redis.sMembers(this.userKey(userId))).filter((id) => id !== exceptId);
      const m = this.redis.multi();
      for (const id of ids) m.del(this.key(id));
      if (ids.length) m.sRem(this.userKey(userId), ids);
      if (this.notice) m.publish(this.notice.channel, this.notice.encode({ user: userId }));
      const replies = (await m.exec()) as unknown[];
      // Ids whose hash had expired already were cleaned up, but did not end anything.
      return ids.filter((_id, i) => Number(replies[i]) === 1);
    });
  }

  async listForUser(userId: string): Promise<Session[]> {
    return this.guard('listing the sessions of a user', async () => {
      const ids = await this.liveIds(userId);
      if (!ids.length) return [];
      const m = this.redis.multi();
      for (const id of ids) m.hGetAll(this.key(id));
      const hashes = (await m.exec()) as unknown as SessionHash[];
      return ids
        .map((id, i) => toSession(id, hashes[i] ?? {}))
        .filter((s): s is Session => !!s)
        .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    });
  }

  /** The ids in a user's set whose session still exists; drops the others from the set. */
  private async liveIds(userId: string): Promise<string[]> {
    const ids = await this.redis.sMembers(this.userKey(userId));
    if (!ids.length) return [];
    const m = this.redis.multi();
    for (const id of ids) m.exists(this.key(id));
    const exists = (await m.exec()) as unknown[];
    const stale = ids.filter((_id, i) => Number(exists[i]) === 0);
    if (stale.length) await this.redis.sRem(this.userKey(userId), stale);
    return ids.filter((_id, i) => Number(exists[i]) === 1);
  }
}
