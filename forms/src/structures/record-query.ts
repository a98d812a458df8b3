import type { IndexedField } from './indexes.js';

/** What a page of records is sorted by: when records were made or changed, or an indexed field. */
export type RecordSort =
  { by: 'createdAt' | 'updatedAt'; desc: boolean } | { by: IndexedField; desc: boolean };

export interface RecordQuery {
  definitionId: string;
  /** Only records of these organisations (the actor's own, and a filter staff give). */
  organizationIds: string[];
  /** Text anywhere in the record's data (case-insensitive where the database's collation is). */
  q?: string;
  /** Comparisons on indexed fields, values already in their stored form (see filterValue). */
  filters: RecordFilter[];
  sort: RecordSort;
  /** Where the previous page ended: the sort value of its last record (a Date for the times) and its id. */
  after?: { value: string | number | Date | null; id: string };
  limit: number;
  dialect: 'sqlite' | 'mysql';
}

const filterOps = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;
export type FilterOp = keyof typeof filterOps;
export const isFilterOp = (op: string): op is FilterOp => Object.hasOwn(filterOps, op);

/** One comparison of an indexed field with a value. */
export interface RecordFilter {
  field: IndexedField;
  value: string | number;
  op: FilterOp;
}

/**
 * A time as the dialect stores a DATE(3): sequelize would write a Date replacement to MySQL
 * without its milliseconds, and a page would then end early or repeat a record.
 */
function storedTime(at: Date, dialect: RecordQuery['dialect']): string {
  const text = at.toISOString().replace('T', ' ').slice(0, 23);
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * The SQL of a page of record ids with the sort value of each: filters and sort by indexed fields
 * join `forms_record_index`, paging is by keyset (sort value, id). Only portable SQL: the same
 * statement runs on SQLite and MariaDB, and both put NULL first in ascending order, so records
 * without a value of the sort field come first ascending and last descending on both.
 */
export function recordQuery(query: RecordQuery): { sql: string; replacements: unknown[] } {
  const joins: string[] = [];
  const where: string[] = ['r.definition_id = ?'];
  const joinValues: unknown[] = [];
  const values: unknown[] = [query.definitionId];
  query.filters.forEach(({ field, value, op }, i) => {
    const column = field.kind === 'text' ? 'value_text' : 'value_number';
    joins.push(
      `JOIN forms_record_index f${i} ON f${i}.record_id = r.id AND f${i}.definition_id = ? AND f${i}.field = ? AND f${i}.${column} ${filterOps[op]} ?`,
    );
    joinValues.push(query.definitionId, field.field, value);
  });
  let column: string;
  if (query.sort.by === 'createdAt') column = 'r.created_at';
  else if (query.sort.by === 'updatedAt') column = 'r.updated_at';
  else {
    joins.push('LEFT JOIN forms_record_index s ON s.record_id = r.id AND s.field = ?');
    joinValues.push(query.sort.by.field);
    column = query.sort.by.kind === 'text' ? 's.value_text' : 's.value_number';
  }
  for (const id of new Set(query.organizationIds)) {
    where.push('r.organization_id = ?');
    values.push(id);
  }
  if (query.q) {
    where.push("LOWER(r.data) LIKE ? ESCAPE '!'");
    values.push(likePattern(query.q));
  }
  const dir = query.sort.desc ? 'DESC' : 'ASC';
  if (query.after) {
    const { id } = query.after;
    const value =
      query.after.value instanceof Date ? storedTime(query.after.value, query.dialect) : query.after.value;
    const beyond = query.sort.desc ? '<' : '>';
    if (value === null)
      // NULLs come first ascending, last descending.
      where.push(
        query.sort.desc
          ? `(${column} IS NULL AND r.id < ?)`
          : `((${column} IS NULL AND r.id > ?) OR ${column} IS NOT NULL)`,
      );
    else
      where.push(
        `(${column} ${beyond} ? OR (${column} = ? AND r.id ${beyond} ?)${query.sort.desc ? ` OR ${column} IS NULL` : ''})`,
      );
    values.push(...(value === null ? [id] : [value, value, id]));
  }
  return {
    sql: `SELECT r.id, ${column} AS sort_value FROM forms_records r ${joins.join(' ')}
      WHERE ${where.join(' AND ')} ORDER BY ${column} ${dir}, r.id ${dir} LIMIT ?`,
    replacements: [...joinValues, ...values, query.limit],
  };
}
