import { randomUUID } from 'node:crypto';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import { hasPermission, type Actor } from '../../kernel/request-context.js';
import type { RegisterContext, Translated } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import type { RoleScope } from '../access.js';
import type { RoleRow } from '../directory.js';
import { fromJson, toBool } from '../rows.js';
import type { IdentityService } from '../service.js';
import { forgetActors, grantOf, select } from './access-changes.js';
import {
  bodyProblems,
  conflictOnDuplicate,
  fieldProblem,
  kebabKeySchema,
  translatedSchema,
} from './admin-input.js';

/** A role as the admin UI shows it. */
export interface RoleView {
  key: string;
  name: Translated;
  description: Translated | null;
  scope: RoleScope;
  builtin: boolean;
  requireTwoFactor: boolean;
  /** What the role gives its holders, spelled out (provider-admin: every permission). */
  permissions: string[];
  /** True for a role that holds every permission, also those of plugins loaded later. */
  allPermissions: boolean;
}

const translatedView: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

export const roleSchema: JsonSchema = {
  type: 'object',
  required: ['key', 'name', 'scope', 'builtin', 'requireTwoFactor', 'permissions', 'allPermissions'],
  properties: {
    key: { type: 'string' },
    name: translatedView,
    description: { oneOf: [translatedView, { type: 'null' }] },
    scope: { enum: ['provider', 'customer'] },
    builtin: { type: 'boolean' },
    requireTwoFactor: { type: 'boolean' },
    permissions: { type: 'array', items: { type: 'string' } },
    allPermissions: { type: 'boolean' },
  },
};

const permissionSchema: JsonSchema = {
  type: 'object',
  required: ['key', 'description', 'owner', 'providerOnly', 'grantTo'],
  properties: {
    key: { type: 'string' },
    description: translatedView,
    owner: { type: 'string', description: 'The plugin that declares it (core for core)' },
    providerOnly: { type: 'boolean' },
    grantTo: { type: 'array', items: { type: 'string' } },
  },
};

const roleKeyParams: JsonSchema = {
  type: 'object',
  required: ['key'],
  properties: { key: { type: 'string', minLength: 1, maxLength: 64 } },
};

const permissionListSchema: JsonSchema = {
  type: 'array',
  maxItems: 500,
  uniqueItems: true,
  items: { type: 'string', minLength: 1, maxLength: 191 },
};

interface RoleInput {
  key: string;
  name: Translated;
  description?: Translated | null;
  scope: RoleScope;
  permissions: string[];
  requireTwoFactor?: boolean;
}

type RolePatch = Partial<Omit<RoleInput, 'key' | 'scope'>>;

/** Reading roles and the catalog: whoever manages users or roles. */
function assertMayReadRoles(actor: Actor): void {
  if (!hasPermission(actor, 'core.user.read') && !hasPermission(actor, 'core.role.manage'))
    throw new ProblemError(403, {
      detail: 'This needs the permission "core.user.read" or "core.role.manage".',
    });
}

/** Customers see customer roles only; the supplier's staff see both kinds. */
const sees = (actor: Actor, scope: RoleScope): boolean =>
  actor.organizationKind === 'provider' || actor.kind === 'system' || scope === 'customer';

export function roleView(identity: IdentityService, row: RoleRow): RoleView {
  const granted = grantOf(identity, row);
  const all = granted.has('*');
  const permissions = all
    ? [...identity.catalog.byKey.values()]
        .filter((p) => row.scope === 'provider' || !p.providerOnly)
        .map((p) => p.key)
    : [...granted];
  return {
    key: row.key,
    name: fromJson<Translated>(row.name, { en: row.key }),
    description: fromJson<Translated | null>(row.description, null),
    scope: row.scope,
    builtin: toBool(row.builtin),
    requireTwoFactor: toBool(row.require_totp),
    permissions: permissions.sort(),
    allPermissions: all,
  };
}

/**
 * 422 for permissions no loaded plugin declares or that a role of `scope` cannot hold; 403 for
 * permissions the actor lacks: a role is composed only of what its maker may do themselves.
 */
function checkPermissions(
  identity: IdentityService,
  actor: Actor,
  scope: RoleScope,
  permissions: string[],
  only: (permission: string) => boolean = () => true,
): void {
  const problems: Array<{ path: string; message: string }> = [];
  const lacking: Array<{ in: 'body'; path: string; message: string; key: string }> = [];
  permissions.forEach((p, i) => {
    if (!only(p)) return;
    const why = identity.catalog.refuse(scope, [p]);
    if (why) problems.push({ path: `/permissions/${i}`, message: why });
    else if (!hasPermission(actor, p))
      lacking.push({ in: 'body', path: `/permissions/${i}`, message: 'you do not hold it yourself', key: p });
  });
  if (problems.length) throw bodyProblems(problems);
  if (lacking.length)
    throw new ProblemError(403, {
      detail: `You may not put permissions you do not hold into a role (${lacking.map((l) => l.key).join(', ')}).`,
      errors: lacking.map(({ key: _key, ...e }) => e),
    });
}

