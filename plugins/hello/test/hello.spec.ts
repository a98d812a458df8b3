import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { gdprProviderPoint } from '@portico/core';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import type { Greeting } from '@portico/plugin-hello';

const hello = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe(`hello plugin (${db})`, () => {
  let t: TestPortal;
  // The test harness's stand-in for a login: a customer admin of the organisation "org-a".
  const writer = () => ({
    'content-type': 'application/json',
    ...t.actAs({
      userId: 'user-7',
      organizationId: 'org-a',
      organizationKind: 'customer',
      permissions: ['hello.greeting.create', 'hello.greeting.delete'],
    }),
  });
  const post = (body: unknown) =>
    fetch(`${t.url}/api/v1/hello/greetings`, {
      method: 'POST',
      headers: writer(),
      body: JSON.stringify(body),
    });
  /** GET as someone of org-a (or as `headers`). */
  const get = (path: string, headers: Record<string, string> = writer()) =>
    fetch(`${t.url}/api/v1/hello${path}`, { headers });

  before(async () => {
    t = await startTestPortal({ plugins: [{ package: hello, settings: { salutation: 'Hej' } }] });
  });
  after(() => t.stop());

  it('greets with the salutation from its settings', async () => {
    expect(await json(await fetch(`${t.url}/api/v1/hello`))).to.deep.equal({ message: 'Hej from Portico!' });
  });

  it('stores a greeting, and its own event subscriber welcomes it after commit', async () => {
    const res = await post({ message: 'God morgon!', authorName: 'Anna', language: 'sv' });
    expect(res.status).to.equal(201);
    const created = await json<Greeting>(res);
    expect(created).to.include({
      message: 'God morgon!',
      authorName: 'Anna',
      language: 'sv',
      welcomed: false,
    });
    const deadline = Date.now() + 10_000;
    let current = created;
    while (!current.welcomed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25)); // poll, bounded by the deadline
      current = await json<Greeting>(await get(`/greetings/${created.id}`));
    }
    expect(current.welcomed).to.equal(true);
  });

  it('lists greetings newest first, a page at a time', async () => {
    for (const n of [1, 2, 3, 4])
      expect((await post({ message: `Greeting ${n}`, authorName: 'Bo' })).status).to.equal(201);
    const first = await json<{ items: Greeting[]; nextCursor: string }>(await get('/greetings?limit=2'));
    expect(first.items.map((g) => g.message)).to.deep.equal(['Greeting 4', 'Greeting 3']);
    const second = await json<{ items: Greeting[]; nextCursor: string | null }>(
      await get(`/greetings?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.items.map((g) => g.message)).to.deep.equal(['Greeting 2', 'Greeting 1']);
    const third = await json<{ items: Greeting[]; nextCursor: string | null }>(
      await get(`/greetings?limit=2&cursor=${second.nextCursor}`),
    );
    expect(third.items.map((g) => g.message)).to.deep.equal(['God morgon!']);
    expect(third.nextCursor).to.equal(null);
  });

  it('answers a forged cursor with 400 naming the cursor', async () => {
    const res = await get('/greetings?cursor=bm9wZQ');
    expect(res.status).to.equal(400);
    expect((await json<{ errors: unknown[] }>(res)).errors).to.deep.equal([
      { in: 'query', path: '/cursor', message: 'is not a valid cursor' },
    ]);
  });

  it('refuses a greeting that is too long, in an unknown language, or empty, and stores nothing', async () => {
    const ids = async () =>
      (await json<{ items: Greeting[] }>(await get('/greetings?limit=100'))).items.map((g) => g.id);
    const before = await ids();
    const res = await post({ message: 'x'.repeat(501), authorName: '', language: 'de' });
    expect(res.status).to.equal(422);
    const paths = (await json<{ errors: Array<{ path: string }> }>(res)).errors.map((e) => e.path).sort();
    expect(paths).to.deep.equal(['/authorName', '/language', '/message']);
    expect(await ids()).to.deep.equal(before);
  });

  it('deletes a greeting for someone with the permission, then answers 404', async () => {
    const g = await json<Greeting>(await post({ message: 'Short-lived', authorName: 'Cai' }));
    const del = await fetch(`${t.url}/api/v1/hello/greetings/${g.id}`, {
      method: 'DELETE',
      headers: writer(),
    });
    expect(del.status).to.equal(204);
    expect((await get(`/greetings/${g.id}`)).status).to.equal(404);
    expect(
      (await fetch(`${t.url}/api/v1/hello/greetings/${g.id}`, { method: 'DELETE', headers: writer() }))
        .status,
    ).to.equal(404);
  });

  it('exports what it stores about a person and anonymises it on erasure (GDPR)', async () => {
    const [provider] = t.portal.container.getAll(gdprProviderPoint);
    const exported = (await provider!.exportUser('user-7')) as { greetings: Greeting[] };
    expect(exported.greetings.length).to.be.greaterThan(0);
    expect(exported.greetings.every((g) => g.authorName !== 'Former user')).to.equal(true);
    await provider!.eraseUser('user-7');
    expect(((await provider!.exportUser('user-7')) as { greetings: Greeting[] }).greetings).to.deep.equal([]);
    const list = await json<{ items: Greeting[] }>(await get('/greetings?limit=100'));
    expect(list.items.filter((g) => g.authorName === 'Former user').length).to.equal(
      exported.greetings.length,
    );
  });

  it("keeps each organisation's greetings to itself, answering another's like a missing one", async () => {
    const mine = await json<Greeting>(await post({ message: 'Only for org-a', authorName: 'Dan' }));
    expect(mine.organizationId).to.equal('org-a');
    const other = t.actAs({
      userId: 'user-9',
      organizationId: 'org-b',
      organizationKind: 'customer',
      permissions: ['hello.greeting.create', 'hello.greeting.delete'],
    });
    const list = await json<{ items: Greeting[] }>(await get('/greetings?limit=100', other));
    expect(list.items.map((g) => g.id)).to.not.include(mine.id);
    const read = await get(`/greetings/${mine.id}`, other);
    const missing = await get('/greetings/2147483647', other);
    expect(read.status).to.equal(404);
    expect(missing.status).to.equal(404);
    // The same problem apart from where and when it was asked.
    const { instance: _a, requestId: _r, ...readProblem } = await json<Record<string, unknown>>(read);
    const { instance: _b, requestId: _s, ...missingProblem } = await json<Record<string, unknown>>(missing);
    expect(readProblem, 'nothing tells an existing greeting from a missing one').to.deep.equal(
      missingProblem,
    );
    const del = await fetch(`${t.url}/api/v1/hello/greetings/${mine.id}`, {
      method: 'DELETE',
      headers: other,
    });
    expect(del.status).to.equal(404);
    expect((await get(`/greetings/${mine.id}`)).status, 'still there for its own organisation').to.equal(200);
  });

  it("shows every organisation's greetings to the supplier's moderators, and only their own to other staff", async () => {
    const mine = await json<Greeting>(await post({ message: 'Moderate me', authorName: 'Eva' }));
    const staff = (permissions: string[]) =>
      t.actAs({
        userId: 'staff-1',
        organizationId: 'org-provider',
        organizationKind: 'provider',
        permissions,
      });
    const moderator = staff(['hello.greeting.delete']);
    const writerOnly = staff(['hello.greeting.create']);
    const all = await json<{ items: Greeting[] }>(await get('/greetings?limit=100', moderator));
    expect(all.items.map((g) => g.id)).to.include(mine.id);
    const own = await json<{ items: Greeting[] }>(await get('/greetings?limit=100', writerOnly));
    expect(own.items.every((g) => g.organizationId === 'org-provider')).to.equal(true);
    expect((await get(`/greetings/${mine.id}`, writerOnly)).status).to.equal(404);
    const del = await fetch(`${t.url}/api/v1/hello/greetings/${mine.id}`, {
      method: 'DELETE',
      headers: moderator,
    });
    expect(del.status).to.equal(204);
  });

  it('refuses to write a greeting for an actor without an organisation, and stores nothing', async () => {
    const before = await json<{ items: Greeting[] }>(await get('/greetings?limit=100'));
    const res = await fetch(`${t.url}/api/v1/hello/greetings`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...t.actAs({ userId: 'nobody', permissions: ['hello.greeting.create'] }),
      },
      body: JSON.stringify({ message: 'From nowhere', authorName: 'Nobody' }),
    });
    expect(res.status).to.equal(403);
    expect((await json<{ detail: string }>(res)).detail).to.include('member of an organisation');
    expect(await json(await get('/greetings?limit=100'))).to.deep.equal(before);
  });

  it('asks for a login to read greetings', async () => {
    const res = await fetch(`${t.url}/api/v1/hello/greetings`);
    expect(res.status).to.equal(401);
  });

  describe('with the demo tenant and real logins', () => {
    let demo: TestPortal;
    const greetingsOf = async (s: TestSession) =>
      (await s.get<{ items: Greeting[] }>('/api/v1/hello/greetings?limit=100')).body.items;

    before(async () => {
      demo = await startTestPortal({ plugins: [hello], demo: true });
    });
    after(() => demo?.stop());

    it('seeds greetings for each demo organisation, once, however often the seed runs', async () => {
      await demo.portal.seedDemo();
      const provider = await demo.login('admin@nordicsupply.example');
      const all = await greetingsOf(provider);
      expect(all.map((g) => g.authorName).sort()).to.deep.equal([
        'Bergström Bygg AB',
        'Lindqvist Industri AB',
        'Nordic Supply AB',
        'Nordic Supply AB',
      ]);
      const bergstrom = await demo.login('user@bergstrombygg.example');
      expect((await greetingsOf(bergstrom)).map((g) => g.message)).to.deep.equal([
        'Hello from everyone at Bergström Bygg AB!',
      ]);
    });

    it('never shows Lindqvist a greeting written at Bergström', async () => {
      const writer = await demo.login('user@bergstrombygg.example');
      const created = await writer.post<Greeting>('/api/v1/hello/greetings', {
        message: 'Our order for week 12 is in',
        authorName: 'Johan Ek',
      });
      expect(created.status).to.equal(201);
      const intruder = await demo.login('admin@lindqvist.example');
      const seen = await greetingsOf(intruder);
      expect(seen.length).to.be.greaterThan(0);
      expect(seen.every((g) => g.organizationId === seen[0]!.organizationId)).to.equal(true);
      expect(JSON.stringify(seen)).to.not.include('week 12').and.not.include('Bergström');
      expect((await intruder.get(`/api/v1/hello/greetings/${created.body.id}`)).status).to.equal(404);
      expect((await intruder.delete(`/api/v1/hello/greetings/${created.body.id}`)).status).to.equal(404);
      const colleague = await demo.login('admin@bergstrombygg.example');
      expect((await greetingsOf(colleague)).map((g) => g.id)).to.include(created.body.id);
    });

    it('lets a customer admin delete greetings of their own organisation, and a customer user none', async () => {
      const user = await demo.login('user@bergstrombygg.example');
      const created = await user.post<Greeting>('/api/v1/hello/greetings', {
        message: 'Delete me later',
        authorName: 'Johan Ek',
      });
      expect((await user.delete(`/api/v1/hello/greetings/${created.body.id}`)).status).to.equal(403);
      const admin = await demo.login('admin@bergstrombygg.example');
      expect((await admin.delete(`/api/v1/hello/greetings/${created.body.id}`)).status).to.equal(204);
      expect((await admin.get(`/api/v1/hello/greetings/${created.body.id}`)).status).to.equal(404);
    });
  });

  it("keeps greetings written before organisations, for the supplier's moderators only", async () => {
    const m = t.portal.migrations;
    expect(await m.down({ owner: 'hello', steps: 1 })).to.equal(1);
    const now = new Date();
    await t.portal.db.sequelize.getQueryInterface().bulkInsert('hello_greetings', [
      {
        message: 'From before organisations',
        author_name: 'Old',
        language: 'en',
        created_at: now,
        updated_at: now,
      },
    ]);
    expect(await m.up()).to.equal(1);
    const moderator = t.actAs({
      userId: 'staff-1',
      organizationId: 'org-provider',
      organizationKind: 'provider',
      permissions: ['hello.greeting.delete'],
    });
    const all = await json<{ items: Greeting[] }>(await get('/greetings?limit=100', moderator));
    expect(all.items.find((g) => g.message === 'From before organisations')).to.include({
      organizationId: null,
    });
    const customer = await json<{ items: Greeting[] }>(await get('/greetings?limit=100'));
    expect(customer.items.map((g) => g.message)).to.not.include('From before organisations');
  });

  it('migrates down to nothing and up again', async () => {
    const m = t.portal.migrations;
    expect(await m.down({ owner: 'hello', steps: 5 })).to.equal(2);
    expect((await m.status()).filter((s) => s.owner === 'hello' && !s.executed)).to.have.length(2);
    expect(await m.up()).to.equal(2);
    expect(await json(await get('/greetings'))).to.deep.equal({ items: [], nextCursor: null });
  });
});
