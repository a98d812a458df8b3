import { QueryTypes } from 'sequelize';
import type { Database } from '@portico/core';
import type { Reader } from './audience.js';

/** Someone an editor may preview an article as. */
export interface ReaderSummary {
  id: string;
  name: string;
  email: string;
  organizationName: string;
  language: string | null;
}

/** A role an audience may name. */
export interface AudienceRole {
  key: string;
  name: Record<string, string>;
  scope: 'provider' | 'customer';
}

/**
 * Who a user is, as the audience check needs it, for an editor's preview "as this user". Core
 * offers no service for another user's access yet, so this reads core's identity tables (never
 * another plugin's), the same way core builds a session's actor: roles and groups come from the
 * user and from their organisation's access groups.
 */
export class ReaderDirectory {
  constructor(private readonly db: () => Database) {}

  async reader(userId: string): Promise<Reader | undefined> {
    const select = <T extends object>(sql: string, replacements: unknown[]) =>
      this.db().sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
    const [user] = await select<{ id: string; organization_id: string; language: string | null }>(
      'SELECT id, organization_id, language FROM portico_users WHERE id = ?',
      [userId],
    );
    if (!user) return undefined;
    const [roles, groups] = await Promise.all([
      select<{ key: string }>(
        `SELECT DISTINCT r.\`key\` FROM portico_roles r
           WHERE r.id IN (SELECT role_id FROM portico_user_roles WHERE user_id = ?)
              OR r.id IN (SELECT gr.role_id FROM portico_group_roles gr
                            JOIN portico_group_members m ON m.group_id = gr.group_id
                           WHERE (m.member_type = 'user' AND m.member_id = ?)
                              OR (m.member_type = 'organization' AND m.member_id = ?))`,
        [user.id, user.id, user.organization_id],
      ),
      select<{ key: string }>(
        `SELECT DISTINCT g.\`key\` FROM portico_groups g JOIN portico_group_members m ON m.group_id = g.id
          WHERE (m.member_type = 'user' AND m.member_id = ?) OR (m.member_type = 'organization' AND m.member_id = ?)`,
        [user.id, user.organization_id],
      ),
    ]);
    return {
      userId: user.id,
      organizationId: user.organization_id,
      roles: roles.map((r) => r.key),
      groups: groups.map((g) => g.key),
      ...(user.language ? { language: user.language } : {}),
    };
  }

  /**
   * People to preview an article as, by name or e-mail, customers first: what the editor's
   * "preview as" picker needs, without core's user administration permission.
   */
  async search(q: string | undefined, limit: number): Promise<ReaderSummary[]> {
    const pattern = q ? `%${q.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%` : undefined;
    const rows = await this.db().sequelize.query<{
      id: string;
      name: string;
      email: string;
      organization_name: string;
      language: string | null;
    }>(
      `SELECT u.id, u.name, u.email, u.language, o.name AS organization_name
         FROM portico_users u JOIN portico_organizations o ON o.id = u.organization_id
        WHERE u.status = 'active' ${pattern ? "AND (LOWER(u.name) LIKE ? ESCAPE '!' OR LOWER(u.email) LIKE ? ESCAPE '!')" : ''}
        ORDER BY CASE WHEN o.kind = 'customer' THEN 0 ELSE 1 END, o.name, u.name, u.id
        LIMIT ?`,
      { replacements: [...(pattern ? [pattern, pattern] : []), limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      email: r.email,
      organizationName: r.organization_name,
      language: r.language,
    }));
  }

  /** Every role, customers' first: the values the audience's "roles" may hold. */
  async roles(): Promise<AudienceRole[]> {
    const rows = await this.db().sequelize.query<{
      key: string;
      name: unknown;
      scope: 'provider' | 'customer';
    }>('SELECT `key`, name, scope FROM portico_roles', { type: QueryTypes.SELECT });
    return rows
      .map((r) => ({ key: r.key, scope: r.scope, name: parseName(r.name, r.key) }))
      .sort((a, b) => (a.scope === b.scope ? a.key.localeCompare(b.key) : a.scope === 'customer' ? -1 : 1));
  }
}

function parseName(value: unknown, key: string): Record<string, string> {
  try {
    const v: unknown = typeof value === 'string' ? JSON.parse(value) : value;
    if (v && typeof v === 'object') return v as Record<string, string>;
  } catch {
    // A name that cannot be read is shown as the key.
  }
  return { en: key };
}
