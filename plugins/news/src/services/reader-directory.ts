import { QueryTypes } from 'sequelize';
import type { Database } from '@portico/core';
import type { Reader } from './audience.js';

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
}
