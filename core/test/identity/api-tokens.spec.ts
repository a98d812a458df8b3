import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestPortal, TestSession, type TestPortal } from '@portico/core/testing';
import { fixture } from '../support.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

interface Problem {
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}
interface CreatedToken {
  id: string;
  organizationId: string;
  name: string;
  token: string;
  permissions: string[];
  expiresAt: string;
  status: string;
}
interface TokenPage {
  items: Array<Record<string, unknown> & { id: string; organizationId: string; status: string }>;
  nextCursor: string | null;
}

describe('identity: API tokens for integrations', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let bergstrom: string;
  let lindqvist: string;

  before(async () => {
    // reports: a customer permission no built-in role holds (customer admins hold hello's).
    t = await startTestPortal({ demo: true, plugins: [hello, fixture('reports')] });
    const orgs = await select<{ id: string; name: string }>('SELECT id, name FROM portico_organizations', []);
    bergstrom = orgs.find((o) => o.name === 'Bergström Bygg AB')!.id;
    lindqvist = orgs.find((o) => o.name === 'Lindqvist Industri AB')!.id;
  });
  after(() => t?.stop());

  function select<T extends object>(sql: string, replacements: unknown[]): Promise<T[]> {
    return t.portal.identity.service().db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  }
  /** A client that sends only the token: no cookie, no CSRF header. */
  const bearer = (token: string) => new TestSession(t.url, { authorization: `Bearer ${token}` });
  const count = async (table: string) =>
    Number((await select<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, []))[0]!.n);

  async function create(s: TestSession, body: Record<string, unknown>): Promise<CreatedToken> {
    const r = await s.post<CreatedToken>('/api/v1/tokens', { name: 'ERP sync', expiresInDays: 30, ...body });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  }

  it('creates a token, shown once, that calls the API with its permissions only and no CSRF header', async () => {
    const admin = await t.login('admin@nordicsupply.example');
    const created = await create(admin, {
      name: 'Webshop',
      permissions: ['hello.greeting.create'],
      organizationId: bergstrom,
    });
    expect(created.token).to.match(/^ptk_[0-9a-f-]{36}_[A-Za-z0-9_-]{20,100}$/);
    expect(created.token).to.include(created.id);
    expect(created).to.include({ name: 'Webshop', organizationId: bergstrom, status: 'active' });
    expect(created.permissions).to.deep.equal(['hello.greeting.create']);
    const days = (new Date(created.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(days).to.be.within(29.9, 30);

    const api = bearer(created.token);
    const written = await api.post<{ id: number }>('/api/v1/hello/greetings', {
      message: 'Hello from the webshop',
      authorName: 'Webshop',
      language: 'en',
    });
    expect(written.status).to.equal(201);
    // Its creator may delete greetings; the token may not.
    const deleted = await api.delete<Problem>(`/api/v1/hello/greetings/${written.body.id}`);
    expect(deleted.status).to.equal(403);
    expect(deleted.body.detail).to.include('hello.greeting.delete');
    // A token has no profile.
    expect((await api.get('/api/v1/me')).status).to.equal(400);

    // Stored as a digest of its secret; lists never show it.
    const secret = created.token.slice(`ptk_${created.id}_`.length);
    const [row] = await select<{ secret_hash: string }>(
      'SELECT secret_hash FROM portico_api_tokens WHERE id = ?',
      [created.id],
    );
    expect(row!.secret_hash).to.equal(createHash('sha256').update(secret).digest('hex'));
    const list = await admin.get<TokenPage>(`/api/v1/tokens?organizationId=${bergstrom}`);
    const listed = list.body.items.find((i) => i.id === created.id)!;
    expect(listed).to.include({ name: 'Webshop', status: 'active' });
    expect(listed.lastUsedAt).to.be.a('string');
    expect(JSON.stringify(list.body)).to.not.include(secret);
    const [audit] = await select<{ n: number }>(
      "SELECT COUNT(*) AS n FROM portico_audit_log WHERE type = 'token.created' AND target_id = ?",
      [created.id],
    );
    expect(Number(audit!.n)).to.equal(1);
  });

  it('lets a customer admin create, list and revoke tokens of their own organisation, with a token too', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const manager = await create(admin, { name: 'Token manager', permissions: ['core.token.manage'] });
    expect(manager.organizationId).to.equal(bergstrom);
    const victim = await create(admin, { name: 'Old integration', permissions: ['core.user.read'] });
    expect((await bearer(victim.token).get('/api/v1/tokens')).status).to.equal(403);

    const api = bearer(manager.token);
    const list = await api.get<TokenPage>('/api/v1/tokens');
    expect(list.status).to.equal(200);
    expect(list.body.items.map((i) => i.id)).to.include.members([manager.id, victim.id]);
    expect(list.body.items.every((i) => i.organizationId === bergstrom)).to.equal(true);
    // Writing with a token needs no CSRF token: the revocation goes through.
    expect((await api.delete(`/api/v1/tokens/${victim.id}`)).status).to.equal(204);
    // A token cannot make tokens (it would outlive its own expiry).
    const made = await api.post<Problem>('/api/v1/tokens', {
      name: 'Child',
      permissions: ['core.token.manage'],
      expiresInDays: 1,
    });
    expect(made.status).to.equal(403);
  });

  it('refuses an expired and a revoked token with 401 and says why', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const expired = await create(admin, { permissions: ['core.token.manage'] });
    await t.portal.identity
      .service()
      .db.sequelize.query('UPDATE portico_api_tokens SET expires_at = ? WHERE id = ?', {
        replacements: [new Date(Date.now() - 1000), expired.id],
      });
    const r = await bearer(expired.token).get<Problem>('/api/v1/tokens');
    expect(r.status).to.equal(401);
    expect(r.body.detail).to.match(/^The API token expired on \d{4}-/);
    const listed = await admin.get<TokenPage>('/api/v1/tokens');
    expect(listed.body.items.find((i) => i.id === expired.id)!.status).to.equal('expired');

    const revoked = await create(admin, { permissions: ['core.token.manage'] });
    const api = bearer(revoked.token);
    // Used once, so this instance holds it in its actor cache: the revocation must still bite at once.
    expect((await api.get('/api/v1/tokens')).status).to.equal(200);
    expect((await admin.delete(`/api/v1/tokens/${revoked.id}`)).status).to.equal(204);
    const after = await api.get<Problem>('/api/v1/tokens');
    expect(after.status).to.equal(401);
    expect(after.body.detail).to.match(/^The API token was revoked/);
    // Revoking again changes nothing and is audited once.
    expect((await admin.delete(`/api/v1/tokens/${revoked.id}`)).status).to.equal(204);
    const [audit] = await select<{ n: number }>(
      "SELECT COUNT(*) AS n FROM portico_audit_log WHERE type = 'token.revoked' AND target_id = ?",
      [revoked.id],
    );
    expect(Number(audit!.n)).to.equal(1);
  });

  it('refuses a forged or malformed token with 401', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const real = await create(admin, { permissions: ['core.token.manage'] });
    const forged = `ptk_${real.id}_${'A'.repeat(43)}`;
    const unknown = await bearer(forged).get<Problem>('/api/v1/tokens');
    expect(unknown.body.detail).to.equal('The API token is unknown, expired or revoked.');
    for (const token of [
      forged,
      'ptk_nonsense',
      `ptk_${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}_${'x'.repeat(43)}`,
      'x',
    ])
      expect((await bearer(token).get('/api/v1/tokens')).status, token).to.equal(401);
    // Nor does a token of the right shape pass as a session cookie.
    const cookie = await fetch(`${t.url}/api/v1/tokens`, {
      headers: { cookie: `portico_session=${real.token}` },
    });
    expect(cookie.status).to.equal(401);
  });

  it('refuses permissions the creator does not hold with 403, and unknown or supplier-only ones with 422, creating nothing', async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const before = await count('portico_api_tokens');
    const held = await admin.post<Problem>('/api/v1/tokens', {
      name: 'Escalation',
      permissions: ['core.user.read', 'reports.report.export'],
      expiresInDays: 30,
    });
    expect(held.status).to.equal(403);
    expect(held.body.errors!.map((e) => e.path)).to.deep.equal(['/permissions/1']);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ permissions: ['core.audit.read'] }, '/permissions/0'],
      [{ permissions: ['no.such.permission'] }, '/permissions/0'],
      [{ permissions: ['*'] }, '/permissions/0'],
      [{ permissions: [] }, '/permissions'],
      [{ permissions: ['core.user.read'], expiresInDays: 0 }, '/expiresInDays'],
      [{ permissions: ['core.user.read'], expiresInDays: 366 }, '/expiresInDays'],
      [{ permissions: ['core.user.read'], expiresInDays: 1.5 }, '/expiresInDays'],
      [{ permissions: ['core.user.read'], name: ' ' }, '/name'],
      [{ permissions: ['core.user.read'], organizationId: 'nope' }, '/organizationId'],
      [{ permissions: ['core.user.read'], secret: 'mine' }, '/secret'],
    ];
    for (const [body, path] of cases) {
      const r = await admin.post<Problem>('/api/v1/tokens', { name: 'Bad', expiresInDays: 30, ...body });
      expect(r.status, JSON.stringify(body)).to.equal(422);
      expect(
        r.body.errors!.map((e) => e.path),
        JSON.stringify(body),
      ).to.include(path);
    }
    // Another organisation's token is out of reach, as if it did not exist.
    const foreign = await admin.post('/api/v1/tokens', {
      name: 'Foreign',
      permissions: ['core.user.read'],
      expiresInDays: 30,
      organizationId: lindqvist,
    });
    expect(foreign.status).to.equal(404);
    // The supplier's staff cannot give a customer's token a supplier-only permission either.
    const provider = await t.login('admin@nordicsupply.example');
    const providerOnly = await provider.post<Problem>('/api/v1/tokens', {
      name: 'Audit reader',
      permissions: ['core.audit.read'],
      expiresInDays: 30,
      organizationId: lindqvist,
    });
    expect(providerOnly.status).to.equal(422);
    // People without the permission cannot make tokens at all.
    const user = await t.login('user@bergstrombygg.example');
    expect(
      (await user.post('/api/v1/tokens', { name: 'x', permissions: ['core.user.read'], expiresInDays: 1 }))
        .status,
    ).to.equal(403);
    expect(await count('portico_api_tokens')).to.equal(before);
  });

  it("keeps each organisation's tokens to itself; the supplier's staff see all, or one organisation's", async () => {
    const provider = await t.login('admin@nordicsupply.example');
    const theirs = await create(provider, {
      name: 'Lindqvist ERP',
      permissions: ['core.user.read'],
      organizationId: lindqvist,
    });
    const bergstromAdmin = await t.login('admin@bergstrombygg.example');
    const own = await bergstromAdmin.get<TokenPage>('/api/v1/tokens');
    expect(own.body.items.map((i) => i.id)).to.not.include(theirs.id);
    expect((await bergstromAdmin.get(`/api/v1/tokens?organizationId=${lindqvist}`)).status).to.equal(404);
    expect((await bergstromAdmin.delete(`/api/v1/tokens/${theirs.id}`)).status).to.equal(404);
    expect((await bearer(theirs.token).get('/api/v1/tokens')).status).to.equal(403);
    const [row] = await select<{ revoked_at: unknown }>(
      'SELECT revoked_at FROM portico_api_tokens WHERE id = ?',
      [theirs.id],
    );
    expect(row!.revoked_at).to.equal(null);

    const all = await provider.get<TokenPage>('/api/v1/tokens');
    const orgs = new Set(all.body.items.map((i) => i.organizationId));
    expect(orgs.has(lindqvist) && orgs.has(bergstrom)).to.equal(true);
    const one = await provider.get<TokenPage>(`/api/v1/tokens?organizationId=${lindqvist}`);
    expect(one.body.items.map((i) => i.id)).to.include(theirs.id);
    expect(one.body.items.every((i) => i.organizationId === lindqvist)).to.equal(true);
    const lindqvistAdmin = await t.login('admin@lindqvist.example');
    expect((await lindqvistAdmin.delete(`/api/v1/tokens/${theirs.id}`)).status).to.equal(204);
    expect((await bergstromAdmin.delete(`/api/v1/tokens/${crypto.randomUUID()}`)).status).to.equal(404);
  });

  it('pages through the tokens, newest first, with a cursor', async () => {
    const admin = await t.login('admin@lindqvist.example');
    for (let i = 0; i < 3; i++) await create(admin, { name: `Paged ${i}`, permissions: ['core.user.read'] });
    const seen: Array<{ id: string; name: string; createdAt: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: TokenPage } = await admin.get<TokenPage>(
        `/api/v1/tokens?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.status).to.equal(200);
      expect(page.body.items.length).to.be.at.most(2);
      seen.push(...(page.body.items as unknown as typeof seen));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.map((i) => i.name).filter((n) => n.startsWith('Paged'))).to.have.members([
      'Paged 0',
      'Paged 1',
      'Paged 2',
    ]);
    expect(new Set(seen.map((i) => i.id)).size).to.equal(seen.length);
    const times = seen.map((i) => i.createdAt);
    expect(times).to.deep.equal([...times].sort().reverse());
    const bad = await admin.get<Problem>('/api/v1/tokens?cursor=garbage');
    expect(bad.status).to.equal(400);
    expect((await admin.get('/api/v1/tokens?limit=0')).status).to.equal(400);
  });
});
