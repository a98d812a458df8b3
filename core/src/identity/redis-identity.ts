import type { Logger } from 'pino';
import { connectRedis, type RedisClient } from './redis-connection.js';
import { ActorCacheChannel } from './redis-invalidation.js';
import { RedisRateLimiter } from './redis-rate-limiter.js';
import { RedisSessionStore } from './redis-session-store.js';
import type { IdentityService } from './service.js';

/**
 * Moves identity's shared state to Redis (config `redis.url`, env REDIS_URL): sessions, rate
 * limit counters, and the invalidations of cached actors between instances. Throws a message
 * naming REDIS_URL when Redis cannot be reached. Returns what closes the connections.
 */
export async function useRedisForIdentity(
  identity: IdentityService,
  log: Logger,
): Promise<() => Promise<void>> {
  const { url, keyPrefix } = identity.config.redis;
  if (!url) throw new Error('useRedisForIdentity needs redis.url');
  const clients: RedisClient[] = [];
  const closeAll = async () => {
    await Promise.allSettled(clients.map((c) => (c.isOpen ? c.close() : Promise.resolve(c.destroy()))));
  };
  try {
    const commands = await connectRedis(url, log, 'commands');
    clients.push(commands);
    // A client in subscriber mode can send nothing else, so pub/sub needs a connection of its own.
    const subscriber = await connectRedis(url, log, 'subscriber');
    clients.push(subscriber);
    const channel = new ActorCacheChannel(
      commands,
      subscriber,
      `${keyPrefix}actor-cache`,
      identity.cache,
      log,
    );
    await channel.start();
    identity.sessions = new RedisSessionStore(commands, keyPrefix, log, channel);
    identity.limiter = new RedisRateLimiter(commands, keyPrefix, log);
    log.info({ keyPrefix }, 'sessions, rate limits and actor cache invalidations are in Redis');
    return async () => {
      await channel.stop();
      await closeAll();
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
