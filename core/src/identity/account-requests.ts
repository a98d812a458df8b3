import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import { anonymousActor } from '../kernel/request-context.js';
import type { Mailer } from '../mail/mailer.js';
import { normalizeEmail, type OrganizationRow, type UserRow } from './directory.js';
import { fromJson, toIso } from './rows.js';
import type { IdentityService } from './service.js';

/**
 * Emitted for every account request, whether or not the address has an account: the request
 * answers the same, in the same time, and the work (matching, mails) happens after commit.
 */
export const accountRequestSubmittedEvent = 'core.account-request.submitted';

/** What a person gives when asking for an account (R2). */
export interface AccountRequestInput {
  name: string;
  email: string;
  company: string;
  customerNumber?: string | null;
  message?: string | null;
  language: string;
  ip?: string | null;
}

export type AccountRequestStatus = 'pending' | 'approved' | 'rejected';

export interface AccountRequestRow {
  id: string;
  name: string;
  email: string;
  company: string;
  customer_number: string | null;
  message: string | null;
  language: string;
  organization_id: string | null;
  organization_name?: string | null;
  status: AccountRequestStatus;
  decided_by: string | null;
  decided_at: Date | string | null;
  decision_note: string | null;
  user_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export function accountRequestView(r: AccountRequestRow) {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    company: r.company,
    customerNumber: r.customer_number,
    message: r.message,
    language: r.language,
    organizationId: r.organization_id,
    organizationName: r.organization_name ?? null,
    status: r.status,
    decidedBy: r.decided_by,
    decidedAt: toIso(r.decided_at),
    decisionNote: r.decision_note,
    userId: r.user_id,
    createdAt: toIso(r.created_at)!,
  };
}

export const accountRequestSchema = {
  type: 'object',
  required: ['id', 'name', 'email', 'company', 'status', 'organizationId', 'createdAt'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    email: { type: 'string' },
    company: { type: 'string' },
    customerNumber: { type: ['string', 'null'] },
    message: { type: ['string', 'null'] },
    language: { type: 'string' },
    organizationId: { type: ['string', 'null'] },
    organizationName: { type: ['string', 'null'] },
    status: { enum: ['pending', 'approved', 'rejected'] },
    decidedBy: { type: ['string', 'null'] },
    decidedAt: { type: ['string', 'null'] },
    decisionNote: { type: ['string', 'null'] },
    userId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
  },
};

/** Where admins handle requests (the admin and portal apps' page). */
export const accountRequestsPath = '/account-requests';

/** One account request with its organisation's name. */
export async function accountRequest(
  identity: IdentityService,
  id: string,
): Promise<AccountRequestRow | undefined> {
  const rows = await identity.db.sequelize.query<AccountRequestRow>(
    `SELECT r.*, o.name AS organization_name FROM portico_account_requests r
       LEFT JOIN portico_organizations o ON o.id = r.organization_id WHERE r.id = ?`,
    { replacements: [id], type: QueryTypes.SELECT },
  );
  return rows[0];
}

/**
 * The customer organisation a request belongs to: the one with its customer number, else the
 * only active customer whose e-mail domains hold the address's domain, else none.
 */
