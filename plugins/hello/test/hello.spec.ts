import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { gdprProviderPoint } from '@portico/core';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import type { Greeting } from '@portico/plugin-hello';

const hello = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

async function json<T>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

describe(`hello plugin (${db})`, () => {
  let t: TestPortal;
  const writer = () => ({
    'content-type': 'application/json',
    ...t.actAs({ userId: 'user-7', permissions: ['hello.greeting.create', 'hello.greeting.delete'] }),
  });
  const post = (body: unknown) =>
    fetch(`${t.url}/api/v1/hello/greetings`, {
      method: 'POST',
      headers: writer(),
      body: JSON.stringify(body),
    });

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
      current = await json<Greeting>(await fetch(`${t.url}/api/v1/hello/greetings/${created.id}`));
    }
    expect(current.welcomed).to.equal(true);
  });

  it('lists greetings newest first, a page at a time', async () => {
    for (const n of [1, 2, 3, 4])
      expect((await post({ message: `Greeting ${n}`, authorName: 'Bo' })).status).to.equal(201);
    const first = await json<{ items: Greeting[]; nextCursor: string }>(
      await fetch(`${t.url}/api/v1/hello/greetings?limit=2`),
    );
    expect(first.items.map((g) => g.message)).to.deep.equal(['Greeting 4', 'Greeting 3']);
    const second = await json<{ items: Greeting[]; nextCursor: string | null }>(
      await fetch(`${t.url}/api/v1/hello/greetings?limit=2&cursor=${first.nextCursor}`),
    );
    expect(second.items.map((g) => g.message)).to.deep.equal(['Greeting 2', 'Greeting 1']);
    const third = await json<{ items: Greeting[]; nextCursor: string | null }>(
      await fetch(`${t.url}/api/v1/hello/greetings?limit=2&cursor=${second.nextCursor}`),
    );
    expect(third.items.map((g) => g.message)).to.deep.equal(['God morgon!']);
    expect(third.nextCursor).to.equal(null);
  });

  it('answers a forged cursor with 400 naming the cursor', async () => {
    const res = await fetch(`${t.url}/api/v1/hello/greetings?cursor=bm9wZQ`);
    expect(res.status).to.equal(400);
    expect((await json<{ errors: unknown[] }>(res)).errors).to.deep.equal([
      { in: 'query', path: '/cursor', message: 'is not a valid cursor' },
    ]);
  });

  it('refuses a greeting that is too long, in an unknown language, or empty, and stores nothing', async () => {
    const ids = async () =>
      (await json<{ items: Greeting[] }>(await fetch(`${t.url}/api/v1/hello/greetings?limit=100`))).items.map(
        (g) => g.id,
      );
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
    expect((await fetch(`${t.url}/api/v1/hello/greetings/${g.id}`)).status).to.equal(404);
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
    const list = await json<{ items: Greeting[] }>(await fetch(`${t.url}/api/v1/hello/greetings?limit=100`));
    expect(list.items.filter((g) => g.authorName === 'Former user').length).to.equal(
      exported.greetings.length,
    );
  });

  it('seeds its demo greetings once, however often the seed runs', async () => {
    const fresh = await startTestPortal({ plugins: [hello] });
    try {
      await fresh.portal.seedDemo();
      await fresh.portal.seedDemo();
      const page = await json<{ items: Greeting[] }>(await fetch(`${fresh.url}/api/v1/hello/greetings`));
      expect(page.items.map((g) => g.language).sort()).to.deep.equal(['en', 'sv']);
    } finally {
      await fresh.stop();
    }
  });

  it('migrates down to nothing and up again', async () => {
    const m = t.portal.migrations;
    expect(await m.down({ owner: 'hello', steps: 5 })).to.equal(1);
    expect((await m.status()).filter((s) => s.owner === 'hello' && !s.executed)).to.have.length(1);
    expect(await m.up()).to.equal(1);
    expect(await json(await fetch(`${t.url}/api/v1/hello/greetings`))).to.deep.equal({
      items: [],
      nextCursor: null,
    });
  });
});