/** Roles (built-in and custom) and the permission catalog they are made of. */
export function registerRoleRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  const load = async (key: string, actor: Actor): Promise<RoleRow> => {
    const rows = await select<RoleRow>(identity(), 'SELECT * FROM portico_roles WHERE `key` = ?', [key]);
    const row = rows[0];
    if (!row || !sees(actor, row.scope)) throw new ProblemError(404, { detail: `No such role: ${key}.` });
    return row;
  };

  ctx.route<unknown, { scope?: RoleScope }, unknown, unknown>({
    method: 'get',
    path: '/roles',
    summary: 'List roles with the permissions they give',
    description:
      'For anyone with core.user.read or core.role.manage. Customer admins see the roles of customer organisations only.',
    access: 'authenticated',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { scope: { enum: ['provider', 'customer'] } },
    },
    responses: {
      200: {
        description: 'Built-in roles first, then custom roles, by key',
        schema: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: roleSchema } },
        },
      },
    },
    async handler({ query, actor }) {
      assertMayReadRoles(actor);
      const id = identity();
      const rows = await select<RoleRow>(id, 'SELECT * FROM portico_roles', []);
      const items = rows
        .filter((r) => sees(actor, r.scope) && (!query.scope || r.scope === query.scope))
        .map((r) => roleView(id, r))
        .sort((a, b) => Number(b.builtin) - Number(a.builtin) || a.key.localeCompare(b.key));
      return { items };
    },
  });

  ctx.route<{ key: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/roles/:key',
    summary: 'One role with the permissions it gives',
    access: 'authenticated',
    params: roleKeyParams,
    responses: { 200: { description: 'The role', schema: roleSchema }, 404: { description: 'No such role' } },
    async handler({ params, actor }) {
      assertMayReadRoles(actor);
      return roleView(identity(), await load(params.key, actor));
    },
  });

  ctx.route<unknown, unknown, RoleInput, unknown>({
    method: 'post',
    path: '/roles',
    summary: 'Create a custom role',
    description:
      "A custom role holds the permissions it lists. A customer role can never hold permissions that are for the supplier's staff only, and nobody puts permissions into a role that they do not hold themselves.",
    access: { permission: 'core.role.manage' },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['key', 'name', 'scope', 'permissions'],
      properties: {
        key: kebabKeySchema,
        name: translatedSchema,
        description: { oneOf: [translatedSchema, { type: 'null' }] },
        scope: { enum: ['provider', 'customer'] },
        permissions: permissionListSchema,
        requireTwoFactor: { type: 'boolean' },
      },
    },
    responses: {
      201: { description: 'Created', schema: roleSchema },
      409: { description: 'A role with this key exists' },
    },
    async handler({ body, actor, raw }) {
      const id = identity();
      checkPermissions(id, actor, body.scope, body.permissions);
      if ((await select(id, 'SELECT id FROM portico_roles WHERE `key` = ?', [body.key])).length)
        throw fieldProblem(409, '/key', 'is taken', `A role with the key "${body.key}" exists already.`);
      const now = new Date();
      await conflictOnDuplicate(
        () =>
          id.db.sequelize.query(
            `INSERT INTO portico_roles (id, \`key\`, name, description, scope, permissions, builtin, require_totp, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            {
              replacements: [
                randomUUID(),
                body.key,
                JSON.stringify(body.name),
                body.description ? JSON.stringify(body.description) : null,
                body.scope,
                JSON.stringify([...body.permissions].sort()),
                false,
                body.requireTwoFactor ?? false,
                now,
                now,
              ],
            },
          ),
        '/key',
        `A role with the key "${body.key}" exists already.`,
      );
      await id.audit.record({
        type: 'role.created',
        targetType: 'role',
        targetId: body.key,
        ip: id.clientAddress(raw),
        details: { scope: body.scope, permissions: [...body.permissions].sort() },
      });
      return reply(201, roleView(id, await load(body.key, actor)), { Location: `/api/v1/roles/${body.key}` });
    },
  });

  ctx.route<{ key: string }, unknown, RolePatch, unknown>({
    method: 'patch',
    path: '/roles/:key',
    summary: "Change a custom role's name, description, permissions or second-factor rule",
    description:
      'A change of permissions applies at once to every holder. Built-in roles get their permissions and names from code: only requireTwoFactor can be set on them.',
    access: { permission: 'core.role.manage' },
    params: roleKeyParams,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        name: translatedSchema,
        description: { oneOf: [translatedSchema, { type: 'null' }] },
        permissions: permissionListSchema,
        requireTwoFactor: { type: 'boolean' },
      },
    },
    responses: {
      200: { description: 'The changed role', schema: roleSchema },
      404: { description: 'No such role' },
      409: { description: 'A built-in role cannot be changed this way' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const row = await load(params.key, actor);
      if (toBool(row.builtin)) {
        const fixed = Object.keys(body).filter((k) => k !== 'requireTwoFactor');
        if (fixed.length)
          throw new ProblemError(409, {
            detail: `"${row.key}" is a built-in role: its ${fixed.join(' and ')} come from code. Create a custom role instead.`,
            errors: fixed.map((f) => ({
              in: 'body' as const,
              path: `/${f}`,
              message: 'cannot be changed on a built-in role',
            })),
          });
      }
      const before = fromJson<string[]>(row.permissions, []);
      let added: string[] = [];
      let removed: string[] = [];
      if (body.permissions) {
        checkPermissions(id, actor, row.scope, body.permissions, (p) => !before.includes(p));
        added = body.permissions.filter((p) => !before.includes(p)).sort();
        removed = before.filter((p) => !body.permissions!.includes(p)).sort();
        // Taking a permission away is giving less, but still needs holding it (no reshaping roles above you).
        const lacking = removed.filter((p) => !hasPermission(actor, p));
        if (lacking.length)
          throw fieldProblem(
            403,
            '/permissions',
            `removes permissions you do not hold: ${lacking.join(', ')}`,
            `You may not take permissions you do not hold out of a role (${lacking.join(', ')}).`,
          );
      }
      const set: Record<string, unknown> = {};
      if (body.name) set.name = JSON.stringify(body.name);
      if (body.description !== undefined)
        set.description = body.description ? JSON.stringify(body.description) : null;
      if (body.permissions) set.permissions = JSON.stringify([...body.permissions].sort());
      if (body.requireTwoFactor !== undefined) set.require_totp = body.requireTwoFactor;
      const columns = Object.keys(set);
      await id.db.sequelize.query(
        `UPDATE portico_roles SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
        { replacements: [...columns.map((c) => set[c]), new Date(), row.id] },
      );
      // Holders' actors carry the role's permissions: every cached actor may be stale now.
      if (added.length || removed.length) forgetActors(id, { all: true });
      await id.audit.record({
        type: 'role.updated',
        targetType: 'role',
        targetId: row.key,
        ip: id.clientAddress(raw),
        details: { fields: Object.keys(body).sort(), ...(body.permissions ? { added, removed } : {}) },
      });
      return roleView(id, await load(row.key, actor));
    },
  });

  ctx.route<{ key: string }, { force: boolean }, unknown, unknown>({
    method: 'delete',
    path: '/roles/:key',
    summary: 'Delete a custom role',
    description:
      'Refused (409) while users or groups hold the role, unless `force=true`, which takes it from them first. Built-in roles cannot be deleted.',
    access: { permission: 'core.role.manage' },
    params: roleKeyParams,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { force: { type: 'boolean', default: false } },
    },
    responses: {
      204: { description: 'Deleted' },
      404: { description: 'No such role' },
      409: { description: 'A built-in role, or a role that users or groups hold' },
    },
    async handler({ params, query, actor, raw }) {
      const id = identity();
      const row = await load(params.key, actor);
      if (toBool(row.builtin))
        throw new ProblemError(409, { detail: `"${row.key}" is a built-in role and cannot be deleted.` });
      const [users, groups] = await Promise.all([
        select<{ n: number | string }>(id, 'SELECT COUNT(*) AS n FROM portico_user_roles WHERE role_id = ?', [
          row.id,
        ]),
        select<{ n: number | string }>(
          id,
          'SELECT COUNT(*) AS n FROM portico_group_roles WHERE role_id = ?',
          [row.id],
        ),
      ]);
      const held = { users: Number(users[0]?.n ?? 0), groups: Number(groups[0]?.n ?? 0) };
      if ((held.users || held.groups) && !query.force)
        throw new ProblemError(409, {
          detail: `The role "${row.key}" is held by ${held.users} user(s) and ${held.groups} group(s). Take it from them first, or delete with ?force=true.`,
          held,
        });
      for (const table of ['portico_user_roles', 'portico_group_roles'])
        await id.db.sequelize.query(`DELETE FROM ${table} WHERE role_id = ?`, { replacements: [row.id] });
      await id.db.sequelize.query('DELETE FROM portico_roles WHERE id = ?', { replacements: [row.id] });
      if (held.users || held.groups) forgetActors(id, { all: true });
      await id.audit.record({
        type: 'role.deleted',
        targetType: 'role',
        targetId: row.key,
        ip: id.clientAddress(raw),
        details: { scope: row.scope, forced: query.force, ...held },
      });
      return undefined;
    },
  });

  ctx.route({
    method: 'get',
    path: '/permissions',
    summary: 'The permission catalog: every permission core and the loaded plugins declare',
    description:
      "For building roles. Customer admins see the permissions a customer role can hold; the supplier's staff see all.",
    access: 'authenticated',
    responses: {
      200: {
        description: 'Permissions by key',
        schema: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: permissionSchema } },
        },
      },
    },
    handler({ actor }) {
      assertMayReadRoles(actor);
      const items = [...identity().catalog.byKey.values()]
        .filter((p) => sees(actor, p.providerOnly ? 'provider' : 'customer'))
        .map((p) => ({
          key: p.key,
          description: p.description,
          owner: p.owner,
          providerOnly: !!p.providerOnly,
          grantTo: p.grantTo ?? [],
        }))
        .sort((a, b) => a.key.localeCompare(b.key));
      return { items };
    },
  });
}
