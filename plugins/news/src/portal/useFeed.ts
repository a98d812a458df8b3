import { ApiError, useApi, useSession } from '@portico/core/react';
import { startTransition, useCallback, useEffect, useRef, useState } from 'react';
import { feedPath } from './feed-path.js';
import type { ArticleView, Page } from './types.js';

export interface Feed {
  items: ArticleView[];
  /** True while the first page or a further page is loading. */
  loading: boolean;
  error: ApiError | undefined;
  /** Whether there are more articles after the last one loaded. */
  hasMore: boolean;
  loadMore(): void;
  /** Tries the page that failed again. */
  retry(): void;
}

/** The reader's feed (optionally of one tag), page by page with the API's cursor. */
export function useFeed(options: { tag?: string | null; pageSize?: number } = {}): Feed {
  const api = useApi();
  const { tag, pageSize = 10 } = options;
  // The server answers in the reader's profile language: a new choice of language loads the
  // feed again, in it.
  const language = useSession().me?.user.language;
  const [items, setItems] = useState<ArticleView[]>([]);
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<ApiError>();
  // Answers of an earlier tag that arrive late are dropped.
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (after: string | null | undefined, gen: number) => {
      setLoading(true);
      setError(undefined);
      let page: Page<ArticleView>;
      try {
        page = await api.get<Page<ArticleView>>(feedPath({ limit: pageSize, tag, cursor: after }));
      } catch (err) {
        if (gen !== generation.current) return;
        setError(err instanceof ApiError ? err : new ApiError(0, { detail: String(err) }));
        setLoading(false);
        return;
      }
      if (gen !== generation.current) return;
      // A transition: React renders the new cards in slices and lets the browser in between.
      startTransition(() => {
        setItems((prev) => (after ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      });
    },
    // language: not read here, but a new one is why the feed is fetched again.
    [api, tag, pageSize, language],
  );

  useEffect(() => {
    const gen = ++generation.current;
    setItems([]);
    setCursor(undefined);
    void fetchPage(undefined, gen);
  }, [fetchPage]);

  const loadMore = useCallback(() => {
    if (loading || !cursor) return;
    void fetchPage(cursor, generation.current);
  }, [loading, cursor, fetchPage]);

  const retry = useCallback(() => {
    void fetchPage(cursor, generation.current);
  }, [cursor, fetchPage]);

  return { items, loading, error, hasMore: !!cursor, loadMore, retry };
}
