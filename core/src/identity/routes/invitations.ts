import type { Lazy } from '../../container/container.js';
import { isProblemError, ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { Mailer } from '../../mail/mailer.js';
import { assertOrganization } from '../access.js';
import { userView } from '../directory.js';
import { inviteUser } from '../invitations.js';
import { emailSchema, idSchema, languageSchema, loginAnswerSchema, userSchema } from '../schemas.js';
import type { IdentityService, OneTimeToken } from '../service.js';
import { loginReply } from './auth.js';
import { newPasswordSchema, tokenSchema } from './recovery.js';

export interface InviteBody {
  email: string;
  name: string;
  language?: string;
  organizationId?: string;
  roleKeys?: string[];
}

export const nameSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' };
export const roleKeysSchema = {
  type: 'array',
  minItems: 1,
  maxItems: 20,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 64 },
};

/** 422 for a language the portal is not translated to. */
export function checkLanguage(language: string | undefined, languages: string[], path = '/language'): void {
  if (language !== undefined && !languages.includes(language))
    throw new ProblemError(422, {
      title: 'Invalid request body',
      detail: `The portal is not translated to "${language}". Choose one of: ${languages.join(', ')}.`,
      errors: [{ in: 'body', path, message: `must be one of ${languages.join(', ')}` }],
    });
}

/** Inviting users (admins), and the invitee's side: see the invitation, accept it. */
export function registerInvitationRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  mailer: Lazy<Mailer>,
  languages: Lazy<string[]>,
): void {
  ctx.route<unknown, unknown, InviteBody, unknown>({
    method: 'post',
    path: '/users',
    summary: 'Invite a user: they get a link to choose a password',
    description:
      "Creates the user as invited (no login yet) with the roles given, and mails a single-use link valid for auth.tokens.invitationHours. Customer admins invite into their own organisation (organizationId may be left out); the supplier's staff into any. Roles must be of the organisation's kind, and nobody gives a role with permissions they lack. roleKeys defaults to customer-user for a customer organisation. An address that has an account answers 409.",
    access: { permission: 'core.user.invite' },
    scope: 'organization',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['email', 'name'],
      properties: {
        email: emailSchema,
        name: nameSchema,
        language: languageSchema,
        organizationId: idSchema,
        roleKeys: roleKeysSchema,
      },
    },
    responses: {
      201: { description: 'Invited', schema: userSchema },
      404: { description: 'No such organisation (or one you may not reach)' },
      409: { description: 'The address has an account' },
    },
    async handler(req) {
      const id = identity();
      const b = req.body;
      checkLanguage(b.language, languages());
      const organizationId = b.organizationId ?? req.actor.organizationId;
      assertOrganization(req.actor, organizationId, 'core.user.invite', 'organisation');
      const organization = await id.directory.organization(organizationId!);
      if (!organization) throw new ProblemError(404, { detail: 'No such organisation.' });
      if (!b.roleKeys && organization.kind !== 'customer')
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: "Say which roles the new member of the supplier's staff gets.",
          errors: [{ in: 'body', path: '/roleKeys', message: "is required for the supplier's staff" }],
        });
      const invitation = await inviteUser(
        id,
        mailer(),
        {
          organizationId: organization.id,
          email: b.email,
          name: b.name,
          language: b.language,
          roleKeys: b.roleKeys ?? ['customer-user'],
        },
        req.actor,
      );
      return reply(201, { ...userView(invitation.user), roles: invitation.roles });
    },
  });

  /** The invited user behind a token, or 400 (in `where`) as for any token that does not work. */
  const invitee = async (token: OneTimeToken | undefined, where: 'body' | 'params') => {
    const id = identity();
    const user = token?.userId ? await id.directory.user(token.userId) : undefined;
    const organization = user && (await id.directory.organization(user.organization_id));
    if (!user || user.status !== 'invited' || !organization)
      throw new ProblemError(400, {
        title: 'Invalid or expired token',
        detail:
          'This invitation link is invalid, expired or already used. Ask your administrator for a new one.',
        errors: [{ in: where, path: '/token', message: 'is invalid, expired or already used' }],
      });
    return { user, organization };
  };

  ctx.route<{ token: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/auth/invitations/:token',
    summary: 'Who an invitation is for (without using it)',
    description: "Shows the invitee's name and e-mail and the organisation, for the choose-a-password page.",
    access: 'public',
    params: { type: 'object', required: ['token'], properties: { token: tokenSchema } },
    responses: {
      200: {
        description: 'The invitation',
        schema: {
          type: 'object',
          required: ['name', 'email', 'organization'],
          properties: {
            name: { type: 'string' },
            email: { type: 'string' },
            language: { type: 'string' },
            organization: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          },
        },
      },
      400: { description: 'The token is forged, expired or used' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'invitation');
      let token: OneTimeToken | undefined;
      try {
        token = await id.peekOneTimeToken('invitation', req.params.token);
      } catch (err) {
        if (!isProblemError(err) || err.status !== 400) throw err;
      }
      const { user, organization } = await invitee(token, 'params');
      return reply(
        200,
        {
          name: user.name,
          email: user.email,
          language: user.language,
          organization: { name: organization.name },
        },
        { 'Cache-Control': 'no-store' },
      );
    },
  });

  ctx.route<unknown, unknown, { token: string; password: string }, unknown>({
    method: 'post',
    path: '/auth/invitations/accept',
    summary: 'Accept an invitation: choose a password and log in',
    description:
      'Uses the token from the invitation or approval mail (once), sets the password under the policy, activates the account and logs in. A forged, expired or used token answers 400; a refused password 422, and the token still works.',
    access: 'public',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['token', 'password'],
      properties: { token: tokenSchema, password: newPasswordSchema },
    },
    responses: {
      200: { description: 'Activated; logged in, or a second factor is needed', schema: loginAnswerSchema },
      400: { description: 'The token is forged, expired or used' },
      422: { description: 'The password breaks the policy' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'invitation');
      return id.db.transactional(async () => {
        const token = await id.consumeOneTimeToken('invitation', req.body.token);
        const { user, organization } = await invitee(token, 'body');
        if (organization.status !== 'active')
          throw new ProblemError(403, {
            detail: 'Your company’s access to the portal is suspended. Contact your supplier.',
          });
        await id.setPassword(user, req.body.password);
        await id.db.sequelize.query(
          "UPDATE portico_users SET status = 'active', updated_at = ? WHERE id = ?",
          {
            replacements: [new Date(), user.id],
          },
        );
        id.userChanged(user.id);
        await id.audit.record({
          type: 'user.activated',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip: id.clientAddress(req.raw),
          actor: { ...req.actor, userId: user.id, organizationId: user.organization_id },
        });
        const active = (await id.directory.user(user.id))!;
        return loginReply(await id.completeLogin(active, 'invitation', req.raw));
      });
    },
  });
}