export async function matchOrganization(
  identity: IdentityService,
  email: string,
  customerNumber: string | null | undefined,
): Promise<OrganizationRow | undefined> {
  const select = (sql: string, values: unknown[]) =>
    identity.db.sequelize.query<OrganizationRow>(sql, { replacements: values, type: QueryTypes.SELECT });
  const number = customerNumber?.trim();
  if (number) {
    const [byNumber] = await select(
      "SELECT * FROM portico_organizations WHERE customer_number = ? AND kind = 'customer' AND status = 'active'",
      [number],
    );
    if (byNumber) return byNumber;
  }
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  // LIKE narrows the rows on both dialects (a wildcard in the domain only widens it); the JSON
  // list decides.
  const candidates = await select(
    "SELECT * FROM portico_organizations WHERE kind = 'customer' AND status = 'active' AND email_domains LIKE ?",
    [`%${domain}%`],
  );
  const matches = candidates.filter((o) =>
    fromJson<string[]>(o.email_domains, []).some((d) => d.trim().toLowerCase() === domain),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

/**
 * Who is told of a request: active users holding `core.user.approve` in the matched customer,
 * and always the supplier's staff holding it (or everything).
 */
export async function approversOf(
  identity: IdentityService,
  organizationId: string | null,
): Promise<UserRow[]> {
  const users = await identity.db.sequelize.query<UserRow & { kind: OrganizationRow['kind'] }>(
    `SELECT u.*, o.kind FROM portico_users u JOIN portico_organizations o ON o.id = u.organization_id
      WHERE u.status = 'active' AND o.status = 'active' AND (o.kind = 'provider' OR o.id = ?)
      ORDER BY u.email`,
    { replacements: [organizationId ?? ''], type: QueryTypes.SELECT },
  );
  const out: UserRow[] = [];
  for (const u of users) {
    const roles = await identity.directory.rolesOf(u.id, u.organization_id);
    const permissions = identity.directory.permissionsOf(roles, u.kind);
    if (permissions.has('core.user.approve') || permissions.has('*')) out.push(u);
  }
  return out;
}

/**
 * Takes in a request (the subscriber of `core.account-request.submitted`). An address with an
 * account gets a reminder that it has one; a second request while one is pending changes
 * nothing; otherwise the request is stored, matched to an organisation, and the approvers and
 * the requester are mailed. No user exists until an approver approves.
 */
export async function takeInAccountRequest(
  identity: IdentityService,
  mailer: Mailer,
  input: AccountRequestInput,
): Promise<void> {
  const email = normalizeEmail(input.email);
  const { db } = identity;
  await db.transactional(async () => {
    const existing = await identity.directory.userByEmail(email);
    if (existing) {
      await mailer.send({
        to: existing.email,
        template: 'account-exists',
        language: existing.language,
        data: {
          name: existing.name,
          loginLink: mailer.link('/login'),
          resetLink: mailer.link('/forgot-password'),
        },
        organizationId: existing.organization_id,
        userId: existing.id,
      });
      return;
    }
    const pending = await db.sequelize.query<{ id: string }>(
      "SELECT id FROM portico_account_requests WHERE email = ? AND status = 'pending'",
      { replacements: [email], type: QueryTypes.SELECT },
    );
    if (pending.length) return;

    const organization = await matchOrganization(identity, email, input.customerNumber);
    const id = randomUUID();
    const now = new Date();
    await db.sequelize.getQueryInterface().bulkInsert(
      'portico_account_requests',
      [
        {
          id,
          name: input.name.trim(),
          email,
          company: input.company.trim(),
          customer_number: input.customerNumber?.trim() || null,
          message: input.message?.trim() || null,
          language: input.language,
          organization_id: organization?.id ?? null,
          status: 'pending',
          decided_by: null,
          decided_at: null,
          decision_note: null,
          user_id: null,
          created_at: now,
          updated_at: now,
        },
      ],
      { transaction: db.currentTransaction() },
    );
    await identity.audit.record({
      type: 'account-request.created',
      organizationId: organization?.id ?? null,
      targetType: 'account-request',
      targetId: id,
      ip: input.ip ?? null,
      details: { email, company: input.company.trim(), matched: organization ? 'organization' : 'none' },
      actor: anonymousActor,
    });
    const requester = {
      name: input.name.trim(),
      email,
      company: input.company.trim(),
      customerNumber: input.customerNumber?.trim() || null,
      message: input.message?.trim() || null,
    };
    for (const admin of await approversOf(identity, organization?.id ?? null))
      await mailer.send({
        to: admin.email,
        template: 'account-request-notice',
        language: admin.language,
        data: {
          requester,
          organization: organization?.name ?? null,
          link: mailer.link(`${accountRequestsPath}/${id}`),
        },
        organizationId: admin.organization_id,
        userId: admin.id,
      });
    await mailer.send({
      to: email,
      template: 'account-request-received',
      language: input.language,
      data: { name: requester.name, company: requester.company },
      organizationId: organization?.id ?? null,
    });
  });
}
