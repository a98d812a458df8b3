import type { PermissionDefinition, Translated } from '../plugin/define-plugin.js';
import { ProblemError } from '../http/problem.js';
import { hasPermission, type Actor } from '../kernel/request-context.js';

/** The permissions core itself declares (plugins add theirs with `ctx.permission`). */
export const corePermissions: PermissionDefinition[] = [
  {
    key: 'core.organization.read',
    description: { en: 'See organisations', sv: 'Se organisationer' },
    grantTo: ['editor', 'support', 'customer-admin'],
  },
  {
    key: 'core.organization.manage',
    description: { en: 'Create and change customer organisations', sv: 'Skapa och ändra kundorganisationer' },
    providerOnly: true,
  },
  {
    key: 'core.user.read',
    description: { en: 'See users and their roles', sv: 'Se användare och deras roller' },
    grantTo: ['support', 'customer-admin'],
  },
  {
    key: 'core.user.invite',
    description: { en: 'Invite users', sv: 'Bjuda in användare' },
    grantTo: ['customer-admin'],
  },
  {
    key: 'core.user.approve',
    description: { en: 'Approve and reject account requests', sv: 'Godkänna och avslå kontoansökningar' },
    grantTo: ['customer-admin'],
  },
  {
    key: 'core.user.manage',
    description: {
      en: 'Deactivate and reactivate users and assign their roles',
      sv: 'Inaktivera och återaktivera användare och tilldela roller',
    },
    grantTo: ['customer-admin'],
  },
  {
    key: 'core.role.manage',
    description: { en: 'Create and change roles', sv: 'Skapa och ändra roller' },
    providerOnly: true,
  },
  {
    key: 'core.group.read',
    description: { en: 'See access groups', sv: 'Se åtkomstgrupper' },
    grantTo: ['editor', 'support'],
    providerOnly: true,
  },
  {
    key: 'core.group.manage',
    description: { en: 'Create and change access groups', sv: 'Skapa och ändra åtkomstgrupper' },
    providerOnly: true,
  },
  {
    key: 'core.audit.read',
    description: { en: 'Read the security audit log', sv: 'Läsa säkerhetsloggen' },
    providerOnly: true,
  },
  {
    key: 'core.token.manage',
    description: {
      en: 'Create and revoke API tokens for integrations',
      sv: 'Skapa och återkalla API-nycklar',
    },
    grantTo: ['customer-admin'],
  },
  {
    key: 'core.mail.read',
    description: { en: 'Read the mail outbox', sv: 'Läsa utkorgen för e-post' },
    grantTo: ['support'],
    providerOnly: true,
  },
  {
    key: 'core.mail.manage',
    description: {
      en: 'Send failed mails of the outbox again',
      sv: 'Skicka misslyckade e-postmeddelanden i utkorgen igen',
    },
    grantTo: ['support'],
    providerOnly: true,
  },
  {
    key: 'core.saml.manage',
    description: {
      en: 'Set up single sign-on (SAML) for organisations',
      sv: 'Konfigurera single sign-on (SAML)',
    },
    providerOnly: true,
  },
  {
    key: 'core.branding.manage',
    description: {
      en: "Change the portal's colours, name, logo and favicon",
      sv: 'Ändra portalens färger, namn, logotyp och favoritikon',
    },
    providerOnly: true,
  },
  {
    key: 'core.plugin.read',
    description: {
      en: 'See the plugins, their health, rollout and settings',
      sv: 'Se tilläggen, deras hälsa, utrullning och inställningar',
    },
    grantTo: ['editor', 'support'],
    providerOnly: true,
  },
  {
    key: 'core.plugin.manage',
    description: {
      en: 'Roll plugins out to access groups and change their settings',
      sv: 'Rulla ut tillägg till åtkomstgrupper och ändra deras inställningar',
    },
    providerOnly: true,
  },
];

export type RoleScope = 'provider' | 'customer';

export interface BuiltinRole {
  key: string;
  scope: RoleScope;
  name: Translated;
  description: Translated;
}

