import { QueryTypes } from 'sequelize';
import { ProblemError } from '../../http/problem.js';
import { hasPermission, type Actor } from '../../kernel/request-context.js';
import type { InvalidateMessage } from '../actor-cache.js';
import type { OrganizationKind, RoleRow } from '../directory.js';
import type { IdentityService } from '../service.js';
import { bodyProblems } from './admin-input.js';

/**
 * The rules every change of who-holds-what follows, whichever route makes it: nobody grants
 * permissions they do not hold, an organisation keeps someone who can manage its users, and
 * cached actors are forgotten so the change applies to the very next request.
 */

/** Rows of a plain SQL select in the current transaction. */
export function select<T extends object>(
  identity: IdentityService,
  sql: string,
  replacements: unknown[],
): Promise<T[]> {
  return identity.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
}

/**
 * Forgets cached actors now, and again when the transaction commits: a request that read the old
 * rows between the two would otherwise cache the old actor until it expires.
 */
export function forgetActors(identity: IdentityService, message: InvalidateMessage): void {
  identity.cache.invalidate(message);
  identity.db.currentTransaction()?.afterCommit(() => identity.cache.invalidate(message));
}

/** The permissions a role gives its holders (`*` for provider-admin). */
export function grantOf(identity: IdentityService, role: RoleRow): Set<string> {
  return identity.directory.permissionsOf([role], role.scope);
}

/**
 * Throws 403 unless the actor holds every permission of each role: whoever may hand out roles
 * may hand out only what they could do themselves (no escalation), and the same holds for
 * taking a role away.
 */
export function assertCanGrant(
  identity: IdentityService,
  actor: Actor,
  roles: Array<{ role: RoleRow; path: string }>,
): void {
  const refused: Array<{ path: string; message: string; key: string; missing: string[] }> = [];
  for (const { role, path } of roles) {
    const missing = [...grantOf(identity, role)].filter((p) => !hasPermission(actor, p)).sort();
    if (missing.length)
      refused.push({
        path,
        key: role.key,
        missing,
        message: `gives permissions you do not hold: ${missing.join(', ')}`,
      });
  }
  if (!refused.length) return;
  throw new ProblemError(403, {
    title: 'Forbidden',
    detail: `You may not give or take the role "${refused[0]!.key}": it holds permissions you do not have yourself (${refused[0]!.missing.join(', ')}).`,
    errors: refused.map((r) => ({ in: 'body' as const, path: r.path, message: r.message })),
  });
}

/**
 * Looks up roles by key, in the order given. Unknown keys, and roles meant for the other kind of
 * organisation when `kind` is set, answer 422 with the path of each (`/roles/1`).
 */
export async function rolesByKeys(
  identity: IdentityService,
  keys: readonly string[],
  field: string,
  kind?: OrganizationKind,
): Promise<RoleRow[]> {
  const unique = [...new Set(keys)];
  const rows = unique.length
    ? await select<RoleRow>(identity, 'SELECT * FROM portico_roles WHERE `key` IN (?)', [unique])
    : [];
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const problems: Array<{ path: string; message: string }> = [];
  keys.forEach((key, i) => {
    const role = byKey.get(key);
    if (!role) problems.push({ path: `${field}/${i}`, message: `"${key}" is not a role` });
    else if (kind && role.scope !== kind)
      problems.push({
        path: `${field}/${i}`,
        message:
          kind === 'customer'
            ? `"${key}" is a role of the supplier's staff; users of a customer organisation cannot hold it`
            : `"${key}" is a role of customer organisations; the supplier's staff cannot hold it`,
      });
  });
  if (problems.length) throw bodyProblems(problems);
  return unique.map((k) => byKey.get(k)!);
}

/** Ids of the roles that let a user of an organisation of `kind` manage users. */
async function managerRoleIds(identity: IdentityService, kind: OrganizationKind): Promise<string[]> {
  const roles = await select<RoleRow>(identity, 'SELECT * FROM portico_roles WHERE scope = ?', [kind]);
  return roles
    .filter((r) => {
      const granted = identity.directory.permissionsOf([r], kind);
      return granted.has('core.user.manage') || granted.has('*');
    })
    .map((r) => r.id);
}

