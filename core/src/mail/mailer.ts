import { randomUUID } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import { MailTemplates, type CompiledTemplate, type InlineTemplate } from './mail-templates.js';

/** The domain event `send` emits; the delivery subscriber listens to it. */
export const mailQueuedEvent = 'core.mail.queued';

/** Where mails are: kept for admins (`stored`), waiting for SMTP (`queued`), `sent`, or given up (`failed`). */
export type MailStatus = 'stored' | 'queued' | 'sent' | 'failed';

/** What to send: a template rendered in the recipient's language. */
export interface MailRequest {
  /** One address. */
  to: string;
  /** Template name: `<lang>/<template>.hbs` in a template folder (core's `mail-templates`). */
  template?: string;
  /**
   * Or the template itself, written by an admin (a routine's mail), already in the recipient's
   * language: handlebars without helpers, rendered inside the portal's layout.
   */
  inline?: InlineTemplate;
  /** The recipient's language; English when the template is not translated to it. */
  language?: string | null;
  /** Values for the template. `portalName` and `portalUrl` are always there. */
  data?: Record<string, unknown>;
  /** The organisation and user the mail concerns, for the outbox's filters and GDPR. */
  organizationId?: string | null;
  userId?: string | null;
}

/** A rendered mail. */
export interface RenderedMail {
  subject: string;
  text: string;
  html: string | null;
  /** The language the template was found in. */
  language: string;
  /** The body holds a link that logs the recipient in (see MailTemplates). */
  sensitive: boolean;
}

export interface MailerOptions {
  config: ResolvedConfig;
  db: Database;
  events: EventBus;
  log: Logger;
  /** More template folders, searched in order after core's own. */
  templateDirs?: URL[];
}

/** Core's own templates: `core/mail-templates/<lang>/<name>.hbs` (from src/mail or dist/mail). */
export const coreTemplateDir = new URL('../../mail-templates/', import.meta.url);

const singleAddress = /^[^\s@,;:<>"()[\]\\]+@[^\s@,;:<>"()[\]\\]+$/;

/**
 * Core's mail service. `send` renders a template in the recipient's language and stores the mail
 * in `portico_mails` in the current transaction, with a `core.mail.queued` event: the mail exists
 * exactly when the change that caused it does, and goes out after commit, with retries. Without
 * SMTP settings it stays in the outbox admins read; with `mail.smtp.host` it goes to that server.
 * Plugins get it with `ctx.use(coreServices.mail)`.
 */
export class Mailer {
  readonly templates: MailTemplates;
  private transport?: Transporter;

  constructor(private readonly options: MailerOptions) {
    this.templates = new MailTemplates([coreTemplateDir, ...(options.templateDirs ?? [])]);
  }

  /** True when mail goes to an SMTP server; otherwise it stays in the outbox. */
  get smtpEnabled(): boolean {
    return !!this.options.config.mail.smtp.host;
  }

