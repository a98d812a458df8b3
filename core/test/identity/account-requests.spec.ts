import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { waitFor } from '../support.js';
import { outboxReader, outboxTo, tokenIn, waitForOutboxMail } from './mail-support.js';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string }>;
}
interface AccountRequest {
  id: string;
  name: string;
  email: string;
  company: string;
  customerNumber: string | null;
  language: string;
  organizationId: string | null;
  organizationName: string | null;
  status: string;
  decidedBy: string | null;
  decisionNote: string | null;
  userId: string | null;
}
interface Page {
  items: AccountRequest[];
  nextCursor: string | null;
}

describe('identity: account requests (R2)', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let staff: TestSession;
  let bergstromAdmin: TestSession;
  let lindqvistAdmin: TestSession;
  let lindqvist: string;

  before(async () => {
    t = await startTestPortal({ demo: true });
    staff = await outboxReader(t);
    bergstromAdmin = await t.login('admin@bergstrombygg.example');
    lindqvistAdmin = await t.login('admin@lindqvist.example');
    lindqvist = (await lindqvistAdmin.get<{ organization: { id: string } }>('/api/v1/me')).body.organization
      .id;
  });
  after(() => t?.stop());

  const ask = (body: Record<string, unknown>, headers?: Record<string, string>) =>
    t
      .anonymous()
      .post<{ status: string; detail: string } & Problem>('/api/v1/account-requests', body, headers);
  const list = async (s: TestSession, query = '') =>
    (await s.get<Page>(`/api/v1/account-requests${query}`)).body;
  /** Waits until the request from `email` is taken in, and answers it as `s` sees it. */
  const taken = (s: TestSession, email: string) =>
    waitFor(async () => (await list(s)).items.find((r) => r.email === email), `the request from ${email}`);
  const mailsTo = async (email: string) => (await outboxTo(staff, email)).map((m) => m.template);

  it("sends a request to the matched company's admins and the supplier's, and nobody logs in before approval", async () => {
    const r = await ask({
      name: 'Alva Ahl',
      email: 'Alva@Bergstrombygg.example',
      company: 'Bergström Bygg',
      message: 'Jag jobbar på inköp & vill beställa.',
    });
    expect(r.status).to.equal(202);
    expect(r.body.status).to.equal('accepted');

    const request = await taken(bergstromAdmin, 'alva@bergstrombygg.example');
    expect(request).to.include({
      name: 'Alva Ahl',
      company: 'Bergström Bygg',
      organizationName: 'Bergström Bygg AB',
      status: 'pending',
      userId: null,
    });
    const notice = await waitForOutboxMail(staff, 'admin@bergstrombygg.example', 'account-request-notice');
    expect(notice.subject).to.equal('Kontoansökan: Alva Ahl (Bergström Bygg)');
    expect(notice.text)
      .to.include('Jag jobbar på inköp & vill beställa.')
      .and.include(`/account-requests/${request.id}`);
    expect(await mailsTo('admin@nordicsupply.example')).to.include('account-request-notice');
    expect(await mailsTo('alva@bergstrombygg.example')).to.deep.equal(['account-request-received']);
    for (const bystander of [
      'admin@lindqvist.example',
      'user@bergstrombygg.example',
      'support@nordicsupply.example',
      'editor@nordicsupply.example',
    ])
      expect(await mailsTo(bystander), bystander).to.deep.equal([]);

    const login = await t.anonymous().post('/api/v1/auth/login', {
      email: 'alva@bergstrombygg.example',
      password: 'Alvas lösenfras 2026',
    });
    expect(login.status).to.equal(401);
  });

  it("keeps another company's admins out: they neither see nor decide the request", async () => {
    const request = await taken(bergstromAdmin, 'alva@bergstrombygg.example');
    expect((await list(lindqvistAdmin)).items.map((r) => r.email)).to.not.include(
      'alva@bergstrombygg.example',
    );
    expect((await lindqvistAdmin.get(`/api/v1/account-requests/${request.id}`)).status).to.equal(404);
    expect((await lindqvistAdmin.post(`/api/v1/account-requests/${request.id}/approve`, {})).status).to.equal(
      404,
    );
    expect(
      (
        await lindqvistAdmin.post(`/api/v1/account-requests/${request.id}/approve`, {
          organizationId: lindqvist,
        })
      ).status,
    ).to.equal(404);
    expect((await lindqvistAdmin.post(`/api/v1/account-requests/${request.id}/reject`, {})).status).to.equal(
      404,
    );
    const still = await bergstromAdmin.get<AccountRequest>(`/api/v1/account-requests/${request.id}`);
    expect(still.body.status).to.equal('pending');
    expect(await mailsTo('alva@bergstrombygg.example')).to.deep.equal(['account-request-received']);
  });

  it('mails a link to choose a password on approval, and then the person logs in', async () => {
    const request = await taken(bergstromAdmin, 'alva@bergstrombygg.example');
    const karin = (await bergstromAdmin.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;
    const approved = await bergstromAdmin.post<AccountRequest>(
      `/api/v1/account-requests/${request.id}/approve`,
      {},
    );
    expect(approved.status).to.equal(200);
    expect(approved.body).to.include({ status: 'approved', decidedBy: karin });
    expect(approved.body.userId).to.be.a('string');

    const mail = await waitForOutboxMail(staff, 'alva@bergstrombygg.example', 'account-approved');
    expect(mail.subject).to.equal('Your Portico account is approved');
    const token = tokenIn(mail.text!, '/accept-invitation');
    const alva = t.anonymous();
    const accepted = await alva.post('/api/v1/auth/invitations/accept', {
      token,
      password: 'Alvas lösenfras 2026',
    });
    expect(accepted.status).to.equal(200);
    const me = await alva.get<{ user: { id: string }; organization: { name: string }; roles: string[] }>(
      '/api/v1/me',
    );
    expect(me.body.user.id).to.equal(approved.body.userId);
    expect(me.body.organization.name).to.equal('Bergström Bygg AB');
    expect(me.body.roles).to.deep.equal(['customer-user']);

    expect((await bergstromAdmin.post(`/api/v1/account-requests/${request.id}/approve`, {})).status).to.equal(
      409,
    );
    expect((await bergstromAdmin.post(`/api/v1/account-requests/${request.id}/reject`, {})).status).to.equal(
      409,
    );
    const audit = await t.portal.db.sequelize.query<{ type: string }>(
      'SELECT type FROM portico_audit_log WHERE target_id = ? ORDER BY id',
      { replacements: [request.id], type: QueryTypes.SELECT },
    );
    expect(audit.map((a) => a.type)).to.deep.equal(['account-request.created', 'account-request.approved']);
  });

  it('answers the same to an address that has an account, stores no request and tells the owner', async () => {
    const first = await ask({
      name: 'Someone',
      email: 'someone.new@bergstrombygg.example',
      company: 'Bergström',
    });
    const existing = await ask({ name: 'Oskar Berg', email: 'user@lindqvist.example', company: 'Lindqvist' });
    expect(existing.status).to.equal(first.status).and.equal(202);
    expect(existing.body).to.deep.equal(first.body);
    const reminder = await waitForOutboxMail(staff, 'user@lindqvist.example', 'account-exists');
    expect(reminder.text).to.include('Hello Oskar Berg').and.include('/forgot-password');
    await taken(staff, 'someone.new@bergstrombygg.example');
    expect((await list(staff)).items.map((r) => r.email)).to.not.include('user@lindqvist.example');
  });

  it('matches the organisation by customer number before the e-mail domain', async () => {
    await ask({
      name: 'Petra Pihl',
      email: 'petra@freemail.example',
      company: 'Lindqvist',
      customerNumber: ' 10002 ',
      language: 'sv',
    });
    const request = await taken(lindqvistAdmin, 'petra@freemail.example');
    expect(request).to.include({ organizationId: lindqvist, customerNumber: '10002', language: 'sv' });
    const receipt = await waitForOutboxMail(staff, 'petra@freemail.example', 'account-request-received');
    expect(receipt.subject).to.equal('Vi har fått din ansökan om ett konto i Portico');
  });

  it('leaves an unmatched request to the supplier, who picks the organisation when approving', async () => {
    await ask({
      name: 'Ulf Ung',
      email: 'ulf@unknown.example',
      company: 'Okänd AB',
      customerNumber: '99999',
    });
    const request = await taken(staff, 'ulf@unknown.example');
    expect(request).to.include({ organizationId: null, organizationName: null });
    // Other tests' notices to the same admin may arrive later than this one: pick Ulf's.
    const notice = await waitForOutboxMail(
      staff,
      'admin@nordicsupply.example',
      'account-request-notice',
      [],
      (m) => !!m.text?.includes('Ulf Ung'),
    );
    expect(notice.text).to.include('Ulf Ung').and.include('Ingen organisation matchade');
    expect((await list(bergstromAdmin)).items.map((r) => r.email)).to.not.include('ulf@unknown.example');
    expect((await bergstromAdmin.get(`/api/v1/account-requests/${request.id}`)).status).to.equal(404);

    const unchosen = await staff.post<Problem>(`/api/v1/account-requests/${request.id}/approve`, {});
    expect(unchosen.status).to.equal(422);
    expect(unchosen.body.errors![0]!.path).to.equal('/organizationId');
    const approved = await staff.post<AccountRequest>(`/api/v1/account-requests/${request.id}/approve`, {
      organizationId: lindqvist,
      roleKeys: ['customer-admin'],
    });
    expect(approved.status).to.equal(200);
    expect(approved.body).to.include({ status: 'approved', organizationId: lindqvist });
    const mail = await waitForOutboxMail(staff, 'ulf@unknown.example', 'account-approved');
    const ulf = t.anonymous();
    const token = tokenIn(mail.text!, '/accept-invitation');
    expect(
      (await ulf.post('/api/v1/auth/invitations/accept', { token, password: 'Ulfs lösenfras 2026' })).status,
    ).to.equal(200);
    expect((await ulf.get<{ roles: string[] }>('/api/v1/me')).body.roles).to.deep.equal(['customer-admin']);
  });

  it('rejects politely, quoting the note, and the person still cannot log in', async () => {
    await ask({
      name: 'Rut Ros',
      email: 'rut@bergstrombygg.example',
      company: 'Bergström Bygg',
      language: 'sv',
    });
    const request = await taken(bergstromAdmin, 'rut@bergstrombygg.example');
    const rejected = await bergstromAdmin.post<AccountRequest>(
      `/api/v1/account-requests/${request.id}/reject`,
      {
        note: 'Vi hittar dig inte i personallistan – ring Karin.',
      },
    );
    expect(rejected.status).to.equal(200);
    expect(rejected.body).to.include({
      status: 'rejected',
      decisionNote: 'Vi hittar dig inte i personallistan – ring Karin.',
      userId: null,
    });
    const mail = await waitForOutboxMail(staff, 'rut@bergstrombygg.example', 'account-rejected');
    expect(mail.subject).to.equal('Din ansökan om ett konto i Portico');
    expect(mail.text).to.include('Vi hittar dig inte i personallistan – ring Karin.');
    expect(mail.html).to.include('Vi hittar dig inte i personallistan – ring Karin.');
    expect((await bergstromAdmin.post(`/api/v1/account-requests/${request.id}/reject`, {})).status).to.equal(
      409,
    );
    const login = await t
      .anonymous()
      .post('/api/v1/auth/login', { email: 'rut@bergstrombygg.example', password: 'x' });
    expect(login.status).to.equal(401);
    expect((await list(bergstromAdmin, '?status=rejected')).items.map((r) => r.email)).to.deep.equal([
      'rut@bergstrombygg.example',
    ]);
  });

  it('takes a second request from the same address while one is pending as nothing new', async () => {
    const body = { name: 'Dag Dubb', email: 'dag@lindqvist.example', company: 'Lindqvist' };
    await ask(body);
    await taken(lindqvistAdmin, 'dag@lindqvist.example');
    await ask({ ...body, message: 'Again' });
    // The receipt of a later request shows that the second one was taken in too.
    await ask({ name: 'Eva Efter', email: 'eva@lindqvist.example', company: 'Lindqvist' });
    await taken(lindqvistAdmin, 'eva@lindqvist.example');
    const dags = (await list(lindqvistAdmin)).items.filter((r) => r.email === 'dag@lindqvist.example');
    expect(dags).to.have.length(1);
    expect(await mailsTo('dag@lindqvist.example')).to.deep.equal(['account-request-received']);
  });

  it('lists requests newest first, a page at a time, with filters', async () => {
    const all = await list(staff, '?limit=100');
    expect(all.items.length).to.be.greaterThan(3);
    const first = await list(staff, '?limit=2');
    expect(first.items.map((r) => r.id)).to.deep.equal(all.items.slice(0, 2).map((r) => r.id));
    const second = await list(staff, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((r) => r.id)).to.deep.equal(all.items.slice(2, 4).map((r) => r.id));
    const pending = await list(staff, '?status=pending&limit=100');
    expect(pending.items.every((r) => r.status === 'pending')).to.equal(true);
    const ofLindqvist = await list(staff, `?organizationId=${lindqvist}&limit=100`);
    expect(ofLindqvist.items.length).to.be.greaterThan(0);
    expect(ofLindqvist.items.every((r) => r.organizationId === lindqvist)).to.equal(true);
    const bad = await staff.get<Problem>('/api/v1/account-requests?status=maybe');
    expect(bad.status).to.equal(400);
    expect(bad.body.errors![0]!.path).to.equal('/status');
  });

  it('needs core.user.approve to list or decide', async () => {
    const user = await t.login('user@bergstrombygg.example');
    expect((await user.get('/api/v1/account-requests')).status).to.equal(403);
    expect((await t.anonymous().get('/api/v1/account-requests')).status).to.equal(401);
    const support = await t.login('support@nordicsupply.example');
    expect((await support.get('/api/v1/account-requests')).status).to.equal(403);
  });

  it('refuses bad input with field paths and stores nothing, and limits requests per address', async () => {
    const good = { name: 'Bo Bad', email: 'bo@bergstrombygg.example', company: 'Bergström' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ name: 'Bo Bad', email: 'bo@bergstrombygg.example' }, '/company'],
      [{ ...good, email: 'not-an-address' }, '/email'],
      [{ ...good, name: '' }, '/name'],
      [{ ...good, language: 'de' }, '/language'],
      [{ ...good, customerNumber: '' }, '/customerNumber'],
      [{ ...good, message: 'x'.repeat(2001) }, '/message'],
      [{ ...good, role: 'customer-admin' }, '/role'],
    ];
    for (const [body, field] of cases) {
      const r = await ask(body);
      expect(r.status, JSON.stringify(body).slice(0, 80)).to.equal(422);
      expect(r.body.errors!.map((e) => e.path)).to.include(field);
    }
    expect(await mailsTo('bo@bergstrombygg.example')).to.deep.equal([]);

    for (let i = 0; i < 3; i++)
      expect((await ask({ ...good, email: 'flood@nowhere.example' })).status).to.equal(202);
    const limited = await ask({ ...good, email: 'flood@nowhere.example' });
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get('retry-after'))).to.be.greaterThan(0);
  });
});
