/**
 * @portico/core/client: browser-safe helpers for the portal and admin apps and for scripts.
 * No server code is imported here.
 */

/** A failed API call, carrying the server's RFC 9457 problem details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: {
      type?: string;
      title?: string;
      detail?: string;
      errors?: Array<{ in?: string; path: string; message: string }>;
      requestId?: string;
    },
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
  }

  /** Field errors keyed by JSON Pointer, for showing next to form fields. */
  fieldErrors(): Record<string, string> {
    return Object.fromEntries((this.problem.errors ?? []).map((e) => [e.path, e.message]));
  }
}

export interface ApiClientOptions {
  /** Base URL of the portal; empty for same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  headers?: Record<string, string>;
}

/** A small JSON client for `/api/v1`: `await api.get('/hello/greetings')`. */
export function createApiClient(options: ApiClientOptions = {}) {
  const f = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = `${options.baseUrl ?? ''}/api/v1`;
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await f(`${base}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (res.status === 204) return undefined as T;
    const type = res.headers.get('content-type') ?? '';
    const data: unknown = type.includes('json') ? await res.json() : await res.text();
    if (!res.ok) {
      throw new ApiError(
        res.status,
        typeof data === 'object' && data ? (data as ApiError['problem']) : { detail: String(data) },
      );
    }
    return data as T;
  }
  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
    put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
    patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
    delete: <T>(path: string) => request<T>('DELETE', path),
  };
}
