import type { Reader } from './audience.js';

/** Where a feed page starts: after this (pinned, publish time in ms, id), in the feed's order. */
export type FeedPosition = [pinned: number, publishedMs: number, id: string];

/**
 * The feed's ids in one SQL query: the articles visible at `now` whose audience the reader
 * matches, pinned first, then newest first, from `after` on, at most `limit`. Plain SQL that
 * SQLite, MariaDB/MySQL and TiDB all run, with one index hint per dialect; values go in as
 * named replacements.
 *
 * The audience rule (services/audience.ts: every dimension that is set must have one of the
 * reader's values) reads on the audience rows (models/audience.ts) as: the article has no
 * audience row whose dimension has no row with a value of the reader's. Each check is a lookup in
 * the primary key of news_audiences.
 *
 * The hint makes the database read the articles along news_articles_feed (pinned, publish_at,
 * id), in the feed's order, checking each, and stop when the page is full: a page costs about
 * what it shows, however many articles there are. Left to themselves, SQLite took the status
 * index and MariaDB a full scan, and both checked and sorted every visible article for every
 * page. The check is a count compared with 0 rather than NOT EXISTS because MariaDB turns a
 * NOT EXISTS into an anti-join over every article (with 1,000 articles: 7.5 ms against 1.1 ms).
 */
export function feedQuery(
  reader: Reader,
  options: { limit: number; after?: FeedPosition; now: Date; dialect: string; tag?: string },
): { sql: string; replacements: Record<string, unknown> } {
  const replacements: Record<string, unknown> = {
    now: sqlTime(options.now, options.dialect),
    limit: options.limit,
  };
  const matches: string[] = [];
  if (reader.groups.length) {
    matches.push("(m.dimension = 'groups' AND m.value IN (:groups))");
    replacements.groups = [...reader.groups];
  }
  if (reader.organizationId) {
    matches.push("(m.dimension = 'organizations' AND m.value = :organization)");
    replacements.organization = reader.organizationId;
  }
  if (reader.roles.length) {
    matches.push("(m.dimension = 'roles' AND m.value IN (:roles))");
    replacements.roles = [...reader.roles];
  }
  if (reader.language) {
    matches.push("(m.dimension = 'languages' AND m.value = :language)");
    replacements.language = reader.language;
  }
  let after = '';
  if (options.after) {
    const [pinned, publishedMs, id] = options.after;
    replacements.at = sqlTime(new Date(publishedMs), options.dialect);
    replacements.id = id;
    // Descending on every part: a lower pin, an earlier time, or the same time and a lower id.
    const same = `a.pinned = ${pinned ? 1 : 0}`;
    after = `AND (${pinned ? 'a.pinned = 0 OR ' : ''}(${same} AND a.publish_at < :at) OR (${same} AND a.publish_at = :at AND a.id < :id))`;
  }
  // Tags are stored as a JSON array of strings: the tag as a JSON string, with LIKE's wildcards
  // escaped, matches exactly that element.
  let tagged = '';
  if (options.tag !== undefined) {
    replacements.tag = `%${JSON.stringify(options.tag).replace(/[!%_]/g, '!$&')}%`;
    tagged = "AND a.tags LIKE :tag ESCAPE '!'";
  }
  const hint =
    options.dialect === 'sqlite' ? 'INDEXED BY news_articles_feed' : 'FORCE INDEX (news_articles_feed)';
  const sql = `SELECT a.id FROM news_articles a ${hint}
    WHERE (a.status = 'published' OR (a.status = 'scheduled' AND a.publish_at <= :now))
      AND (a.unpublish_at IS NULL OR a.unpublish_at > :now)
      AND 0 = (
        SELECT COUNT(*) FROM news_audiences d
         WHERE d.article_id = a.id
           AND NOT EXISTS (
             SELECT 1 FROM news_audiences m
              WHERE m.article_id = d.article_id AND m.dimension = d.dimension
                AND (${matches.length ? matches.join(' OR ') : '1 = 0'})))
      ${after}
      ${tagged}
    ORDER BY a.pinned DESC, a.publish_at DESC, a.id DESC
    LIMIT :limit`;
  return { sql, replacements };
}

/**
 * A time as the DATE(3) columns hold it, to the millisecond, in UTC (the kernel's time zone on
 * both dialects). Not a Date replacement: for MySQL/MariaDB sequelize escapes a Date without its
 * milliseconds, so a cursor would skip articles published within the same second.
 */
function sqlTime(time: Date, dialect: string): string {
  const text = time.toISOString().replace('T', ' ').replace('Z', '');
  // sequelize stores SQLite dates as text with the offset; text compares as text there.
  return dialect === 'sqlite' ? `${text} +00:00` : text;
}
