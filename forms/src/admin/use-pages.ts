import { ApiError, useApi } from '@portico/core/react';
import { useCallback, useEffect, useState } from 'react';
import type { Page } from './types.js';

/** Pages through a cursor-paginated list: forward with nextCursor, back with the cursors seen. */
export function usePages<T>(path: string | null, limit = 25) {
  const api = useApi();
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [state, setState] = useState<{ page?: Page<T>; error?: ApiError; loading: boolean }>({
    loading: true,
  });
  const [version, setVersion] = useState(0);
  const [forPath, setForPath] = useState(path);
  if (forPath !== path) {
    setForPath(path);
    setCursors([null]);
  }
  const cursor = cursors[cursors.length - 1] ?? null;
  useEffect(() => {
    if (!path) return;
    let live = true;
    const sep = path.includes('?') ? '&' : '?';
    setState((s) => ({ ...s, loading: true }));
    api
      .get<Page<T> | T[]>(
        `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      )
      .then(
        (page) =>
          live &&
          setState({ page: Array.isArray(page) ? { items: page, nextCursor: null } : page, loading: false }),
        (error: unknown) =>
          live &&
          setState({
            loading: false,
            error: error instanceof ApiError ? error : new ApiError(0, { detail: String(error) }),
          }),
      );
    return () => {
      live = false;
    };
  }, [api, path, cursor, limit, version]);
  return {
    items: state.page?.items,
    error: state.error,
    loading: state.loading,
    hasNext: !!state.page?.nextCursor,
    hasPrevious: cursors.length > 1,
    next: useCallback(() => {
      const c = state.page?.nextCursor;
      if (c) setCursors((cs) => [...cs, c]);
    }, [state.page]),
    previous: useCallback(() => setCursors((cs) => (cs.length > 1 ? cs.slice(0, -1) : cs)), []),
    reload: useCallback(() => setVersion((v) => v + 1), []),
  };
}

/** Organisation names by id, for filters and lists (the first 200 customers). */
export function useOrganizations() {
  const api = useApi();
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    let live = true;
    api
      .get<Page<{ id: string; name: string }>>('/organizations?limit=200')
      .then((p) => live && setOrgs(p.items))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [api]);
  return orgs;
}
