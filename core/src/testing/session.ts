/** What a request through a TestSession answers. */
export interface TestResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** Parsed JSON (or problem+json), or the text, or undefined for an empty body. */
  body: T;
}

/**
 * A browser-like client for tests: keeps the session cookie, sends the CSRF token on writing
 * requests, and speaks JSON. `await new TestSession(url).login(email, password)`.
 */
export class TestSession {
  cookie?: string;
  csrfToken?: string;

  constructor(
    readonly baseUrl: string,
    /** Headers sent with every request (an Authorization header for an API token, say). */
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  /** Logs in with a password; throws unless the answer is a session (status ok). */
  async login(email: string, password: string): Promise<this> {
    const r = await this.post<{ status: string; csrfToken?: string }>('/api/v1/auth/login', {
      email,
      password,
    });
    if (r.status !== 200 || r.body.status !== 'ok')
      throw new Error(`login of ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
    return this;
  }

  get<T = unknown>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>> {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse<T>> {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = unknown>(
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestResponse<T>> {
    return this.request<T>('PATCH', path, body, headers);
  }
  put<T = unknown>(path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse<T>> {
    return this.request<T>('PUT', path, body, headers);
  }
  delete<T = unknown>(path: string, headers?: Record<string, string>): Promise<TestResponse<T>> {
    return this.request<T>('DELETE', path, undefined, headers);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse<T>> {
    const h: Record<string, string> = { accept: 'application/json', ...this.defaultHeaders };
    if (this.cookie) h.cookie = this.cookie;
    if (method !== 'GET' && method !== 'HEAD' && this.csrfToken) h['x-csrf-token'] = this.csrfToken;
    // fetch takes bytes backed by an ArrayBuffer only (not a SharedArrayBuffer): copy them.
    let payload: string | Uint8Array<ArrayBuffer> | undefined;
    if (typeof body === 'string') payload = body;
    else if (body instanceof Uint8Array) payload = new Uint8Array(body);
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { ...h, ...headers },
      body: payload,
      redirect: 'manual',
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = pair!.split('=');
      if (/Max-Age=0/i.test(c) || !value) {
        if (this.cookie?.startsWith(`${name}=`)) this.cookie = undefined;
      } else this.cookie = `${name}=${value}`;
    }
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    const parsed = text && /json/.test(type) ? (JSON.parse(text) as unknown) : text || undefined;
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed && typeof parsed.csrfToken === 'string')
      this.csrfToken = parsed.csrfToken;
    return { status: res.status, headers: res.headers, body: parsed as T };
  }
}
