import { ApiError } from '../client/index.js';

export { ApiError };

/** The portal's JSON API as the apps use it: same origin, session cookie, CSRF token on writes. */
export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body: unknown): Promise<T>;
  patch<T>(path: string, body: unknown): Promise<T>;
  /** `body`: for the few DELETEs that need proof, such as DELETE /me/two-factor. */
  delete<T>(path: string, body?: unknown): Promise<T>;
  /** Sends raw bytes (an upload) with their content type. */
  upload<T>(method: 'POST' | 'PUT', path: string, body: Blob): Promise<T>;
  /** Sets the CSRF token (after login). */
  setCsrfToken(token: string | undefined): void;
  /**
   * Starts `GET path` now, before anything asks for it (at start-up, for what the first screen
   * shows); the next `get(path)` within a few seconds takes this answer instead of asking again.
   */
  prefetch(path: string): void;
}

/** How long a prefetched answer waits for its `get`; later, `get` asks afresh. */
const PREFETCH_KEPT_MS = 10_000;

export function createApi(options: { onUnauthorized?: () => void } = {}): Api {
  let csrf: string | undefined;
  let pendingCsrf: Promise<void> | undefined;
  async function ensureCsrf(): Promise<void> {
    if (csrf) return;
    pendingCsrf ??= fetch('/api/v1/auth/session', {
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
    })
      .then((r) => r.json() as Promise<{ csrfToken?: string }>)
      .then((s) => {
        csrf = s.csrfToken;
      })
      .finally(() => {
        pendingCsrf = undefined;
      });
    await pendingCsrf;
  }
  async function request<T>(method: string, path: string, body?: unknown, contentType?: string): Promise<T> {
    const writing = method !== 'GET';
    if (writing) await ensureCsrf();
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = contentType ?? 'application/json';
    if (writing && csrf) headers['X-CSRF-Token'] = csrf;
    let res: Response;
    try {
      res = await fetch(`/api/v1${path}`, {
        method,
        credentials: 'same-origin',
        headers,
        ...(body !== undefined ? { body: contentType ? (body as Blob) : JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, {
        title: 'Offline',
        detail: 'The portal could not be reached. Check your connection and try again.',
      });
    }
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    const data: unknown = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      if (res.status === 401 && path !== '/auth/login') options.onUnauthorized?.();
      throw new ApiError(
        res.status,
        typeof data === 'object' && data ? (data as ApiError['problem']) : { detail: String(data) },
      );
    }
    return data as T;
  }
  const prefetched = new Map<string, { answer: Promise<unknown>; at: number }>();
  return {
    get<T>(path: string): Promise<T> {
      const early = prefetched.get(path);
      if (early) {
        prefetched.delete(path);
        if (Date.now() - early.at < PREFETCH_KEPT_MS) return early.answer as Promise<T>;
      }
      return request<T>('GET', path);
    },
    prefetch(path) {
      const answer = request('GET', path);
      // Nobody may come for it: its failure is reported to the `get` that takes it, if any.
      answer.catch(() => undefined);
      prefetched.set(path, { answer, at: Date.now() });
    },
    post: (path, body) => request('POST', path, body ?? {}),
    put: (path, body) => request('PUT', path, body),
    patch: (path, body) => request('PATCH', path, body),
    delete: (path, body) => request('DELETE', path, body),
    upload: (method, path, body) => request(method, path, body, body.type || 'application/octet-stream'),
    setCsrfToken(token) {
      csrf = token;
    },
  };
}
