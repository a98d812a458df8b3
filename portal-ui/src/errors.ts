import { ApiError } from '@portico/core/react';
import type { TFunction } from 'i18next';

/** One field error of a problem answer, as the server sends it (keyword and params from ajv or the password policy). */
export interface FieldProblem {
  in?: string;
  path: string;
  message: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

export function asApiError(error: unknown): ApiError | undefined {
  return error instanceof ApiError ? error : undefined;
}

/** The HTTP status of a failed call (0: the portal could not be reached), or undefined for other errors. */
export function statusOf(error: unknown): number | undefined {
  return asApiError(error)?.status;
}

/** The first number in the server's message ("at least 12 characters"), for a translated text. */
function numberIn(message: string): string {
  return /\d+/.exec(message)?.[0] ?? '';
}

/**
 * A field error in the user's language: ajv's keywords and the password policy's codes are
 * translated; anything else keeps the server's words.
 */
export function fieldProblemText(t: TFunction, e: FieldProblem): string {
  const limit = typeof e.params?.limit === 'number' ? String(e.params.limit) : numberIn(e.message);
  switch (e.keyword) {
    case 'required':
      return t('field.required');
    case 'format':
      return e.params?.format === 'email' ? t('field.email') : t('field.format');
    case 'minLength':
      return limit === '1' ? t('field.required') : t('field.minLength', { count: Number(limit) });
    case 'maxLength':
      return t('field.maxLength', { count: Number(limit) });
    case 'pattern':
      return e.path === '/phone'
        ? t('field.phone')
        : e.path === '/code'
          ? t('field.code')
          : t('field.format');
    case 'too-short':
      return t('password.tooShort', { count: Number(numberIn(e.message)) });
    case 'too-long':
      return t('password.tooLong', { count: Number(numberIn(e.message)) });
    case 'common':
      return t('password.common');
    case 'personal':
      return t('password.personal');
    case 'reused':
      return t('password.reused', { count: Number(numberIn(e.message)) });
    default:
      return e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }
}

/** Field errors of a 4xx answer by JSON Pointer, every message of a field kept and translated. */
export function fieldProblems(t: TFunction, error: unknown): Record<string, string[]> {
  const problems = (asApiError(error)?.problem.errors ?? []) as FieldProblem[];
  const out: Record<string, string[]> = {};
  for (const e of problems) {
    // "required" names the missing property in params; its path may be the parent.
    const missing = e.keyword === 'required' ? e.params?.missingProperty : undefined;
    const path =
      typeof missing === 'string' && !e.path.endsWith(`/${missing}`) ? `${e.path}/${missing}` : e.path;
    const text = fieldProblemText(t, e);
    const list = (out[path] ??= []);
    // ajv reports minLength and pattern together for an empty field: say it once.
    if (!list.includes(text)) list.push(text);
  }
  return out;
}

/** Minutes to wait, from a 429 answer's detail ("Try again in 12 minutes" / "in 40 seconds"). */
export function waitMinutes(error: unknown): number | undefined {
  const detail = asApiError(error)?.problem.detail ?? '';
  const minutes = /in (\d+) minutes?/.exec(detail);
  if (minutes) return Number(minutes[1]);
  const seconds = /in (\d+) seconds?/.exec(detail);
  return seconds ? Math.max(1, Math.ceil(Number(seconds[1]) / 60)) : undefined;
}

/**
 * A sentence for errors every screen can meet, in the user's language: offline, too many
 * requests, the server failing. Undefined when the server's own words say it better.
 */
export function commonProblemText(t: TFunction, error: unknown): string | undefined {
  const status = statusOf(error);
  if (status === 0) return t('errors.offline');
  if (status === 429) {
    const minutes = waitMinutes(error);
    return minutes ? t('errors.tooManyWait', { count: minutes }) : t('errors.tooMany');
  }
  if (status !== undefined && status >= 500) return t('errors.server');
  return undefined;
}
