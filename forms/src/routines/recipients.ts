import { QueryTypes } from 'sequelize';
import type { Database } from '@portico/core';
import type { Recipient } from './routine-schema.js';

/** Someone a routine mails: address and the language they read. */
export interface MailRecipient {
  userId: string;
  email: string;
  language: string;
  organizationId: string;
}

const most = 200;

/**
 * The active people a routine's e-mail step reaches (at most 200). Roles count whether held directly or through
 * an access group (of the user or of their organisation), as everywhere else in the portal.
 */
export async function findRecipients(
  db: Database,
  to: Recipient,
  submission: { userId: string | null; organizationId: string },
): Promise<MailRecipient[]> {
  const select = (sql: string, replacements: unknown[]) =>
    db.sequelize.query<{ id: string; email: string; language: string; organization_id: string }>(sql, {
      replacements,
      type: QueryTypes.SELECT,
    });
  const columns = 'u.id, u.email, u.language, u.organization_id';
  const active = "u.status = 'active'";
  const holding = `(u.id IN (SELECT ur.user_id FROM portico_user_roles ur JOIN portico_roles r ON r.id = ur.role_id WHERE r.\`key\` = ?)
      OR EXISTS (SELECT 1 FROM portico_group_roles gr
                   JOIN portico_roles r ON r.id = gr.role_id
                   JOIN portico_group_members m ON m.group_id = gr.group_id
                  WHERE r.\`key\` = ?
                    AND ((m.member_type = 'user' AND m.member_id = u.id)
                      OR (m.member_type = 'organization' AND m.member_id = u.organization_id))))`;
  let rows: Awaited<ReturnType<typeof select>>;
  if (to === 'submitter') {
    if (!submission.userId) return [];
    rows = await select(`SELECT ${columns} FROM portico_users u WHERE u.id = ? AND ${active}`, [
      submission.userId,
    ]);
  } else if (to === 'company-admins') {
    rows = await select(
      `SELECT ${columns} FROM portico_users u WHERE u.organization_id = ? AND ${active} AND ${holding} ORDER BY u.email LIMIT ${most}`,
      [submission.organizationId, 'customer-admin', 'customer-admin'],
    );
  } else {
    // The supplier's staff with the role, and the submitter's colleagues with it: never the
    // people of other customers, whatever role an admin picks.
    rows = await select(
      `SELECT ${columns} FROM portico_users u
        WHERE ${active} AND ${holding}
          AND (u.organization_id = ? OR u.organization_id IN (SELECT id FROM portico_organizations WHERE kind = 'provider'))
        ORDER BY u.email LIMIT ${most}`,
      [to.role, to.role, submission.organizationId],
    );
  }
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    language: r.language,
    organizationId: r.organization_id,
  }));
}
