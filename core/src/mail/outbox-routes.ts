import { QueryTypes } from 'sequelize';
import type { Lazy } from '../container/container.js';
import type { Database } from '../db/database.js';
import { notFound, ProblemError } from '../http/problem.js';
import type { RegisterContext } from '../plugin/define-plugin.js';
import { afterPosition, cutPage, decodeCursor, pageQueryProperties } from '../identity/page-cursor.js';
import { toIso } from '../identity/rows.js';
import { idParams, pageOf } from '../identity/schemas.js';
import type { JsonSchema } from '../validation/validator.js';
import type { Mailer, MailStatus } from './mailer.js';

interface MailRow {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  template: string | null;
  language: string | null;
  status: MailStatus;
  error: string | null;
  organization_id: string | null;
  user_id: string | null;
  created_at: Date | string;
  sent_at: Date | string | null;
}

const mailSummarySchema: JsonSchema = {
  type: 'object',
  required: ['id', 'to', 'subject', 'status', 'createdAt'],
  properties: {
    id: { type: 'string' },
    to: { type: 'string' },
    subject: { type: 'string' },
    template: { type: ['string', 'null'] },
    language: { type: ['string', 'null'] },
    status: { enum: ['stored', 'queued', 'sent', 'failed'] },
    error: { type: ['string', 'null'] },
    organizationId: { type: ['string', 'null'] },
    userId: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    sentAt: { type: ['string', 'null'] },
  },
};

const mailSchema: JsonSchema = {
  ...mailSummarySchema,
  required: ['id', 'to', 'subject', 'status', 'createdAt', 'text', 'html', 'bodyHidden'],
  properties: {
    ...(mailSummarySchema.properties as Record<string, JsonSchema>),
    text: { type: ['string', 'null'] },
    html: { type: ['string', 'null'] },
    bodyHidden: {
      type: 'boolean',
      description:
        'True when the body holds a link that logs the recipient in and an SMTP server delivers mail: only the recipient sees it.',
    },
  },
};

function summary(m: MailRow) {
  return {
    id: m.id,
    to: m.to,
    subject: m.subject,
    template: m.template,
    language: m.language,
    status: m.status,
    error: m.error,
    organizationId: m.organization_id,
    userId: m.user_id,
    createdAt: toIso(m.created_at)!,
    sentAt: toIso(m.sent_at),
  };
}

/** The mail outbox for the supplier's staff: every mail the portal sent or keeps (core.mail.read). */
export function registerMailOutboxRoutes(
  ctx: RegisterContext,
  mailer: Lazy<Mailer>,
  db: Lazy<Database>,
): void {
  const one = async (id: string): Promise<MailRow | undefined> =>
    (
      await db().sequelize.query<MailRow>('SELECT * FROM portico_mails WHERE id = ?', {
        replacements: [id],
        type: QueryTypes.SELECT,
      })
    )[0];

  ctx.route<unknown, { to?: string; status?: MailStatus; cursor?: string; limit: number }, unknown, unknown>({
    method: 'get',
    path: '/mail/outbox',
    summary: 'The mail outbox, newest first',
    description:
      'Every mail the portal made: without SMTP settings this is where they are read (status stored); with SMTP, a log of what was sent, is waiting (queued, with the last error) or failed.',
    access: { permission: 'core.mail.read' },
    scope: 'global',
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        to: { type: 'string', minLength: 1, maxLength: 320, description: 'Only mails to this address.' },
        status: { enum: ['stored', 'queued', 'sent', 'failed'] },
        ...pageQueryProperties,
      },
    },
    responses: { 200: { description: 'A page of mails', schema: pageOf(mailSummarySchema) } },
    async handler(req) {
      const { to, status, limit } = req.query;
      const [after, afterValues] = afterPosition(decodeCursor(req.query.cursor));
      const where = [after];
      const values = [...afterValues];
      if (to !== undefined) {
        where.push('`to` = ?');
        values.push(to.trim().toLowerCase());
      }
      if (status !== undefined) {
        where.push('status = ?');
        values.push(status);
      }
      const rows = await db().sequelize.query<MailRow>(
        `SELECT id, \`to\`, subject, template, language, status, error, organization_id, user_id, created_at, sent_at
           FROM portico_mails WHERE ${where.join(' AND ')}
          ORDER BY created_at DESC, id DESC LIMIT ${limit + 1}`,
        { replacements: values, type: QueryTypes.SELECT },
      );
      const page = cutPage(rows, limit);
      return { items: page.rows.map(summary), nextCursor: page.nextCursor };
    },
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/mail/outbox/:id',
    summary: 'One mail of the outbox, with its text and HTML',
    access: { permission: 'core.mail.read' },
    scope: 'global',
    params: idParams,
    responses: { 200: { description: 'The mail', schema: mailSchema } },
    async handler(req) {
      const row = await one(req.params.id);
      if (!row) throw notFound('No such mail.');
      const m = mailer();
      // With SMTP the recipient has the link; staff reading the log must not be able to use it.
      const hidden = m.smtpEnabled && m.isSensitive(row.template, row.language);
      return {
        ...summary(row),
        text: hidden ? null : row.text,
        html: hidden ? null : row.html,
        bodyHidden: hidden,
      };
    },
  });
  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'post',
    path: '/mail/outbox/:id/retry',
    summary: 'Send a failed mail again',
    description:
      'For a mail the SMTP server refused until the portal gave up (status failed), once the cause is fixed: the mail is queued again and delivered with the usual retries. 409 for a mail that is not failed, or when no SMTP server is set up.',
    access: { permission: 'core.mail.manage' },
    scope: 'global',
    params: idParams,
    responses: {
      200: { description: 'Queued again', schema: mailSummarySchema },
      404: { description: 'No such mail' },
      409: { description: 'The mail is not failed, or mail is not sent through SMTP' },
    },
    async handler(req) {
      const m = mailer();
      const current = await one(req.params.id);
      if (!current) throw notFound('No such mail.');
      if (!(await m.requeue(current.id))) {
        const why = !m.smtpEnabled
          ? 'No SMTP server is set up, so mails stay in the outbox and nothing is sent (see mail.smtp.host).'
          : `Only a failed mail can be sent again; this one is ${current.status}.`;
        throw new ProblemError(409, { title: 'Cannot retry', detail: why });
      }
      return summary((await one(current.id))!);
    },
  });
}
