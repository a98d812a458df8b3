import { QueryTypes } from 'sequelize';
import type { Database } from '../db/database.js';

export interface Hit {
  count: number;
  /** When the window ends and the count starts again. */
  resetAt: Date;
}

/**
 * Fixed-window counters shared by every instance: in the database by default, in Redis when
 * `REDIS_URL` is set. Used for login lockout and per-address rate limits.
 */
export interface RateLimiter {
  /** Adds one to `key`'s counter in a window of `windowMs` and returns the new count. */
  hit(key: string, windowMs: number): Promise<Hit>;
  /** The current count, without adding. */
  peek(key: string): Promise<Hit | undefined>;
  reset(key: string): Promise<void>;
  close?(): Promise<void>;
}

/** Seconds until `hit` resets, for `Retry-After`. */
export function retryAfterSeconds(hit: Hit, now = Date.now()): number {
  return Math.max(1, Math.ceil((hit.resetAt.getTime() - now) / 1000));
}

/** Counters in `portico_rate_limits`, each hit one atomic statement outside any transaction. */
export class DatabaseRateLimiter implements RateLimiter {
  constructor(private readonly db: Database) {}

  async hit(key: string, windowMs: number): Promise<Hit> {
    if (this.db.currentTransaction())
      throw new Error(
        'RateLimiter.hit was called inside a transaction; a counted failure must outlive a rolled-back request. Mark the route transaction: false.',
      );
    const now = new Date();
    const resetAt = new Date(now.getTime() + windowMs);
    // One atomic upsert: concurrent hits neither lose counts nor deadlock on gap locks.
    const sql =
      this.db.dialect === 'mysql'
        ? `INSERT INTO portico_rate_limits (\`key\`, count, reset_at) VALUES (?, 1, ?)
           ON DUPLICATE KEY UPDATE count = IF(reset_at <= ?, 1, count + 1), reset_at = IF(reset_at <= ?, VALUES(reset_at), reset_at)`
        : `INSERT INTO portico_rate_limits (\`key\`, count, reset_at) VALUES (?, 1, ?)
           ON CONFLICT(\`key\`) DO UPDATE SET count = CASE WHEN reset_at <= ? THEN 1 ELSE count + 1 END,
             reset_at = CASE WHEN reset_at <= ? THEN excluded.reset_at ELSE reset_at END`;
    await this.db.sequelize.query(sql, { replacements: [key, resetAt, now, now] });
    const row = await this.peekRow(key);
    return row ? { count: row.count, resetAt: new Date(row.reset_at) } : { count: 1, resetAt };
  }

  private async peekRow(key: string): Promise<{ count: number; reset_at: Date | string } | undefined> {
    const rows = await this.db.sequelize.query<{ count: number; reset_at: Date | string }>(
      'SELECT count, reset_at FROM portico_rate_limits WHERE `key` = ?',
      { replacements: [key], type: QueryTypes.SELECT },
    );
    return rows[0];
  }

  async peek(key: string): Promise<Hit | undefined> {
    const row = await this.peekRow(key);
    if (!row || new Date(row.reset_at) <= new Date()) return undefined;
    return { count: row.count, resetAt: new Date(row.reset_at) };
  }

  async reset(key: string): Promise<void> {
    await this.db.sequelize.transaction((transaction) =>
      this.db.sequelize.query('DELETE FROM portico_rate_limits WHERE `key` = ?', {
        replacements: [key],
        transaction,
      }),
    );
  }
}
