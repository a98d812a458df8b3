import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * A list's filters in the address (so Back and a shared link keep them): `values` holds the
 * current ones, `set` changes some, an empty string removes one.
 */
export function useFilters<K extends string>(keys: readonly K[]) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(
    () => Object.fromEntries(keys.map((k) => [k, params.get(k) ?? ''])) as Record<K, string>,
    // keys is a constant list per screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params],
  );
  const set = useCallback(
    (change: Partial<Record<K, string>>) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(change) as Array<[K, string | undefined]>) {
            if (v) next.set(k, v);
            else next.delete(k);
          }
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { values, set };
}

/** The query string of the API for the filters that have a value. */
export function queryOf(values: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A search box's text, passed on after the typing stops for `ms`. */
export function useDebouncedInput(value: string, onSettled: (v: string) => void, ms = 300) {
  const [text, setText] = useState(value);
  const settled = useRef(onSettled);
  settled.current = onSettled;
  const last = useRef(value);
  // A change from outside (Back, a link) shows in the box.
  useEffect(() => {
    if (value !== last.current) {
      last.current = value;
      setText(value);
    }
  }, [value]);
  useEffect(() => {
    if (text === last.current) return;
    const timer = setTimeout(() => {
      last.current = text;
      settled.current(text);
    }, ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return [text, setText] as const;
}