/** Roles every portal has. Their permissions come from `grantTo` of each permission. */
export const builtinRoles: BuiltinRole[] = [
  {
    key: 'provider-admin',
    scope: 'provider',
    name: { en: 'Provider admin', sv: 'Administratör (leverantör)' },
    description: { en: 'Everything, for every customer.', sv: 'Allt, för alla kunder.' },
  },
  {
    key: 'editor',
    scope: 'provider',
    name: { en: 'Editor', sv: 'Redaktör' },
    description: { en: 'Publishes content for customers.', sv: 'Publicerar innehåll för kunder.' },
  },
  {
    key: 'support',
    scope: 'provider',
    name: { en: 'Support', sv: 'Support' },
    description: {
      en: 'Helps customers: sees their users and cases.',
      sv: 'Hjälper kunder: ser användare och ärenden.',
    },
  },
  {
    key: 'customer-admin',
    scope: 'customer',
    name: { en: 'Customer admin', sv: 'Kundadministratör' },
    description: { en: "Manages their own company's users.", sv: 'Hanterar sitt eget företags användare.' },
  },
  {
    key: 'customer-user',
    scope: 'customer',
    name: { en: 'Customer user', sv: 'Kundanvändare' },
    description: { en: 'Uses the portal for their company.', sv: 'Använder portalen för sitt företag.' },
  },
];

/** Every permission core and the loaded plugins declare, by key. */
export class PermissionCatalog {
  readonly byKey = new Map<string, PermissionDefinition & { owner: string }>();

  add(owner: string, list: readonly PermissionDefinition[]): void {
    for (const p of list) this.byKey.set(p.key, { ...p, owner });
  }

  /** The permissions a built-in role holds. */
  builtinPermissions(roleKey: string): string[] {
    if (roleKey === 'provider-admin') return ['*'];
    return [...this.byKey.values()].filter((p) => p.grantTo?.includes(roleKey)).map((p) => p.key);
  }

  /** Why a custom role of `scope` may not hold these permissions, or nothing if it may. */
  refuse(scope: RoleScope, permissions: readonly string[]): string | undefined {
    for (const key of permissions) {
      const p = this.byKey.get(key);
      if (!p) return `"${key}" is not a permission any loaded plugin declares`;
      if (scope === 'customer' && p.providerOnly)
        return `"${key}" is for the supplier's staff only; a customer role cannot hold it`;
    }
    return undefined;
  }
}

/**
 * Which organisations' rows the actor may reach with `permission`: every organisation for the
 * supplier's staff who hold it; their own for everyone else. Use it in every query of
 * customer-owned rows: `where: { ...organizationWhere(actor, 'news.article.read') }`.
 */
export function organizationWhere(
  actor: Actor,
  permission?: string,
  column = 'organizationId',
): Record<string, string> {
  if (actor.kind === 'system') return {};
  if (actor.organizationKind === 'provider' && (!permission || hasPermission(actor, permission))) return {};
  if (!actor.organizationId) throw new ProblemError(401, { detail: 'Log in to do this.' });
  return { [column]: actor.organizationId };
}

/** True if the actor may reach rows of `organizationId` (see organizationWhere). */
export function canReachOrganization(
  actor: Actor,
  organizationId: string | null | undefined,
  permission?: string,
): boolean {
  if (actor.kind === 'system') return true;
  if (actor.organizationKind === 'provider' && (!permission || hasPermission(actor, permission))) return true;
  return !!organizationId && actor.organizationId === organizationId;
}

/**
 * Throws 404 unless the actor may reach a row of `organizationId`: a row of another organisation
 * answers exactly like a row that does not exist, so ids cannot be probed.
 */
export function assertOrganization(
  actor: Actor,
  organizationId: string | null | undefined,
  permission?: string,
  what = 'resource',
): void {
  if (!canReachOrganization(actor, organizationId, permission))
    throw new ProblemError(404, { detail: `No such ${what}.` });
}
