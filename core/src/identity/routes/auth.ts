import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { userView } from '../directory.js';
import { needsRehash, hashPassword, verifyAgainstNothing, verifyPassword } from '../password.js';
import { retryAfterSeconds } from '../rate-limiter.js';
import { loginAnswerSchema, emailSchema } from '../schemas.js';
import type { IdentityService, LoginOutcome } from '../service.js';

/** Answers a login outcome: a session cookie, or the second factor still needed. */
export function loginReply(outcome: LoginOutcome) {
  if (outcome.status !== 'ok') return { status: outcome.status, challenge: outcome.challenge };
  return reply(
    200,
    { status: 'ok' as const, csrfToken: outcome.csrfToken, user: userView(outcome.user) },
    { 'Set-Cookie': outcome.cookie, 'Cache-Control': 'no-store' },
  );
}

function tooMany(detail: string, wait: number): ProblemError {
  return new ProblemError(429, {
    title: 'Too many failed logins',
    detail,
    headers: { 'Retry-After': String(wait) },
  });
}

/** Login, logout, the session's CSRF token and log out everywhere. */
export function registerAuthRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  ctx.route<unknown, unknown, { email: string; password: string }, unknown>({
    method: 'post',
    path: '/auth/login',
    summary: 'Log in with e-mail and password',
    description:
      'Starts a session (HttpOnly cookie) and answers the CSRF token to send as X-CSRF-Token on writing requests. When the user has a second factor, answers a challenge for POST /auth/two-factor instead. Failed attempts count per account and per address; above the limits the answer is 429 with Retry-After, for known and unknown addresses alike.',
    access: 'public',
    // Failed attempts must be counted even though the request fails: no request-wide transaction.
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['email', 'password'],
      properties: { email: emailSchema, password: { type: 'string', minLength: 1, maxLength: 1024 } },
    },
    responses: {
      200: { description: 'Logged in, or a second factor is needed', schema: loginAnswerSchema },
      401: { description: 'Wrong e-mail or password' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      const { lockout, scrypt } = id.config.auth;
      const ip = id.clientAddress(req.raw);
      const email = req.body.email.trim().toLowerCase();
      const windowMs = lockout.windowMinutes * 60_000;
      const accountKey = `login:acct:${email}`;
      const ipKey = `login:ip:${ip}`;
      const [accountHits, ipHits] = await Promise.all([id.limiter.peek(accountKey), id.limiter.peek(ipKey)]);
      if (ipHits && ipHits.count >= lockout.ipAttempts) {
        const wait = retryAfterSeconds(ipHits);
        throw tooMany(
          `Too many failed logins from your address. Try again in ${Math.ceil(wait / 60)} minutes.`,
          wait,
        );
      }
      if (accountHits && accountHits.count >= lockout.accountAttempts) {
        const wait = retryAfterSeconds(accountHits);
        throw tooMany(
          `Too many failed logins for this account. Try again in ${Math.ceil(wait / 60)} minutes, or reset your password.`,
          wait,
        );
      }

      const user = await id.directory.userByEmail(email);
      const ok = user?.password_hash
        ? await verifyPassword(req.body.password, user.password_hash)
        : await verifyAgainstNothing(req.body.password, scrypt);
      const organization = ok && user ? await id.directory.organization(user.organization_id) : undefined;
      if (!ok || !user) {
        const [acct] = await Promise.all([
          id.limiter.hit(accountKey, windowMs),
          id.limiter.hit(ipKey, windowMs),
        ]);
        await id.db.transactional(async () => {
          await id.audit.record({
            type: 'auth.login-failed',
            organizationId: user?.organization_id ?? null,
            targetType: user ? 'user' : 'email',
            targetId: user?.id ?? email.slice(0, 191),
            ip,
          });
          if (user && acct.count === lockout.accountAttempts)
            await id.audit.record({
              type: 'auth.lockout',
              organizationId: user.organization_id,
              targetType: 'user',
              targetId: user.id,
              ip,
              details: { until: acct.resetAt.toISOString() },
            });
        });
        throw new ProblemError(401, {
          title: 'Login failed',
          detail: 'The e-mail address or the password is wrong.',
        });
      }
      // From here the password was right, so saying why the login is refused reveals nothing.
      if (user.status === 'invited')
        throw new ProblemError(403, {
          detail:
            'This account is not activated yet. Use the link in your invitation e-mail to set a password.',
        });
      if (user.status !== 'active')
        throw new ProblemError(403, {
          detail: "This account is deactivated. Ask your company's portal administrator.",
        });
      if (organization?.status !== 'active')
        throw new ProblemError(403, {
          detail: 'Your company’s access to the portal is suspended. Contact your supplier.',
        });
      await id.limiter.reset(accountKey);
      return id.db.transactional(async () => {
        if (needsRehash(user.password_hash!, scrypt)) {
          const hash = await hashPassword(req.body.password, scrypt);
          await id.db.sequelize.query('UPDATE portico_users SET password_hash = ? WHERE id = ?', {
            replacements: [hash, user.id],
          });
        }
        return loginReply(await id.completeLogin(user, 'password', req.raw));
      });
    },
  });

  ctx.route({
    method: 'post',
    path: '/auth/logout',
    summary: 'Log out of this session',
    access: 'public',
    responses: { 204: { description: 'Logged out; the cookie is cleared' } },
    async handler(req) {
      const id = identity();
      const sessionId = req.actor.sessionId;
      if (sessionId) {
        await id.sessions.destroy(sessionId);
        id.cache.invalidate({ session: sessionId });
        await id.audit.record({
          type: 'auth.logout',
          organizationId: req.actor.organizationId,
          targetType: 'user',
          targetId: req.actor.userId,
          ip: id.clientAddress(req.raw),
        });
      }
      return reply(204, undefined, { 'Set-Cookie': id.cookie(null) });
    },
  });

  ctx.route({
    method: 'post',
    path: '/auth/logout-everywhere',
    summary: 'End every session of the current user, on every device',
    access: 'authenticated',
    responses: {
      200: {
        description: 'Sessions ended',
        schema: { type: 'object', required: ['ended'], properties: { ended: { type: 'integer' } } },
      },
    },
    async handler(req) {
      const id = identity();
      if (!req.actor.userId) throw new ProblemError(400, { detail: 'An API token has no sessions to end.' });
      const ended = await id.endSessionsOf(req.actor.userId);
      await id.audit.record({
        type: 'auth.logout-everywhere',
        organizationId: req.actor.organizationId,
        targetType: 'user',
        targetId: req.actor.userId,
        ip: id.clientAddress(req.raw),
        details: { ended },
      });
      return reply(200, { ended }, { 'Set-Cookie': id.cookie(null) });
    },
  });

  ctx.route({
    method: 'get',
    path: '/auth/session',
    summary: 'Whether the caller is logged in, and the CSRF token of the session',
    access: 'public',
    responses: {
      200: {
        description: 'The session, or { authenticated: false }',
        schema: {
          type: 'object',
          required: ['authenticated'],
          properties: {
            authenticated: { type: 'boolean' },
            csrfToken: { type: 'string' },
            userId: { type: 'string' },
            organizationId: { type: 'string' },
          },
        },
      },
    },
    async handler(req) {
      const id = identity();
      const sessionId = req.actor.sessionId;
      const session = sessionId ? await id.sessions.get(sessionId) : undefined;
      const body = session
        ? {
            authenticated: true,
            csrfToken: session.csrfToken,
            userId: req.actor.userId!,
            organizationId: req.actor.organizationId!,
          }
        : { authenticated: req.actor.kind === 'token' };
      return reply(200, body, { 'Cache-Control': 'no-store' });
    },
  });
}
