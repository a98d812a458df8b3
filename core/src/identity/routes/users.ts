import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import type { CustomFields } from '../../kernel/custom-fields.js';
import type { Actor } from '../../kernel/request-context.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import { assertOrganization, organizationWhere } from '../access.js';
import { userView, type OrganizationKind, type RoleRow, type UserRow, type UserView } from '../directory.js';
import { idParams, idSchema, pageOf, userSchema, roleListBody } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { assertCanGrant, forgetActors, keepingUserManagers, rolesByKeys, select } from './access-changes.js';
import {
  containsPattern,
  decodeCursor,
  encodeCursor,
  fieldProblem,
  pageQueryProperties,
  searchSchema,
} from './admin-input.js';
import { profilePatchSchema } from './me.js';

/** A user as admins see them: profile, status, roles and access groups. */
export type AdminUserView = UserView & {
  /** Every role the user holds: assigned, and through access groups. */
  roles: string[];
  /** The roles assigned to the user directly (what PUT /users/:id/roles sets). */
  assignedRoles: string[];
  groups: string[];
};

const userSchemaProperties = (userSchema as { properties: Record<string, JsonSchema> }).properties;

/** The user view of the management API. */
export const adminUserSchema: JsonSchema = {
  type: 'object',
  required: [...(userSchema as { required: string[] }).required, 'roles', 'assignedRoles', 'groups'],
  properties: {
    ...userSchemaProperties,
    roles: { type: 'array', items: { type: 'string' } },
    assignedRoles: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
  },
};

const profileProperties = (profilePatchSchema as { properties: Record<string, JsonSchema> }).properties;

interface UserPatch {
  status?: 'active' | 'deactivated';
  name?: string;
  phone?: string | null;
  language?: string;
  custom?: Record<string, unknown>;
}

interface ListQuery {
  organizationId?: string;
  status?: 'invited' | 'active' | 'deactivated';
  q?: string;
  role?: string;
  limit: number;
  cursor?: string;
}

/** Roles (effective and assigned) and groups of a page of users, in four queries. */
export async function adminViewsOf(identity: IdentityService, users: UserRow[]): Promise<AdminUserView[]> {
  if (!users.length) return [];
  const userIds = users.map((u) => u.id);
  const orgIds = [...new Set(users.map((u) => u.organization_id))];
  const [orgs, direct, memberships] = await Promise.all([
    select<{ id: string; kind: OrganizationKind }>(
      identity,
      'SELECT id, kind FROM portico_organizations WHERE id IN (?)',
      [orgIds],
    ),
    select<{ user_id: string; key: string; scope: string }>(
      identity,
      `SELECT ur.user_id, r.\`key\`, r.scope FROM portico_user_roles ur JOIN portico_roles r ON r.id = ur.role_id
        WHERE ur.user_id IN (?)`,
      [userIds],
    ),
    select<{ member_type: string; member_id: string; group_id: string; key: string }>(
      identity,
      `SELECT m.member_type, m.member_id, m.group_id, g.\`key\` FROM portico_group_members m
         JOIN portico_groups g ON g.id = m.group_id
        WHERE (m.member_type = 'user' AND m.member_id IN (?)) OR (m.member_type = 'organization' AND m.member_id IN (?))`,
      [userIds, orgIds],
    ),
  ]);
  const groupIds = [...new Set(memberships.map((m) => m.group_id))];
  const groupRoles = groupIds.length
    ? await select<{ group_id: string; key: string; scope: string }>(
        identity,
        `SELECT gr.group_id, r.\`key\`, r.scope FROM portico_group_roles gr JOIN portico_roles r ON r.id = gr.role_id
          WHERE gr.group_id IN (?)`,
        [groupIds],
      )
    : [];
  const kindOf = new Map(orgs.map((o) => [o.id, o.kind]));
  return users.map((u) => {
    const kind = kindOf.get(u.organization_id);
    const mine = memberships.filter(
      (m) =>
        (m.member_type === 'user' && m.member_id === u.id) ||
        (m.member_type === 'organization' && m.member_id === u.organization_id),
    );
    const myGroupIds = new Set(mine.map((m) => m.group_id));
    const assigned = direct.filter((d) => d.user_id === u.id);
    const effective = [...assigned, ...groupRoles.filter((g) => myGroupIds.has(g.group_id))]
      // A role of the other side never applies (see Directory.permissionsOf).
      .filter((r) => r.scope === kind)
      .map((r) => r.key);
    return {
      ...userView(u),
      roles: [...new Set(effective)].sort(),
      assignedRoles: assigned.map((a) => a.key).sort(),
      groups: [...new Set(mine.map((m) => m.key))].sort(),
    };
  });
}

/** The user with this id if the actor may reach them with `permission`; else 404 alike. */
async function reachableUser(
  identity: IdentityService,
  actor: Actor,
  userId: string,
  permission: string,
): Promise<UserRow> {
  const user = await identity.directory.user(userId);
  if (!user) throw new ProblemError(404, { detail: 'No such user.' });
  assertOrganization(actor, user.organization_id, permission, 'user');
  return user;
}

