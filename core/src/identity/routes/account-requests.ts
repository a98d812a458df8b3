import { QueryTypes } from 'sequelize';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { Actor } from '../../kernel/request-context.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { Mailer } from '../../mail/mailer.js';
import { assertOrganization, canReachOrganization } from '../access.js';
import {
  accountRequest,
  accountRequestSchema,
  accountRequestSubmittedEvent,
  accountRequestView,
  takeInAccountRequest,
  type AccountRequestInput,
  type AccountRequestRow,
  type AccountRequestStatus,
} from '../account-requests.js';
import { inviteUser } from '../invitations.js';
import { afterPosition, cutPage, decodeCursor, pageQueryProperties } from '../page-cursor.js';
import { emailSchema, idParams, idSchema, languageSchema, pageOf } from '../schemas.js';
import { digest } from '../secrets.js';
import type { IdentityService } from '../service.js';
import { retryAfterSeconds } from '../rate-limiter.js';
import { checkLanguage, nameSchema, roleKeysSchema } from './invitations.js';
import { acceptedSchema } from './recovery.js';

/** Requests for one address from one client address, per hour. */
const REQUESTS_PER_EMAIL_PER_HOUR = 3;

interface RequestBody {
  name: string;
  email: string;
  company: string;
  customerNumber?: string;
  message?: string;
  language?: string;
}

/** The language of a request: the one given, else the browser's first that the portal has, else English. */
function requestLanguage(given: string | undefined, acceptLanguage: string | undefined, languages: string[]) {
  if (given) return given;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim();
    const found = languages.find((l) => l === tag) ?? languages.find((l) => l === tag.split('-')[0]);
    if (found) return found;
  }
  return 'en';
}

/**
 * Account requests (R2): anyone asks, the matched customer's admins or the supplier's staff
 * approve (which invites the person) or reject. Nobody logs in before approval.
 */