  /** The portal's address for links in mails: http.publicUrl, else http://localhost:<port>. */
  get portalUrl(): string {
    const { publicUrl, port } = this.options.config.http;
    return (publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  }

  /** An absolute link into the portal: `link('/reset-password', { token })`. */
  link(path: string, query: Record<string, string> = {}): string {
    const qs = new URLSearchParams(query).toString();
    return `${this.portalUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /**
   * Adds a folder of templates (a plugin's `mail-templates/`), searched after core's, so a plugin
   * cannot replace core's mails by accident: name yours `<plugin id>-<name>`.
   */
  addTemplates(dir: URL): void {
    this.templates.add(dir);
  }

  /** Renders a template in the best language available, inside the portal's layout. */
  render(
    template: string | InlineTemplate,
    language: string | null | undefined,
    data: Record<string, unknown> = {},
  ): RenderedMail {
    const t: CompiledTemplate =
      typeof template === 'string'
        ? this.templates.get(template, language)
        : this.templates.inline(template, language ?? 'en');
    const values = {
      ...data,
      portalName: this.options.config.portalName,
      portalUrl: this.portalUrl,
      language: t.language,
    };
    const layout = this.templates.layout(t.language);
    const text = layout.text({ ...values, body: t.text(values) }).trim() + '\n';
    const html =
      t.html && layout.html ? layout.html({ ...values, body: t.html(values) }) : (t.html?.(values) ?? null);
    return {
      // One line, whatever the data holds: a subject never carries a header break.
      subject: t.subject(values).replace(/\s+/g, ' ').trim().slice(0, 500),
      text,
      html,
      language: t.language,
      sensitive: t.sensitive,
    };
  }

  /** True when the template's mail carries a link that logs the recipient in. */
  isSensitive(template: string | null, language: string | null): boolean {
    if (!template) return false;
    try {
      return this.templates.get(template, language).sensitive;
    } catch {
      return false;
    }
  }

  /**
   * Renders and stores a mail in the current transaction (or a new one) and queues its delivery.
   * Returns the mail's id. Throws on an unknown template or a malformed address.
   */
  async send(request: MailRequest): Promise<string> {
    // Addresses compare lower-case everywhere in the portal (see normalizeEmail).
    const to = request.to.trim().toLowerCase();
    if (!singleAddress.test(to) || to.length > 320)
      throw new Error(`"${request.to}" is not a single e-mail address.`);
    const source = request.inline ?? request.template;
    if (!source) throw new Error('A mail needs a template name or an inline template.');
    const mail = this.render(source, request.language, request.data);
    const id = randomUUID();
    const { db, events } = this.options;
    await db.transactional(async (transaction) => {
      await db.sequelize.getQueryInterface().bulkInsert(
        'portico_mails',
        [
          {
            id,
            to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            template: request.template ?? null,
            language: mail.language,
            status: (this.smtpEnabled ? 'queued' : 'stored') satisfies MailStatus,
            error: null,
            organization_id: request.organizationId ?? null,
            user_id: request.userId ?? null,
            created_at: new Date(),
            sent_at: null,
          },
        ],
        { transaction },
      );
      await events.emit(mailQueuedEvent, { id }, { transaction });
    });
    return id;
  }

  /**
   * Queues a failed mail again (an admin's retry after the cause is fixed): it goes out with the
   * usual retries. Returns false, changing nothing, unless the mail exists, is `failed` and SMTP
   * is set up.
   */
  async requeue(id: string): Promise<boolean> {
    if (!this.smtpEnabled) return false;
    const { db, events } = this.options;
    return db.transactional(async (transaction) => {
      // QueryTypes.UPDATE makes both dialects answer the number of rows changed.
      const [, changed] = await db.sequelize.query(
        "UPDATE portico_mails SET status = 'queued', error = NULL WHERE id = ? AND status = 'failed'",
        { replacements: [id], type: QueryTypes.UPDATE, transaction },
      );
      if (changed !== 1) return false;
      await events.emit(mailQueuedEvent, { id }, { transaction });
      return true;
    });
  }

  /**
   * Delivers a queued (or failed) mail to the SMTP server (the `core.mail.queued` subscriber). A
   * mail that is stored, sent or gone is left alone, so a repeated delivery sends nothing twice. A failure is
   * kept on the mail and thrown, so the outbox retries; after the last attempt the mail is failed.
   */
  async deliver(id: string, attempt = 1): Promise<void> {
    const { db, config, log } = this.options;
    if (!this.smtpEnabled) return;
    const [row] = await db.sequelize.query<{
      id: string;
      to: string;
      subject: string;
      text: string;
      html: string | null;
      status: MailStatus;
    }>('SELECT id, `to`, subject, text, html, status FROM portico_mails WHERE id = ?', {
      replacements: [id],
      type: QueryTypes.SELECT,
    });
    // A failed mail comes back here when an operator retries its dead delivery.
    if (!row || (row.status !== 'queued' && row.status !== 'failed')) return;
    try {
      const info = (await this.smtp().sendMail({
        from: config.mail.from,
        to: row.to,
        subject: row.subject,
        text: row.text,
        ...(row.html ? { html: row.html } : {}),
      })) as { messageId?: string };
      await db.sequelize.query(
        "UPDATE portico_mails SET status = 'sent', sent_at = ?, error = NULL WHERE id = ?",
        { replacements: [new Date(), id] },
      );
      log.info({ mail: id, messageId: info.messageId }, 'mail sent');
    } catch (err) {
      const last = attempt >= config.events.maxAttempts;
      await db.sequelize.query('UPDATE portico_mails SET status = ?, error = ? WHERE id = ?', {
        replacements: [last ? 'failed' : 'queued', String((err as Error)?.message ?? err).slice(0, 2000), id],
      });
      throw err;
    }
  }

  private smtp(): Transporter {
    if (!this.transport) {
      const s = this.options.config.mail.smtp;
      this.transport = nodemailer.createTransport({
        host: s.host!,
        port: s.port,
        secure: s.secure,
        requireTLS: s.requireTls,
        ...(s.user ? { auth: { user: s.user, pass: s.password ?? '' } } : {}),
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      });
    }
    return this.transport;
  }
}
