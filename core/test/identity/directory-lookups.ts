import type { TestSession } from '@portico/core/testing';

/** The database the suite runs on, for describe() titles. */
export const databaseName = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/** A user as the management API shows them (the fields the tests read). */
export interface AdminUser {
  id: string;
  organizationId: string;
  email: string;
  name: string;
  phone: string | null;
  language: string;
  status: string;
  roles: string[];
  assignedRoles: string[];
  groups: string[];
}

export interface Organization {
  id: string;
  kind: string;
  name: string;
  customerNumber: string | null;
  status: string;
  emailDomains: string[];
  branding: Record<string, unknown>;
  groups: string[];
}

export interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ in?: string; path: string; message: string }>;
}

/** The id of the user with this e-mail, looked up through GET /users by someone who may see them. */
export async function userIdOf(as: TestSession, email: string): Promise<string> {
  const r = await as.get<{ items: AdminUser[] }>(`/api/v1/users?q=${encodeURIComponent(email)}`);
  const user = r.body.items?.find((u) => u.email === email);
  if (!user) throw new Error(`no user ${email} visible: ${r.status} ${JSON.stringify(r.body)}`);
  return user.id;
}

/** The id of the organisation with this name, looked up through GET /organizations. */
export async function organizationIdOf(as: TestSession, name: string): Promise<string> {
  const r = await as.get<{ items: Organization[] }>(`/api/v1/organizations?q=${encodeURIComponent(name)}`);
  const org = r.body.items?.find((o) => o.name === name);
  if (!org) throw new Error(`no organisation ${name} visible: ${r.status} ${JSON.stringify(r.body)}`);
  return org.id;
}

/** The field paths of a problem answer. */
export const pathsOf = (body: unknown): string[] => ((body as Problem).errors ?? []).map((e) => e.path);
