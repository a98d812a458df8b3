import { ProblemError } from '../http/problem.js';
import type { JsonSchema } from '../validation/validator.js';

/** Query parameters of a newest-first list: `cursor` from the previous page, `limit`. */
export const pageQueryProperties: Record<string, JsonSchema> = {
  cursor: { type: 'string', maxLength: 200, description: 'nextCursor of the previous page.' },
  limit: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
};

/** Where a newest-first page ends: the creation time and id of its last row. */
export interface PagePosition {
  createdAt: Date;
  id: string;
}

/** An opaque cursor for the row after which the next page starts. */
export function encodeCursor(createdAt: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([new Date(createdAt).toISOString(), id])).toString('base64url');
}

/** Reads a cursor, or answers 400 naming the query parameter. */
export function decodeCursor(cursor: string | undefined): PagePosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(at as string);
    if (typeof id === 'string' && typeof at === 'string' && !Number.isNaN(createdAt.getTime()))
      return { createdAt, id };
  } catch {
    // Answered below, like any other malformed cursor.
  }
  throw new ProblemError(400, {
    title: 'Invalid request',
    detail: 'The cursor is not one this list gave out. Start again without it.',
    errors: [{ in: 'query', path: '/cursor', message: 'is not a cursor of this list' }],
  });
}

/**
 * SQL (and its replacements) that keeps the rows after `position` in `ORDER BY created_at DESC,
 * id DESC` order. `alias` prefixes the columns (`r.`).
 */
export function afterPosition(position: PagePosition | undefined, alias = ''): [string, unknown[]] {
  if (!position) return ['1 = 1', []];
  return [
    `(${alias}created_at < ? OR (${alias}created_at = ? AND ${alias}id < ?))`,
    [position.createdAt, position.createdAt, position.id],
  ];
}

/** Cuts a `limit + 1` query result into a page and the cursor of the next one. */
export function cutPage<T extends { created_at: Date | string; id: string }>(
  rows: T[],
  limit: number,
): { rows: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    rows: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}
