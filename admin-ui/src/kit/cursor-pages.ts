import { ApiError, useApi } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';

/** A page of a cursor-paginated list of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface CursorPages<T> {
  items: T[] | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** 0-based number of the page shown. */
  page: number;
  hasNext: boolean;
  hasPrevious: boolean;
  next(): void;
  previous(): void;
  /** Loads the page shown again. */
  reload(): void;
  /** Changes the rows shown at once (an optimistic update); the next load replaces them. */
  update(change: (items: T[]) => T[]): void;
}

/** Adds `limit` and `cursor` to a path that may hold a query already. */
function withPage(path: string, limit: number, cursor: string | null): string {
  const sep = path.includes('?') ? '&' : '?';
  return `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
}

/**
 * Pages through a list of the API with its cursors: forward with the page's `nextCursor`, back
 * with the cursors already seen. A new `path` (other filters) starts again at the first page.
 */
export function useCursorPages<T>(path: string | null, limit = 25): CursorPages<T> {
  const api = useApi();
  const [position, setPosition] = useState<{
    path: string | null;
    cursors: Array<string | null>;
    index: number;
  }>({ path, cursors: [null], index: 0 });
  const current = position.path === path ? position : { path, cursors: [null], index: 0 };
  const cursor = current.cursors[current.index] ?? null;
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{
    key?: string;
    data?: Page<T>;
    error?: ApiError;
    loading: boolean;
  }>({ loading: !!path });

  const url = path === null ? null : withPage(path, limit, cursor);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    api.get<Page<T>>(url).then(
      (data) => live && setState({ key: url, data, loading: false }),
      (error: unknown) =>
        live &&
        setState({
          key: url,
          loading: false,
          error: error instanceof ApiError ? error : new ApiError(0, { detail: String(error) }),
        }),
    );
    return () => {
      live = false;
    };
  }, [api, url, version]);

  const nextCursor = state.key === url ? (state.data?.nextCursor ?? null) : null;
  const next = useCallback(() => {
    if (!nextCursor) return;
    setPosition({
      path: current.path,
      cursors: [...current.cursors.slice(0, current.index + 1), nextCursor],
      index: current.index + 1,
    });
  }, [current.path, current.cursors, current.index, nextCursor]);
  const previous = useCallback(() => {
    if (current.index === 0) return;
    setPosition({ path: current.path, cursors: current.cursors, index: current.index - 1 });
  }, [current.path, current.cursors, current.index]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const update = useCallback(
    (change: (items: T[]) => T[]) =>
      setState((s) => (s.data ? { ...s, data: { ...s.data, items: change(s.data.items) } } : s)),
    [],
  );
  return {
    // Rows of an earlier page stay on screen while the next loads (no flicker), marked by `loading`.
    items: state.data?.items,
    error: state.error,
    loading: state.loading || state.key !== url,
    page: current.index,
    hasNext: !!nextCursor,
    hasPrevious: current.index > 0,
    next,
    previous,
    reload,
    update,
  };
}
