import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { TestPortal, TestSession } from '@portico/core/testing';
import { waitFor } from '../support.js';

/** A message as the test SMTP server received it, decoded enough to read. */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** Who logged in to send it (SMTP AUTH), if anyone. */
  user?: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface TestSmtpServer {
  port: number;
  mails: ReceivedMail[];
  /** Waits for a message to `to` (and matching `where`). */
  waitFor(to: string, where?: (m: ReceivedMail) => boolean): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 and a free port, without TLS (so the portal's nodemailer talks
 * plain SMTP), with AUTH when `credentials` are given. `refuse(address)` decides per recipient
 * whether to answer 550, to test failed deliveries.
 */
export async function startSmtpServer(
  options: {
    credentials?: { user: string; password: string };
    refuse?: (address: string) => boolean;
  } = {},
): Promise<TestSmtpServer> {
  const mails: ReceivedMail[] = [];
  const serverOptions: SMTPServerOptions = {
    secure: false,
    disabledCommands: options.credentials ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.credentials,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const c = options.credentials;
      if (c && auth.username === c.user && auth.password === c.password)
        callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) {
        const err = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        err.responseCode = 550;
        callback(err);
      } else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        mails.push({
          ...parseMessage(raw),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    waitFor: (to, where = () => true) =>
      waitFor(() => mails.find((m) => m.to.includes(to) && where(m)), `a mail to ${to} at the SMTP server`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Headers, subject and the text and HTML parts of a MIME message (what nodemailer writes). */
export function parseMessage(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const { headers, body } = splitPart(raw);
  const parts: Array<{ headers: Record<string, string>; body: string }> = [];
  const collect = (h: Record<string, string>, b: string) => {
    const boundary = /boundary="?([^";]+)"?/i.exec(h['content-type'] ?? '')?.[1];
    if (!boundary) {
      parts.push({ headers: h, body: b });
      return;
    }
    for (const chunk of b.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const p = splitPart(chunk.replace(/^\r?\n/, ''));
      collect(p.headers, p.body);
    }
  };
  collect(headers, body);
  const part = (type: string) => {
    const p = parts.find((x) => (x.headers['content-type'] ?? 'text/plain').startsWith(type));
    return p ? decodeBody(p.body, p.headers['content-transfer-encoding']).replace(/\r\n/g, '\n') : '';
  };
  return {
    headers,
    subject: decodeWords(headers.subject ?? ''),
    text: part('text/plain'),
    html: part('text/html'),
  };
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding = '7bit'): string {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') return decodeQuotedPrintable(body);
  return body;
}

function decodeQuotedPrintable(s: string): string {
  const bytes: number[] = [];
  const soft = s.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i]!, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?...?=`, `=?UTF-8?B?...?=`) in a header. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QB])\?([^?]*)\?=/gi, (_m, _charset: string, kind: string, text: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

/** HTML with the entities handlebars writes turned back into characters (to find links). */
export function unescapeHtml(html: string): string {
  return html
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** The token of the first portal link with `?token=` in a text. */
export function tokenIn(text: string, path = ''): string {
  const m = new RegExp(`${path.replace(/[/.]/g, '\\$&')}\\?token=([A-Za-z0-9_-]+)`).exec(text);
  if (!m) throw new Error(`no ${path || 'token'} link in: ${text}`);
  return m[1]!;
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  template: string | null;
  language: string | null;
  status: string;
  error: string | null;
  text: string | null;
  html: string | null;
  bodyHidden: boolean;
  createdAt: string;
}

/** Mails to `to` in the outbox, newest first (summaries). */
export async function outboxTo(reader: TestSession, to: string): Promise<OutboxMail[]> {
  const r = await reader.get<{ items: OutboxMail[] }>(
    `/api/v1/mail/outbox?to=${encodeURIComponent(to)}&limit=100`,
  );
  if (r.status !== 200) throw new Error(`outbox: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.items;
}

/**
 * Waits for a mail of `template` to `to` in the outbox, other than those with ids in `skip` (mails
 * seen before), and answers it in full.
 */
export async function waitForOutboxMail(
  reader: TestSession,
  to: string,
  template: string,
  skip: readonly string[] = [],
  /** When several such mails may arrive in any order: the one this picks. */
  matching: (mail: OutboxMail) => boolean = () => true,
): Promise<OutboxMail> {
  return waitFor(async () => {
    const candidates = (await outboxTo(reader, to)).filter(
      (m) => m.template === template && !skip.includes(m.id),
    );
    for (const c of candidates) {
      const full = (await reader.get<OutboxMail>(`/api/v1/mail/outbox/${c.id}`)).body;
      if (matching(full)) return full;
    }
    return undefined;
  }, `a ${template} mail to ${to} in the outbox`);
}

/** A session of the demo's provider admin, who reads the outbox (core.mail.read). */
export function outboxReader(t: TestPortal): Promise<TestSession> {
  return t.login('admin@nordicsupply.example');
}
