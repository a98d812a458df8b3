import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { waitFor } from '../support.js';
import { outboxReader, outboxTo, tokenIn, waitForOutboxMail } from './mail-support.js';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; in?: string }>;
}
interface Invited {
  id: string;
  email: string;
  status: string;
  organizationId: string;
  language: string;
  roles: string[];
}

async function organizationId(t: TestPortal, adminEmail: string): Promise<string> {
  const me = await (await t.login(adminEmail)).get<{ organization: { id: string } }>('/api/v1/me');
  return me.body.organization.id;
}

async function auditTypes(t: TestPortal, targetId: string): Promise<string[]> {
  const rows = await t.portal.db.sequelize.query<{ type: string }>(
    'SELECT type FROM portico_audit_log WHERE target_id = ? ORDER BY id',
    { replacements: [targetId], type: QueryTypes.SELECT },
  );
  return rows.map((r) => r.type);
}

describe('identity: inviting users', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let staff: TestSession;
  let bergstrom: string;
  let lindqvist: string;
  let provider: string;

  before(async () => {
    t = await startTestPortal({ demo: true });
    staff = await outboxReader(t);
    [bergstrom, lindqvist, provider] = await Promise.all([
      organizationId(t, 'admin@bergstrombygg.example'),
      organizationId(t, 'admin@lindqvist.example'),
      organizationId(t, 'admin@nordicsupply.example'),
    ]);
  });
  after(() => t?.stop());

  const invitationToken = async (email: string) =>
    tokenIn((await waitForOutboxMail(staff, email, 'invitation')).text!, '/accept-invitation');

  it('lets a customer admin invite into their own company; the invitee logs in only after choosing a password', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const r = await admin.post<Invited>('/api/v1/users', {
      email: 'Nora.Nilsson@bergstrombygg.example',
      name: 'Nora Nilsson',
      language: 'sv',
    });
    expect(r.status).to.equal(201);
    expect(r.body).to.include({
      email: 'nora.nilsson@bergstrombygg.example',
      status: 'invited',
      organizationId: bergstrom,
      language: 'sv',
    });
    expect(r.body.roles).to.deep.equal(['customer-user']);
    const early = await t.anonymous().post('/api/v1/auth/login', {
      email: 'nora.nilsson@bergstrombygg.example',
      password: 'anything at all 2026',
    });
    expect(early.status).to.equal(401);

    const mail = await waitForOutboxMail(staff, 'nora.nilsson@bergstrombygg.example', 'invitation');
    expect(mail.subject).to.equal('Karin Bergström bjuder in dig till Portico');
    expect(mail.text).to.include('Hej Nora Nilsson').and.include('Bergström Bygg AB').and.include('7 dygn');
    const token = tokenIn(mail.text!, '/accept-invitation');

    const shown = await t
      .anonymous()
      .get<{ name: string; email: string; organization: { name: string } }>(
        `/api/v1/auth/invitations/${token}`,
      );
    expect(shown.status).to.equal(200);
    expect(shown.body).to.deep.include({
      name: 'Nora Nilsson',
      email: 'nora.nilsson@bergstrombygg.example',
      organization: { name: 'Bergström Bygg AB' },
    });

    const weak = await t
      .anonymous()
      .post<Problem>('/api/v1/auth/invitations/accept', { token, password: 'nora' });
    expect(weak.status).to.equal(422);
    expect(weak.body.errors!.map((e) => e.path)).to.include('/password');
    expect((await t.anonymous().get(`/api/v1/auth/invitations/${token}`)).status).to.equal(200);

    const nora = t.anonymous();
    const accepted = await nora.post<{ status: string }>('/api/v1/auth/invitations/accept', {
      token,
      password: 'Noras egen lösenfras 2026',
    });
    expect(accepted.status).to.equal(200);
    expect(accepted.body.status).to.equal('ok');
    const me = await nora.get<{ user: { status: string }; roles: string[] }>('/api/v1/me');
    expect(me.body.user.status).to.equal('active');
    expect(me.body.roles).to.deep.equal(['customer-user']);

    const again = await t.anonymous().post<Problem>('/api/v1/auth/invitations/accept', {
      token,
      password: 'Noras andra lösenfras 2026',
    });
    expect(again.status).to.equal(400);
    const looked = await t.anonymous().get<Problem>(`/api/v1/auth/invitations/${token}`);
    expect(looked.status).to.equal(400);
    expect(looked.body.errors![0]).to.include({ in: 'params', path: '/token' });
    await t.login('nora.nilsson@bergstrombygg.example', 'Noras egen lösenfras 2026');
    expect(await auditTypes(t, r.body.id)).to.include.members([
      'user.invited',
      'user.activated',
      'auth.login',
    ]);
  });

  it('keeps an invitation in the outbox without SMTP, and answers a retry of it 409', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    await admin.post('/api/v1/users', { email: 'kept@bergstrombygg.example', name: 'Kim Kept' });
    const mail = await waitForOutboxMail(staff, 'kept@bergstrombygg.example', 'invitation');
    expect(mail.status).to.equal('stored');
    const retry = await staff.post<Problem>(`/api/v1/mail/outbox/${mail.id}/retry`);
    expect(retry.status).to.equal(409);
    expect(retry.body.detail).to.match(/no smtp server/i);
    expect((await staff.get<{ status: string }>(`/api/v1/mail/outbox/${mail.id}`)).body.status).to.equal(
      'stored',
    );
  });

  it('answers 404 to a customer admin inviting into another company, and creates nothing', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const r = await admin.post<Problem>('/api/v1/users', {
      email: 'stranger@lindqvist.example',
      name: 'Stina Strand',
      organizationId: lindqvist,
    });
    expect(r.status).to.equal(404);
    expect(await outboxTo(staff, 'stranger@lindqvist.example')).to.deep.equal([]);
    const own = await (
      await t.login('admin@lindqvist.example')
    ).post<Invited>('/api/v1/users', {
      email: 'stranger@lindqvist.example',
      name: 'Stina Strand',
      organizationId: lindqvist,
    });
    expect(own.status).to.equal(201);
    expect(own.body.organizationId).to.equal(lindqvist);
  });

  it("lets the supplier's staff invite into any organisation, with roles of that organisation's kind", async () => {
    const admin = await t.login('admin@nordicsupply.example');
    const customer = await admin.post<Invited>('/api/v1/users', {
      email: 'boss@lindqvist.example',
      name: 'Bo Ström',
      organizationId: lindqvist,
      roleKeys: ['customer-admin'],
    });
    expect(customer.status).to.equal(201);
    expect(customer.body.roles).to.deep.equal(['customer-admin']);
    expect(customer.body.language).to.equal('sv');

    const noRoles = await admin.post<Problem>('/api/v1/users', {
      email: 'new.editor@nordicsupply.example',
      name: 'Nea Ek',
      organizationId: provider,
    });
    expect(noRoles.status).to.equal(422);
    expect(noRoles.body.errors![0]!.path).to.equal('/roleKeys');
    const wrongKind = await admin.post<Problem>('/api/v1/users', {
      email: 'new.editor@nordicsupply.example',
      name: 'Nea Ek',
      roleKeys: ['editor', 'customer-user'],
    });
    expect(wrongKind.status).to.equal(422);
    expect(wrongKind.body.errors![0]!.path).to.equal('/roleKeys/1');
    const providerRoleForCustomer = await admin.post<Problem>('/api/v1/users', {
      email: 'editor.at@lindqvist.example',
      name: 'Ed Lind',
      organizationId: lindqvist,
      roleKeys: ['editor'],
    });
    expect(providerRoleForCustomer.status).to.equal(422);

    const editor = await admin.post<Invited>('/api/v1/users', {
      email: 'new.editor@nordicsupply.example',
      name: 'Nea Ek',
      roleKeys: ['editor'],
    });
    expect(editor.status).to.equal(201);
    expect(editor.body).to.include({ organizationId: provider });
    expect(editor.body.roles).to.deep.equal(['editor']);
    const mail = await waitForOutboxMail(staff, 'new.editor@nordicsupply.example', 'invitation');
    expect(mail.subject).to.equal('Astrid Nordin bjuder in dig till Portico');
  });

  it('refuses to give a role with permissions the inviter does not hold', async () => {
    const inviter = t.actAs({
      kind: 'user',
      organizationId: bergstrom,
      organizationKind: 'customer',
      roles: ['inviter'],
      permissions: ['core.user.invite'],
    });
    const up = await t
      .anonymous()
      .post<Problem>(
        '/api/v1/users',
        { email: 'climber@bergstrombygg.example', name: 'Klas Klätt', roleKeys: ['customer-admin'] },
        inviter,
      );
    expect(up.status).to.equal(403);
    expect(up.body.errors![0]!.path).to.equal('/roleKeys/0');
    expect(up.body.detail).to.include('core.user.manage');
    expect(await outboxTo(staff, 'climber@bergstrombygg.example')).to.deep.equal([]);
    const plain = await t
      .anonymous()
      .post<Invited>(
        '/api/v1/users',
        { email: 'climber@bergstrombygg.example', name: 'Klas Klätt' },
        inviter,
      );
    expect(plain.status).to.equal(201);
    expect(plain.body.roles).to.deep.equal(['customer-user']);
  });

  it('answers 409 to an address that has an account, whatever its case', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    for (const email of ['user@bergstrombygg.example', 'USER@Bergstrombygg.example']) {
      const r = await admin.post<Problem>('/api/v1/users', { email, name: 'Johan Again' });
      expect(r.status).to.equal(409);
      expect(r.body.errors![0]!.path).to.equal('/email');
    }
    const me = await (
      await t.login('user@bergstrombygg.example')
    ).get<{ user: { name: string } }>('/api/v1/me');
    expect(me.body.user.name).to.equal('Johan Ek');
  });

  it('refuses bad input with field paths, and people without the permission', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const cases: Array<[unknown, string]> = [
      [{ email: 'x@bergstrombygg.example' }, '/name'],
      [{ email: 'x@bergstrombygg.example', name: '   ' }, '/name'],
      [{ email: 'not an address', name: 'X' }, '/email'],
      [{ email: 'x@bergstrombygg.example', name: 'X', language: 'de' }, '/language'],
      [{ email: 'x@bergstrombygg.example', name: 'X', roleKeys: [] }, '/roleKeys'],
      [{ email: 'x@bergstrombygg.example', name: 'X', roleKeys: ['wizard'] }, '/roleKeys/0'],
      [{ email: 'x@bergstrombygg.example', name: 'X', organizationId: 'nope' }, '/organizationId'],
      [{ email: 'x@bergstrombygg.example', name: 'X', admin: true }, '/admin'],
    ];
    for (const [body, field] of cases) {
      const r = await admin.post<Problem>('/api/v1/users', body);
      expect(r.status, JSON.stringify(body)).to.equal(422);
      expect(r.body.errors!.map((e) => e.path)).to.include(field);
    }
    expect(await outboxTo(staff, 'x@bergstrombygg.example')).to.deep.equal([]);

    const user = await t.login('user@bergstrombygg.example');
    expect(
      (await user.post('/api/v1/users', { email: 'y@bergstrombygg.example', name: 'Y' })).status,
    ).to.equal(403);
    expect(
      (await t.anonymous().post('/api/v1/users', { email: 'y@bergstrombygg.example', name: 'Y' })).status,
    ).to.equal(401);
  });

  it('refuses forged invitation links', async () => {
    const forged = 'B'.repeat(43);
    expect((await t.anonymous().get(`/api/v1/auth/invitations/${forged}`)).status).to.equal(400);
    const accept = await t.anonymous().post<Problem>('/api/v1/auth/invitations/accept', {
      token: forged,
      password: 'A good passphrase 2026',
    });
    expect(accept.status).to.equal(400);
    expect(accept.body.errors![0]).to.include({ in: 'body', path: '/token' });
    const reset = await invitationToken('stranger@lindqvist.example');
    // An invitation link is no reset link.
    const wrongUse = await t.anonymous().post('/api/v1/auth/password-reset/confirm', {
      token: reset,
      password: 'A good passphrase 2026',
    });
    expect(wrongUse.status).to.equal(400);
    expect((await t.anonymous().get(`/api/v1/auth/invitations/${reset}`)).status).to.equal(200);
  });
});

