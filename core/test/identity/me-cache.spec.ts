import { expect } from 'chai';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { databaseName } from '../support.js';

interface Me {
  user: { name: string };
  organization: { name: string };
}

describe(`identity: GET /me from the session cache (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let queries = 0;

  before(async () => {
    // A long cache time, so that only the rules under test refresh it.
    t = await startTestPortal({ demo: true, config: { auth: { session: { actorCacheMs: 60_000 } } } });
    // Count the queries a GET /me could make. The event dispatcher, the mail outbox and the
    // plugins' schedulers poll on their own clocks and may hit the database mid-request.
    const identity =
      /portico_(users|sessions|organizations|user_roles|roles|groups|group_members|group_roles|plugin_rollouts)\b/;
    t.portal.db.sequelize.addHook('afterQuery', (_options, query) => {
      // Sequelize's Query keeps the statement it ran in `sql`; its typings leave it out.
      const sql = (query as unknown as { sql?: unknown }).sql;
      if (typeof sql === 'string' && identity.test(sql)) queries++;
    });
  });
  after(() => t?.stop());

  const rename = (email: string, name: string) =>
    t.portal.db.sequelize.query('UPDATE portico_users SET name = ? WHERE email = ?', {
      replacements: [name, email],
    });

  it('answers a repeated GET /me without a database query', async () => {
    const s = await t.login('user@lindqvist.example');
    expect((await s.get('/api/v1/me')).status).to.equal(200);
    queries = 0;
    const again = await s.get<Me>('/api/v1/me');
    expect(again.status).to.equal(200);
    expect(again.body.user.name).to.equal('Oskar Berg');
    expect(queries).to.equal(0);
  });

  it('answers the cached GET /me with the same bytes and ETag, and 304 to If-None-Match', async () => {
    const s = await t.login('admin@bergstrombygg.example');
    const first = await s.get<Me>('/api/v1/me');
    const second = await s.get<Me>('/api/v1/me');
    expect(second.body).to.deep.equal(first.body);
    const etag = first.headers.get('etag')!;
    expect(second.headers.get('etag')).to.equal(etag);
    expect(second.headers.get('content-length')).to.equal(first.headers.get('content-length'));
    const notModified = await s.get('/api/v1/me', { 'if-none-match': etag });
    expect(notModified.status).to.equal(304);
    // Another user's answer is their own, never a cached one of someone else.
    const colleague = await t.login('user@bergstrombygg.example');
    expect((await colleague.get<Me>('/api/v1/me')).body.user.name).to.equal('Johan Ek');
  });

  it('reads the profile afresh after the session sent a writing request', async () => {
    const s = await t.login('admin@lindqvist.example');
    expect((await s.get<Me>('/api/v1/me')).body.user.name).to.equal('Maria Lindqvist');
    await rename('admin@lindqvist.example', 'Maria Lindqvist-Ek');
    // Any writing request may change the user's rows (here a refused password change).
    const refused = await s.post('/api/v1/me/password', { currentPassword: 'wrong', newPassword: 'x' });
    expect(refused.status).to.equal(422);
    expect((await s.get<Me>('/api/v1/me')).body.user.name).to.equal('Maria Lindqvist-Ek');
  });

  it('shows a change of the profile through PATCH /me at once', async () => {
    const s = await t.login('user@bergstrombygg.example');
    await s.get('/api/v1/me');
    expect((await s.patch('/api/v1/me', { name: 'Johan Ek-Berg' })).status).to.equal(200);
    expect((await s.get<Me>('/api/v1/me')).body.user.name).to.equal('Johan Ek-Berg');
  });
});
