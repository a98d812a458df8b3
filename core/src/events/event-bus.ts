import { randomUUID } from 'node:crypto';
import { DataTypes, Op, type Model, type ModelStatic, type Sequelize, type Transaction } from 'sequelize';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { currentActor, runWithContext, systemActor } from '../kernel/request-context.js';

/** A domain event as a subscriber receives it. `id` doubles as an idempotency key. */
export interface DomainEvent<P = unknown> {
  id: string;
  name: string;
  payload: P;
  occurredAt: Date;
  actor: { userId?: string; organizationId?: string } | null;
  /** 1 on first delivery, more on retries. */
  attempt: number;
}

export interface EventBus {
  /**
   * Records the event in the outbox, in the current transaction when there is one, so the event
   * exists exactly when the change does. Subscribers get it after commit, with retries.
   * Names follow `<plugin>.<object>.<past-tense verb>`.
   */
  emit<P>(name: string, payload: P, options?: { transaction?: Transaction }): Promise<string>;
}

export interface Subscriber {
  /** `<plugin id>:<subscription name>`; unique. */
  key: string;
  plugin: string;
  event: string;
  handler: (event: DomainEvent) => Promise<void>;
}

export interface DispatcherOptions {
  pollIntervalMs: number;
  batchSize: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  leaseMs: number;
}

/**
 * Wakes the dispatcher when there is work. The embedded default wakes the local dispatcher;
 * a Redis/BullMQ transport (for many instances) implements the same seam.
 */
export interface EventTransport {
  notify(): void;
}

interface EventRow extends Model {
  id: string;
  name: string;
  payload: unknown;
  actor: { userId?: string; organizationId?: string } | null;
  occurred_at: Date;
}

interface DeliveryRow extends Model {
  id: number;
  event_id: string;
  subscriber: string;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  next_attempt_at: Date;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  delivered_at: Date | null;
}

export interface OutboxModels {
  Event: ModelStatic<EventRow>;
  Delivery: ModelStatic<DeliveryRow>;
}

