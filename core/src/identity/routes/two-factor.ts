import type { JsonSchema } from '../../validation/validator.js';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply, type RouteRequest } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { userView, type UserRow } from '../directory.js';
import { verifyPassword } from '../password.js';
import { userSchema } from '../schemas.js';
import type { IdentityService, LoginOutcome } from '../service.js';
import { personActor, twoFactorOf, type SecondFactorProof } from '../two-factor.js';
import { currentUser } from './me.js';
import { loginReply } from './auth.js';
import { registerTwoFactorPolicyRoutes } from './two-factor-policy.js';

const codeSchema = {
  type: 'string',
  pattern: '^[0-9]{6}$',
  description: 'The 6-digit code your authenticator app shows now.',
};

/** A body of one authenticator code. */
const codeBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: { code: codeSchema },
};
const recoveryCodeSchema = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: 'One of your recovery codes (each works once).',
};
const challengeSchema = {
  type: 'string',
  minLength: 20,
  maxLength: 200,
  description: 'The challenge the login answered.',
};
const setupSchema = {
  type: 'object',
  required: ['secret', 'otpauthUrl'],
  properties: {
    secret: { type: 'string', description: 'Base32, for typing into an authenticator app.' },
    otpauthUrl: { type: 'string', description: 'otpauth:// URL, for a QR code.' },
  },
};
const recoveryCodesSchema = {
  type: 'object',
  required: ['recoveryCodes'],
  properties: {
    recoveryCodes: {
      type: 'array',
      items: { type: 'string' },
      description: 'Shown only now: each works once, instead of a code, if the phone is lost.',
    },
  },
};
const noStore = { 'Cache-Control': 'no-store' };

type ProofBody = SecondFactorProof & { challenge: string };

/** Exactly one of `code` and `recoveryCode`: 422 otherwise. */
function proofOf(body: SecondFactorProof): SecondFactorProof {
  const given = (body.code !== undefined ? 1 : 0) + (body.recoveryCode !== undefined ? 1 : 0);
  if (given !== 1)
    throw new ProblemError(422, {
      title: 'Invalid request body',
      detail: 'Give either code (from your authenticator app) or recoveryCode, not both and not neither.',
      errors: [{ in: 'body', path: '/code', message: 'give either code or recoveryCode' }],
    });
  return body.code !== undefined ? { code: body.code } : { recoveryCode: body.recoveryCode };
}

/** The user a login challenge belongs to, checked the way login checks them. */
async function challengedUser(
  id: IdentityService,
  challenge: string,
): Promise<{ user: UserRow; method: string }> {
  const token = await id.peekOneTimeToken('login-challenge', challenge, '/challenge');
  const user = token.userId ? await id.directory.user(token.userId) : undefined;
  if (!user)
    throw new ProblemError(400, {
      title: 'Invalid or expired token',
      detail: 'This login step has expired. Log in again.',
      errors: [{ in: 'body', path: '/challenge', message: 'is invalid, expired or already used' }],
    });
  if (user.status !== 'active')
    throw new ProblemError(403, {
      detail: "This account is deactivated. Ask your company's portal administrator.",
    });
  const organization = await id.directory.organization(user.organization_id);
  if (organization?.status !== 'active')
    throw new ProblemError(403, {
      detail: 'Your company’s access to the portal is suspended. Contact your supplier.',
    });
  const method = typeof token.data.method === 'string' ? token.data.method : 'password';
  return { user, method };
}

function notEnabled(): ProblemError {
  return new ProblemError(409, {
    title: 'Two-factor authentication is off',
    detail: 'Two-factor authentication is not on for this account.',
  });
}