/** Users: list and read them; deactivate, reactivate and change them; assign their roles. */
export function registerUserRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  languages: Lazy<string[]>,
  customFields: Lazy<CustomFields>,
): void {
  ctx.route<unknown, ListQuery, unknown, unknown>({
    method: 'get',
    path: '/users',
    summary: 'List users, by name, with their roles',
    description:
      "A customer admin sees the users of their own organisation; the supplier's staff see every user and may filter by `organizationId`. Filter by `status`, `q` (name or e-mail) and `role` (a role key, held directly or through a group); page with `limit` and `cursor`.",
    access: { permission: 'core.user.read' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        organizationId: idSchema,
        status: { enum: ['invited', 'active', 'deactivated'] },
        q: searchSchema,
        role: { type: 'string', minLength: 1, maxLength: 64 },
        ...pageQueryProperties,
      },
    },
    responses: { 200: { description: 'A page of users', schema: pageOf(adminUserSchema) } },
    async handler({ query, actor }) {
      const id = identity();
      const where: string[] = [];
      const values: unknown[] = [];
      const own = organizationWhere(actor, 'core.user.read', 'organizationId');
      for (const orgId of [own.organizationId, query.organizationId]) {
        if (!orgId) continue;
        where.push('u.organization_id = ?');
        values.push(orgId);
      }
      if (query.status) {
        where.push('u.status = ?');
        values.push(query.status);
      }
      if (query.q) {
        where.push(`(LOWER(u.name) LIKE ? ESCAPE '!' OR u.email LIKE ? ESCAPE '!')`);
        values.push(containsPattern(query.q), containsPattern(query.q));
      }
      if (query.role) {
        const role = await id.directory.role(query.role);
        if (!role || role.key !== query.role)
          throw fieldProblem(400, '/role', 'is not a role', `There is no role "${query.role}".`, 'query');
        where.push(`u.organization_id IN (SELECT id FROM portico_organizations WHERE kind = ?)
          AND (u.id IN (SELECT user_id FROM portico_user_roles WHERE role_id = ?)
            OR u.id IN (SELECT m.member_id FROM portico_group_members m JOIN portico_group_roles gr ON gr.group_id = m.group_id
                         WHERE m.member_type = 'user' AND gr.role_id = ?)
            OR u.organization_id IN (SELECT m.member_id FROM portico_group_members m JOIN portico_group_roles gr ON gr.group_id = m.group_id
                         WHERE m.member_type = 'organization' AND gr.role_id = ?))`);
        values.push(role.scope, role.id, role.id, role.id);
      }
      if (query.cursor) {
        const [name, after] = decodeCursor<[string, string]>('users', query.cursor, ['string', 'string']);
        where.push('(u.name > ? OR (u.name = ? AND u.id > ?))');
        values.push(name, name, after);
      }
      const rows = await select<UserRow>(
        id,
        `SELECT u.* FROM portico_users u ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY u.name, u.id LIMIT ?`,
        [...values, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: await adminViewsOf(id, page),
        nextCursor: rows.length > query.limit && last ? encodeCursor('users', [last.name, last.id]) : null,
      };
    },
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/users/:id',
    summary: 'One user, with their roles and access groups',
    access: { permission: 'core.user.read' },
    scope: 'organization',
    params: idParams,
    responses: {
      200: { description: 'The user', schema: adminUserSchema },
      404: { description: 'No such user, or not in your organisation' },
    },
    async handler({ params, actor }) {
      const id = identity();
      const user = await reachableUser(id, actor, params.id, 'core.user.read');
      return (await adminViewsOf(id, [user]))[0];
    },
  });

  ctx.route<{ id: string }, unknown, UserPatch, unknown>({
    method: 'patch',
    path: '/users/:id',
    summary: 'Deactivate or reactivate a user, or change their name, phone, language or custom fields',
    description:
      'Deactivating ends every session of the user at once, and they cannot log in until reactivated. An organisation keeps at least one active user who can manage its users (else 409), and nobody deactivates themselves.',
    access: { permission: 'core.user.manage' },
    scope: 'organization',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        status: { enum: ['active', 'deactivated'] },
        name: profileProperties.name!,
        phone: profileProperties.phone!,
        language: profileProperties.language!,
        custom: profileProperties.custom!,
      },
    },
    responses: {
      200: { description: 'The changed user', schema: adminUserSchema },
      404: { description: 'No such user, or not in your organisation' },
      409: { description: 'The change would leave the organisation without a user manager' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const user = await reachableUser(id, actor, params.id, 'core.user.manage');
      if (body.language !== undefined && !languages().includes(body.language))
        throw fieldProblem(
          422,
          '/language',
          `must be one of ${languages().join(', ')}`,
          `The portal is not translated to "${body.language}". Choose one of: ${languages().join(', ')}.`,
        );
      if (body.phone === null && user.contact_method === 'sms')
        throw fieldProblem(
          422,
          '/phone',
          'is required while the contact method is sms',
          'The user is contacted by SMS, so the phone number cannot be removed.',
        );
      if (body.custom !== undefined) await customFields().assertValid('user', body.custom, actor.language);
      const statusChange = body.status !== undefined && body.status !== user.status ? body.status : undefined;
      if (statusChange === 'active' && user.status === 'invited')
        throw fieldProblem(
          422,
          '/status',
          'an invited user becomes active by accepting the invitation',
          'This user has not accepted their invitation yet; they become active when they do.',
        );
      if (statusChange === 'deactivated' && user.id === actor.userId)
        throw fieldProblem(
          409,
          '/status',
          'you cannot deactivate yourself',
          'You cannot deactivate your own account. Ask another administrator.',
        );

      const set: Record<string, unknown> = {};
      if (body.name !== undefined) set.name = body.name.trim();
      if (body.phone !== undefined) set.phone = body.phone?.trim() || null;
      if (body.language !== undefined) set.language = body.language;
      if (body.custom !== undefined) set.custom_fields = JSON.stringify(body.custom);
      if (statusChange) set.status = statusChange;
      const columns = Object.keys(set);
      const update = () =>
        id.db.sequelize.query(
          `UPDATE portico_users SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
          { replacements: [...columns.map((c) => set[c]), new Date(), user.id] },
        );
      if (statusChange === 'deactivated')
        await keepingUserManagers(id, [(await id.directory.organization(user.organization_id))!], update);
      else if (columns.length) await update();

      const ip = id.clientAddress(raw);
      const audit = {
        organizationId: user.organization_id,
        targetType: 'user' as const,
        targetId: user.id,
        ip,
      };
      const fields = Object.keys(body).filter((k) => k !== 'status');
      if (fields.length)
        await id.audit.record({ ...audit, type: 'user.updated', details: { fields: fields.sort() } });
      if (statusChange === 'deactivated') {
        const sessionsEnded = await id.endSessionsOf(user.id);
        await id.audit.record({ ...audit, type: 'user.deactivated', details: { sessionsEnded } });
      } else if (statusChange === 'active') {
        await id.audit.record({ ...audit, type: 'user.reactivated' });
      }
      // Status and language live in the actor: the next request must see the change.
      forgetActors(id, { user: user.id });
      return (await adminViewsOf(id, [(await id.directory.user(user.id))!]))[0];
    },
  });

  ctx.route<{ id: string }, unknown, { roles: string[] }, unknown>({
    method: 'put',
    path: '/users/:id/roles',
    summary: "Set a user's assigned roles",
    description:
      "Replaces the roles assigned to the user directly (roles through access groups stay). The roles must be meant for the user's kind of organisation; you may give or take only roles whose permissions you hold yourself; and the organisation keeps at least one active user who can manage its users (else 409).",
    access: { permission: 'core.user.manage' },
    scope: 'organization',
    params: idParams,
    body: roleListBody,
    responses: {
      200: { description: 'The user with their new roles', schema: adminUserSchema },
      403: { description: 'A role gives permissions you do not hold' },
      404: { description: 'No such user, or not in your organisation' },
      409: { description: 'The change would leave the organisation without a user manager' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const user = await reachableUser(id, actor, params.id, 'core.user.manage');
      const organization = (await id.directory.organization(user.organization_id))!;
      const wanted = await rolesByKeys(id, body.roles, '/roles', organization.kind);
      const current = await select<RoleRow>(
        id,
        'SELECT r.* FROM portico_roles r JOIN portico_user_roles ur ON ur.role_id = r.id WHERE ur.user_id = ?',
        [user.id],
      );
      const currentIds = new Set(current.map((r) => r.id));
      const wantedIds = new Set(wanted.map((r) => r.id));
      const added = wanted.filter((r) => !currentIds.has(r.id));
      const removed = current.filter((r) => !wantedIds.has(r.id));
      assertCanGrant(id, actor, [
        ...added.map((role) => ({ role, path: `/roles/${body.roles.indexOf(role.key)}` })),
        ...removed.map((role) => ({ role, path: '/roles' })),
      ]);
      if (added.length || removed.length) {
        await keepingUserManagers(id, [organization], async () => {
          if (removed.length)
            await id.db.sequelize.query(
              'DELETE FROM portico_user_roles WHERE user_id = ? AND role_id IN (?)',
              {
                replacements: [user.id, removed.map((r) => r.id)],
              },
            );
          for (const role of added) await id.directory.assignRole(user.id, role.id);
        });
        forgetActors(id, { user: user.id });
        await id.audit.record({
          type: 'user.role-changed',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip: id.clientAddress(raw),
          details: {
            added: added.map((r) => r.key),
            removed: removed.map((r) => r.key),
            roles: wanted.map((r) => r.key),
          },
        });
      }
      return (await adminViewsOf(id, [user]))[0];
    },
  });
}
