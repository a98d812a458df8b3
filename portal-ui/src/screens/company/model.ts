import type { Me } from '@portico/core/react';

/** A user as GET /users answers them (the management API's view). */
export interface CompanyUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone?: string | null;
  language: string;
  avatarUrl?: string | null;
  status: 'invited' | 'active' | 'deactivated';
  twoFactorEnabled?: boolean;
  lastLoginAt?: string | null;
  createdAt?: string;
  roles: string[];
  assignedRoles: string[];
  groups: string[];
}

export interface Role {
  key: string;
  name: Record<string, string>;
  description: Record<string, string> | null;
  scope: 'provider' | 'customer';
  builtin: boolean;
  requireTwoFactor: boolean;
  permissions: string[];
  allPermissions: boolean;
}

export interface AccountRequest {
  id: string;
  name: string;
  email: string;
  company: string;
  customerNumber?: string | null;
  message?: string | null;
  language?: string;
  organizationId: string | null;
  organizationName?: string | null;
  status: 'pending' | 'approved' | 'rejected';
  decidedAt?: string | null;
  decisionNote?: string | null;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Whether the user holds a permission; "*" (the supplier's admins) holds them all. */
export function holds(me: Me | null | undefined, permission: string): boolean {
  return !!me && (me.permissions.includes('*') || me.permissions.includes(permission));
}

/** Who sees "Company users": people who may manage the users of their own customer company. */
export function managesCompanyUsers(me: Me | null | undefined): boolean {
  return !!me && me.organization.kind === 'customer' && holds(me, 'core.user.manage');
}

/** A role's name in the page's language, else English, else its key. */
export function roleName(role: Role | undefined, key: string, language: string): string {
  return role?.name[language] ?? role?.name.en ?? key;
}

export function roleDescription(role: Role, language: string): string | undefined {
  return role.description?.[language] ?? role.description?.en ?? undefined;
}
