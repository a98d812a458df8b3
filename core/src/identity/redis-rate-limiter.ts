import type { Logger } from 'pino';
import type { Hit, RateLimiter } from './rate-limiter.js';
import { redisUnavailable, type RedisClient } from './redis-connection.js';

// One atomic step per hit: count, and start the window's clock on the first hit only. A Lua
// script rather than INCR + PEXPIRE NX, which needs Redis 7; managed Redis 6 is still common.
const hitScript = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

/**
 * Fixed-window counters in Redis (when `REDIS_URL` is set): `<prefix>rl:<key>` holds the count
 * and expires when its window ends, so nothing needs pruning. Shared by every instance, so a
 * lockout holds whichever instance the next attempt reaches.
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {}

  private key(key: string): string {
    return `${this.prefix}rl:${key}`;
  }

  async hit(key: string, windowMs: number): Promise<Hit> {
    try {
      const [count, ttl] = (await this.redis.eval(hitScript, {
        keys: [this.key(key)],
        arguments: [String(Math.max(1, Math.round(windowMs)))],
      })) as [number, number];
      return { count: Number(count), resetAt: new Date(Date.now() + Number(ttl)) };
    } catch (err) {
      return redisUnavailable(err, this.log, 'counting a rate-limited request');
    }
  }

  async peek(key: string): Promise<Hit | undefined> {
    try {
      const [count, ttl] = (await this.redis
        .multi()
        .get(this.key(key))
        .pTTL(this.key(key))
        .exec()) as unknown as [string | null, number];
      // A key without an expiry would lock for ever; hit() never leaves one, so treat it as gone.
      if (count === null || Number(ttl) <= 0) return undefined;
      return { count: Number(count), resetAt: new Date(Date.now() + Number(ttl)) };
    } catch (err) {
      return redisUnavailable(err, this.log, 'reading a rate limit');
    }
  }

  async reset(key: string): Promise<void> {
    try {
      await this.redis.del(this.key(key));
    } catch (err) {
      redisUnavailable(err, this.log, 'resetting a rate limit');
    }
  }
}
