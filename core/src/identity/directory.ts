import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Database } from '../db/database.js';
import type { Actor } from '../kernel/request-context.js';
import type { PermissionCatalog, RoleScope } from './access.js';
import { fromJson, toBool, toIso } from './rows.js';

export type UserStatus = 'invited' | 'active' | 'deactivated';
export type OrganizationKind = 'provider' | 'customer';

export interface UserRow {
  id: string;
  organization_id: string;
  email: string;
  name: string;
  phone: string | null;
  language: string;
  contact_method: string;
  time_zone: string;
  avatar_file_id: string | null;
  status: UserStatus;
  password_hash: string | null;
  password_changed_at: Date | string | null;
  totp_secret: string | null;
  totp_enabled_at: Date | string | null;
  last_login_at: Date | string | null;
  custom_fields: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface OrganizationRow {
  id: string;
  kind: OrganizationKind;
  name: string;
  customer_number: string | null;
  status: 'active' | 'suspended';
  email_domains: unknown;
  require_totp: unknown;
  branding: unknown;
  custom_fields: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The public shape of a user (never the hash or secrets). */
export interface UserView {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone: string | null;
  language: string;
  contactMethod: string;
  timeZone: string;
  avatarUrl: string | null;
  status: UserStatus;
  twoFactorEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  /** Values of the custom fields admins defined for user profiles. */
  custom: Record<string, unknown>;
}

export function userView(u: UserRow): UserView {
  return {
    id: u.id,
    organizationId: u.organization_id,
    email: u.email,
    name: u.name,
    phone: u.phone,
    language: u.language,
    contactMethod: u.contact_method,
    timeZone: u.time_zone,
    avatarUrl: u.avatar_file_id ? `/api/v1/users/${u.id}/avatar?v=${u.avatar_file_id.slice(0, 8)}` : null,
    status: u.status,
    twoFactorEnabled: !!u.totp_enabled_at,
    lastLoginAt: toIso(u.last_login_at),
    createdAt: toIso(u.created_at)!,
    custom: fromJson<Record<string, unknown>>(u.custom_fields, {}),
  };
}

export interface OrganizationView {
  id: string;
  kind: OrganizationKind;
  name: string;
  customerNumber: string | null;
  status: 'active' | 'suspended';
  emailDomains: string[];
  requireTwoFactor: boolean;
  branding: Record<string, unknown>;
  /** Values of the custom fields admins defined for organisations. */
  custom: Record<string, unknown>;
  createdAt: string;
}

export function organizationView(o: OrganizationRow): OrganizationView {
  return {
    id: o.id,
    kind: o.kind,
    name: o.name,
    customerNumber: o.customer_number,
    status: o.status,
    emailDomains: fromJson<string[]>(o.email_domains, []),
    requireTwoFactor: toBool(o.require_totp),
    branding: fromJson<Record<string, unknown>>(o.branding, {}),
    custom: fromJson<Record<string, unknown>>(o.custom_fields, {}),
    createdAt: toIso(o.created_at)!,
  };
}

export interface RoleRow {
  id: string;
  key: string;
  name: unknown;
  description: unknown;
  scope: RoleScope;
  permissions: unknown;
  builtin: unknown;
  require_totp: unknown;
}

/** What the actor of a user is made of: their organisation, roles (direct and through groups) and groups. */
export interface UserAccess {
  user: UserRow;
  organization: OrganizationRow;
  roles: RoleRow[];
  groups: string[];
}

/** E-mail addresses compare lower-case and trimmed. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Reads users, organisations, roles and groups for identity. Plain SQL on purpose: it runs on
 * every request that is not served from the actor cache.
 */
export class Directory {
  constructor(
    private readonly db: Database,
    private readonly catalog: PermissionCatalog,
  ) {}

  private select<T extends object>(sql: string, replacements: unknown[]): Promise<T[]> {
    return this.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }

  async user(id: string): Promise<UserRow | undefined> {
    return (await this.select<UserRow>('SELECT * FROM portico_users WHERE id = ?', [id]))[0];
  }

  async userByEmail(email: string): Promise<UserRow | undefined> {
    return (
      await this.select<UserRow>('SELECT * FROM portico_users WHERE email = ?', [normalizeEmail(email)])
    )[0];
  }

  async organization(id: string): Promise<OrganizationRow | undefined> {
    return (await this.select<OrganizationRow>('SELECT * FROM portico_organizations WHERE id = ?', [id]))[0];
  }

  async role(idOrKey: string): Promise<RoleRow | undefined> {
    return (
      await this.select<RoleRow>('SELECT * FROM portico_roles WHERE id = ? OR `key` = ?', [idOrKey, idOrKey])
    )[0];
  }

  /** Roles of a user: assigned directly, and through the access groups of the user or their organisation. */
  async rolesOf(userId: string, organizationId: string): Promise<RoleRow[]> {
    return this.select<RoleRow>(
      `SELECT DISTINCT r.* FROM portico_roles r
         WHERE r.id IN (SELECT role_id FROM portico_user_roles WHERE user_id = ?)
            OR r.id IN (SELECT gr.role_id FROM portico_group_roles gr
                          JOIN portico_group_members m ON m.group_id = gr.group_id
                         WHERE (m.member_type = 'user' AND m.member_id = ?)
                            OR (m.member_type = 'organization' AND m.member_id = ?))`,
      [userId, userId, organizationId],
    );
  }

  async groupsOf(userId: string, organizationId: string): Promise<string[]> {
    const rows = await this.select<{ key: string }>(
      `SELECT DISTINCT g.\`key\` FROM portico_groups g JOIN portico_group_members m ON m.group_id = g.id
        WHERE (m.member_type = 'user' AND m.member_id = ?) OR (m.member_type = 'organization' AND m.member_id = ?)`,
      [userId, organizationId],
    );
    return rows.map((r) => r.key).sort();
  }

  async access(userId: string): Promise<UserAccess | undefined> {
    const user = await this.user(userId);
    if (!user) return undefined;
    const [organization, roles, groups] = await Promise.all([
      this.organization(user.organization_id),
      this.rolesOf(user.id, user.organization_id),
      this.groupsOf(user.id, user.organization_id),
    ]);
    if (!organization) return undefined;
    return { user, organization, roles, groups };
  }

  /** The permissions of a set of roles for a user of an organisation of `kind`. */
  permissionsOf(roles: RoleRow[], kind: OrganizationKind): Set<string> {
    const out = new Set<string>();
    for (const r of roles) {
      // A role meant for the other side never applies (a group may gather both kinds).
      if (r.scope !== kind) continue;
      const list = toBool(r.builtin)
        ? this.catalog.builtinPermissions(r.key)
        : fromJson<string[]>(r.permissions, []);
      for (const p of list) {
        const def = this.catalog.byKey.get(p);
        if (kind === 'customer' && (p === '*' || def?.providerOnly)) continue;
        out.add(p);
      }
    }
    return out;
  }

  /** The actor of an active user of an active organisation, or undefined. */
  actorOf(a: UserAccess, extra: Partial<Actor> = {}): Actor | undefined {
    if (a.user.status !== 'active' || a.organization.status !== 'active') return undefined;
    return {
      kind: 'user',
      userId: a.user.id,
      organizationId: a.organization.id,
      organizationKind: a.organization.kind,
      roles: a.roles
        .filter((r) => r.scope === a.organization.kind)
        .map((r) => r.key)
        .sort(),
      permissions: this.permissionsOf(a.roles, a.organization.kind),
      groups: a.groups,
      language: a.user.language,
      ...extra,
    };
  }

  /** Gives a user a role (idempotent). */
  async assignRole(userId: string, roleId: string): Promise<void> {
    const exists = await this.select(
      'SELECT 1 AS x FROM portico_user_roles WHERE user_id = ? AND role_id = ?',
      [userId, roleId],
    );
    if (exists.length) return;
    await this.db.sequelize
      .getQueryInterface()
      .bulkInsert('portico_user_roles', [{ user_id: userId, role_id: roleId, created_at: new Date() }], {
        transaction: this.db.currentTransaction(),
      });
  }

  /** Creates a user; the caller checks permissions and the organisation. */
  async createUser(input: {
    organizationId: string;
    email: string;
    name: string;
    status: UserStatus;
    language?: string;
    phone?: string | null;
    passwordHash?: string | null;
  }): Promise<UserRow> {
    const now = new Date();
    const id = randomUUID();
    await this.db.sequelize.getQueryInterface().bulkInsert(
      'portico_users',
      [
        {
          id,
          organization_id: input.organizationId,
          email: normalizeEmail(input.email),
          name: input.name.trim(),
          phone: input.phone ?? null,
          language: input.language ?? 'en',
          contact_method: 'email',
          time_zone: 'Europe/Stockholm',
          status: input.status,
          password_hash: input.passwordHash ?? null,
          password_changed_at: input.passwordHash ? now : null,
          created_at: now,
          updated_at: now,
        },
      ],
      { transaction: this.db.currentTransaction() },
    );
    return (await this.user(id))!;
  }
}
