import type { Database } from '../db/database.js';
import { currentActor, type Actor } from '../kernel/request-context.js';

/** Security events provider admins can read and filter (`GET /api/v1/audit`). */
export type AuditType =
  | 'auth.login'
  | 'auth.login-failed'
  | 'auth.lockout'
  | 'auth.logout'
  | 'auth.logout-everywhere'
  | 'auth.password-changed'
  | 'auth.password-reset-requested'
  | 'auth.password-reset'
  | 'auth.totp-enabled'
  | 'auth.totp-disabled'
  | 'auth.recovery-code-used'
  | 'auth.recovery-codes-replaced'
  | 'auth.totp-reset'
  | 'auth.saml-login'
  | 'auth.saml-rejected'
  | 'user.invited'
  | 'user.created'
  | 'user.activated'
  | 'user.updated'
  | 'user.deactivated'
  | 'user.reactivated'
  | 'user.role-changed'
  | 'account-request.created'
  | 'account-request.approved'
  | 'account-request.rejected'
  | 'organization.created'
  | 'organization.updated'
  | 'organization.suspended'
  | 'organization.reactivated'
  | 'role.created'
  | 'role.updated'
  | 'role.deleted'
  | 'group.created'
  | 'group.updated'
  | 'group.deleted'
  | 'group.members-changed'
  | 'group.roles-changed'
  | 'token.created'
  | 'token.revoked'
  | 'saml.configured'
  | 'branding.updated'
  | 'plugin.rollout-changed'
  | 'plugin.settings-changed';

export interface AuditEntry {
  type: AuditType;
  /** The organisation the event concerns (the user's, for a login). */
  organizationId?: string | null;
  targetType?:
    'user' | 'organization' | 'role' | 'group' | 'token' | 'account-request' | 'session' | 'email' | 'plugin';
  targetId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
  /** Defaults to the current request's actor. */
  actor?: Actor;
}

/** Writes audit entries in the current transaction (an entry exists exactly when its change does). */
export class AuditLog {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry): Promise<void> {
    const actor = entry.actor ?? currentActor();
    await this.db.sequelize.getQueryInterface().bulkInsert(
      'portico_audit_log',
      [
        {
          at: new Date(),
          type: entry.type,
          actor_user_id: actor.userId ?? null,
          actor_organization_id: actor.organizationId ?? null,
          organization_id: entry.organizationId ?? null,
          target_type: entry.targetType ?? null,
          target_id: entry.targetId ?? null,
          ip: entry.ip ?? null,
          details: entry.details ? JSON.stringify(entry.details) : null,
        },
      ],
      { transaction: this.db.currentTransaction() },
    );
  }
}
