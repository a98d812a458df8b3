import { ApiError } from '@portico/core/react';

/** Field errors of an API answer keyed by JSON Pointer ("/name", "/emailDomains/0"); empty for other errors. */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  return error instanceof ApiError ? error.fieldErrors() : {};
}

/**
 * Props that put the server's message for `path` (and the fields under it) under a TextField,
 * with `help` shown when there is none.
 */
export function fieldProps(
  errors: Record<string, string>,
  path: string,
  help?: string,
): { error: boolean; helperText: string | undefined } {
  const own = errors[path];
  const nested = Object.entries(errors).find(([p]) => p.startsWith(`${path}/`))?.[1];
  const message = own ?? nested;
  return { error: !!message, helperText: message ?? help };
}
