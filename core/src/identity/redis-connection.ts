import type { Logger } from 'pino';
import type { RedisClientType } from 'redis';
import { isProblemError, ProblemError } from '../http/problem.js';
import { UserError } from '../kernel/user-error.js';

/** A connected node-redis client (RESP3, no extra modules or scripts). */
export type RedisClient = RedisClientType;

/** The URL with its password hidden, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'an unparsable URL';
  }
}

/**
 * Connects to Redis. A Redis that cannot be reached now fails at once with a message naming
 * REDIS_URL (the portal must not start half-scaled); once connected, the client reconnects by
 * itself with a capped backoff. Commands sent while it is disconnected fail at once instead of
 * waiting in a queue, so requests answer 503 rather than hang.
 */
export async function connectRedis(url: string, log: Logger, role: string): Promise<RedisClient> {
  // Loaded only when Redis is configured: the client and its modules cost start-up time.
  const { createClient } = await import('redis');
  let connected = false;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 5_000,
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(50 * 2 ** Math.min(retries, 6), 3_000) : cause,
    },
  });
  let lastWarning = 0;
  client.on('error', (err: Error) => {
    if (!connected) return; // connect() below rejects with it
    // A Redis that is down emits an error per reconnect attempt; one line every ten seconds is enough.
    const now = Date.now();
    if (now - lastWarning < 10_000) return;
    lastWarning = now;
    log.warn({ err, redis: redactRedisUrl(url), role }, 'Redis connection failed; reconnecting');
  });
  client.on('ready', () => {
    if (connected) log.info({ redis: redactRedisUrl(url), role }, 'Redis connection restored');
  });
  try {
    await client.connect();
  } catch (err) {
    client.destroy();
    throw new UserError(
      `Cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL, config key redis.url): ${(err as Error).message}. ` +
        'Start Redis or correct REDIS_URL; unset it to keep sessions and rate limits in the database.',
    );
  }
  connected = true;
  return client;
}

let lastFailureLogged = 0;
let failuresNotLogged = 0;

/**
 * What a request answers when Redis fails mid-flight: 503 with Retry-After, and a log line with
 * the cause (the problem itself tells the caller nothing about the infrastructure).
 */
export function redisUnavailable(err: unknown, log: Logger, what: string): never {
  if (isProblemError(err)) throw err;
  // While Redis is down every request fails the same way: one line every ten seconds says it.
  const now = Date.now();
  if (now - lastFailureLogged >= 10_000) {
    log.error({ err, failedSinceLastLine: failuresNotLogged }, `Redis failed while ${what}`);
    lastFailureLogged = now;
    failuresNotLogged = 0;
  } else failuresNotLogged++;
  throw new ProblemError(503, {
    title: 'Service unavailable',
    detail: 'The portal cannot reach its session store right now. Try again in a moment.',
    headers: { 'Retry-After': '5' },
  });
}
