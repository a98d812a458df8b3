import { expect } from 'chai';
import { demoPassword, startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import {
  databaseName,
  organizationIdOf,
  pathsOf,
  type Organization,
  type Problem,
} from './directory-lookups.js';

describe(`identity: organisations (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let bergstrom: string;
  let lindqvist: string;

  const list = (s: TestSession, query = '') =>
    s.get<{ items: Organization[]; nextCursor: string | null }>(`/api/v1/organizations${query}`);

  before(async () => {
    t = await startTestPortal({ demo: true });
    admin = await t.login('admin@nordicsupply.example');
    bergstrom = await organizationIdOf(admin, 'Bergström Bygg AB');
    lindqvist = await organizationIdOf(admin, 'Lindqvist Industri AB');
  });
  after(() => t?.stop());

  it("shows the supplier's staff every organisation, by name, a page at a time", async () => {
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const r = await list(admin, `?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).to.equal(200);
      expect(r.body.items).to.have.length.at.most(1);
      names.push(...r.body.items.map((o) => o.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(names.slice(0, 3)).to.deep.equal([
      'Bergström Bygg AB',
      'Lindqvist Industri AB',
      'Nordic Supply AB',
    ]);
  });

  it('filters organisations by name or customer number, status and kind', async () => {
    expect((await list(admin, '?q=lindq')).body.items.map((o) => o.name)).to.deep.equal([
      'Lindqvist Industri AB',
    ]);
    expect((await list(admin, '?q=10001')).body.items.map((o) => o.name)).to.deep.equal([
      'Bergström Bygg AB',
    ]);
    expect((await list(admin, '?kind=provider')).body.items.map((o) => o.name)).to.deep.equal([
      'Nordic Supply AB',
    ]);
    const bad = await list(admin, '?status=sleeping');
    expect(bad.status).to.equal(400);
    expect(pathsOf(bad.body)).to.deep.equal(['/status']);
    const badCursor = await list(admin, '?cursor=bm9wZQ');
    expect(badCursor.status).to.equal(400);
    expect(pathsOf(badCursor.body)).to.deep.equal(['/cursor']);
  });

  it('filters organisations by the access group they are members of', async () => {
    expect((await list(admin, '?group=gold-customers')).body.items.map((o) => o.name)).to.deep.equal([
      'Bergström Bygg AB',
    ]);
    expect((await list(admin, '?group=nordics')).body.items.map((o) => o.name)).to.deep.equal([
      'Bergström Bygg AB',
      'Lindqvist Industri AB',
    ]);
    expect((await list(admin, '?group=nordics&q=lindq')).body.items.map((o) => o.name)).to.deep.equal([
      'Lindqvist Industri AB',
    ]);
    expect((await list(admin, '?group=no-such-group')).body.items).to.deep.equal([]);
    const s = await t.login('admin@bergstrombygg.example');
    expect((await list(s, '?group=nordics')).body.items.map((o) => o.name)).to.deep.equal([
      'Bergström Bygg AB',
    ]);
  });

  it('shows a customer admin only their own organisation, with its access groups', async () => {
    const s = await t.login('admin@bergstrombygg.example');
    const r = await list(s);
    expect(r.body.items.map((o) => o.name)).to.deep.equal(['Bergström Bygg AB']);
    const own = await s.get<Organization>(`/api/v1/organizations/${bergstrom}`);
    expect(own.status).to.equal(200);
    expect(own.body).to.include({ name: 'Bergström Bygg AB', customerNumber: '10001', kind: 'customer' });
    expect(own.body.groups).to.deep.equal(['gold-customers', 'nordics']);
  });

  it("answers a customer admin 404 for another company's organisation, exactly as for a missing one", async () => {
    const s = await t.login('admin@bergstrombygg.example');
    const other = await s.get<Problem>(`/api/v1/organizations/${lindqvist}`);
    const missing = await s.get<Problem>('/api/v1/organizations/00000000-0000-4000-8000-000000000000');
    expect(other.status).to.equal(404);
    expect(missing.status).to.equal(404);
    expect(other.body.detail).to.equal(missing.body.detail);
    const patch = await s.patch(`/api/v1/organizations/${lindqvist}`, { name: 'Taken over' });
    expect(patch.status).to.equal(403);
    expect((await admin.get<Organization>(`/api/v1/organizations/${lindqvist}`)).body.name).to.equal(
      'Lindqvist Industri AB',
    );
  });

  it('refuses organisations to a customer user, and changes to the editor', async () => {
    const user = await t.login('user@bergstrombygg.example');
    expect((await list(user)).status).to.equal(403);
    const editor = await t.login('editor@nordicsupply.example');
    expect((await list(editor)).status).to.equal(200);
    expect((await editor.post('/api/v1/organizations', { name: 'Editor Co' })).status).to.equal(403);
  });

  it('creates a customer organisation with e-mail domains and branding', async () => {
    const r = await admin.post<Organization>('/api/v1/organizations', {
      name: 'Ahlgren Maskin AB',
      customerNumber: '10003',
      emailDomains: ['Ahlgren.example'],
      branding: { primaryColor: '#0a5c36', secondaryColor: '#FFF', portalName: 'Ahlgren portal' },
    });
    expect(r.status).to.equal(201);
    expect(r.headers.get('location')).to.equal(`/api/v1/organizations/${r.body.id}`);
    expect(r.body).to.include({ kind: 'customer', status: 'active', customerNumber: '10003' });
    expect(r.body.emailDomains).to.deep.equal(['ahlgren.example']);
    expect(r.body.branding).to.deep.equal({
      primaryColor: '#0a5c36',
      secondaryColor: '#FFF',
      portalName: 'Ahlgren portal',
    });
    expect(r.body.groups).to.deep.equal([]);
  });

  it('refuses a taken customer number or e-mail domain with 409 and creates nothing', async () => {
    const before = (await list(admin)).body.items.length;
    const number = await admin.post<Problem>('/api/v1/organizations', {
      name: 'Copy AB',
      customerNumber: '10001',
    });
    expect(number.status).to.equal(409);
    expect(pathsOf(number.body)).to.deep.equal(['/customerNumber']);
    expect(number.body.detail).to.include('Bergström Bygg AB');
    const domain = await admin.post<Problem>('/api/v1/organizations', {
      name: 'Copy AB',
      emailDomains: ['copy.example', 'BERGSTROMBYGG.example'],
    });
    expect(domain.status).to.equal(409);
    expect(pathsOf(domain.body)).to.deep.equal(['/emailDomains/1']);
    const patch = await admin.patch<Problem>(`/api/v1/organizations/${lindqvist}`, {
      name: 'Renamed',
      customerNumber: '10001',
    });
    expect(patch.status).to.equal(409);
    expect((await list(admin)).body.items.length).to.equal(before);
    expect((await admin.get<Organization>(`/api/v1/organizations/${lindqvist}`)).body).to.include({
      name: 'Lindqvist Industri AB',
      customerNumber: '10002',
    });
  });

  it('gives one of two simultaneous creations with the same customer number a 409, never a 500', async () => {
    const results = await Promise.all(
      ['Twin One AB', 'Twin Two AB'].map((name) =>
        admin.post<Organization>('/api/v1/organizations', { name, customerNumber: '20001' }),
      ),
    );
    expect(results.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    expect((await list(admin, '?q=20001')).body.items).to.have.length(1);
  });

  it('refuses bad input with field paths and changes nothing', async () => {
    const before = (await list(admin)).body.items.length;
    const r = await admin.post<Problem>('/api/v1/organizations', {
      name: '',
      emailDomains: ['not a domain'],
      branding: { primaryColor: 'green', logo: 'x.png' },
      colour: 'red',
    });
    expect(r.status).to.equal(422);
    expect(pathsOf(r.body)).to.include.members([
      '/name',
      '/emailDomains/0',
      '/branding/primaryColor',
      '/branding/logo',
      '/colour',
    ]);
    const logo = await admin.post<Problem>('/api/v1/organizations', {
      name: 'No Logo AB',
      branding: { logoFileId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(logo.status).to.equal(422);
    expect(pathsOf(logo.body)).to.deep.equal(['/branding/logoFileId']);
    const patch = await admin.patch<Problem>(`/api/v1/organizations/${bergstrom}`, {
      branding: { secondaryColor: '#12345' },
    });
    expect(patch.status).to.equal(422);
    expect(pathsOf(patch.body)).to.deep.equal(['/branding/secondaryColor']);
    const kind = await admin.patch<Problem>(`/api/v1/organizations/${bergstrom}`, { kind: 'provider' });
    expect(kind.status).to.equal(422);
    expect(pathsOf(kind.body)).to.deep.equal(['/kind']);
    const empty = await admin.patch<Problem>(`/api/v1/organizations/${bergstrom}`, {});
    expect(empty.status).to.equal(422);
    expect((await list(admin)).body.items.length).to.equal(before);
    expect((await admin.get<Organization>(`/api/v1/organizations/${bergstrom}`)).body).to.include({
      kind: 'customer',
    });
  });

  it('changes name, domains and branding; a null branding slot is emptied, the others stay', async () => {
    const created = await admin.post<Organization>('/api/v1/organizations', {
      name: 'Dahl El AB',
      branding: { primaryColor: '#112233', portalName: 'Dahl' },
    });
    const r = await admin.patch<Organization>(`/api/v1/organizations/${created.body.id}`, {
      name: 'Dahl Elektriska AB',
      customerNumber: '10009',
      emailDomains: ['dahl.example'],
      branding: { portalName: null, secondaryColor: '#445566' },
    });
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ name: 'Dahl Elektriska AB', customerNumber: '10009' });
    expect(r.body.emailDomains).to.deep.equal(['dahl.example']);
    expect(r.body.branding).to.deep.equal({ primaryColor: '#112233', secondaryColor: '#445566' });
  });

  it('logs out the users of a suspended organisation at once and lets them in again when reactivated', async () => {
    const user = await t.login('user@lindqvist.example');
    const customerAdmin = await t.login('admin@lindqvist.example');
    expect((await user.get('/api/v1/me')).status).to.equal(200);

    const r = await admin.patch<Organization>(`/api/v1/organizations/${lindqvist}`, { status: 'suspended' });
    expect(r.status).to.equal(200);
    expect(r.body.status).to.equal('suspended');
    expect((await user.get('/api/v1/me')).status).to.equal(401);
    expect((await customerAdmin.get('/api/v1/users')).status).to.equal(401);
    const login = await t
      .anonymous()
      .post<Problem>('/api/v1/auth/login', { email: 'user@lindqvist.example', password: demoPassword });
    expect(login.status).to.equal(403);
    expect(login.body.detail).to.match(/suspended/);
    expect((await list(admin, '?status=suspended')).body.items.map((o) => o.name)).to.deep.equal([
      'Lindqvist Industri AB',
    ]);

    await admin.patch(`/api/v1/organizations/${lindqvist}`, { status: 'active' });
    const again = await t.login('user@lindqvist.example');
    expect((await again.get('/api/v1/me')).status).to.equal(200);
  });

  it("refuses to suspend the supplier's own organisation", async () => {
    const provider = await organizationIdOf(admin, 'Nordic Supply AB');
    const r = await admin.patch<Problem>(`/api/v1/organizations/${provider}`, { status: 'suspended' });
    expect(r.status).to.equal(409);
    expect(pathsOf(r.body)).to.deep.equal(['/status']);
    expect((await admin.get('/api/v1/me')).status).to.equal(200);
  });
});
