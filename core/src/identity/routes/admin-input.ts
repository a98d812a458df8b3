import { ProblemError, type FieldError } from '../../http/problem.js';
import type { JsonSchema } from '../../validation/validator.js';

/**
 * Input pieces the management routes (organisations, users, roles, groups, audit) share: cursor
 * pages, search terms, keys and translated names, and 4xx answers that name the field at fault.
 */

/** `limit` and `cursor` of a cursor-paginated list. */
export const pageQueryProperties = {
  limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
  cursor: { type: 'string', maxLength: 500, description: 'nextCursor of the previous page' },
} as const;

/** A search term: matched case-insensitively as a substring. */
export const searchSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };

/** Keys of roles and groups: kebab-case, as plugin ids are. */
export const kebabKeySchema: JsonSchema = {
  type: 'string',
  minLength: 2,
  maxLength: 64,
  pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
  description: 'kebab-case: lower-case letters and digits, words joined by "-", such as gold-customers',
};

/** A name or description per language: `en` at least. */
export const translatedSchema: JsonSchema = {
  type: 'object',
  required: ['en'],
  propertyNames: { pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 500, pattern: '\\S' },
  minProperties: 1,
};

/** A 4xx problem about one field of the body (or query). */
export function fieldProblem(
  status: number,
  path: string,
  message: string,
  detail: string,
  where: FieldError['in'] = 'body',
): ProblemError {
  return new ProblemError(status, {
    title: status === 422 ? 'Invalid request body' : undefined,
    detail,
    errors: [{ in: where, path, message }],
  });
}

/** 422 listing several faulty fields of the body. */
export function bodyProblems(
  errors: Array<{ path: string; message: string }>,
  detail?: string,
): ProblemError {
  const first = errors[0]!;
  return new ProblemError(422, {
    title: 'Invalid request body',
    detail:
      detail ??
      `body ${first.path}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    errors: errors.map((e) => ({ in: 'body' as const, ...e })),
  });
}

/**
 * An opaque cursor for the row after which the next page starts. The values are the row's sort
 * key (name and id, say); the prefix keeps a cursor of one list from being used on another.
 */
export function encodeCursor(list: string, values: Array<string | number>): string {
  return Buffer.from(JSON.stringify([list, ...values])).toString('base64url');
}

/** The sort key a cursor of `list` holds; 400 on anything this API did not give out. */
export function decodeCursor<T extends Array<string | number>>(
  list: string,
  cursor: string,
  shape: Array<'string' | 'number'>,
): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== list ||
    parsed.length !== shape.length + 1 ||
    shape.some((type, i) => typeof parsed[i + 1] !== type)
  )
    throw fieldProblem(
      400,
      '/cursor',
      'is not a valid cursor',
      'The cursor is not one this list gave out. Start again without a cursor.',
      'query',
    );
  return parsed.slice(1) as T;
}

/** A LIKE pattern (with `ESCAPE '!'`) that finds `term` anywhere, case-insensitively with LOWER(). */
export function containsPattern(term: string): string {
  return `%${term
    .trim()
    .toLowerCase()
    .replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

/**
 * Runs an insert or update and turns a unique-key violation into 409 on `path`: the check before
 * it gives the friendly answer, this one covers two requests that pass the check at once.
 */
export async function conflictOnDuplicate<T>(
  write: () => Promise<T>,
  path: string,
  detail: string,
): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if ((err as { name?: string })?.name === 'SequelizeUniqueConstraintError')
      throw fieldProblem(409, path, 'is taken', detail);
    throw err;
  }
}
