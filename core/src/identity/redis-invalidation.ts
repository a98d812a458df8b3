import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ActorCache, InvalidateMessage } from './actor-cache.js';
import type { RedisClient } from './redis-connection.js';

/** A message on the channel: the invalidation and the instance that sent it. */
type WireMessage = { from: string } & ({ user: string } | { session: string } | { all: true });

function parse(raw: string): WireMessage | undefined {
  let m: unknown;
  try {
    m = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  if (typeof o.from !== 'string') return undefined;
  if (typeof o.user === 'string') return { from: o.from, user: o.user };
  if (typeof o.session === 'string') return { from: o.from, session: o.session };
  if (o.all === true) return { from: o.from, all: true };
  return undefined;
}

/**
 * Tells every instance to forget cached actors, over Redis pub/sub. Each instance keeps resolved
 * sessions for `auth.session.actorCacheMs`; without this, a logout, role change or deactivation
 * made through one instance would reach the others only when their cache entries age out.
 *
 * Messages are JSON `{ from, user | session | all }` on `<keyPrefix>actor-cache`; an instance
 * ignores its own (it has applied them already). Pub/sub keeps nothing for a subscriber that is
 * disconnected, so after a reconnect the instance forgets its whole cache: it may have missed some.
 */
export class ActorCacheChannel {
  /** Tells this instance's messages from the others'. */
  readonly instanceId = randomUUID();
  private subscribedOnce = false;

  constructor(
    private readonly publisher: RedisClient,
    private readonly subscriber: RedisClient,
    readonly channel: string,
    private readonly cache: ActorCache,
    private readonly log: Logger,
  ) {}

  /** The wire form of an invalidation from this instance (also published by the session store). */
  encode(message: InvalidateMessage): string {
    return JSON.stringify({ from: this.instanceId, ...message });
  }

  /** Subscribes, and makes the cache broadcast its invalidations. */
  async start(): Promise<void> {
    this.subscriber.on('ready', () => {
      // 'ready' also follows the first connect, before anything could have been missed.
      if (this.subscribedOnce) this.cache.apply({ all: true });
    });
    await this.subscriber.subscribe(this.channel, (raw) => this.receive(raw));
    this.subscribedOnce = true;
    this.cache.broadcast = (message) => {
      this.publisher.publish(this.channel, this.encode(message)).catch((err: unknown) => {
        this.log.warn(
          { err, message },
          'could not tell the other instances to forget a cached actor; they will see the change within auth.session.actorCacheMs',
        );
      });
    };
  }

  /** Applies a message from another instance. */
  receive(raw: string): void {
    const m = parse(raw);
    if (!m) {
      this.log.warn({ channel: this.channel }, 'ignored a malformed message on the actor cache channel');
      return;
    }
    if (m.from === this.instanceId) return;
    const { from: _from, ...message } = m;
    this.cache.apply(message);
  }

  /** Stops broadcasting and unsubscribes. */
  async stop(): Promise<void> {
    this.cache.broadcast = undefined;
    if (this.subscriber.isReady) await this.subscriber.unsubscribe(this.channel).catch(() => undefined);
  }
}
