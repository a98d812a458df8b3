/** JSON columns come back parsed from MySQL and as text from SQLite and MariaDB. */
export function fromJson<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'string') {
    try {
      return JSON.parse(value) as T;
    } catch {
      return fallback;
    }
  }
  return value as T;
}

/** Dates come back as Date (MySQL) or text (SQLite). */
export function toIso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value as string).toISOString();
}

/** SQLite returns booleans as 0/1. */
export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1';
}
