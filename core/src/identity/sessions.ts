import { QueryTypes } from 'sequelize';
import type { Database } from '../db/database.js';
import { digest, newSecret } from './secrets.js';

/** A login session. Its id is the digest of the cookie's secret; the secret itself is never stored. */
export interface Session {
  id: string;
  userId: string;
  csrfToken: string;
  /** How the user logged in: `password`, `saml`, `invitation`, `reset`. */
  method: string;
  ip?: string | null;
  userAgent?: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** Absolute end, however much the session is used. */
  expiresAt: Date;
}

export interface NewSession {
  userId: string;
  method: string;
  ip?: string | null;
  userAgent?: string | null;
  expiresAt: Date;
}

/**
 * Where sessions live: the database by default, Redis when `REDIS_URL` is set. Both keep them out
 * of process memory, so any instance can serve any request.
 */
export interface SessionStore {
  /** Creates a session and returns it with the secret for the cookie (shown only now). */
  create(input: NewSession): Promise<{ secret: string; session: Session }>;
  get(id: string): Promise<Session | undefined>;
  /** Records use; `lastSeenAt` drives the idle timeout. */
  touch(id: string, at: Date): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Ends every session of a user (log out everywhere), but `exceptId`; returns their ids. */
  destroyForUser(userId: string, exceptId?: string): Promise<string[]>;
  listForUser(userId: string): Promise<Session[]>;
  /** Removes expired sessions (the database store; Redis expires keys itself). */
  prune?(now: Date): Promise<number>;
  close?(): Promise<void>;
}

/** The secret in a cookie maps to its session id by digest. */
export function sessionIdOf(secret: string): string {
  return digest(secret);
}

interface SessionRow {
  id: string;
  user_id: string;
  csrf_token: string;
  method: string;
  ip: string | null;
  user_agent: string | null;
  created_at: Date | string;
  last_seen_at: Date | string;
  expires_at: Date | string;
}

function toSession(r: SessionRow): Session {
  return {
    id: r.id,
    userId: r.user_id,
    csrfToken: r.csrf_token,
    method: r.method,
    ip: r.ip,
    userAgent: r.user_agent,
    createdAt: new Date(r.created_at),
    lastSeenAt: new Date(r.last_seen_at),
    expiresAt: new Date(r.expires_at),
  };
}

/** A new session and the secret for its cookie: what every store saves (its id is the secret's digest). */
export function newSession(input: NewSession): { secret: string; session: Session } {
  const secret = newSecret();
  const now = new Date();
  return {
    secret,
    session: {
      id: sessionIdOf(secret),
      userId: input.userId,
      csrfToken: newSecret(24),
      method: input.method,
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 255) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: input.expiresAt,
    },
  };
}

/** Sessions in `portico_sessions`. */
export class DatabaseSessionStore implements SessionStore {
  constructor(private readonly db: Database) {}

  async create(input: NewSession): Promise<{ secret: string; session: Session }> {
    const { secret, session } = newSession(input);
    const now = session.createdAt;
    await this.db.sequelize.getQueryInterface().bulkInsert(
      'portico_sessions',
      [
        {
          id: session.id,
          user_id: session.userId,
          csrf_token: session.csrfToken,
          method: session.method,
          ip: session.ip,
          user_agent: session.userAgent,
          created_at: now,
          last_seen_at: now,
          expires_at: session.expiresAt,
        },
      ],
      { transaction: this.db.currentTransaction() },
    );
    return { secret, session };
  }

  async get(id: string): Promise<Session | undefined> {
    const rows = await this.db.sequelize.query<SessionRow>('SELECT * FROM portico_sessions WHERE id = ?', {
      replacements: [id],
      type: QueryTypes.SELECT,
    });
    return rows[0] ? toSession(rows[0]) : undefined;
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.db.sequelize.query('UPDATE portico_sessions SET last_seen_at = ? WHERE id = ?', {
      replacements: [at, id],
    });
  }

  async destroy(id: string): Promise<void> {
    await this.db.sequelize.query('DELETE FROM portico_sessions WHERE id = ?', { replacements: [id] });
  }

  async destroyForUser(userId: string, exceptId?: string): Promise<string[]> {
    const ids = (await this.listForUser(userId)).map((s) => s.id).filter((id) => id !== exceptId);
    if (ids.length)
      await this.db.sequelize.query('DELETE FROM portico_sessions WHERE id IN (?)', { replacements: [ids] });
    return ids;
  }

  async listForUser(userId: string): Promise<Session[]> {
    const rows = await this.db.sequelize.query<SessionRow>(
      'SELECT * FROM portico_sessions WHERE user_id = ? ORDER BY created_at DESC',
      { replacements: [userId], type: QueryTypes.SELECT },
    );
    return rows.map(toSession);
  }

  async prune(now: Date): Promise<number> {
    const [, meta] = await this.db.sequelize.query('DELETE FROM portico_sessions WHERE expires_at < ?', {
      replacements: [now],
    });
    return typeof meta === 'number'
      ? meta
      : ((meta as { affectedRows?: number; changes?: number })?.affectedRows ?? 0);
  }
}
