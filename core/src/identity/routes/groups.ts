import { randomUUID } from 'node:crypto';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { Actor } from '../../kernel/request-context.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import type { OrganizationKind, RoleRow } from '../directory.js';
import { toIso } from '../rows.js';
import { idSchema, roleListBody } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { assertCanGrant, forgetActors, keepingUserManagers, rolesByKeys, select } from './access-changes.js';
import {
  bodyProblems,
  conflictOnDuplicate,
  containsPattern,
  decodeCursor,
  encodeCursor,
  fieldProblem,
  kebabKeySchema,
  pageQueryProperties,
  searchSchema,
} from './admin-input.js';

interface GroupRow {
  id: string;
  key: string;
  name: string;
  description: string | null;
  created_at: Date | string;
}

type MemberType = 'organization' | 'user';

const groupSummarySchema: JsonSchema = {
  type: 'object',
  required: ['key', 'name', 'description', 'roles', 'organizationCount', 'userCount', 'createdAt'],
  properties: {
    key: { type: 'string' },
    name: { type: 'string' },
    description: { type: ['string', 'null'] },
    roles: { type: 'array', items: { type: 'string' } },
    organizationCount: { type: 'integer' },
    userCount: { type: 'integer' },
    createdAt: { type: 'string' },
  },
};

const groupSchema: JsonSchema = {
  type: 'object',
  required: [...(groupSummarySchema as { required: string[] }).required, 'members'],
  properties: {
    ...(groupSummarySchema as { properties: Record<string, JsonSchema> }).properties,
    members: {
      type: 'object',
      required: ['organizations', 'users'],
      properties: {
        organizations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'kind'],
            properties: { id: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } },
          },
        },
        users: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'email', 'organizationId'],
            properties: {
              id: { type: 'string' },
              name: { type: 'string' },
              email: { type: 'string' },
              organizationId: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const keyParams: JsonSchema = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 64 } },
};
const nameSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' };
const descriptionSchema: JsonSchema = { type: ['string', 'null'], maxLength: 2000 };
const idListSchema: JsonSchema = { type: 'array', maxItems: 10_000, uniqueItems: true, items: idSchema };

interface MemberIds {
  organizations: string[];
  users: string[];
}

/** Summaries (roles and member counts) of groups, in two queries. */
async function summariesOf(identity: IdentityService, groups: GroupRow[]) {
  if (!groups.length) return [];
  const ids = groups.map((g) => g.id);
  const [roles, counts] = await Promise.all([
    select<{ group_id: string; key: string }>(
      identity,
      'SELECT gr.group_id, r.`key` FROM portico_group_roles gr JOIN portico_roles r ON r.id = gr.role_id WHERE gr.group_id IN (?)',
      [ids],
    ),
    select<{ group_id: string; member_type: MemberType; n: number | string }>(
      identity,
      'SELECT group_id, member_type, COUNT(*) AS n FROM portico_group_members WHERE group_id IN (?) GROUP BY group_id, member_type',
      [ids],
    ),
  ]);
  const count = (g: GroupRow, type: MemberType) =>
    Number(counts.find((c) => c.group_id === g.id && c.member_type === type)?.n ?? 0);
  return groups.map((g) => ({
    key: g.key,
    name: g.name,
    description: g.description,
    roles: roles
      .filter((r) => r.group_id === g.id)
      .map((r) => r.key)
      .sort(),
    organizationCount: count(g, 'organization'),
    userCount: count(g, 'user'),
    createdAt: toIso(g.created_at)!,
  }));
}

async function membersOf(identity: IdentityService, groupId: string) {
  const [organizations, users] = await Promise.all([
    select<{ id: string; name: string; kind: string }>(
      identity,
      `SELECT o.id, o.name, o.kind FROM portico_organizations o JOIN portico_group_members m ON m.member_id = o.id
        WHERE m.group_id = ? AND m.member_type = 'organization' ORDER BY o.name, o.id`,
      [groupId],
    ),
    select<{ id: string; name: string; email: string; organization_id: string }>(
      identity,
      `SELECT u.id, u.name, u.email, u.organization_id FROM portico_users u JOIN portico_group_members m ON m.member_id = u.id
        WHERE m.group_id = ? AND m.member_type = 'user' ORDER BY u.name, u.id`,
      [groupId],
    ),
  ]);
  return {
    organizations,
    users: users.map((u) => ({ id: u.id, name: u.name, email: u.email, organizationId: u.organization_id })),
  };
}

