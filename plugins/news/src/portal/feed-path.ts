/** How many articles the home page's feed shows first. */
export const homeFeedPageSize = 7;

/**
 * The API path of one page of the reader's feed. The home page's first page is asked for with the
 * page (see `prefetch` in index.tsx), so both must build it the same way: here.
 */
export function feedPath(options: { limit: number; tag?: string | null; cursor?: string | null }): string {
  const query = new URLSearchParams({ limit: String(options.limit) });
  if (options.tag) query.set('tag', options.tag);
  if (options.cursor) query.set('cursor', options.cursor);
  return `/news/feed?${query}`;
}
