import { useTranslation } from 'react-i18next';

/** Audit event types core records, by family, for the type filter's suggestions. */
export const knownAuditTypes = [
  'auth.login',
  'auth.login-failed',
  'auth.lockout',
  'auth.logout',
  'auth.logout-everywhere',
  'auth.password-changed',
  'auth.password-reset',
  'auth.password-reset-requested',
  'auth.recovery-code-used',
  'auth.recovery-codes-replaced',
  'auth.saml-login',
  'auth.saml-rejected',
  'auth.totp-enabled',
  'auth.totp-disabled',
  'auth.totp-reset',
  'account-request.created',
  'account-request.approved',
  'account-request.rejected',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members-changed',
  'group.roles-changed',
  'organization.created',
  'organization.updated',
  'organization.suspended',
  'organization.reactivated',
  'role.created',
  'role.updated',
  'role.deleted',
  'saml.configured',
  'token.created',
  'token.revoked',
  'user.created',
  'user.invited',
  'user.activated',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.role-changed',
] as const;

/** Whole families: "auth.*" matches every type under auth. */
export const auditFamilies = [...new Set(knownAuditTypes.map((t) => `${t.split('.')[0]}.*`))];

/** Events the dashboard shows as security events: what an admin should notice, not every login. */
export const securityEventTypes = [
  'auth.login-failed',
  'auth.lockout',
  'auth.saml-rejected',
  'auth.totp-disabled',
  'auth.totp-reset',
  'auth.password-reset',
  'organization.suspended',
  'user.deactivated',
  'user.role-changed',
  'role.*',
  'group.roles-changed',
  'saml.configured',
  'token.created',
];

/** A type in words ("Failed login"), or the type itself for one this app does not know (a plugin's). */
export function useAuditTypeLabel() {
  const { t, i18n } = useTranslation();
  return (type: string) => {
    if (type.endsWith('.*')) {
      const family = type.slice(0, -2);
      const key = `audit.families.${family}`;
      return i18n.exists(key) ? t(key) : type;
    }
    const key = `audit.types.${type}`;
    return i18n.exists(key) ? t(key) : type;
  };
}

/** Who or what an entry concerns, in words: a user's or organisation's name, else the type and id. */
export function targetText(
  target: { type: string; id: string | null } | null,
  details: Record<string, unknown>,
  userName: (id: string | null | undefined) => string | undefined,
  orgName: (id: string | null | undefined) => string,
): string | null {
  if (!target) return null;
  if (target.type === 'user') return userName(target.id) ?? null;
  if (target.type === 'organization') return orgName(target.id);
  if (target.type === 'email' || target.type === 'role' || target.type === 'group') return target.id;
  // A request names no user yet: the address it came from says who.
  if (target.type === 'account-request' && typeof details.email === 'string') return details.email;
  return null;
}
