import { expect } from 'chai';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { databaseName, organizationIdOf, pathsOf, userIdOf, type Organization } from './directory-lookups.js';

interface Entry {
  id: number;
  at: string;
  type: string;
  actor: { userId: string | null; organizationId: string | null; name: string | null; email: string | null };
  organizationId: string | null;
  target: { type: string; id: string | null } | null;
  ip: string | null;
  details: Record<string, unknown>;
}

type Page = { items: Entry[]; nextCursor: string | null };

describe(`identity: the audit log (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let adminId: string;
  let bergstrom: string;
  let bergstromUser: string;
  let created: Organization;
  const started = new Date().toISOString();

  const read = (query: string) => admin.get<Page>(`/api/v1/audit${query}`);
  const types = (r: { body: Page }) => r.body.items.map((e) => e.type);

  before(async () => {
    t = await startTestPortal({ demo: true });
    admin = await t.login('admin@nordicsupply.example');
    adminId = await userIdOf(admin, 'admin@nordicsupply.example');
    bergstrom = await organizationIdOf(admin, 'Bergström Bygg AB');
    bergstromUser = await userIdOf(admin, 'user@bergstrombygg.example');

    // Some of everything the management API records.
    const customerAdmin = await t.login('admin@bergstrombygg.example');
    await customerAdmin.patch(`/api/v1/users/${bergstromUser}`, { status: 'deactivated' });
    await customerAdmin.patch(`/api/v1/users/${bergstromUser}`, {
      status: 'active',
      phone: '+46 70 111 22 33',
    });
    await customerAdmin.put(`/api/v1/users/${bergstromUser}/roles`, {
      roles: ['customer-user', 'customer-admin'],
    });
    created = (
      await admin.post<Organization>('/api/v1/organizations', { name: 'Ek Trä AB', customerNumber: '10077' })
    ).body;
    await admin.patch(`/api/v1/organizations/${created.id}`, { status: 'suspended' });
    await admin.post('/api/v1/roles', {
      key: 'reader',
      name: { en: 'Reader' },
      scope: 'customer',
      permissions: ['core.organization.read'],
    });
    await admin.post('/api/v1/groups', { key: 'pilot', name: 'Pilot' });
    await admin.put('/api/v1/groups/pilot/roles', { roles: ['reader'] });
    await admin.put('/api/v1/groups/pilot/members', { organizations: [created.id], users: [] });
    await t
      .anonymous()
      .post('/api/v1/auth/login', { email: 'user@lindqvist.example', password: 'wrong password' });
  });
  after(() => t?.stop());

  it('lets a provider admin read logins, filtered by type, newest first', async () => {
    const r = await read('?type=auth.login');
    expect(r.status).to.equal(200);
    expect(r.body.items.length).to.be.at.least(2);
    expect(new Set(types(r))).to.deep.equal(new Set(['auth.login']));
    const ids = r.body.items.map((e) => e.id);
    expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
    const first = r.body.items[r.body.items.length - 1]!;
    expect(first.details).to.deep.equal({ method: 'password' });
    expect(first.target).to.deep.equal({ type: 'user', id: adminId });
  });

  it('records what the management API changes, with the actor and the details', async () => {
    const r = await read(
      `?userId=${bergstromUser}&type=user.deactivated,user.reactivated,user.updated,user.role-changed`,
    );
    expect(types(r)).to.deep.equal([
      'user.role-changed',
      'user.reactivated',
      'user.updated',
      'user.deactivated',
    ]);
    const [roles, , updated, deactivated] = r.body.items;
    expect(roles!.details).to.deep.equal({
      added: ['customer-admin'],
      removed: [],
      roles: ['customer-user', 'customer-admin'],
    });
    expect(roles!.actor).to.include({ email: 'admin@bergstrombygg.example', organizationId: bergstrom });
    expect(roles!.organizationId).to.equal(bergstrom);
    expect(updated!.details).to.deep.equal({ fields: ['phone'] });
    expect(deactivated!.details).to.deep.equal({ sessionsEnded: 0 });

    const org = await read(`?organizationId=${created.id}&type=organization.*`);
    expect(types(org)).to.deep.equal(['organization.suspended', 'organization.created']);
    expect(org.body.items[1]!.details).to.deep.equal({ name: 'Ek Trä AB', customerNumber: '10077' });

    const access = await read(
      '?type=role.created&type=group.created&type=group.roles-changed&type=group.members-changed',
    );
    expect(types(access)).to.deep.equal([
      'group.members-changed',
      'group.roles-changed',
      'group.created',
      'role.created',
    ]);
    expect(access.body.items[0]!.details).to.deep.equal({
      added: { organizations: [created.id], users: [] },
      removed: { organizations: [], users: [] },
    });
  });

  it('filters by organisation, user and time, and pages with a cursor', async () => {
    const failed = await read('?type=auth.login-failed');
    expect(failed.body.items).to.have.length(1);
    expect(failed.body.items[0]!.actor.userId).to.equal(null);

    const mine = await read(`?userId=${adminId}`);
    expect(mine.body.items.every((e) => e.actor.userId === adminId || e.target?.id === adminId)).to.equal(
      true,
    );

    const byOrg = await read(`?organizationId=${bergstrom}`);
    expect(types(byOrg)).to.include.members(['auth.login', 'user.deactivated']);
    expect(
      byOrg.body.items.every((e) => e.organizationId === bergstrom || e.actor.organizationId === bergstrom),
    ).to.equal(true);

    expect((await read(`?from=${encodeURIComponent(started)}`)).body.items.length).to.be.greaterThan(10);
    expect((await read('?to=2000-01-01')).body.items).to.deep.equal([]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await read(`?from=${today}&to=${today}&type=auth.login-failed`)).body.items).to.have.length(1);

    const all: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: Page } = await read(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    const whole = (await read('?limit=200')).body.items.map((e) => e.id);
    expect(all).to.deep.equal(whole);
  });

  it('refuses bad filters with the query parameter at fault', async () => {
    for (const [query, path] of [
      ['?type=Not a type', '/type'],
      ['?from=yesterday', '/from'],
      ['?to=2026-13-45', '/to'],
      ['?userId=42', '/userId'],
      ['?cursor=abc', '/cursor'],
      ['?limit=0', '/limit'],
      ['?colour=red', '/colour'],
    ] as const) {
      const r = await read(query);
      expect(r.status, query).to.equal(400);
      expect(pathsOf(r.body), query).to.include(path);
    }
  });

  it("is for the supplier's admins only", async () => {
    for (const email of [
      'admin@bergstrombygg.example',
      'support@nordicsupply.example',
      'editor@nordicsupply.example',
    ]) {
      const s = await t.login(email);
      expect((await s.get('/api/v1/audit')).status, email).to.equal(403);
    }
    expect((await t.anonymous().get('/api/v1/audit')).status).to.equal(401);
  });
});
