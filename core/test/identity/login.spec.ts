import { expect } from 'chai';
import { demoPassword, startTestPortal, type TestPortal } from '@portico/core/testing';

describe('identity: login, sessions and the current user', function () {
  this.timeout(60_000);
  let t: TestPortal;

  before(async () => {
    t = await startTestPortal({
      demo: true,
      config: { auth: { lockout: { accountAttempts: 3, ipAttempts: 1000 } } },
    });
  });
  after(() => t?.stop());

  it('logs a customer user in and shows their profile, organisation, roles and groups', async () => {
    const s = await t.login('user@bergstrombygg.example');
    const me = await s.get<{
      user: { email: string; name: string };
      organization: { name: string; kind: string };
      roles: string[];
      groups: string[];
      permissions: string[];
    }>('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user.email).to.equal('user@bergstrombygg.example');
    expect(me.body.organization).to.include({ name: 'Bergström Bygg AB', kind: 'customer' });
    expect(me.body.roles).to.deep.equal(['customer-user']);
    expect(me.body.groups).to.deep.equal(['gold-customers', 'nordics']);
    expect(me.body.permissions).to.not.include('core.user.manage');
  });

  it('sets an HttpOnly SameSite cookie and never shows the password hash', async () => {
    const s = t.anonymous();
    const r = await s.post<Record<string, unknown>>('/api/v1/auth/login', {
      email: 'admin@lindqvist.example',
      password: demoPassword,
    });
    expect(r.status).to.equal(200);
    const cookie = r.headers.getSetCookie()[0]!;
    expect(cookie).to.match(/^portico_session=[A-Za-z0-9_-]{40,};/);
    expect(cookie).to.include('HttpOnly').and.include('SameSite=Lax');
    expect(JSON.stringify(r.body)).to.not.match(/hash|scrypt/);
  });

  it('answers 401 to a wrong password and to an unknown address alike', async () => {
    const s = t.anonymous();
    const wrong = await s.post<{ detail: string }>('/api/v1/auth/login', {
      email: 'admin@bergstrombygg.example',
      password: 'not the password',
    });
    const unknown = await s.post<{ detail: string }>('/api/v1/auth/login', {
      email: 'nobody@nowhere.example',
      password: 'not the password',
    });
    expect(wrong.status).to.equal(401);
    expect(unknown.status).to.equal(401);
    expect(wrong.body.detail).to.equal(unknown.body.detail);
  });

  it('refuses a writing request of a cookie session without the CSRF token', async () => {
    const s = await t.login('user@lindqvist.example');
    const without = await s.patch('/api/v1/me', { phone: '+46 70 123 45 67' }, { 'x-csrf-token': 'forged' });
    expect(without.status).to.equal(403);
    const me = await s.get<{ user: { phone: string | null } }>('/api/v1/me');
    expect(me.body.user.phone).to.equal(null);
    const withToken = await s.patch<{ user: { phone: string } }>('/api/v1/me', { phone: '+46 70 123 45 67' });
    expect(withToken.status).to.equal(200);
    expect(withToken.body.user.phone).to.equal('+46 70 123 45 67');
  });

  it('rotates the session id at login and ends the old session', async () => {
    const s = await t.login('user@bergstrombygg.example');
    const first = s.cookie;
    await s.login('user@bergstrombygg.example', demoPassword);
    expect(s.cookie).to.not.equal(first);
    const old = await fetch(`${t.url}/api/v1/me`, { headers: { cookie: first! } });
    expect(old.status).to.equal(401);
  });

  it('logs out, and logs out everywhere', async () => {
    const a = await t.login('admin@bergstrombygg.example');
    const b = await t.login('admin@bergstrombygg.example');
    expect((await a.post('/api/v1/auth/logout')).status).to.equal(204);
    expect((await a.get('/api/v1/me')).status).to.equal(401);
    const c = await t.login('admin@bergstrombygg.example');
    const r = await c.post<{ ended: number }>('/api/v1/auth/logout-everywhere');
    expect(r.body.ended).to.be.at.least(2);
    expect((await b.get('/api/v1/me')).status).to.equal(401);
    expect((await c.get('/api/v1/me')).status).to.equal(401);
  });

  it('locks an account after repeated failures, with Retry-After, even for the right password', async () => {
    const s = t.anonymous();
    for (let i = 0; i < 3; i++) {
      const r = await s.post('/api/v1/auth/login', {
        email: 'user@lindqvist.example',
        password: `wrong-${i}`,
      });
      expect(r.status).to.equal(401);
    }
    const locked = await s.post<{ detail: string }>('/api/v1/auth/login', {
      email: 'user@lindqvist.example',
      password: demoPassword,
    });
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
    // Unknown addresses lock the same way, so the answer tells nothing about who has an account.
    for (let i = 0; i < 3; i++)
      await s.post('/api/v1/auth/login', { email: 'ghost@x.example', password: 'wrong' });
    expect(
      (await s.post('/api/v1/auth/login', { email: 'ghost@x.example', password: 'wrong' })).status,
    ).to.equal(429);
  });

  it('refuses bad input with field paths and changes nothing', async () => {
    const s = await t.login('user@bergstrombygg.example');
    const r = await s.patch<{ errors: Array<{ path: string }> }>('/api/v1/me', {
      language: 'klingon',
      contactMethod: 'pigeon',
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors.map((e) => e.path)).to.include.members(['/language', '/contactMethod']);
    const tz = await s.patch('/api/v1/me', { timeZone: 'Mars/Olympus' });
    expect(tz.status).to.equal(422);
    const me = await s.get<{ user: { timeZone: string; language: string } }>('/api/v1/me');
    expect(me.body.user).to.include({ timeZone: 'Europe/Stockholm', language: 'sv' });
  });

  it('changes the password under the policy and ends other sessions', async () => {
    const s = await t.login('admin@lindqvist.example');
    const other = await t.login('admin@lindqvist.example');
    const weak = await s.post<{ errors: Array<{ keyword: string }> }>('/api/v1/me/password', {
      currentPassword: demoPassword,
      newPassword: 'password1234',
    });
    expect(weak.status).to.equal(422);
    expect(weak.body.errors.map((e) => e.keyword)).to.include('common');
    const same = await s.post('/api/v1/me/password', {
      currentPassword: demoPassword,
      newPassword: demoPassword,
    });
    expect(same.status).to.equal(422);
    const ok = await s.post('/api/v1/me/password', {
      currentPassword: demoPassword,
      newPassword: 'a new long passphrase 42',
    });
    expect(ok.status).to.equal(204);
    expect((await s.get('/api/v1/me')).status).to.equal(200);
    expect((await other.get('/api/v1/me')).status).to.equal(401);
    await t.login('admin@lindqvist.example', 'a new long passphrase 42');
  });
});
