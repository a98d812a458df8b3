import { QueryTypes } from 'sequelize';
import { expect } from 'chai';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { fixture, waitFor } from '../support.js';
import {
  outboxReader,
  outboxTo,
  startSmtpServer,
  tokenIn,
  type OutboxMail,
  unescapeHtml,
  type TestSmtpServer,
} from './mail-support.js';

describe('mail: templates per language, the outbox and delivery through SMTP', function () {
  this.timeout(60_000);
  let smtp: TestSmtpServer;
  let t: TestPortal;
  let staff: TestSession;
  let flakyRefused = false;
  let refusing = true;

  before(async () => {
    smtp = await startSmtpServer({
      credentials: { user: 'portal', password: 'smtp-secret' },
      refuse: (address) => {
        if (address === 'refused@example.com') return refusing;
        if (address === 'flaky@example.com' && !flakyRefused) return (flakyRefused = true);
        return false;
      },
    });
    t = await startTestPortal({
      demo: true,
      plugins: [fixture('mail-sender')],
      config: {
        http: { publicUrl: 'https://portal.example.com' },
        mail: {
          from: 'Nordic Supply <portal@nordicsupply.example>',
          smtp: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            user: 'portal',
            password: 'smtp-secret',
          },
        },
        events: { maxAttempts: 3 },
      },
    });
    staff = await outboxReader(t);
  });
  after(async () => {
    await t?.stop();
    await smtp?.close();
  });

  const send = (body: Record<string, unknown>) =>
    t.anonymous().post<{ id: string }>('/api/v1/mail-sender/mails', body);
  const outboxMail = async (id: string) => (await staff.get<OutboxMail>(`/api/v1/mail/outbox/${id}`)).body;

  it("sends a password reset through the SMTP server in the user's language, with a link that works", async () => {
    const asked = await t
      .anonymous()
      .post('/api/v1/auth/password-reset', { email: 'user@bergstrombygg.example' });
    expect(asked.status).to.equal(202);
    const mail = await smtp.waitFor('user@bergstrombygg.example');
    expect(mail.user).to.equal('portal');
    expect(mail.from).to.equal('portal@nordicsupply.example');
    expect(mail.headers.from).to.include('Nordic Supply');
    expect(mail.subject).to.equal('Återställ ditt lösenord till Portico');
    expect(mail.text)
      .to.include('Hej Johan Ek')
      .and.include('https://portal.example.com/reset-password?token=');
    const token = tokenIn(mail.text, '/reset-password');
    expect(unescapeHtml(mail.html)).to.include(
      `href="https://portal.example.com/reset-password?token=${token}"`,
    );

    const s = t.anonymous();
    const done = await s.post<{ status: string }>('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'Nya lösenordet för Johan 2026',
    });
    expect(done.status).to.equal(200);
    expect(done.body.status).to.equal('ok');
    expect((await s.get('/api/v1/me')).status).to.equal(200);
  });

  it('marks a delivered mail sent and hides a login link from staff once SMTP has it', async () => {
    const [summary] = await waitFor(async () => {
      const list = await outboxTo(staff, 'user@bergstrombygg.example');
      return list.length && list[0]!.status === 'sent' ? list : undefined;
    }, 'the reset mail marked sent');
    const mail = await outboxMail(summary!.id);
    expect(mail).to.include({ template: 'password-reset', language: 'sv', status: 'sent', error: null });
    expect(mail.bodyHidden).to.equal(true);
    expect(mail.text).to.equal(null);
    expect(mail.html).to.equal(null);
  });

  it('carries an account request to a first login, with the link from the SMTP server', async () => {
    const request = await t.anonymous().post('/api/v1/account-requests', {
      name: 'Nils Nyström',
      email: 'nils@lindqvist.example',
      company: 'Lindqvist Industri AB',
    });
    expect(request.status).to.equal(202);
    const notice = await smtp.waitFor('admin@lindqvist.example');
    expect(notice.subject).to.equal('Account request: Nils Nyström (Lindqvist Industri AB)');
    expect(notice.text).to.include('Matched organisation: Lindqvist Industri AB');
    const receipt = await smtp.waitFor('nils@lindqvist.example');
    expect(receipt.subject).to.equal('We have your request for a Portico account');

    const before = await t.anonymous().post('/api/v1/auth/login', {
      email: 'nils@lindqvist.example',
      password: 'Nils eget lösenord 2026',
    });
    expect(before.status).to.equal(401);

    const admin = await t.login('admin@lindqvist.example');
    const list = await admin.get<{ items: Array<{ id: string; email: string }> }>(
      '/api/v1/account-requests?status=pending',
    );
    const id = list.body.items.find((r) => r.email === 'nils@lindqvist.example')!.id;
    expect((await admin.post(`/api/v1/account-requests/${id}/approve`, {})).status).to.equal(200);

    const approval = await smtp.waitFor('nils@lindqvist.example', (m) => m.subject.includes('approved'));
    expect(approval.subject).to.equal('Your Portico account is approved');
    const token = tokenIn(approval.text, '/accept-invitation');
    const nils = t.anonymous();
    const accepted = await nils.post('/api/v1/auth/invitations/accept', {
      token,
      password: 'Nils eget lösenord 2026',
    });
    expect(accepted.status).to.equal(200);
    const me = await nils.get<{ user: { status: string }; organization: { name: string }; roles: string[] }>(
      '/api/v1/me',
    );
    expect(me.body.user.status).to.equal('active');
    expect(me.body.organization.name).to.equal('Lindqvist Industri AB');
    expect(me.body.roles).to.deep.equal(['customer-user']);
    await t.login('nils@lindqvist.example', 'Nils eget lösenord 2026');
  });

  it('lets a plugin send mail with its own template through coreServices.mail', async () => {
    const sent = await send({
      to: 'ann@example.com',
      language: 'sv',
      data: { name: 'Ann', link: 'https://a.example' },
    });
    expect(sent.status).to.equal(201);
    const mail = await smtp.waitFor('ann@example.com');
    expect(mail.subject).to.equal('Hälsningar, Ann');
    expect(mail.text).to.include('Hej Ann, se https://a.example.');
  });

  it('escapes values in the HTML part and keeps the subject and text as written, inside the layout', async () => {
    const name = '<b>Eve & "Co"</b>';
    await send({ to: 'eve@example.com', data: { name, link: 'https://x.example/?a=1&b=2' } });
    const mail = await smtp.waitFor('eve@example.com');
    expect(mail.subject).to.equal(`Greetings, ${name}`);
    expect(mail.text).to.include(`Hello ${name}, see https://x.example/?a=1&b=2.`);
    expect(mail.text).to.include('Portico\nhttps://portal.example.com');
    expect(mail.html).to.include('Hello &lt;b&gt;Eve &amp; &quot;Co&quot;&lt;/b&gt;');
    expect(mail.html).to.include('href="https://x.example/?a&#x3D;1&amp;b&#x3D;2"');
    expect(mail.html).to.not.include('<b>Eve');
    expect(mail.html).to.include('<html lang="en">');
  });

  it('writes in English when a template is not translated to the language', async () => {
    const sent = await send({ to: 'hans@example.com', language: 'de', data: { name: 'Hans' } });
    const mail = await smtp.waitFor('hans@example.com');
    expect(mail.subject).to.equal('Greetings, Hans');
    expect((await outboxMail(sent.body.id)).language).to.equal('en');
  });

  it('stores no mail when the request that sent it fails', async () => {
    const failed = await send({ to: 'rollback@example.com', data: { name: 'Rolf' }, fail: true });
    expect(failed.status).to.equal(422);
    const sent = await send({ to: 'rollback@example.com', data: { name: 'Rolf' } });
    expect(sent.status).to.equal(201);
    await smtp.waitFor('rollback@example.com');
    const mails = await outboxTo(staff, 'rollback@example.com');
    expect(mails.map((m) => m.id)).to.deep.equal([sent.body.id]);
    expect(smtp.mails.filter((m) => m.to.includes('rollback@example.com'))).to.have.length(1);
  });

  it('keeps the SMTP error on the mail, retries, marks it failed after the last attempt, and sends it when retried by hand', async () => {
    const queued = await send({ to: 'refused@example.com', data: { name: 'Ref' } });
    const mail = await waitFor(async () => {
      const m = await outboxMail(queued.body.id);
      return m.status === 'failed' ? m : undefined;
    }, 'the refused mail to be marked failed');
    expect(mail.error).to.match(/550|unavailable/i);
    expect(smtp.mails.some((m) => m.to.includes('refused@example.com'))).to.equal(false);

    // The operator fixes the cause and retries dead deliveries (docs/operators.md): it goes out.
    refusing = false;
    // The mail is marked failed in the last attempt; the delivery is marked dead when that
    // attempt's transaction ends, a moment later. Revive it once it is dead.
    await waitFor(async () => {
      const [row] = await t.portal.db.sequelize.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM portico_event_deliveries WHERE status = 'dead'",
        { type: QueryTypes.SELECT },
      );
      return Number(row?.n) > 0 ? true : undefined;
    }, 'the refused delivery to be dead');
    await t.portal.db.sequelize.query(
      `UPDATE portico_event_deliveries
          SET status = 'pending', attempts = 0, next_attempt_at = '2000-01-01 00:00:00', last_error = NULL
        WHERE status = 'dead'`,
    );
    await smtp.waitFor('refused@example.com');
    const sent = await waitFor(async () => {
      const m = await outboxMail(queued.body.id);
      return m.status === 'sent' ? m : undefined;
    }, 'the retried mail to be marked sent');
    expect(sent.error).to.equal(null);
  });

  it('sends a failed mail again when staff retry it in the outbox, and only a failed one', async () => {
    refusing = true;
    const queued = await send({ to: 'refused@example.com', data: { name: 'Again' } });
    await waitFor(async () => {
      const m = await outboxMail(queued.body.id);
      return m.status === 'failed' ? m : undefined;
    }, 'the refused mail to be marked failed');
    const before = smtp.mails.length;

    const customerAdmin = await t.login('admin@bergstrombygg.example');
    const editor = await t.login('editor@nordicsupply.example');
    for (const s of [customerAdmin, editor])
      expect((await s.post(`/api/v1/mail/outbox/${queued.body.id}/retry`)).status).to.equal(403);

    refusing = false;
    const support = await t.login('support@nordicsupply.example');
    const retried = await support.post<OutboxMail>(`/api/v1/mail/outbox/${queued.body.id}/retry`);
    expect(retried.status).to.equal(200);
    expect(retried.body).to.include({ id: queued.body.id, status: 'queued', error: null });
    await smtp.waitFor('refused@example.com', (m) => m.text.includes('Again'));
    await waitFor(async () => {
      const m = await outboxMail(queued.body.id);
      return m.status === 'sent' ? m : undefined;
    }, 'the retried mail to be marked sent');
    expect(smtp.mails.length).to.equal(before + 1);

    const again = await support.post<{ detail: string }>(`/api/v1/mail/outbox/${queued.body.id}/retry`);
    expect(again.status).to.equal(409);
    expect(again.body.detail).to.match(/only a failed mail/i);
    const missing = await support.post('/api/v1/mail/outbox/00000000-0000-4000-8000-000000000000/retry');
    expect(missing.status).to.equal(404);
  });

  it('delivers on a retry after a refusal, once', async () => {
    const sent = await send({ to: 'flaky@example.com', data: { name: 'Flo' } });
    const mail = await waitFor(async () => {
      const m = await outboxMail(sent.body.id);
      return m.status === 'sent' ? m : undefined;
    }, 'the flaky mail to be sent');
    expect(flakyRefused).to.equal(true);
    expect(mail.error).to.equal(null);
    expect(mail.text).to.include('Hello Flo');
    expect(smtp.mails.filter((m) => m.to.includes('flaky@example.com'))).to.have.length(1);
  });

  it('lists the outbox newest first, a page at a time, filtered by address', async () => {
    const ids: string[] = [];
    for (const n of [1, 2, 3])
      ids.push((await send({ to: 'Pages@Example.com', data: { name: `Page ${n}` } })).body.id);
    const first = await staff.get<{ items: OutboxMail[]; nextCursor: string | null }>(
      '/api/v1/mail/outbox?to=pages@example.com&limit=2',
    );
    expect(first.status).to.equal(200);
    expect(first.body.items).to.have.length(2);
    expect(first.body.items[0]).to.include({ to: 'pages@example.com', template: 'mail-sender-greeting' });
    expect(first.body.items[0]).to.not.have.property('text');
    const second = await staff.get<{ items: OutboxMail[]; nextCursor: string | null }>(
      `/api/v1/mail/outbox?to=pages@example.com&limit=2&cursor=${first.body.nextCursor}`,
    );
    const all = [...first.body.items, ...second.body.items];
    // Mails made in the same millisecond may come in either order; every one comes exactly once.
    expect(all.map((m) => m.id)).to.have.members(ids);
    const times = all.map((m) => m.createdAt);
    expect(times).to.deep.equal([...times].sort().reverse());
    expect(second.body.nextCursor).to.equal(null);
  });

  it('shows the outbox only to holders of core.mail.read, and refuses bad queries', async () => {
    expect((await t.anonymous().get('/api/v1/mail/outbox')).status).to.equal(401);
    const customerAdmin = await t.login('admin@bergstrombygg.example');
    expect((await customerAdmin.get('/api/v1/mail/outbox')).status).to.equal(403);
    const support = await t.login('support@nordicsupply.example');
    expect((await support.get('/api/v1/mail/outbox')).status).to.equal(200);

    const badCursor = await staff.get<{ errors: Array<{ path: string }> }>(
      '/api/v1/mail/outbox?cursor=nonsense',
    );
    expect(badCursor.status).to.equal(400);
    expect(badCursor.body.errors[0]!.path).to.equal('/cursor');
    const badLimit = await staff.get<{ errors: Array<{ path: string }> }>('/api/v1/mail/outbox?limit=1000');
    expect(badLimit.status).to.equal(400);
    expect(badLimit.body.errors[0]!.path).to.equal('/limit');
    expect((await staff.get('/api/v1/mail/outbox/not-an-id')).status).to.equal(400);
    expect((await staff.get('/api/v1/mail/outbox/00000000-0000-4000-8000-000000000000')).status).to.equal(
      404,
    );
  });
});
