import { QueryTypes } from 'sequelize';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { assertOrganization } from '../access.js';
import { toBool } from '../rows.js';
import { idParams } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { twoFactorOf } from '../two-factor.js';

const requiredBody = {
  type: 'object',
  additionalProperties: false,
  required: ['required'],
  properties: { required: { type: 'boolean' } },
};
const policyAnswer = {
  type: 'object',
  required: ['required', 'loggedOut'],
  properties: {
    required: { type: 'boolean' },
    loggedOut: {
      type: 'integer',
      description:
        'Users without a second factor whose sessions ended, so that they set one up at their next login.',
    },
  },
};

/**
 * Ends the sessions of users without a second factor once one is required of them: otherwise a
 * session begun before the rule would run on for weeks without it.
 */
async function logOutUsersWithout(
  id: IdentityService,
  sql: string,
  replacements: unknown[],
): Promise<number> {
  const rows = await id.db.sequelize.query<{ id: string }>(
    `SELECT u.id FROM portico_users u WHERE u.totp_enabled_at IS NULL AND (${sql})`,
    { replacements, type: QueryTypes.SELECT },
  );
  for (const r of rows) await id.endSessionsOf(r.id);
  return rows.length;
}

/** Who must use a second factor (per organisation, per role), and an admin's reset of a user's. */
export function registerTwoFactorPolicyRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  ctx.route<{ id: string }, unknown, { required: boolean }, unknown>({
    method: 'put',
    path: '/organizations/:id/two-factor',
    summary: "Require (or stop requiring) a second factor of an organisation's users",
    description:
      'Users of the organisation without a second factor are logged out and set one up at their next login.',
    access: { permission: 'core.organization.manage' },
    params: idParams,
    body: requiredBody,
    responses: { 200: { description: 'The rule now', schema: policyAnswer } },
    async handler(req) {
      const id = identity();
      const organization = await id.directory.organization(req.params.id);
      if (!organization) throw new ProblemError(404, { detail: 'No such organisation.' });
      const was = toBool(organization.require_totp);
      const required = req.body.required;
      await id.db.sequelize.query(
        'UPDATE portico_organizations SET require_totp = ?, updated_at = ? WHERE id = ?',
        { replacements: [required, new Date(), organization.id] },
      );
      const loggedOut =
        required && !was ? await logOutUsersWithout(id, 'u.organization_id = ?', [organization.id]) : 0;
      if (required !== was)
        await id.audit.record({
          type: 'organization.updated',
          organizationId: organization.id,
          targetType: 'organization',
          targetId: organization.id,
          ip: id.clientAddress(req.raw),
          details: { requireTwoFactor: required, loggedOut },
        });
      return { required, loggedOut };
    },
  });

  ctx.route<{ key: string }, unknown, { required: boolean }, unknown>({
    method: 'put',
    path: '/roles/:key/two-factor',
    summary: 'Require (or stop requiring) a second factor of the holders of a role',
    description:
      'Holders of the role (directly or through an access group) without a second factor are logged out and set one up at their next login. auth.totp.requiredForRoles in config requires it too, whatever this says.',
    access: { permission: 'core.role.manage' },
    params: {
      type: 'object',
      required: ['key'],
      properties: { key: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } },
    },
    body: requiredBody,
    responses: { 200: { description: 'The rule now', schema: policyAnswer } },
    async handler(req) {
      const id = identity();
      const role = await id.directory.role(req.params.key);
      if (!role) throw new ProblemError(404, { detail: `No role has the key "${req.params.key}".` });
      const was = toBool(role.require_totp);
      const required = req.body.required;
      await id.db.sequelize.query('UPDATE portico_roles SET require_totp = ?, updated_at = ? WHERE id = ?', {
        replacements: [required, new Date(), role.id],
      });
      const viaGroup = (kind: 'user' | 'organization') =>
        `SELECT m.member_id FROM portico_group_members m JOIN portico_group_roles gr ON gr.group_id = m.group_id
          WHERE gr.role_id = ? AND m.member_type = '${kind}'`;
      const loggedOut =
        required && !was
          ? await logOutUsersWithout(
              id,
              `u.id IN (SELECT user_id FROM portico_user_roles WHERE role_id = ?)
                OR u.id IN (${viaGroup('user')}) OR u.organization_id IN (${viaGroup('organization')})`,
              [role.id, role.id, role.id],
            )
          : 0;
      if (required !== was)
        await id.audit.record({
          type: 'role.updated',
          targetType: 'role',
          targetId: role.key,
          ip: id.clientAddress(req.raw),
          details: { requireTwoFactor: required, loggedOut },
        });
      return { required, loggedOut };
    },
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'delete',
    path: '/users/:id/two-factor',
    summary: "Reset a user's second factor (a lost phone and lost recovery codes)",
    description:
      "Turns the user's two-factor authentication off and ends their sessions. Where a second factor is required of them, they set up a new app at their next login. Customer admins reset users of their own organisation only; your own second factor is changed under /me/two-factor.",
    access: { permission: 'core.user.manage' },
    scope: 'organization',
    params: idParams,
    responses: {
      204: { description: 'Reset' },
      409: { description: 'The user has no second factor, or it is your own' },
    },
    async handler(req) {
      const id = identity();
      const user = await id.directory.user(req.params.id);
      assertOrganization(req.actor, user?.organization_id, 'core.user.manage', 'user');
      if (!user) throw new ProblemError(404, { detail: 'No such user.' });
      if (user.id === req.actor.userId)
        throw new ProblemError(409, {
          detail:
            'To turn off your own second factor, use DELETE /api/v1/me/two-factor with your password and a code.',
        });
      if (!user.totp_enabled_at && !user.totp_secret)
        throw new ProblemError(409, { detail: 'This user has no second factor to reset.' });
      await twoFactorOf(id).disable(user.id);
      const loggedOut = await id.endSessionsOf(user.id);
      await id.audit.record({
        type: 'auth.totp-reset',
        organizationId: user.organization_id,
        targetType: 'user',
        targetId: user.id,
        ip: id.clientAddress(req.raw),
        details: { sessionsEnded: loggedOut },
      });
    },
  });
}
