import { Op, type ModelStatic } from 'sequelize';
import { ProblemError, type EventBus } from '@portico/core';
import type { GreetingRow } from '../models/greeting.js';

export interface Greeting {
  id: number;
  /** The organisation of its author; null for greetings written before organisations. */
  organizationId: string | null;
  message: string;
  authorName: string;
  language: string;
  welcomed: boolean;
  createdAt: string;
}

export interface GreetingPage {
  items: Greeting[];
  nextCursor: string | null;
}

/**
 * Which greetings a caller may reach: `{}` for every organisation's, or
 * `{ organization_id: '...' }` for one organisation's. Routes get it from core's
 * `organizationWhere(actor, permission, 'organization_id')`, so the service never sees an actor.
 */
export type GreetingScope = { organization_id?: string };

/** Greetings: the hello plugin's domain logic. Plain constructor arguments, no HTTP. */
export class GreetingService {
  constructor(
    private readonly greetings: () => ModelStatic<GreetingRow>,
    private readonly events: EventBus,
  ) {}

  /**
   * Newest first, within `scope` (every organisation's when it is `{}`). `cursor` is the opaque
   * `nextCursor` of the previous page.
   */
  async list(limit: number, cursor?: string, scope: GreetingScope = {}): Promise<GreetingPage> {
    const before = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.greetings().findAll({
      where: { ...scope, ...(before !== undefined ? { id: { [Op.lt]: before } } : {}) },
      order: [['id', 'DESC']],
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return {
      items: page.map(toGreeting),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
    };
  }

  /** One greeting of any organisation: the caller checks that it may reach `organizationId`. */
  async get(id: number): Promise<Greeting | undefined> {
    const row = await this.greetings().findByPk(id);
    return row ? toGreeting(row) : undefined;
  }

  /** Stores a greeting of an organisation and announces it with `hello.greeting.created`, in one transaction. */
  async create(input: {
    organizationId: string;
    message: string;
    authorName: string;
    language: string;
    authorUserId?: string;
  }): Promise<Greeting> {
    const row = await this.greetings().create({
      organization_id: input.organizationId,
      message: input.message,
      author_name: input.authorName,
      author_user_id: input.authorUserId ?? null,
      language: input.language,
      welcomed_at: null,
    });
    await this.events.emit('hello.greeting.created', { id: row.id, language: row.language });
    return toGreeting(row);
  }

  async remove(id: number): Promise<boolean> {
    return (await this.greetings().destroy({ where: { id } })) > 0;
  }

  /** What the event subscriber does: marks the greeting as welcomed. Idempotent. */
  async welcome(id: number): Promise<void> {
    await this.greetings().update({ welcomed_at: new Date() }, { where: { id, welcomed_at: null } });
  }

  /** How many greetings there are within `scope` (every organisation's when it is `{}`). */
  async count(scope: GreetingScope = {}): Promise<number> {
    return this.greetings().count({ where: { ...scope } });
  }

  async exportForUser(userId: string): Promise<Greeting[]> {
    return (await this.greetings().findAll({ where: { author_user_id: userId } })).map(toGreeting);
  }

  /** Erasure keeps the greeting text but removes who wrote it. */
  async anonymiseUser(userId: string): Promise<void> {
    await this.greetings().update(
      { author_name: 'Former user', author_user_id: null },
      { where: { author_user_id: userId } },
    );
  }
}

function toGreeting(row: GreetingRow): Greeting {
  return {
    id: row.id,
    organizationId: row.organization_id,
    message: row.message,
    authorName: row.author_name,
    language: row.language,
    welcomed: row.welcomed_at !== null,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

function encodeCursor(id: number): string {
  return Buffer.from(`g:${id}`).toString('base64url');
}

function decodeCursor(cursor: string): number {
  const m = /^g:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new ProblemError(400, {
      detail: 'The cursor is not one this API gave out. Start again without a cursor.',
      errors: [{ in: 'query', path: '/cursor', message: 'is not a valid cursor' }],
    });
  return Number(m[1]);
}