export function registerAccountRequestRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  mailer: Lazy<Mailer>,
  languages: Lazy<string[]>,
): void {
  ctx.on<AccountRequestInput>(
    accountRequestSubmittedEvent,
    (event) => takeInAccountRequest(identity(), mailer(), event.payload),
    { name: 'account-request-intake' },
  );

  ctx.route<unknown, unknown, RequestBody, unknown>({
    method: 'post',
    path: '/account-requests',
    summary: 'Ask for an account',
    description:
      "Public. Always answers 202 with the same body, whether or not the address has an account. The request goes to the admins of the customer matched by customer number or e-mail domain, and to the supplier's admins; the person gets a receipt. Nobody can log in before an admin approves. Limited per client address, and per client address and e-mail.",
    access: 'public',
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'email', 'company'],
      properties: {
        name: nameSchema,
        email: emailSchema,
        company: nameSchema,
        customerNumber: { type: 'string', minLength: 1, maxLength: 64, pattern: '\\S' },
        message: { type: 'string', maxLength: 2000 },
        language: languageSchema,
      },
    },
    responses: {
      202: { description: 'Accepted (whether or not the address has an account)', schema: acceptedSchema },
      429: { description: 'Too many requests' },
    },
    async handler(req) {
      const id = identity();
      const b = req.body;
      checkLanguage(b.language, languages());
      await id.limitByAddress(req.raw, 'account-request');
      const ip = id.clientAddress(req.raw);
      const email = b.email.trim().toLowerCase();
      const hit = await id.limiter.hit(`rl:account-request:${ip}:${digest(email).slice(0, 40)}`, 3_600_000);
      if (hit.count > REQUESTS_PER_EMAIL_PER_HOUR) {
        const wait = retryAfterSeconds(hit);
        throw new ProblemError(429, {
          title: 'Too many requests',
          detail: `Too many account requests for this address. Try again in ${Math.ceil(wait / 60)} minutes.`,
          headers: { 'Retry-After': String(wait) },
        });
      }
      await id.events.emit<AccountRequestInput>(accountRequestSubmittedEvent, {
        name: b.name,
        email,
        company: b.company,
        customerNumber: b.customerNumber ?? null,
        message: b.message ?? null,
        language: requestLanguage(b.language, req.raw.headers['accept-language'], languages()),
        ip,
      });
      return reply(
        202,
        {
          status: 'accepted' as const,
          detail:
            'Thank you. Your request is on its way to an administrator, and a receipt to your e-mail. When it is approved you get a link to choose your password.',
        },
        { 'Cache-Control': 'no-store' },
      );
    },
  });

  ctx.route<
    unknown,
    { status?: AccountRequestStatus; organizationId?: string; cursor?: string; limit: number },
    unknown,
    unknown
  >({
    method: 'get',
    path: '/account-requests',
    summary: 'Account requests to decide on, newest first',
    description:
      "Customer admins see their own organisation's requests; the supplier's staff see all, including those no organisation matched (organizationId null).",
    access: { permission: 'core.user.approve' },
    scope: 'organization',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        status: { enum: ['pending', 'approved', 'rejected'] },
        organizationId: idSchema,
        ...pageQueryProperties,
      },
    },
    responses: { 200: { description: 'A page of requests', schema: pageOf(accountRequestSchema) } },
    async handler(req) {
      const id = identity();
      const { status, organizationId, limit } = req.query;
      const [after, afterValues] = afterPosition(decodeCursor(req.query.cursor), 'r.');
      const where = [after];
      const values: unknown[] = [...afterValues];
      if (!canReachOrganization(req.actor, undefined, 'core.user.approve')) {
        where.push('r.organization_id = ?');
        values.push(req.actor.organizationId);
      }
      if (organizationId !== undefined) {
        where.push('r.organization_id = ?');
        values.push(organizationId);
      }
      if (status !== undefined) {
        where.push('r.status = ?');
        values.push(status);
      }
      const rows = await id.db.sequelize.query<AccountRequestRow>(
        `SELECT r.*, o.name AS organization_name FROM portico_account_requests r
           LEFT JOIN portico_organizations o ON o.id = r.organization_id
          WHERE ${where.join(' AND ')} ORDER BY r.created_at DESC, r.id DESC LIMIT ${limit + 1}`,
        { replacements: values, type: QueryTypes.SELECT },
      );
      const page = cutPage(rows, limit);
      return { items: page.rows.map(accountRequestView), nextCursor: page.nextCursor };
    },
  });

  /** The request, if the actor may decide on it; 404 exactly as for one that does not exist. */
  const reachable = async (actor: Actor, requestId: string): Promise<AccountRequestRow> => {
    const row = await accountRequest(identity(), requestId);
    assertOrganization(actor, row?.organization_id, 'core.user.approve', 'account request');
    if (!row) throw new ProblemError(404, { detail: 'No such account request.' });
    return row;
  };

  /** Marks a pending request decided, or 409 if someone decided first. */
  const decide = async (
    actor: Actor,
    row: AccountRequestRow,
    set: { status: AccountRequestStatus; organizationId?: string; userId?: string; note?: string | null },
  ): Promise<void> => {
    const now = new Date();
    // QueryTypes.UPDATE makes both dialects answer the number of rows changed.
    const [, changed] = await identity().db.sequelize.query(
      `UPDATE portico_account_requests
          SET status = ?, organization_id = ?, user_id = ?, decided_by = ?, decided_at = ?, decision_note = ?, updated_at = ?
        WHERE id = ? AND status = 'pending'`,
      {
        replacements: [
          set.status,
          set.organizationId ?? row.organization_id,
          set.userId ?? null,
          actor.userId ?? null,
          now,
          set.note ?? null,
          now,
          row.id,
        ],
        type: QueryTypes.UPDATE,
      },
    );
    if (changed !== 1) throw alreadyDecided(row);
  };

  const alreadyDecided = (row: AccountRequestRow) =>
    new ProblemError(409, {
      title: 'Already decided',
      detail: `This request was already ${row.status === 'pending' ? 'decided by someone else' : row.status}.`,
    });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/account-requests/:id',
    summary: 'One account request',
    access: { permission: 'core.user.approve' },
    scope: 'organization',
    params: idParams,
    responses: { 200: { description: 'The request', schema: accountRequestSchema } },
    async handler(req) {
      return accountRequestView(await reachable(req.actor, req.params.id));
    },
  });

  ctx.route<{ id: string }, unknown, { organizationId?: string; roleKeys?: string[] }, unknown>({
    method: 'post',
    path: '/account-requests/:id/approve',
    summary: 'Approve an account request: the person gets a link to choose a password',
    description:
      "Creates the user (invited) in the request's organisation, or the one given (the supplier's staff choose one when none matched), with roleKeys (default customer-user), and mails a single-use link to choose a password. The same rules as inviting apply.",
    access: { permission: 'core.user.approve' },
    scope: 'organization',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { organizationId: idSchema, roleKeys: roleKeysSchema },
    },
    responses: {
      200: { description: 'Approved', schema: accountRequestSchema },
      409: { description: 'Already decided, or the address has an account by now' },
    },
    async handler(req) {
      const id = identity();
      const row = await reachable(req.actor, req.params.id);
      if (row.status !== 'pending') throw alreadyDecided(row);
      const organizationId = req.body?.organizationId ?? row.organization_id;
      if (!organizationId)
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: 'No organisation matched this request: choose the one the person belongs to.',
          errors: [{ in: 'body', path: '/organizationId', message: 'is required: no organisation matched' }],
        });
      assertOrganization(req.actor, organizationId, 'core.user.approve', 'organisation');
      const invitation = await inviteUser(
        id,
        mailer(),
        {
          organizationId,
          email: row.email,
          name: row.name,
          language: row.language,
          roleKeys: req.body?.roleKeys ?? ['customer-user'],
          template: 'account-approved',
        },
        req.actor,
      );
      await decide(req.actor, row, { status: 'approved', organizationId, userId: invitation.user.id });
      await id.audit.record({
        type: 'account-request.approved',
        organizationId,
        targetType: 'account-request',
        targetId: row.id,
        ip: id.clientAddress(req.raw),
        details: { userId: invitation.user.id, email: row.email, roles: invitation.roles },
      });
      return accountRequestView((await accountRequest(id, row.id))!);
    },
  });

  ctx.route<{ id: string }, unknown, { note?: string }, unknown>({
    method: 'post',
    path: '/account-requests/:id/reject',
    summary: 'Reject an account request; the person gets a polite mail',
    description: 'The note, if given, is quoted in the mail to the person.',
    access: { permission: 'core.user.approve' },
    scope: 'organization',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: { note: { type: 'string', maxLength: 2000 } },
    },
    responses: {
      200: { description: 'Rejected', schema: accountRequestSchema },
      409: { description: 'Already decided' },
    },
    async handler(req) {
      const id = identity();
      const row = await reachable(req.actor, req.params.id);
      if (row.status !== 'pending') throw alreadyDecided(row);
      const note = req.body?.note?.trim() || null;
      await decide(req.actor, row, { status: 'rejected', note });
      await mailer().send({
        to: row.email,
        template: 'account-rejected',
        language: row.language,
        data: { name: row.name, company: row.company, note },
        organizationId: row.organization_id,
      });
      await id.audit.record({
        type: 'account-request.rejected',
        organizationId: row.organization_id,
        targetType: 'account-request',
        targetId: row.id,
        ip: id.clientAddress(req.raw),
        details: { email: row.email, note },
      });
      return accountRequestView((await accountRequest(id, row.id))!);
    },
  });
}
