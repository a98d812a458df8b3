import { useApi, useSession } from '@portico/core/react';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';

/** What the login calls answer: a session, or the second factor still to give. */
export interface LoginAnswer {
  status: 'ok' | 'two-factor-required' | 'two-factor-setup-required';
  csrfToken?: string;
  challenge?: string;
  recoveryCodes?: string[];
}

/** Only paths inside this site may be a target after login (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  return next &&
    next.startsWith('/') &&
    !next.startsWith('//') &&
    !next.startsWith('/\\') &&
    !/[\s\u0000-\u001f]/.test(next) &&
    !next.startsWith('/login')
    ? next
    : '/';
}

/** `?next=` for a link between the login pages, kept only when it leads somewhere else than home. */
export function nextQuery(next: string): string {
  return next !== '/' ? `?next=${encodeURIComponent(next)}` : '';
}

/** Goes to `next`: the admin app is another page load, the portal's own pages are not. */
let leavingFor: string | undefined;
/**
 * Leaves the portal app for `href` (the admin app is another app: a full page load). Only once:
 * the login answer and the login page's own "already logged in" check may both ask for it.
 */
export function leaveFor(href: string): void {
  if (leavingFor === href) return;
  leavingFor = href;
  window.location.assign(href);
}

export function useGoTo(): (next: string) => void {
  const navigate = useNavigate();
  return useCallback(
    (next: string) => {
      if (next === '/admin' || next.startsWith('/admin/')) leaveFor(next);
      else void navigate(next, { replace: true });
    },
    [navigate],
  );
}

/**
 * Finishes a login answer: with a session, keeps its CSRF token, loads the user and goes on to
 * `next`; with a second factor to give, goes to the two-factor page.
 */
export function useFinishLogin(): (answer: LoginAnswer, next: string) => Promise<void> {
  const api = useApi();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const goTo = useGoTo();
  return useCallback(
    async (answer: LoginAnswer, next: string) => {
      if (answer.status === 'ok') {
        api.setCsrfToken(answer.csrfToken);
        await refresh();
        goTo(next);
        return;
      }
      const q = new URLSearchParams({
        challenge: answer.challenge ?? '',
        next,
        setup: answer.status === 'two-factor-setup-required' ? '1' : '0',
      });
      void navigate(`/login/two-factor?${q}`);
    },
    [api, refresh, navigate, goTo],
  );
}