async function groupView(identity: IdentityService, group: GroupRow) {
  const [summary] = await summariesOf(identity, [group]);
  return { ...summary!, members: await membersOf(identity, group.id) };
}

async function groupRoles(identity: IdentityService, groupId: string): Promise<RoleRow[]> {
  return select<RoleRow>(
    identity,
    'SELECT r.* FROM portico_roles r JOIN portico_group_roles gr ON gr.role_id = r.id WHERE gr.group_id = ?',
    [groupId],
  );
}

/** The organisations (with their kind) whose users' access changes with the group's members or roles. */
async function organizationsReachedBy(
  identity: IdentityService,
  members: MemberIds,
): Promise<Array<{ id: string; kind: OrganizationKind; name: string }>> {
  const byOrg = members.organizations.length
    ? await select<{ id: string; kind: OrganizationKind; name: string }>(
        identity,
        'SELECT id, kind, name FROM portico_organizations WHERE id IN (?)',
        [members.organizations],
      )
    : [];
  const byUser = members.users.length
    ? await select<{ id: string; kind: OrganizationKind; name: string }>(
        identity,
        'SELECT DISTINCT o.id, o.kind, o.name FROM portico_organizations o JOIN portico_users u ON u.organization_id = o.id WHERE u.id IN (?)',
        [members.users],
      )
    : [];
  return [...byOrg, ...byUser];
}

async function currentMembers(identity: IdentityService, groupId: string): Promise<MemberIds> {
  const rows = await select<{ member_type: MemberType; member_id: string }>(
    identity,
    'SELECT member_type, member_id FROM portico_group_members WHERE group_id = ?',
    [groupId],
  );
  return {
    organizations: rows.filter((r) => r.member_type === 'organization').map((r) => r.member_id),
    users: rows.filter((r) => r.member_type === 'user').map((r) => r.member_id),
  };
}

/** 422 naming each id that is not an organisation or user. */
async function assertMembersExist(
  identity: IdentityService,
  members: MemberIds,
  paths: { organizations: string; users: string },
) {
  const problems: Array<{ path: string; message: string }> = [];
  for (const [type, table, what] of [
    ['organizations', 'portico_organizations', 'organisation'],
    ['users', 'portico_users', 'user'],
  ] as const) {
    const ids = members[type];
    if (!ids.length) continue;
    const found = new Set(
      (await select<{ id: string }>(identity, `SELECT id FROM ${table} WHERE id IN (?)`, [ids])).map(
        (r) => r.id,
      ),
    );
    ids.forEach((mid, i) => {
      if (!found.has(mid))
        problems.push({
          path: paths[type].replace('{i}', String(i)),
          message: `is not an ${what === 'user' ? 'existing user' : 'existing organisation'}`,
        });
    });
  }
  if (problems.length) throw bodyProblems(problems);
}

