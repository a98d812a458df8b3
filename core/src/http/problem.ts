/** One failing field in a validation problem. `path` is a JSON Pointer into the input. */
export interface FieldError {
  /** Where the field is: `body`, `query` or `params`. */
  in?: 'body' | 'query' | 'params';
  path: string;
  message: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export interface ProblemInit {
  type?: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
  [extension: string]: unknown;
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/**
 * An error that becomes an RFC 9457 `application/problem+json` response. Throw it from a route
 * handler or a service; the kernel renders it. Anything else thrown becomes a 500 without details.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly problem: ProblemInit;

  constructor(status: number, init: ProblemInit | string = {}) {
    const problem = typeof init === 'string' ? { detail: init } : init;
    super(problem.detail ?? problem.title ?? titles[status] ?? `HTTP ${status}`);
    this.name = 'ProblemError';
    this.status = status;
    this.problem = problem;
  }

  toJSON(instance?: string): Record<string, unknown> {
    const { headers: _headers, ...rest } = this.problem;
    return {
      type: this.problem.type ?? 'about:blank',
      title: this.problem.title ?? titles[this.status] ?? 'Error',
      status: this.status,
      ...rest,
      ...(instance ? { instance } : {}),
    };
  }
}

/** True for a ProblemError, also one thrown by another copy of core (where instanceof fails). */
export function isProblemError(err: unknown): err is ProblemError {
  return (
    err instanceof ProblemError ||
    (err instanceof Error &&
      err.name === 'ProblemError' &&
      typeof (err as ProblemError).status === 'number' &&
      typeof (err as ProblemError).problem === 'object')
  );
}

export const notFound = (detail = 'The resource does not exist or you may not see it.'): ProblemError =>
  new ProblemError(404, { detail });
export const forbidden = (detail = 'You may not do this.'): ProblemError => new ProblemError(403, { detail });
export const conflict = (detail: string): ProblemError => new ProblemError(409, { detail });
