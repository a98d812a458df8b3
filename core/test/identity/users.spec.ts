import { expect } from 'chai';
import { demoPassword, startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import {
  databaseName,
  organizationIdOf,
  pathsOf,
  userIdOf,
  type AdminUser,
  type Problem,
} from './directory-lookups.js';

describe(`identity: managing users (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let bergstromAdmin: TestSession;
  const ids: Record<string, string> = {};

  const list = (s: TestSession, query = '') =>
    s.get<{ items: AdminUser[]; nextCursor: string | null }>(`/api/v1/users${query}`);
  const emails = (r: { body: { items: AdminUser[] } }) => r.body.items.map((u) => u.email);

  before(async () => {
    t = await startTestPortal({ demo: true });
    admin = await t.login('admin@nordicsupply.example');
    bergstromAdmin = await t.login('admin@bergstrombygg.example');
    for (const email of [
      'admin@bergstrombygg.example',
      'user@bergstrombygg.example',
      'admin@lindqvist.example',
      'user@lindqvist.example',
      'support@nordicsupply.example',
    ])
      ids[email] = await userIdOf(admin, email);
  });
  after(() => t?.stop());

  it('lists only the users of their own company to a customer admin, with their roles', async () => {
    const r = await list(bergstromAdmin);
    expect(r.status).to.equal(200);
    expect(emails(r)).to.have.members(['admin@bergstrombygg.example', 'user@bergstrombygg.example']);
    const user = r.body.items.find((u) => u.email === 'user@bergstrombygg.example')!;
    expect(user).to.include({ name: 'Johan Ek', status: 'active' });
    expect(user.roles).to.deep.equal(['customer-user']);
    expect(user.assignedRoles).to.deep.equal(['customer-user']);
    expect(user.groups).to.deep.equal(['gold-customers', 'nordics']);
    expect(JSON.stringify(r.body)).to.not.match(/password|hash|totp_secret/);
    // Asking for another organisation does not widen the view.
    const lindqvist = await organizationIdOf(admin, 'Lindqvist Industri AB');
    expect((await list(bergstromAdmin, `?organizationId=${lindqvist}`)).body.items).to.deep.equal([]);
  });

  it('answers a customer admin 404 for a user of another company and leaves that user unchanged', async () => {
    const other = ids['user@lindqvist.example']!;
    const read = await bergstromAdmin.get<Problem>(`/api/v1/users/${other}`);
    const missing = await bergstromAdmin.get<Problem>('/api/v1/users/00000000-0000-4000-8000-000000000000');
    expect(read.status).to.equal(404);
    expect(read.body.detail).to.equal(missing.body.detail);
    expect(
      (await bergstromAdmin.patch(`/api/v1/users/${other}`, { status: 'deactivated', name: 'Hijacked' }))
        .status,
    ).to.equal(404);
    expect(
      (await bergstromAdmin.put(`/api/v1/users/${other}/roles`, { roles: ['customer-admin'] })).status,
    ).to.equal(404);
    const after = await admin.get<AdminUser>(`/api/v1/users/${other}`);
    expect(after.body).to.include({ name: 'Oskar Berg', status: 'active' });
    expect(after.body.assignedRoles).to.deep.equal(['customer-user']);
    expect((await t.login('user@lindqvist.example').then((s) => s.get('/api/v1/me'))).status).to.equal(200);
  });

  it("gives the supplier's support staff every user, filtered by organisation, status, name or e-mail and role", async () => {
    const support = await t.login('support@nordicsupply.example');
    const all = await list(support);
    expect(emails(all)).to.include.members(['admin@nordicsupply.example', 'user@lindqvist.example']);
    const lindqvist = await organizationIdOf(admin, 'Lindqvist Industri AB');
    expect(emails(await list(support, `?organizationId=${lindqvist}`))).to.have.members([
      'admin@lindqvist.example',
      'user@lindqvist.example',
    ]);
    expect(emails(await list(support, '?q=BERG'))).to.include.members([
      'admin@bergstrombygg.example',
      'user@bergstrombygg.example',
      'user@lindqvist.example', // Oskar Berg
    ]);
    expect(emails(await list(support, '?role=customer-admin'))).to.have.members([
      'admin@bergstrombygg.example',
      'admin@lindqvist.example',
    ]);
    expect((await list(support, '?status=deactivated')).body.items).to.deep.equal([]);
    const unknownRole = await list(support, '?role=wizard');
    expect(unknownRole.status).to.equal(400);
    expect(pathsOf(unknownRole.body)).to.deep.equal(['/role']);
    // Support may read but not change.
    expect(
      (await support.patch(`/api/v1/users/${ids['user@lindqvist.example']}`, { name: 'X' })).status,
    ).to.equal(403);
  });

  it('pages through users by name', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await list(admin, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.body.items.length).to.be.at.most(2);
      seen.push(...r.body.items.map((u) => u.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).to.have.length(7);
    expect(seen).to.deep.equal([...seen].sort((a, b) => a.localeCompare(b)));
  });

  it('refuses users to a customer user', async () => {
    const user = await t.login('user@bergstrombygg.example');
    expect((await list(user)).status).to.equal(403);
    expect((await user.get(`/api/v1/users/${ids['user@bergstrombygg.example']}`)).status).to.equal(403);
  });

  it("lets a customer admin change a colleague's name, phone and language", async () => {
    const id = ids['user@bergstrombygg.example']!;
    const r = await bergstromAdmin.patch<AdminUser>(`/api/v1/users/${id}`, {
      name: 'Johan Ek Andersson',
      phone: '+46 70 555 12 34',
      language: 'en',
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ name: 'Johan Ek Andersson', phone: '+46 70 555 12 34', language: 'en' });
    const me = await (await t.login('user@bergstrombygg.example')).get<{ user: AdminUser }>('/api/v1/me');
    expect(me.body.user.language).to.equal('en');
    await bergstromAdmin.patch(`/api/v1/users/${id}`, { name: 'Johan Ek', language: 'sv', phone: null });
  });

  it('refuses bad input with field paths and changes nothing', async () => {
    const id = ids['user@bergstrombygg.example']!;
    const r = await bergstromAdmin.patch<Problem>(`/api/v1/users/${id}`, {
      status: 'banned',
      phone: 'call me',
      email: 'new@bergstrombygg.example',
    });
    expect(r.status).to.equal(422);
    expect(pathsOf(r.body)).to.include.members(['/status', '/phone', '/email']);
    const language = await bergstromAdmin.patch<Problem>(`/api/v1/users/${id}`, { language: 'xx' });
    expect(language.status).to.equal(422);
    expect(pathsOf(language.body)).to.deep.equal(['/language']);
    const roles = await bergstromAdmin.put<Problem>(`/api/v1/users/${id}/roles`, {
      roles: ['customer-user', 'no-such-role'],
    });
    expect(roles.status).to.equal(422);
    expect(pathsOf(roles.body)).to.deep.equal(['/roles/1']);
    const shape = await bergstromAdmin.put<Problem>(`/api/v1/users/${id}/roles`, { roles: 'customer-admin' });
    expect(shape.status).to.equal(422);
    expect(pathsOf(shape.body)).to.deep.equal(['/roles']);
    const badId = await bergstromAdmin.get<Problem>('/api/v1/users/not-an-id');
    expect(badId.status).to.equal(400);
    const user = await admin.get<AdminUser>(`/api/v1/users/${id}`);
    expect(user.body).to.include({ status: 'active', name: 'Johan Ek', email: 'user@bergstrombygg.example' });
    expect(user.body.assignedRoles).to.deep.equal(['customer-user']);
  });

  it('ends a deactivated user’s live session at once; they cannot log in until reactivated', async () => {
    const id = ids['user@bergstrombygg.example']!;
    const user = await t.login('user@bergstrombygg.example');
    const other = await t.login('user@bergstrombygg.example');
    expect((await user.get('/api/v1/me')).status).to.equal(200);

    const r = await bergstromAdmin.patch<AdminUser>(`/api/v1/users/${id}`, { status: 'deactivated' });
    expect(r.status).to.equal(200);
    expect(r.body.status).to.equal('deactivated');
    expect((await user.get('/api/v1/me')).status).to.equal(401);
    expect((await other.get('/api/v1/me')).status).to.equal(401);
    const login = await t
      .anonymous()
      .post<Problem>('/api/v1/auth/login', { email: 'user@bergstrombygg.example', password: demoPassword });
    expect(login.status).to.equal(403);
    expect(login.body.detail).to.match(/deactivated/);
    expect(emails(await list(bergstromAdmin, '?status=deactivated'))).to.deep.equal([
      'user@bergstrombygg.example',
    ]);

    expect((await bergstromAdmin.patch(`/api/v1/users/${id}`, { status: 'active' })).status).to.equal(200);
    expect((await (await t.login('user@bergstrombygg.example')).get('/api/v1/me')).status).to.equal(200);
  });

  it('lets a customer admin give and take customer roles, and the change applies to the next request', async () => {
    const id = ids['user@bergstrombygg.example']!;
    const user = await t.login('user@bergstrombygg.example');
    expect((await user.get('/api/v1/users')).status).to.equal(403);
    const r = await bergstromAdmin.put<AdminUser>(`/api/v1/users/${id}/roles`, {
      roles: ['customer-user', 'customer-admin'],
    });
    expect(r.status).to.equal(200);
    expect(r.body.assignedRoles).to.deep.equal(['customer-admin', 'customer-user']);
    expect((await user.get('/api/v1/users')).status).to.equal(200);
    await bergstromAdmin.put(`/api/v1/users/${id}/roles`, { roles: ['customer-user'] });
    expect((await user.get('/api/v1/users')).status).to.equal(403);
  });

  it('does not let a customer admin hand out a role of the supplier’s staff', async () => {
    const id = ids['user@bergstrombygg.example']!;
    const r = await bergstromAdmin.put<Problem>(`/api/v1/users/${id}/roles`, {
      roles: ['customer-user', 'provider-admin'],
    });
    expect(r.status).to.equal(422);
    expect(pathsOf(r.body)).to.deep.equal(['/roles/1']);
    const user = await admin.get<AdminUser>(`/api/v1/users/${id}`);
    expect(user.body.roles).to.deep.equal(['customer-user']);
    // Nor may a provider admin give a customer role to the supplier's staff.
    const staff = await admin.put<Problem>(`/api/v1/users/${ids['support@nordicsupply.example']}/roles`, {
      roles: ['customer-admin'],
    });
    expect(staff.status).to.equal(422);
  });

  it('keeps at least one active user who can manage an organisation’s users', async () => {
    const self = ids['admin@bergstrombygg.example']!;
    const drop = await bergstromAdmin.put<Problem>(`/api/v1/users/${self}/roles`, {
      roles: ['customer-user'],
    });
    expect(drop.status).to.equal(409);
    const deactivate = await bergstromAdmin.patch<Problem>(`/api/v1/users/${self}`, {
      status: 'deactivated',
    });
    expect(deactivate.status).to.equal(409);
    expect(pathsOf(deactivate.body)).to.deep.equal(['/status']);
    const byProvider = await admin.patch<Problem>(`/api/v1/users/${self}`, { status: 'deactivated' });
    expect(byProvider.status).to.equal(409);
    expect((await bergstromAdmin.get('/api/v1/users')).status).to.equal(200);
    expect((await admin.get<AdminUser>(`/api/v1/users/${self}`)).body.roles).to.deep.equal([
      'customer-admin',
    ]);
  });

  it('lets the last admin step down once a colleague is an admin, effective at once', async () => {
    const lindqvistAdmin = await t.login('admin@lindqvist.example');
    const userId = ids['user@lindqvist.example']!;
    const selfId = ids['admin@lindqvist.example']!;
    expect(
      (await lindqvistAdmin.put(`/api/v1/users/${userId}/roles`, { roles: ['customer-admin'] })).status,
    ).to.equal(200);
    const stepDown = await lindqvistAdmin.put<AdminUser>(`/api/v1/users/${selfId}/roles`, {
      roles: ['customer-user'],
    });
    expect(stepDown.status).to.equal(200);
    expect((await lindqvistAdmin.get('/api/v1/users')).status).to.equal(403);
    const newAdmin = await t.login('user@lindqvist.example');
    expect(
      (await newAdmin.put(`/api/v1/users/${selfId}/roles`, { roles: ['customer-admin'] })).status,
    ).to.equal(200);
    expect(
      (await newAdmin.put(`/api/v1/users/${userId}/roles`, { roles: ['customer-user'] })).status,
    ).to.equal(200);
    expect((await lindqvistAdmin.get('/api/v1/users')).status).to.equal(200);
  });
  it('lets only one of two admins who take each other’s admin role at the same moment succeed', async () => {
    const a = await t.login('admin@lindqvist.example');
    const aId = ids['admin@lindqvist.example']!;
    const bId = ids['user@lindqvist.example']!;
    expect((await a.put(`/api/v1/users/${bId}/roles`, { roles: ['customer-admin'] })).status).to.equal(200);
    const b = await t.login('user@lindqvist.example');
    const [first, second] = await Promise.all([
      a.put(`/api/v1/users/${bId}/roles`, { roles: ['customer-user'] }),
      b.put(`/api/v1/users/${aId}/roles`, { roles: ['customer-user'] }),
    ]);
    const statuses = [first.status, second.status];
    expect(
      statuses.filter((s) => s === 200),
      JSON.stringify(statuses),
    ).to.have.length(1);
    const admins = await admin.get<{ items: AdminUser[] }>(
      `/api/v1/users?organizationId=${await organizationIdOf(admin, 'Lindqvist Industri AB')}&role=customer-admin`,
    );
    expect(admins.body.items).to.have.length(1);
    // Put things back: admin@lindqvist is the admin again, the user a user.
    await admin.put(`/api/v1/users/${aId}/roles`, { roles: ['customer-admin'] });
    await admin.put(`/api/v1/users/${bId}/roles`, { roles: ['customer-user'] });
  });
});