/** Access groups: segments of organisations and users that hold roles and target content. */
export function registerGroupRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  const load = async (key: string): Promise<GroupRow> => {
    const rows = await select<GroupRow>(identity(), 'SELECT * FROM portico_groups WHERE `key` = ?', [key]);
    if (!rows[0]) throw new ProblemError(404, { detail: `No such access group: ${key}.` });
    return rows[0];
  };

  /**
   * Changes the members of a group. When the group holds roles, adding or removing a member
   * gives or takes those roles, so the no-escalation and keep-a-manager rules apply.
   */
  const changeMembers = async (
    group: GroupRow,
    actor: Actor,
    add: MemberIds,
    remove: MemberIds,
    ip: string,
  ): Promise<void> => {
    const id = identity();
    const count =
      add.organizations.length + add.users.length + remove.organizations.length + remove.users.length;
    if (!count) return;
    const roles = await groupRoles(id, group.id);
    if (roles.length)
      assertCanGrant(
        id,
        actor,
        roles.map((role) => ({ role, path: '/' })),
      );
    const reached = roles.length
      ? await organizationsReachedBy(id, {
          organizations: [...add.organizations, ...remove.organizations],
          users: [...add.users, ...remove.users],
        })
      : [];
    await keepingUserManagers(id, reached, async () => {
      const now = new Date();
      for (const type of ['organization', 'user'] as const) {
        const gone = remove[`${type}s`];
        if (gone.length)
          await id.db.sequelize.query(
            'DELETE FROM portico_group_members WHERE group_id = ? AND member_type = ? AND member_id IN (?)',
            { replacements: [group.id, type, gone] },
          );
        for (const memberId of add[`${type}s`])
          await id.db.sequelize.query(
            'INSERT INTO portico_group_members (group_id, member_type, member_id, created_at) VALUES (?, ?, ?, ?)',
            { replacements: [group.id, type, memberId, now] },
          );
      }
    });
    // Group keys and group roles are part of every member's actor, tokens included.
    forgetActors(id, { all: true });
    await id.audit.record({
      type: 'group.members-changed',
      targetType: 'group',
      targetId: group.key,
      ip,
      details: { added: add, removed: remove },
    });
  };

  ctx.route<unknown, { q?: string; limit: number; cursor?: string }, unknown, unknown>({
    method: 'get',
    path: '/groups',
    summary: 'List access groups, by key, with their roles and member counts',
    access: { permission: 'core.group.read' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { q: searchSchema, ...pageQueryProperties },
    },
    responses: {
      200: {
        description: 'A page of groups',
        schema: {
          type: 'object',
          required: ['items', 'nextCursor'],
          properties: {
            items: { type: 'array', items: groupSummarySchema },
            nextCursor: { type: ['string', 'null'] },
          },
        },
      },
    },
    async handler({ query }) {
      const id = identity();
      const where: string[] = [];
      const values: unknown[] = [];
      if (query.q) {
        where.push(`(LOWER(\`key\`) LIKE ? ESCAPE '!' OR LOWER(name) LIKE ? ESCAPE '!')`);
        values.push(containsPattern(query.q), containsPattern(query.q));
      }
      if (query.cursor) {
        const [after] = decodeCursor<[string]>('groups', query.cursor, ['string']);
        where.push('`key` > ?');
        values.push(after);
      }
      const rows = await select<GroupRow>(
        id,
        `SELECT * FROM portico_groups ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY \`key\` LIMIT ?`,
        [...values, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: await summariesOf(id, page),
        nextCursor: rows.length > query.limit && last ? encodeCursor('groups', [last.key]) : null,
      };
    },
  });

  ctx.route<{ key: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/groups/:key',
    summary: 'One access group with its roles and members',
    access: { permission: 'core.group.read' },
    params: keyParams,
    responses: {
      200: { description: 'The group', schema: groupSchema },
      404: { description: 'No such group' },
    },
    async handler({ params }) {
      return groupView(identity(), await load(params.key));
    },
  });

  ctx.route<unknown, unknown, { key: string; name: string; description?: string | null }, unknown>({
    method: 'post',
    path: '/groups',
    summary: 'Create an access group',
    access: { permission: 'core.group.manage' },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'name'],
      properties: { key: kebabKeySchema, name: nameSchema, description: descriptionSchema },
    },
    responses: {
      201: { description: 'Created', schema: groupSchema },
      409: { description: 'A group with this key exists' },
    },
    async handler({ body, raw }) {
      const id = identity();
      if ((await select(id, 'SELECT id FROM portico_groups WHERE `key` = ?', [body.key])).length)
        throw fieldProblem(
          409,
          '/key',
          'is taken',
          `An access group with the key "${body.key}" exists already.`,
        );
      const now = new Date();
      await conflictOnDuplicate(
        () =>
          id.db.sequelize.query(
            'INSERT INTO portico_groups (id, `key`, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
            {
              replacements: [
                randomUUID(),
                body.key,
                body.name.trim(),
                body.description?.trim() || null,
                now,
                now,
              ],
            },
          ),
        '/key',
        `An access group with the key "${body.key}" exists already.`,
      );
      await id.audit.record({
        type: 'group.created',
        targetType: 'group',
        targetId: body.key,
        ip: id.clientAddress(raw),
        details: { name: body.name.trim() },
      });
      return reply(201, await groupView(id, await load(body.key)), {
        Location: `/api/v1/groups/${body.key}`,
      });
    },
  });

  ctx.route<{ key: string }, unknown, { name?: string; description?: string | null }, unknown>({
    method: 'patch',
    path: '/groups/:key',
    summary: "Change an access group's name or description",
    description: 'The key stays: content and plugins refer to groups by key.',
    access: { permission: 'core.group.manage' },
    params: keyParams,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { name: nameSchema, description: descriptionSchema },
    },
    responses: {
      200: { description: 'The changed group', schema: groupSchema },
      404: { description: 'No such group' },
    },
    async handler({ params, body, raw }) {
      const id = identity();
      const group = await load(params.key);
      const set: Record<string, unknown> = {};
      if (body.name !== undefined) set.name = body.name.trim();
      if (body.description !== undefined) set.description = body.description?.trim() || null;
      const columns = Object.keys(set);
      await id.db.sequelize.query(
        `UPDATE portico_groups SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
        { replacements: [...columns.map((c) => set[c]), new Date(), group.id] },
      );
      await id.audit.record({
        type: 'group.updated',
        targetType: 'group',
        targetId: group.key,
        ip: id.clientAddress(raw),
        details: { fields: columns.sort() },
      });
      return groupView(id, await load(group.key));
    },
  });

  ctx.route<{ key: string }, unknown, unknown, unknown>({
    method: 'delete',
    path: '/groups/:key',
    summary: 'Delete an access group; its members lose the roles it gave',
    access: { permission: 'core.group.manage' },
    params: keyParams,
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such group' } },
    async handler({ params, actor, raw }) {
      const id = identity();
      const group = await load(params.key);
      const members = await currentMembers(id, group.id);
      const roles = await groupRoles(id, group.id);
      if (roles.length)
        assertCanGrant(
          id,
          actor,
          roles.map((role) => ({ role, path: '/' })),
        );
      const reached = roles.length ? await organizationsReachedBy(id, members) : [];
      await keepingUserManagers(id, reached, async () => {
        for (const table of ['portico_group_members', 'portico_group_roles', 'portico_groups'])
          await id.db.sequelize.query(
            `DELETE FROM ${table} WHERE ${table === 'portico_groups' ? 'id' : 'group_id'} = ?`,
            {
              replacements: [group.id],
            },
          );
      });
      forgetActors(id, { all: true });
      await id.audit.record({
        type: 'group.deleted',
        targetType: 'group',
        targetId: group.key,
        ip: id.clientAddress(raw),
        details: { name: group.name, members, roles: roles.map((r) => r.key) },
      });
      return undefined;
    },
  });

  ctx.route<{ key: string }, unknown, MemberIds, unknown>({
    method: 'put',
    path: '/groups/:key/members',
    summary: 'Set the members of an access group (organisations and users)',
    description:
      'Replaces the members with the lists given. Members get the permissions of the roles the group holds, at once.',
    access: { permission: 'core.group.manage' },
    params: keyParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['organizations', 'users'],
      properties: { organizations: idListSchema, users: idListSchema },
    },
    responses: {
      200: { description: 'The group with its new members', schema: groupSchema },
      404: { description: 'No such group' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const group = await load(params.key);
      await assertMembersExist(id, body, { organizations: '/organizations/{i}', users: '/users/{i}' });
      const current = await currentMembers(id, group.id);
      const diff = (a: string[], b: string[]) => a.filter((x) => !b.includes(x));
      await changeMembers(
        group,
        actor,
        {
          organizations: diff(body.organizations, current.organizations),
          users: diff(body.users, current.users),
        },
        {
          organizations: diff(current.organizations, body.organizations),
          users: diff(current.users, body.users),
        },
        id.clientAddress(raw),
      );
      return groupView(id, group);
    },
  });

  ctx.route<{ key: string }, unknown, { type: MemberType; id: string }, unknown>({
    method: 'post',
    path: '/groups/:key/members',
    summary: 'Add one organisation or user to an access group',
    access: { permission: 'core.group.manage' },
    params: keyParams,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'id'],
      properties: { type: { enum: ['organization', 'user'] }, id: idSchema },
    },
    responses: {
      200: { description: 'The group with its members', schema: groupSchema },
      404: { description: 'No such group' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const group = await load(params.key);
      const one: MemberIds =
        body.type === 'organization'
          ? { organizations: [body.id], users: [] }
          : { organizations: [], users: [body.id] };
      await assertMembersExist(id, one, { organizations: '/id', users: '/id' });
      const current = await currentMembers(id, group.id);
      const already = current[`${body.type}s`].includes(body.id);
      if (!already)
        await changeMembers(group, actor, one, { organizations: [], users: [] }, id.clientAddress(raw));
      return groupView(id, group);
    },
  });

  ctx.route<{ key: string; type: MemberType; id: string }, unknown, unknown, unknown>({
    method: 'delete',
    path: '/groups/:key/members/:type/:id',
    summary: 'Remove one organisation or user from an access group',
    access: { permission: 'core.group.manage' },
    params: {
      type: 'object',
      required: ['key', 'type', 'id'],
      properties: {
        key: { type: 'string', minLength: 1, maxLength: 64 },
        type: { enum: ['organization', 'user'] },
        id: idSchema,
      },
    },
    responses: { 204: { description: 'Removed' }, 404: { description: 'No such group, or not a member' } },
    async handler({ params, actor, raw }) {
      const id = identity();
      const group = await load(params.key);
      const current = await currentMembers(id, group.id);
      if (!current[`${params.type}s`].includes(params.id))
        throw new ProblemError(404, { detail: `That ${params.type} is not a member of ${group.key}.` });
      const one: MemberIds =
        params.type === 'organization'
          ? { organizations: [params.id], users: [] }
          : { organizations: [], users: [params.id] };
      await changeMembers(group, actor, { organizations: [], users: [] }, one, id.clientAddress(raw));
      return undefined;
    },
  });

  ctx.route<{ key: string }, unknown, { roles: string[] }, unknown>({
    method: 'put',
    path: '/groups/:key/roles',
    summary: 'Set the roles an access group gives its members',
    description:
      "Members get the permissions of these roles at once. A role applies to the members of its own kind: a customer role to users of customer organisations, a provider role to the supplier's staff. You may give or take only roles whose permissions you hold yourself.",
    access: { permission: 'core.group.manage' },
    params: keyParams,
    body: roleListBody,
    responses: {
      200: { description: 'The group with its new roles', schema: groupSchema },
      403: { description: 'A role gives permissions you do not hold' },
      404: { description: 'No such group' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const group = await load(params.key);
      const wanted = await rolesByKeys(id, body.roles, '/roles');
      const current = await groupRoles(id, group.id);
      const added = wanted.filter((r) => !current.some((c) => c.id === r.id));
      const removed = current.filter((c) => !wanted.some((r) => r.id === c.id));
      if (!added.length && !removed.length) return groupView(id, group);
      assertCanGrant(id, actor, [
        ...added.map((role) => ({ role, path: `/roles/${body.roles.indexOf(role.key)}` })),
        ...removed.map((role) => ({ role, path: '/roles' })),
      ]);
      const reached = await organizationsReachedBy(id, await currentMembers(id, group.id));
      await keepingUserManagers(id, reached, async () => {
        if (removed.length)
          await id.db.sequelize.query(
            'DELETE FROM portico_group_roles WHERE group_id = ? AND role_id IN (?)',
            {
              replacements: [group.id, removed.map((r) => r.id)],
            },
          );
        const now = new Date();
        for (const role of added)
          await id.db.sequelize.query(
            'INSERT INTO portico_group_roles (group_id, role_id, created_at) VALUES (?, ?, ?)',
            {
              replacements: [group.id, role.id, now],
            },
          );
      });
      forgetActors(id, { all: true });
      await id.audit.record({
        type: 'group.roles-changed',
        targetType: 'group',
        targetId: group.key,
        ip: id.clientAddress(raw),
        details: {
          added: added.map((r) => r.key),
          removed: removed.map((r) => r.key),
          roles: wanted.map((r) => r.key),
        },
      });
      return groupView(id, group);
    },
  });
}