describe('identity: expired invitations', function () {
  this.timeout(60_000);
  let t: TestPortal;

  before(async () => {
    t = await startTestPortal({ demo: true, config: { auth: { tokens: { invitationHours: 0.0003 } } } });
  });
  after(() => t?.stop());

  it('refuses an expired invitation and leaves the account unusable', async () => {
    const admin = await t.login('admin@lindqvist.example');
    expect(
      (await admin.post('/api/v1/users', { email: 'late@lindqvist.example', name: 'Lars Sen' })).status,
    ).to.equal(201);
    const staff = await outboxReader(t);
    const mail = await waitForOutboxMail(staff, 'late@lindqvist.example', 'invitation');
    expect(mail.text).to.include('within 1 minute');
    const token = tokenIn(mail.text!, '/accept-invitation');
    await waitFor(
      async () => (await t.anonymous().get(`/api/v1/auth/invitations/${token}`)).status === 400,
      'the invitation to expire',
    );
    const accept = await t.anonymous().post('/api/v1/auth/invitations/accept', {
      token,
      password: 'A good passphrase, too late',
    });
    expect(accept.status).to.equal(400);
    const login = await t.anonymous().post('/api/v1/auth/login', {
      email: 'late@lindqvist.example',
      password: 'A good passphrase, too late',
    });
    expect(login.status).to.equal(401);
  });
});