export function defineOutboxModels(sequelize: Sequelize): OutboxModels {
  const Event = sequelize.define<EventRow>(
    'PorticoEvent',
    {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      payload: { type: DataTypes.JSON, allowNull: false },
      actor: { type: DataTypes.JSON, allowNull: true },
      occurred_at: { type: DataTypes.DATE(3), allowNull: false },
    },
    { tableName: 'portico_events', timestamps: false },
  );
  const Delivery = sequelize.define<DeliveryRow>(
    'PorticoEventDelivery',
    {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      event_id: { type: DataTypes.STRING(36), allowNull: false },
      subscriber: { type: DataTypes.STRING(200), allowNull: false },
      status: { type: DataTypes.STRING(10), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false },
      next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
      lease_owner: { type: DataTypes.STRING(64), allowNull: true },
      lease_until: { type: DataTypes.DATE(3), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      delivered_at: { type: DataTypes.DATE(3), allowNull: true },
    },
    { tableName: 'portico_event_deliveries', timestamps: false },
  );
  return { Event, Delivery };
}

/** The outbox: `emit` writes, the dispatcher delivers. */
export class Outbox implements EventBus {
  private transport: EventTransport = { notify: () => undefined };

  constructor(
    private readonly db: Database,
    private readonly models: OutboxModels,
    private readonly subscribersOf: (event: string) => readonly Subscriber[],
  ) {}

  useTransport(transport: EventTransport): void {
    this.transport = transport;
  }

  async emit<P>(name: string, payload: P, options: { transaction?: Transaction } = {}): Promise<string> {
    if (!/^[a-z][a-z0-9-]*(\.[a-z][a-zA-Z0-9-]*)+$/.test(name)) {
      throw new Error(
        `Event name "${name}" must look like <plugin>.<object>.<verb>, for example "news.article.published".`,
      );
    }
    const id = randomUUID();
    const actor = currentActor();
    const now = new Date();
    const write = async (transaction: Transaction): Promise<void> => {
      await this.models.Event.create(
        {
          id,
          name,
          payload: payload ?? null,
          actor:
            actor.userId || actor.organizationId
              ? { userId: actor.userId, organizationId: actor.organizationId }
              : null,
          occurred_at: now,
        },
        { transaction },
      );
      const subs = this.subscribersOf(name);
      if (subs.length) {
        await this.models.Delivery.bulkCreate(
          subs.map((s) => ({
            event_id: id,
            subscriber: s.key,
            status: 'pending' as const,
            attempts: 0,
            next_attempt_at: now,
          })),
          { transaction },
        );
      }
      transaction.afterCommit(() => this.transport.notify());
    };
    const transaction = options.transaction ?? this.db.currentTransaction();
    if (transaction) await write(transaction);
    else await this.db.sequelize.transaction((t) => write(t));
    return id;
  }
}

/**
 * Delivers outbox rows to subscribers: at least once, with exponential backoff and jitter, and
 * safe with many instances (a delivery is leased by one instance at a time). Rows left pending
 * by a crash are picked up at the next start or poll.
 */
export class OutboxDispatcher implements EventTransport {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  readonly instanceId = randomUUID();

  constructor(
    private readonly models: OutboxModels,
    private readonly subscriberByKey: (key: string) => Subscriber | undefined,
    private readonly options: DispatcherOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.notify(), this.options.pollIntervalMs);
    this.timer.unref();
    this.notify();
  }

  notify(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.log.error({ err }, 'event dispatch failed; retrying at the next poll'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.notify();
        }
      });
  }

  /** Waits for the delivery in progress, then stops polling. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** Delivers everything that is due now; returns how many deliveries were attempted. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runBatch();
      total += n;
      if (n < this.options.batchSize || this.stopped) return total;
    }
  }

  private async runBatch(): Promise<number> {
    const { Delivery, Event } = this.models;
    const now = new Date();
    const due = await Delivery.findAll({
      where: {
        status: 'pending',
        next_attempt_at: { [Op.lte]: now },
        [Op.or]: [{ lease_until: null }, { lease_until: { [Op.lt]: now } }],
      },
      order: [['id', 'ASC']],
      limit: this.options.batchSize,
    });
    for (const row of due) {
      if (this.stopped) break;
      const leaseUntil = new Date(Date.now() + this.options.leaseMs);
      const [claimed] = await Delivery.update(
        { lease_owner: this.instanceId, lease_until: leaseUntil },
        {
          where: {
            id: row.id,
            status: 'pending',
            [Op.or]: [{ lease_until: null }, { lease_until: { [Op.lt]: new Date() } }],
          },
        },
      );
      if (claimed !== 1) continue; // another instance took it
      const sub = this.subscriberByKey(row.subscriber);
      const event = await Event.findByPk(row.event_id);
      const attempt = row.attempts + 1;
      if (!sub || !event) {
        await Delivery.update(
          {
            status: 'dead',
            attempts: attempt,
            lease_owner: null,
            lease_until: null,
            last_error: sub ? 'event row is missing' : `no subscriber "${row.subscriber}" is loaded`,
          },
          { where: { id: row.id } },
        );
        this.log.warn(
          { delivery: row.id, subscriber: row.subscriber },
          'event delivery dropped: its subscriber or event is gone',
        );
        continue;
      }
      const domainEvent: DomainEvent = {
        id: event.id,
        name: event.name,
        payload: event.payload,
        occurredAt: new Date(event.occurred_at),
        actor: event.actor,
        attempt,
      };
      const log = this.log.child({ event: event.name, eventId: event.id, subscriber: sub.key, attempt });
      try {
        await runWithContext({ requestId: `event:${event.id}`, log, actor: systemActor }, () =>
          sub.handler(domainEvent),
        );
        await Delivery.update(
          {
            status: 'done',
            attempts: attempt,
            lease_owner: null,
            lease_until: null,
            delivered_at: new Date(),
            last_error: null,
          },
          { where: { id: row.id } },
        );
      } catch (err) {
        const dead = attempt >= this.options.maxAttempts;
        const delay =
          Math.min(this.options.backoffMaxMs, this.options.backoffBaseMs * 2 ** (attempt - 1)) *
          (0.5 + Math.random() / 2);
        await Delivery.update(
          {
            status: dead ? 'dead' : 'pending',
            attempts: attempt,
            lease_owner: null,
            lease_until: null,
            next_attempt_at: new Date(Date.now() + delay),
            last_error: String((err as Error)?.stack ?? err).slice(0, 4000),
          },
          { where: { id: row.id } },
        );
        if (dead) log.error({ err }, `event delivery gave up after ${attempt} attempts`);
        else log.warn({ err, retryInMs: Math.round(delay) }, 'event delivery failed; will retry');
      }
    }
    return due.length;
  }
}
