import { expect } from 'chai';
import { demoPassword, startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { waitFor } from '../support.js';
import { outboxReader, outboxTo, tokenIn, waitForOutboxMail } from './mail-support.js';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; in?: string }>;
}

/** Asks for a reset link for `email` and answers the token from the mail in the outbox. */
async function resetToken(t: TestPortal, staff: TestSession, email: string): Promise<string> {
  const seen = (await outboxTo(staff, email)).map((m) => m.id);
  const asked = await t.anonymous().post('/api/v1/auth/password-reset', { email });
  expect(asked.status).to.equal(202);
  const mail = await waitForOutboxMail(staff, email, 'password-reset', seen);
  return tokenIn(mail.text!, '/reset-password');
}

describe('identity: account recovery by e-mail', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let staff: TestSession;

  before(async () => {
    t = await startTestPortal({
      demo: true,
      config: { auth: { lockout: { accountAttempts: 3, ipAttempts: 1000 } } },
    });
    staff = await outboxReader(t);
  });
  after(() => t?.stop());

  const confirm = (token: string, password: string, s = t.anonymous()) =>
    s.post<Problem & { status: string; csrfToken: string; user: { email: string } }>(
      '/api/v1/auth/password-reset/confirm',
      { token, password },
    );

  it('mails a single-use link that sets the password, ends other sessions and logs the user in', async () => {
    const before = await t.login('user@lindqvist.example');
    const seen = (await outboxTo(staff, 'user@lindqvist.example')).map((m) => m.id);
    const asked = await t
      .anonymous()
      .post('/api/v1/auth/password-reset', { email: 'User@Lindqvist.example' });
    expect(asked.status).to.equal(202);
    const mail = await waitForOutboxMail(staff, 'user@lindqvist.example', 'password-reset', seen);
    expect(mail).to.include({ subject: 'Reset your password for Portico', language: 'en', status: 'stored' });
    expect(mail.bodyHidden).to.equal(false);
    expect(mail.text).to.include('Hello Oskar Berg').and.include('within 1 hour');
    expect(mail.text).to.match(/http:\/\/localhost:\d+\/reset-password\?token=/);
    const token = tokenIn(mail.text!, '/reset-password');

    const s = t.anonymous();
    const done = await confirm(token, 'A brand new passphrase 2026', s);
    expect(done.status).to.equal(200);
    expect(done.body.status).to.equal('ok');
    expect(done.body.user.email).to.equal('user@lindqvist.example');
    expect((await s.get('/api/v1/me')).status).to.equal(200);
    expect((await before.get('/api/v1/me')).status).to.equal(401);

    const again = await confirm(token, 'Yet another passphrase 2026');
    expect(again.status).to.equal(400);
    expect(again.body.errors![0]!.path).to.equal('/token');
    const old = await t.anonymous().post('/api/v1/auth/login', {
      email: 'user@lindqvist.example',
      password: demoPassword,
    });
    expect(old.status).to.equal(401);
    await t.login('user@lindqvist.example', 'A brand new passphrase 2026');
  });

  it("writes the mail in the user's language", async () => {
    const seen = (await outboxTo(staff, 'admin@bergstrombygg.example')).map((m) => m.id);
    await t.anonymous().post('/api/v1/auth/password-reset', { email: 'admin@bergstrombygg.example' });
    const mail = await waitForOutboxMail(staff, 'admin@bergstrombygg.example', 'password-reset', seen);
    expect(mail).to.include({ subject: 'Återställ ditt lösenord till Portico', language: 'sv' });
    expect(mail.text).to.include('Hej Karin Bergström').and.include('inom 1 timme');
    expect(mail.html).to.include('<html lang="sv">');
  });

  it('answers an unknown address exactly like a known one, and mails nothing to it', async () => {
    const known = await t
      .anonymous()
      .post('/api/v1/auth/password-reset', { email: 'admin@lindqvist.example' });
    const unknown = await t
      .anonymous()
      .post('/api/v1/auth/password-reset', { email: 'nobody@nowhere.example' });
    expect(unknown.status).to.equal(known.status).and.equal(202);
    expect(unknown.body).to.deep.equal(known.body);
    expect(unknown.headers.get('content-length')).to.equal(known.headers.get('content-length'));
    // Requests are handled in order: once a later request's mail is out, the unknown one is done.
    await resetToken(t, staff, 'admin@lindqvist.example');
    expect(await outboxTo(staff, 'nobody@nowhere.example')).to.deep.equal([]);
  });

  it('mails nothing to an invited user who has not chosen a password yet', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const invited = await admin.post('/api/v1/users', {
      email: 'pending@bergstrombygg.example',
      name: 'Per Dahl',
    });
    expect(invited.status).to.equal(201);
    const asked = await t
      .anonymous()
      .post('/api/v1/auth/password-reset', { email: 'pending@bergstrombygg.example' });
    expect(asked.status).to.equal(202);
    await resetToken(t, staff, 'admin@lindqvist.example');
    const templates = (await outboxTo(staff, 'pending@bergstrombygg.example')).map((m) => m.template);
    expect(templates).to.deep.equal(['invitation']);
  });

  it('refuses a weak password and leaves the link usable', async () => {
    const token = await resetToken(t, staff, 'user@bergstrombygg.example');
    const weak = await confirm(token, 'password');
    expect(weak.status).to.equal(422);
    expect(weak.body.errors!.map((e) => e.path)).to.include('/password');
    const same = await confirm(token, 'user@bergstrombygg.example');
    expect(same.status).to.equal(422);
    const good = await confirm(token, 'Johans nya lösenfras 2026');
    expect(good.status).to.equal(200);
    await t.login('user@bergstrombygg.example', 'Johans nya lösenfras 2026');
  });

  it('stops older links from working once a newer one was used', async () => {
    const first = await resetToken(t, staff, 'support@nordicsupply.example');
    const second = await resetToken(t, staff, 'support@nordicsupply.example');
    expect((await confirm(second, 'Saras nya lösenfras 2026')).status).to.equal(200);
    const old = await confirm(first, 'Saras andra lösenfras 2026');
    expect(old.status).to.equal(400);
    await t.login('support@nordicsupply.example', 'Saras nya lösenfras 2026');
  });

  it('lifts a lockout, since the mailbox proved who it is', async () => {
    for (let i = 0; i < 3; i++)
      await t
        .anonymous()
        .post('/api/v1/auth/login', { email: 'editor@nordicsupply.example', password: 'guess' });
    const locked = await t.anonymous().post('/api/v1/auth/login', {
      email: 'editor@nordicsupply.example',
      password: demoPassword,
    });
    expect(locked.status).to.equal(429);
    const token = await resetToken(t, staff, 'editor@nordicsupply.example');
    expect((await confirm(token, 'Eriks nya lösenfras 2026')).status).to.equal(200);
    await t.login('editor@nordicsupply.example', 'Eriks nya lösenfras 2026');
  });

  it('refuses forged tokens and bad input with field paths', async () => {
    const forged = await confirm('A'.repeat(43), 'Some good passphrase 2026');
    expect(forged.status).to.equal(400);
    expect(forged.body.detail).to.match(/invalid, expired or already used/);
    expect(forged.body.errors![0]!.path).to.equal('/token');

    const cases: Array<[string, unknown, string]> = [
      ['/auth/password-reset', {}, '/email'],
      ['/auth/password-reset', { email: 'not an address' }, '/email'],
      ['/auth/password-reset', { email: 'a@b.example', extra: 1 }, '/extra'],
      ['/auth/password-reset/confirm', { token: 'short', password: 'Good passphrase 2026' }, '/token'],
      ['/auth/password-reset/confirm', { token: 'A'.repeat(43) }, '/password'],
      ['/auth/password-reset/confirm', { token: 'A'.repeat(43), password: '' }, '/password'],
    ];
    for (const [path, body, field] of cases) {
      const r = await t.anonymous().post<Problem>(`/api/v1${path}`, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).to.equal(422);
      expect(r.body.errors!.map((e) => e.path)).to.include(field);
    }
  });

  it('limits reset requests per client address and e-mail, for known and unknown addresses alike', async () => {
    for (let i = 0; i < 5; i++)
      expect(
        (await t.anonymous().post('/api/v1/auth/password-reset', { email: 'many@nowhere.example' })).status,
      ).to.equal(202);
    const limited = await t
      .anonymous()
      .post<Problem>('/api/v1/auth/password-reset', { email: 'many@nowhere.example' });
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
    const other = await t.anonymous().post('/api/v1/auth/password-reset', { email: 'other@nowhere.example' });
    expect(other.status).to.equal(202);
  });
});

describe('identity: expired reset links', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let staff: TestSession;

  before(async () => {
    // 0.0003 hours: a link works for about a second.
    t = await startTestPortal({ demo: true, config: { auth: { tokens: { resetHours: 0.0003 } } } });
    staff = await outboxReader(t);
  });
  after(() => t?.stop());

  it('refuses an expired link and leaves the password as it was', async () => {
    const token = await resetToken(t, staff, 'user@lindqvist.example');
    // A refused password answers 422 while the link works and changes nothing; 400 once it expired.
    await waitFor(async () => {
      const r = await t.anonymous().post('/api/v1/auth/password-reset/confirm', { token, password: 'x' });
      return r.status === 400;
    }, 'the link to expire');
    const late = await t.anonymous().post<Problem>('/api/v1/auth/password-reset/confirm', {
      token,
      password: 'A good passphrase, too late',
    });
    expect(late.status).to.equal(400);
    expect(late.body.errors![0]!.path).to.equal('/token');
    await t.login('user@lindqvist.example', demoPassword);
  });
});
