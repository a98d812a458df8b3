import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { databaseName, fixture, waitFor } from '../support.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

interface Plugin {
  id: string;
  package: string;
  version: string;
  displayName: string;
  description: string;
  state: string;
  error: string | null;
  health: { status: string; failedEvents: number; retryingEvents: number; lastError: string | null };
  permissions: Array<{ key: string; description: string; providerOnly: boolean }>;
  rollout: { everyone: boolean; groups: string[]; unknownGroups: string[]; updatedAt: string | null };
  hasSettings: boolean;
}
type Problem = { detail: string; errors?: Array<{ path: string; message: string }> };
type Me = { plugins: string[]; groups: string[] };

describe(`admin: plugins and their pilot rollout (${databaseName})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let admin: TestSession;
  let gold: TestSession;
  let other: TestSession;

  before(async () => {
    t = await startTestPortal({
      plugins: [hello, fixture('price-list')],
      demo: true,
      // A long session cache: GET /me must show a rollout change although the session is cached.
      config: { auth: { session: { actorCacheMs: 60_000 } } },
    });
    admin = await t.login('admin@nordicsupply.example');
    // Bergström is in "gold-customers" and "nordics"; Lindqvist only in "nordics".
    gold = await t.login('user@bergstrombygg.example');
    other = await t.login('user@lindqvist.example');
  });
  after(async () => {
    await t?.stop();
  });

  const rollout = (s: TestSession, id: string, body: unknown) =>
    s.put<Plugin & Problem>(`/api/v1/plugins/${id}/rollout`, body);

  it('lists the plugins with version, state, health, permissions and rollout, in the reader’s language', async () => {
    // The demo's provider admin reads Swedish.
    const r = await admin.get<{ items: Plugin[] }>('/api/v1/plugins');
    expect(r.status).to.equal(200);
    expect(r.body.items.map((p) => p.id)).to.deep.equal(['hello', 'price-list']);
    const list = r.body.items.find((p) => p.id === 'price-list')!;
    expect(list).to.include({
      package: '@portico-fixtures/price-list',
      version: '2.3.1',
      displayName: 'Prislista',
      description: 'Priser per kund.',
      state: 'started',
      error: null,
      hasSettings: true,
    });
    expect(list.health).to.deep.equal({ status: 'ok', failedEvents: 0, retryingEvents: 0, lastError: null });
    expect(list.permissions).to.deep.equal([
      {
        key: 'price-list.price.read',
        description: 'Se priser',
        providerOnly: false,
        grantTo: ['customer-user', 'customer-admin'],
      },
    ]);
    expect(list.rollout).to.deep.equal({ everyone: true, groups: [], unknownGroups: [], updatedAt: null });
    const support = await t.login('support@nordicsupply.example');
    const english = await support.get<Plugin>('/api/v1/plugins/hello');
    expect(english.body.displayName).to.equal('Hello');
    // The app asks in the language it shows.
    const asked = await admin.get<{ items: Plugin[] }>('/api/v1/plugins?lang=en');
    expect(asked.body.items.map((p) => p.displayName)).to.deep.equal(['Hello', 'Price list']);
    expect((await support.get('/api/v1/plugins/nope')).status).to.equal(404);
  });

  it('reports a plugin whose event deliveries fail as degraded, with the last error', async () => {
    const qi = t.portal.db.sequelize.getQueryInterface();
    // Far ahead by default: the dispatcher must not pick these up during the test.
    const row = (
      status: string,
      attempts: number,
      error: string | null,
      at = new Date('2100-01-01T00:00:00Z'),
    ) => ({
      event_id: crypto.randomUUID(),
      subscriber: 'price-list:core.plugin-settings.changed',
      status,
      attempts,
      next_attempt_at: at,
      last_error: error,
    });
    await qi.bulkInsert('portico_event_deliveries', [
      row('dead', 10, 'ERP answered 503\n    at sync (erp.js:10:5)'),
      row('pending', 2, 'ERP timed out\n    at sync (erp.js:12:5)'),
      row('pending', 0, null),
      // A failure of last month, dealt with since, counts no more.
      row('dead', 10, 'ERP was down', new Date(Date.now() - 30 * 24 * 3_600_000)),
    ]);
    try {
      const r = await admin.get<Plugin>('/api/v1/plugins/price-list');
      expect(r.body.health).to.deep.equal({
        status: 'degraded',
        failedEvents: 1,
        retryingEvents: 1,
        lastError: 'ERP timed out',
      });
      expect((await admin.get<Plugin>('/api/v1/plugins/hello')).body.health.status).to.equal('ok');
    } finally {
      await qi.bulkDelete('portico_event_deliveries', {
        subscriber: 'price-list:core.plugin-settings.changed',
      });
    }
  });

  it('shows the plugins to the supplier’s staff only, and lets only core.plugin.manage change a rollout', async () => {
    const customer = await t.login('admin@bergstrombygg.example');
    expect((await customer.get('/api/v1/plugins')).status).to.equal(403);
    expect((await rollout(customer, 'hello', { everyone: true })).status).to.equal(403);
    const editor = await t.login('editor@nordicsupply.example');
    expect((await editor.get('/api/v1/plugins')).status).to.equal(200);
    expect((await rollout(editor, 'hello', { groups: ['nordics'] })).status).to.equal(403);
    expect((await t.anonymous().get('/api/v1/plugins')).status).to.equal(401);
  });

  it('limits a plugin to an access group: others get 404 from its routes, and it leaves their /me', async () => {
    // Cached answers first, so the change must reach them.
    expect((await other.get<Me>('/api/v1/me')).body.plugins).to.deep.equal(['hello', 'price-list']);
    expect((await other.get('/api/v1/price-list/prices')).status).to.equal(200);

    const r = await rollout(admin, 'price-list', { groups: ['gold-customers'] });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.rollout).to.include({ everyone: false });
    expect(r.body.rollout.groups).to.deep.equal(['gold-customers']);
    expect(r.body.rollout.updatedAt).to.be.a('string');

    const refused = await other.get<Problem>('/api/v1/price-list/prices');
    expect(refused.status).to.equal(404);
    // Exactly what a path that does not exist answers.
    const missing = await other.get<Problem>('/api/v1/price-list/nothing-here');
    expect(refused.body.detail).to.equal(missing.body.detail.replace('/nothing-here', '/prices'));
    expect((await other.get('/api/v1/price-list/settings-echo')).status).to.equal(404);
    expect((await other.get<Me>('/api/v1/me')).body.plugins).to.deep.equal(['hello']);

    expect((await gold.get('/api/v1/price-list/prices')).status).to.equal(200);
    expect((await gold.get<Me>('/api/v1/me')).body.plugins).to.deep.equal(['hello', 'price-list']);
    // The supplier's staff always may, to prepare the rollout; anonymous callers learn to log in.
    const support = await t.login('support@nordicsupply.example');
    expect((await support.get('/api/v1/price-list/settings-echo')).status).to.equal(200);
    expect((await support.get<Me>('/api/v1/me')).body.plugins).to.include('price-list');
    expect((await t.anonymous().get('/api/v1/price-list/settings-echo')).status).to.equal(401);
    // Other plugins are untouched.
    expect((await other.get('/api/v1/hello/greetings')).status).to.equal(200);
  });

  it('answers 404 to everyone outside the groups on a public route of a limited plugin', async () => {
    expect((await t.anonymous().get('/api/v1/hello')).status).to.equal(200);
    expect((await rollout(admin, 'hello', { groups: [] })).status).to.equal(200);
    expect((await t.anonymous().get('/api/v1/hello')).status).to.equal(404);
    expect((await gold.get('/api/v1/hello')).status).to.equal(404);
    expect((await gold.get<Me>('/api/v1/me')).body.plugins).to.deep.equal(['price-list']);
    expect((await admin.get('/api/v1/hello')).status).to.equal(200);
    expect((await rollout(admin, 'hello', { everyone: true })).status).to.equal(200);
    expect((await t.anonymous().get('/api/v1/hello')).status).to.equal(200);
  });

  it('lets in a customer whose organisation joins one of the groups, at once', async () => {
    const lindqvist = await admin.get<{ items: Array<{ id: string; name: string }> }>(
      '/api/v1/organizations?q=Lindqvist',
    );
    const id = lindqvist.body.items[0]!.id;
    const add = await admin.post('/api/v1/groups/gold-customers/members', { type: 'organization', id });
    expect(add.status, JSON.stringify(add.body)).to.be.within(200, 299);
    expect((await other.get('/api/v1/price-list/prices')).status).to.equal(200);
    expect((await other.get<Me>('/api/v1/me')).body.plugins).to.include('price-list');
    await admin.delete(`/api/v1/groups/gold-customers/members/organization/${id}`);
    expect((await other.get('/api/v1/price-list/prices')).status).to.equal(404);
  });

  it('refuses a rollout to a group that does not exist, or to everyone and groups at once', async () => {
    const unknown = await rollout(admin, 'price-list', { groups: ['nordics', 'platinum'] });
    expect(unknown.status).to.equal(422);
    expect(unknown.body.errors).to.deep.equal([
      { in: 'body', path: '/groups/1', message: 'is not an access group' },
    ]);
    expect(unknown.body.detail).to.include('"platinum"').and.include('gold-customers, nordics');
    expect((await rollout(admin, 'price-list', { everyone: true, groups: ['nordics'] })).status).to.equal(
      422,
    );
    const neither = await rollout(admin, 'price-list', { everyone: false });
    expect(neither.status).to.equal(422);
    expect(neither.body.errors![0]!.path).to.equal('/groups');
    expect((await rollout(admin, 'price-list', {})).status).to.equal(422);
    expect((await rollout(admin, 'nope', { everyone: true })).status).to.equal(404);
    // Nothing changed.
    const now = await admin.get<Plugin>('/api/v1/plugins/price-list');
    expect(now.body.rollout.groups).to.deep.equal(['gold-customers']);
  });

  it('records each rollout change in the audit log', async () => {
    const audit = await admin.get<{ items: Array<{ target: { id: string }; details: unknown }> }>(
      '/api/v1/audit?type=plugin.rollout-changed',
    );
    expect(audit.body.items.map((e) => e.target.id)).to.include.members(['price-list', 'hello']);
    expect(audit.body.items.find((e) => e.target.id === 'price-list')!.details).to.deep.equal({
      everyone: false,
      groups: ['gold-customers'],
    });
  });

  it('keeps the rollout in the database: another instance starts with it and follows changes', async () => {
    const second = await startTestPortal({
      plugins: [hello, fixture('price-list')],
      // The first portal's data directory and database; the second cleans up only its own.
      config: t.sameData,
    });
    try {
      const s = await second.login('user@lindqvist.example');
      expect((await s.get('/api/v1/price-list/prices')).status).to.equal(404);
      // A change through the first instance reaches the second within its refresh interval.
      expect((await rollout(admin, 'price-list', { groups: ['nordics'] })).status).to.equal(200);
      await waitFor(
        async () => (await s.get('/api/v1/price-list/prices')).status === 200,
        'the second instance to follow the rollout',
        15_000,
        200,
      );
    } finally {
      await second.stop();
    }
  });

  it('rolls out to everyone again', async () => {
    expect((await rollout(admin, 'price-list', { everyone: true })).status).to.equal(200);
    expect((await other.get('/api/v1/price-list/prices')).status).to.equal(200);
    expect((await other.get<Me>('/api/v1/me')).body.plugins).to.deep.equal(['hello', 'price-list']);
  });
});