/** Login with the second factor; enforced setup at login; self-service under /me/two-factor. */
export function registerTwoFactorRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  const enabledAudit = (id: IdentityService, user: UserRow, req: RouteRequest<unknown, unknown, unknown>) =>
    id.audit.record({
      type: 'auth.totp-enabled',
      organizationId: user.organization_id,
      targetType: 'user',
      targetId: user.id,
      ip: id.clientAddress(req.raw),
      actor: personActor(user),
    });

  // ------------------------------------------------------------------ login

  ctx.route<unknown, unknown, ProofBody, unknown>({
    method: 'post',
    path: '/auth/two-factor',
    summary: 'Finish a login with the code from an authenticator app, or a recovery code',
    description:
      'After POST /auth/login answered two-factor-required. Answers like a login: a session cookie and the CSRF token. A code works once; wrong codes count toward a lockout of the account (429 with Retry-After). Each recovery code works once.',
    access: 'public',
    // Wrong codes are counted even though the request fails: no request-wide transaction.
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['challenge'],
      properties: { challenge: challengeSchema, code: codeSchema, recoveryCode: recoveryCodeSchema },
    },
    responses: {
      200: { description: 'Logged in', schema: loginOkSchema() },
      400: { description: 'The challenge is invalid, expired or used' },
      401: { description: 'Wrong code' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'two-factor');
      const proof = proofOf(req.body);
      const { user, method } = await challengedUser(id, req.body.challenge);
      if (!user.totp_enabled_at)
        throw new ProblemError(409, {
          title: 'Two-factor authentication is not set up',
          detail:
            'Set up two-factor authentication first: POST /api/v1/auth/two-factor/setup with this challenge.',
        });
      return twoFactorOf(id).prove(user, proof, req.raw, { allowRecoveryCode: true }, async () => {
        await id.consumeOneTimeToken('login-challenge', req.body.challenge, '/challenge');
        return loginReply(await id.completeLogin(user, method, req.raw, { secondFactorDone: true }));
      });
    },
  });

  ctx.route<unknown, unknown, { challenge: string }, unknown>({
    method: 'post',
    path: '/auth/two-factor/setup',
    summary: 'Start setting up an authenticator app during a login that requires it',
    description:
      'After POST /auth/login answered two-factor-setup-required. Answers a new secret (and an otpauth:// URL for a QR code); confirm it with POST /auth/two-factor/setup/confirm. Calling it again replaces the secret.',
    access: 'public',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['challenge'],
      properties: { challenge: challengeSchema },
    },
    responses: {
      200: { description: 'The secret to put into an authenticator app', schema: setupSchema },
      400: { description: 'The challenge is invalid, expired or used' },
      409: { description: 'Two-factor authentication is on already' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'two-factor');
      const { user } = await challengedUser(id, req.body.challenge);
      const setup = await id.db.transactional(() => twoFactorOf(id).start(user));
      return reply(200, setup, noStore);
    },
  });

  ctx.route<unknown, unknown, { challenge: string; code: string }, unknown>({
    method: 'post',
    path: '/auth/two-factor/setup/confirm',
    summary: 'Confirm the authenticator app with its first code, and finish the login',
    description:
      'Turns two-factor authentication on, answers the recovery codes (shown only now) and logs in: a session cookie and the CSRF token.',
    access: 'public',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['challenge', 'code'],
      properties: { challenge: challengeSchema, code: codeSchema },
    },
    responses: {
      200: { description: 'Turned on and logged in', schema: loginOkSchema(true) },
      400: { description: 'The challenge is invalid, expired or used' },
      401: { description: 'Wrong code' },
      409: { description: 'Two-factor authentication is on already' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'two-factor');
      const { user, method } = await challengedUser(id, req.body.challenge);
      if (user.totp_enabled_at)
        throw new ProblemError(409, {
          title: 'Two-factor authentication is on already',
          detail:
            'Two-factor authentication is on already. Finish the login with POST /api/v1/auth/two-factor.',
        });
      return twoFactorOf(id).prove(user, { code: req.body.code }, req.raw, { pending: true }, async () => {
        await id.consumeOneTimeToken('login-challenge', req.body.challenge, '/challenge');
        const recoveryCodes = await twoFactorOf(id).enable(user.id);
        await enabledAudit(id, user, req);
        const outcome = await id.completeLogin(user, method, req.raw, { secondFactorDone: true });
        return withRecoveryCodes(outcome, recoveryCodes);
      });
    },
  });

  // ------------------------------------------------------------------ self-service

  ctx.route({
    method: 'get',
    path: '/me/two-factor',
    summary:
      'Whether your account uses a second factor, whether it must, and how many recovery codes are left',
    access: 'authenticated',
    responses: {
      200: {
        description: 'The state of your second factor',
        schema: {
          type: 'object',
          required: ['enabled', 'required', 'recoveryCodesLeft'],
          properties: {
            enabled: { type: 'boolean' },
            required: { type: 'boolean', description: 'Your organisation or a role of yours requires it.' },
            recoveryCodesLeft: { type: 'integer' },
          },
        },
      },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      return {
        enabled: !!user.totp_enabled_at,
        required: await id.secondFactorRequired(user),
        recoveryCodesLeft: user.totp_enabled_at ? await twoFactorOf(id).recoveryCodesLeft(user.id) : 0,
      };
    },
  });

  ctx.route({
    method: 'post',
    path: '/me/two-factor',
    summary: 'Start setting up an authenticator app',
    description:
      'Answers a new secret (and an otpauth:// URL for a QR code); confirm it with POST /me/two-factor/confirm. Calling it again replaces the secret.',
    access: 'authenticated',
    responses: {
      200: { description: 'The secret to put into an authenticator app', schema: setupSchema },
      409: { description: 'Two-factor authentication is on already' },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      return reply(200, await twoFactorOf(id).start(user), noStore);
    },
  });

  ctx.route<unknown, unknown, { code: string }, unknown>({
    method: 'post',
    path: '/me/two-factor/confirm',
    summary: 'Turn on two-factor authentication with the first code from the app',
    access: 'authenticated',
    transaction: false,
    body: codeBody,
    responses: {
      200: { description: 'Turned on; the recovery codes, shown only now', schema: recoveryCodesSchema },
      401: { description: 'Wrong code' },
      409: { description: 'Already on, or not started' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      if (user.totp_enabled_at)
        throw new ProblemError(409, { detail: 'Two-factor authentication is on already.' });
      if (!user.totp_secret)
        throw new ProblemError(409, {
          detail: 'Start the setup first with POST /api/v1/me/two-factor, then confirm with a code.',
        });
      const recoveryCodes = await twoFactorOf(id).prove(
        user,
        { code: req.body.code },
        req.raw,
        { pending: true },
        async () => {
          const codes = await twoFactorOf(id).enable(user.id);
          await enabledAudit(id, user, req);
          return codes;
        },
      );
      id.userChanged(user.id);
      return reply(200, { recoveryCodes }, noStore);
    },
  });

  ctx.route<unknown, unknown, { password: string } & SecondFactorProof, unknown>({
    method: 'delete',
    path: '/me/two-factor',
    summary: 'Turn off two-factor authentication',
    description:
      'Needs your password and a current code (or a recovery code). Refused with 409 while your organisation or one of your roles requires a second factor.',
    access: 'authenticated',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['password'],
      properties: {
        password: { type: 'string', minLength: 1, maxLength: 1024 },
        code: codeSchema,
        recoveryCode: recoveryCodeSchema,
      },
    },
    responses: {
      204: { description: 'Turned off' },
      401: { description: 'Wrong code' },
      409: { description: 'Not on, or required for this account' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      const proof = proofOf(req.body);
      if (!user.totp_enabled_at) throw notEnabled();
      if (await id.secondFactorRequired(user))
        throw new ProblemError(409, {
          title: 'A second factor is required',
          detail:
            'Your organisation or one of your roles requires two-factor authentication, so it cannot be turned off. If you lost your phone and your recovery codes, an administrator can reset it.',
        });
      if (!user.password_hash || !(await verifyPassword(req.body.password, user.password_hash)))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: 'The password is wrong.',
          errors: [{ in: 'body', path: '/password', message: 'is wrong' }],
        });
      await twoFactorOf(id).prove(user, proof, req.raw, { allowRecoveryCode: true }, async () => {
        await twoFactorOf(id).disable(user.id);
        await id.audit.record({
          type: 'auth.totp-disabled',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip: id.clientAddress(req.raw),
        });
      });
      id.userChanged(user.id);
    },
  });

  ctx.route<unknown, unknown, { code: string }, unknown>({
    method: 'post',
    path: '/me/two-factor/recovery-codes',
    summary: 'Replace your recovery codes; the old ones stop working',
    access: 'authenticated',
    transaction: false,
    body: codeBody,
    responses: {
      200: { description: 'The new recovery codes, shown only now', schema: recoveryCodesSchema },
      401: { description: 'Wrong code' },
      409: { description: 'Two-factor authentication is off' },
      429: { description: 'Locked out for a while' },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      if (!user.totp_enabled_at) throw notEnabled();
      const recoveryCodes = await twoFactorOf(id).prove(
        user,
        { code: req.body.code },
        req.raw,
        {},
        async () => {
          const codes = await twoFactorOf(id).replaceRecoveryCodes(user.id);
          await id.audit.record({
            type: 'auth.recovery-codes-replaced',
            organizationId: user.organization_id,
            targetType: 'user',
            targetId: user.id,
            ip: id.clientAddress(req.raw),
          });
          return codes;
        },
      );
      return reply(200, { recoveryCodes }, noStore);
    },
  });

  registerTwoFactorPolicyRoutes(ctx, identity);
}

/** A login answer with the recovery codes of a setup that just finished. */
function withRecoveryCodes(outcome: LoginOutcome, recoveryCodes: string[]) {
  if (outcome.status !== 'ok') throw new Error('A login with its second factor done must start a session.');
  return reply(
    200,
    { status: 'ok' as const, csrfToken: outcome.csrfToken, user: userView(outcome.user), recoveryCodes },
    { 'Set-Cookie': outcome.cookie, ...noStore },
  );
}

function loginOkSchema(withCodes = false) {
  return {
    type: 'object',
    required: ['status', 'csrfToken', 'user', ...(withCodes ? ['recoveryCodes'] : [])],
    properties: {
      status: { const: 'ok' },
      csrfToken: { type: 'string' },
      user: userSchema,
      ...(withCodes ? recoveryCodesSchema.properties : {}),
    },
  };
}
