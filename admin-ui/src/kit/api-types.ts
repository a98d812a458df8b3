/** The shapes of core's management API as the admin screens read them (see /api/docs). */
import type { Translated } from './format.js';

export interface Organization {
  id: string;
  kind: 'provider' | 'customer';
  name: string;
  customerNumber: string | null;
  status: 'active' | 'suspended';
  emailDomains: string[];
  requireTwoFactor: boolean;
  branding: Record<string, unknown>;
  createdAt: string;
  groups: string[];
}

export type UserStatus = 'invited' | 'active' | 'deactivated';

export interface AdminUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone: string | null;
  language: string;
  avatarUrl: string | null;
  status: UserStatus;
  twoFactorEnabled: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  roles: string[];
  assignedRoles: string[];
  groups: string[];
}

export interface Role {
  key: string;
  name: Translated;
  description: Translated | null;
  scope: 'provider' | 'customer';
  builtin: boolean;
  requireTwoFactor: boolean;
  permissions: string[];
  allPermissions: boolean;
}

export interface Permission {
  key: string;
  description: Translated;
  owner: string;
  providerOnly: boolean;
  grantTo: string[];
}

export interface GroupSummary {
  key: string;
  name: string;
  description: string | null;
  roles: string[];
  organizationCount: number;
  userCount: number;
  createdAt: string;
}

export interface Group extends GroupSummary {
  members: {
    organizations: Array<{ id: string; name: string; kind: string }>;
    users: Array<{ id: string; name: string; email: string; organizationId: string }>;
  };
}

export interface AuditEntry {
  id: number;
  at: string;
  type: string;
  actor: {
    userId: string | null;
    organizationId: string | null;
    name?: string | null;
    email?: string | null;
  };
  organizationId: string | null;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

export interface AccountRequest {
  id: string;
  name: string;
  email: string;
  company: string;
  customerNumber: string | null;
  message: string | null;
  language: string;
  organizationId: string | null;
  organizationName: string | null;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  userId: string | null;
  createdAt: string;
}

export type MailStatus = 'stored' | 'queued' | 'sent' | 'failed';

export interface MailSummary {
  id: string;
  to: string;
  subject: string;
  template: string | null;
  language: string | null;
  status: MailStatus;
  error: string | null;
  organizationId: string | null;
  userId: string | null;
  createdAt: string;
  sentAt: string | null;
}

export interface Mail extends MailSummary {
  text: string | null;
  html: string | null;
  bodyHidden: boolean;
}

export interface SamlCertificate {
  pem: string;
  subject: string;
  issuer?: string;
  validFrom?: string;
  validTo: string;
  fingerprint256: string;
  expired: boolean;
}

export interface SamlSettings {
  organizationId: string;
  configured: boolean;
  serviceProvider: { entityId: string; metadataUrl: string; acsUrl: string; loginUrl: string };
  enabled?: boolean;
  idpEntityId?: string | null;
  entryPoint?: string;
  certificates?: SamlCertificate[];
  attributeMap?: Record<string, string>;
  defaultRole?: string | null;
  allowProvisioning?: boolean;
  updatedAt?: string;
}
