import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { Mailer } from '../../mail/mailer.js';
import { normalizeEmail } from '../directory.js';
import { retryAfterSeconds } from '../rate-limiter.js';
import { mailPasswordReset, passwordResetRequestedEvent, type PasswordResetRequested } from '../recovery.js';
import { emailSchema, loginAnswerSchema } from '../schemas.js';
import { digest } from '../secrets.js';
import type { IdentityService } from '../service.js';
import { loginReply } from './auth.js';

/** Reset requests for one address from one client address, per hour. */
const RESETS_PER_EMAIL_PER_HOUR = 5;

export const tokenSchema = { type: 'string', minLength: 20, maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' };
export const newPasswordSchema = { type: 'string', minLength: 1, maxLength: 1024 };

/** The answer to a request that must not tell whether an address has an account. */
export const acceptedSchema = {
  type: 'object',
  required: ['status', 'detail'],
  properties: { status: { const: 'accepted' }, detail: { type: 'string' } },
};

/** Account recovery: ask for a reset link by e-mail, and use it. */
export function registerRecoveryRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  mailer: Lazy<Mailer>,
): void {
  ctx.on<PasswordResetRequested>(
    passwordResetRequestedEvent,
    (event) => mailPasswordReset(identity(), mailer(), event.payload),
    { name: 'password-reset-mail' },
  );

  ctx.route<unknown, unknown, { email: string }, unknown>({
    method: 'post',
    path: '/auth/password-reset',
    summary: 'Ask for a password reset link by e-mail',
    description:
      'Always answers 202 with the same body, whether or not the address has an account, so addresses cannot be probed. An active account gets a single-use link, valid for auth.tokens.resetHours, in its language. Limited per client address, and per client address and e-mail.',
    access: 'public',
    // The rate limiter counts outside any transaction.
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['email'],
      properties: { email: emailSchema },
    },
    responses: {
      202: { description: 'Accepted (for known and unknown addresses alike)', schema: acceptedSchema },
      429: { description: 'Too many requests' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'password-reset');
      const email = normalizeEmail(req.body.email);
      const ip = id.clientAddress(req.raw);
      const hit = await id.limiter.hit(`rl:reset:${ip}:${digest(email).slice(0, 40)}`, 3_600_000);
      if (hit.count > RESETS_PER_EMAIL_PER_HOUR) {
        const wait = retryAfterSeconds(hit);
        throw new ProblemError(429, {
          title: 'Too many requests',
          detail: `Too many reset requests for this address. Try again in ${Math.ceil(wait / 60)} minutes.`,
          headers: { 'Retry-After': String(wait) },
        });
      }
      // The same single write for every address; who gets a mail is decided after commit.
      await id.events.emit<PasswordResetRequested>(passwordResetRequestedEvent, { email, ip });
      const hours = id.config.auth.tokens.resetHours;
      return reply(
        202,
        {
          status: 'accepted' as const,
          detail: `If an active account uses this address, a link to choose a new password is on its way. It works once, for ${hours < 1 ? `${Math.max(1, Math.round(hours * 60))} minutes` : `${hours} hours`}.`,
        },
        { 'Cache-Control': 'no-store' },
      );
    },
  });

  ctx.route<unknown, unknown, { token: string; password: string }, unknown>({
    method: 'post',
    path: '/auth/password-reset/confirm',
    summary: 'Choose a new password with a reset link, and log in',
    description:
      'Uses the token from the reset link (once), sets the password under the password policy, ends every other session of the user and logs them in. A forged, expired or used token answers 400; a password the policy refuses answers 422 and leaves the token usable.',
    access: 'public',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['token', 'password'],
      properties: { token: tokenSchema, password: newPasswordSchema },
    },
    responses: {
      200: {
        description: 'Password changed; logged in, or a second factor is needed',
        schema: loginAnswerSchema,
      },
      400: { description: 'The token is forged, expired or used' },
      422: { description: 'The password breaks the policy' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'password-reset-confirm');
      const ip = id.clientAddress(req.raw);
      // One transaction: a refused password rolls the token's use back with everything else.
      const { answer, email } = await id.db.transactional(async () => {
        const token = await id.consumeOneTimeToken('password-reset', req.body.token);
        const user = token.userId ? await id.directory.user(token.userId) : undefined;
        const organization = user && (await id.directory.organization(user.organization_id));
        if (!user || user.status !== 'active' || organization?.status !== 'active')
          throw new ProblemError(400, {
            title: 'Invalid or expired token',
            detail:
              'This password reset link no longer works: the account is not active. Ask your administrator.',
            errors: [{ in: 'body', path: '/token', message: 'belongs to an account that is not active' }],
          });
        await id.setPassword(user, req.body.password);
        // Other links sent before this one must not work after the password changed.
        await id.db.sequelize.query(
          "UPDATE portico_one_time_tokens SET used_at = ? WHERE user_id = ? AND purpose = 'password-reset' AND used_at IS NULL",
          { replacements: [new Date(), user.id] },
        );
        const ended = await id.endSessionsOf(user.id);
        await id.audit.record({
          type: 'auth.password-reset',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { sessionsEnded: ended },
          actor: { ...req.actor, userId: user.id, organizationId: user.organization_id },
        });
        const fresh = (await id.directory.user(user.id))!;
        return {
          answer: loginReply(await id.completeLogin(fresh, 'password-reset', req.raw)),
          email: user.email,
        };
      });
      // Whoever holds the mailbox proved it: a lockout from guessing ends.
      await id.limiter.reset(`login:acct:${email}`);
      return answer;
    },
  });
}