/**
 * On MySQL/MariaDB a plain SELECT in a transaction reads the snapshot taken at the transaction's
 * first read, which may predate a change committed by a request this one queued behind (see
 * keepingUserManagers). A locking read sees the latest rows, but only of the tables in its own
 * query block, not of subqueries: hence joins below, each query a locking read.
 */
const lockingRead = (identity: IdentityService): string =>
  identity.db.dialect === 'mysql' ? ' FOR UPDATE' : '';

/** How many active users of an organisation hold core.user.manage (directly or through groups). */
export async function userManagerCount(
  identity: IdentityService,
  organizationId: string,
  kind: OrganizationKind,
): Promise<number> {
  const ids = await managerRoleIds(identity, kind);
  if (!ids.length) return 0;
  const lock = lockingRead(identity);
  const throughOrganization = await select<{ n: number | string }>(
    identity,
    `SELECT COUNT(*) AS n FROM portico_group_members m JOIN portico_group_roles gr ON gr.group_id = m.group_id
      WHERE m.member_type = 'organization' AND m.member_id = ? AND gr.role_id IN (?)${lock}`,
    [organizationId, ids],
  );
  if (Number(throughOrganization[0]?.n ?? 0) > 0) {
    // A group gives every user of the organisation a manager role.
    const active = await select<{ n: number | string }>(
      identity,
      `SELECT COUNT(*) AS n FROM portico_users WHERE organization_id = ? AND status = 'active'${lock}`,
      [organizationId],
    );
    return Number(active[0]?.n ?? 0);
  }
  const [direct, throughUserGroups] = await Promise.all([
    select<{ id: string }>(
      identity,
      `SELECT u.id FROM portico_users u JOIN portico_user_roles ur ON ur.user_id = u.id
        WHERE u.organization_id = ? AND u.status = 'active' AND ur.role_id IN (?)${lock}`,
      [organizationId, ids],
    ),
    select<{ id: string }>(
      identity,
      `SELECT u.id FROM portico_users u
         JOIN portico_group_members m ON m.member_type = 'user' AND m.member_id = u.id
         JOIN portico_group_roles gr ON gr.group_id = m.group_id
        WHERE u.organization_id = ? AND u.status = 'active' AND gr.role_id IN (?)${lock}`,
      [organizationId, ids],
    ),
  ]);
  return new Set([...direct, ...throughUserGroups].map((r) => r.id)).size;
}

/**
 * Makes a change to who holds what and refuses it (409, rolled back with the request's
 * transaction) if it leaves one of `organizations` that had an active user who could manage its
 * users with none.
 */
export async function keepingUserManagers<T>(
  identity: IdentityService,
  organizations: ReadonlyArray<{ id: string; kind: OrganizationKind; name?: string }>,
  change: () => Promise<T>,
): Promise<T> {
  const unique = [...new Map(organizations.map((o) => [o.id, o])).values()].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  // Two admins taking each other's role at the same moment must not both succeed: changes to an
  // organisation's managers queue on its row. SQLite writes one transaction at a time anyway.
  if (unique.length && identity.db.dialect === 'mysql')
    await select(identity, 'SELECT id FROM portico_organizations WHERE id IN (?) ORDER BY id FOR UPDATE', [
      unique.map((o) => o.id),
    ]);
  const before = await Promise.all(unique.map((o) => userManagerCount(identity, o.id, o.kind)));
  const result = await change();
  for (const [i, o] of unique.entries()) {
    if (before[i]! > 0 && (await userManagerCount(identity, o.id, o.kind)) === 0)
      throw new ProblemError(409, {
        title: 'Conflict',
        detail: `This would leave ${o.name ?? 'the organisation'} with no active user who can manage its users. Give another user an administrator role first.`,
      });
  }
  return result;
}
