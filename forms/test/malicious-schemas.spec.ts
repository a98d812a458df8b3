import { expect } from 'chai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import type { FormVersion, Submission } from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

type Problem = { status: number; detail: string; errors?: Array<{ path: string; message: string }> };

/*
 * Schemas are written by business admins and are untrusted: whatever one sends, the server
 * answers a clear 422 (or 413 for a body over the limit) within the test's timeout, stores
 * nothing, and never fetches anything. Where a schema is allowed (a pattern RE2 can run), data
 * made to hang a backtracking engine is answered at once.
 */
describe(`forms: malicious schemas (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let editor: TestSession;
  let customer: TestSession;
  let bait: Server;
  let baitUrl: string;
  const baitRequests: string[] = [];
  let n = 0;

  /** Rows of definitions, versions and submissions. */
  const tables = async (): Promise<[number, number, number]> =>
    (await Promise.all(
      ['forms_definitions', 'forms_versions', 'forms_submissions'].map(
        async (table) =>
          (
            await t.portal.db.sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, {
              type: QueryTypes.SELECT,
            })
          )[0]!.n,
      ),
    )) as [number, number, number];
  /** Posts a new form with `schema` (a value, or JSON text too deep for JSON.stringify). */
  const create = (schema: unknown, extra: Record<string, unknown> = {}) => {
    const key = `evil-${++n}`;
    if (typeof schema === 'string') {
      const body = `{"key":"${key}","kind":"form","title":{"en":"Evil"},"schema":${schema}}`;
      return editor.request<Problem>('POST', '/api/v1/forms', body, { 'content-type': 'application/json' });
    }
    return editor.post<Problem>('/api/v1/forms', {
      key,
      kind: 'form',
      title: { en: 'Evil' },
      schema,
      ...extra,
    });
  };
  const expectRefused = async (answer: Promise<{ status: number; body: Problem }>, path: string | RegExp) => {
    const r = await answer;
    expect(r.status, JSON.stringify(r.body).slice(0, 500)).to.equal(422);
    const paths = r.body.errors!.map((e) => e.path);
    if (typeof path === 'string') expect(paths).to.include(path);
    else
      expect(
        paths.some((p) => path.test(p)),
        paths.join(', '),
      ).to.equal(true);
    return r.body;
  };

  before(async () => {
    bait = createServer((req, res) => {
      baitRequests.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/schema+json');
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => bait.listen(0, '127.0.0.1', resolve));
    baitUrl = `http://127.0.0.1:${(bait.address() as AddressInfo).port}`;
    t = await startTestPortal({ plugins: [forms], demo: true });
    editor = await t.login('editor@nordicsupply.example');
    customer = await t.login('user@lindqvist.example');
  });
  after(async () => {
    await t?.stop();
    await new Promise((resolve) => bait?.close(resolve));
  });

  it('refuses a schema nested 10,000 levels deep', async () => {
    const before = await tables();
    let deep = '{"type":"string"}';
    for (let i = 0; i < 10_000; i++) deep = `{"type":"object","properties":{"a":${deep}}}`;
    const body = await expectRefused(create(deep), /^\/schema/);
    expect(body.errors![0]!.message).to.match(/nests deeper than 32 levels/);
    // Arrays nest too (allOf in allOf ...).
    let arrays = '{"type":"string"}';
    for (let i = 0; i < 10_000; i++) arrays = `{"allOf":[${arrays}]}`;
    await expectRefused(create(arrays), /^\/schema/);
    expect(await tables()).to.deep.equal(before);
  });

  it('refuses a schema just deeper than the limit, naming where', async () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 20; i++) schema = { type: 'object', properties: { a: schema } };
    const body = await expectRefused(create(schema), /^\/schema(\/properties\/a)+/);
    expect(body.errors![0]!.message).to.match(/deeper than 32/);
  });

  it('answers 413 to a schema of several megabytes and 422 to one over the schema limit', async () => {
    const before = await tables();
    const huge = {
      type: 'object',
      properties: Object.fromEntries(
        Array.from({ length: 5 }, (_, i) => [
          `f${i}`,
          { type: 'string', description: 'x'.repeat(1_000_000) },
        ]),
      ),
    };
    const tooLarge = await create(huge);
    expect(tooLarge.status).to.equal(413);
    expect(tooLarge.body.detail).to.match(/larger than the limit/);
    // Under the request limit (1 MB) but over the schema limit (512 KiB).
    const big = { type: 'object', properties: { f: { type: 'string', description: 'x'.repeat(700_000) } } };
    const body = await expectRefused(create(big), '/schema');
    expect(body.errors![0]!.message).to.match(/at most 524288 are allowed/);
    // So many parts that compiling would take long, in few bytes.
    const wide = {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 25_000 }, (_, i) => [`f${i}`, {}])),
    };
    const parts = await expectRefused(create(wide), '/schema');
    expect(parts.errors![0]!.message).to.match(/more than 20000 parts/);
    expect(await tables()).to.deep.equal(before);
  });

  it('answers a catastrophic-backtracking pattern against 50,000 characters at once', async function () {
    const v = await create({
      type: 'object',
      properties: {
        code: { type: 'string', pattern: '^(a+)+$' },
        other: { type: 'string', pattern: '(x+x+)+y' },
      },
      patternProperties: { '^(b|b)*$': { type: 'string' } },
    });
    expect(v.status, JSON.stringify(v.body)).to.equal(201);
    const key = `evil-${n}`;
    expect((await editor.post<FormVersion>(`/api/v1/forms/${key}/publish`)).status).to.equal(200);
    // In a backtracking engine each of these takes longer than the age of the universe.
    const evil = `${'a'.repeat(50_000)}!`;
    const refused = await customer.post<Problem>(`/api/v1/forms/${key}/submissions`, {
      data: { code: evil, other: 'x'.repeat(50_000), [`${'b'.repeat(50_000)}!`]: 'ignored' },
    });
    expect(refused.status).to.equal(422);
    expect(refused.body.errors!.map((e) => e.path).sort()).to.deep.equal(['/code', '/other']);
    const accepted = await customer.post<Submission>(`/api/v1/forms/${key}/submissions`, {
      data: { code: 'a'.repeat(50_000), [`${'b'.repeat(50_000)}`]: 'yes' },
    });
    expect(accepted.status, JSON.stringify(accepted.body).slice(0, 300)).to.equal(201);
  }).timeout(10_000);

  it('answers patterns that only look simple (polynomial in a backtracking engine) at once', async function () {
    const patterns = {
      stars: '^a*a*a*a*a*$',
      unanchored: '[a-z]+1',
      overlapping: '^[a-z]+[a-z0-9]*$',
      digits: '^\\d+\\d+$',
      postalCode: '^[0-9]{3} ?[0-9]{2}$',
    };
    const v = await create({
      type: 'object',
      properties: Object.fromEntries(
        Object.entries(patterns).map(([k, p]) => [k, { type: 'string', pattern: p }]),
      ),
    });
    expect(v.status, JSON.stringify(v.body)).to.equal(201);
    const key = `evil-${n}`;
    expect((await editor.post(`/api/v1/forms/${key}/publish`)).status).to.equal(200);
    const letters = `${'a'.repeat(50_000)}!`;
    const refused = await customer.post<Problem>(`/api/v1/forms/${key}/submissions`, {
      data: {
        stars: letters,
        unanchored: letters,
        overlapping: letters,
        digits: `${'1'.repeat(50_000)}x`,
        postalCode: `${'1'.repeat(50_000)}x`,
      },
    });
    expect(refused.status).to.equal(422);
    expect(refused.body.errors!.map((e) => e.path).sort()).to.deep.equal([
      '/digits',
      '/overlapping',
      '/postalCode',
      '/stars',
      '/unanchored',
    ]);
    const fine = await customer.post(`/api/v1/forms/${key}/submissions`, {
      data: { stars: 'aaa', unanchored: 'xa1', overlapping: 'ab1', digits: '12', postalCode: '504 62' },
    });
    expect(fine.status, JSON.stringify(fine.body)).to.equal(201);
  }).timeout(10_000);

  it('refuses patterns RE2 cannot run (backreferences, lookaround) where they are', async () => {
    await expectRefused(
      create({ type: 'object', properties: { a: { type: 'string', pattern: '^(?=a)a$' } } }),
      '/schema/properties/a/pattern',
    );
    await expectRefused(
      create({ type: 'object', patternProperties: { '(a)\\1': { type: 'string' } } }),
      '/schema/patternProperties/(a)\\1',
    );
  });

  it('refuses remote references and never fetches them', async () => {
    const before = await tables();
    await expectRefused(
      create({ type: 'object', properties: { x: { $ref: `${baitUrl}/schema.json` } } }),
      '/schema/properties/x/$ref',
    );
    await expectRefused(
      create({ type: 'object', $defs: { d: { allOf: [{ $ref: `${baitUrl}/in-defs.json#/x` }] } } }),
      '/schema/$defs/d/allOf/0/$ref',
    );
    await expectRefused(
      create({ type: 'object', properties: { y: { $dynamicRef: `${baitUrl}/dynamic.json` } } }),
      '/schema/properties/y/$dynamicRef',
    );
    await expectRefused(create({ $schema: `${baitUrl}/meta.json`, type: 'object' }), '/schema/$schema');
    // A local reference to nothing is refused too, without looking anywhere.
    await expectRefused(
      create({ type: 'object', properties: { z: { $ref: '#/$defs/missing' } } }),
      '/schema',
    );
    // The same for a draft of a published form: the published version stays as it was.
    const ok = await create({ type: 'object', properties: { a: { type: 'string' } } });
    const key = `evil-${n}`;
    expect(ok.status).to.equal(201);
    await editor.post(`/api/v1/forms/${key}/publish`);
    await expectRefused(
      editor.put<Problem>(`/api/v1/forms/${key}/draft`, {
        schema: { type: 'object', properties: { a: { $ref: `${baitUrl}/draft.json` } } },
      }),
      '/schema/properties/a/$ref',
    );
    expect((await editor.get(`/api/v1/forms/${key}/draft`)).status).to.equal(404);
    expect(baitRequests).to.deep.equal([]);
    const after = await tables();
    expect(after[0]).to.equal(before[0] + 1);
    expect(after[1]).to.equal(before[1] + 1);
  });

  it('refuses $id anywhere in a schema', async () => {
    const before = await tables();
    await expectRefused(create({ $id: `${baitUrl}/form.json`, type: 'object' }), '/schema/$id');
    await expectRefused(
      create({ type: 'object', properties: { a: { $id: 'https://example.com/a', type: 'string' } } }),
      '/schema/properties/a/$id',
    );
    await expectRefused(create({ type: 'object', $anchor: 'top' }), '/schema/$anchor');
    // A field may be called "$id": that is a name, not the keyword.
    const named = await create({ type: 'object', properties: { $id: { type: 'string' } } });
    expect(named.status, JSON.stringify(named.body)).to.equal(201);
    expect(baitRequests).to.deep.equal([]);
    expect((await tables())[0]).to.equal(before[0] + 1);
  });

  it('refuses a UI schema nested too deep, and data nested 10,000 levels deep', async () => {
    let ui = '{}';
    for (let i = 0; i < 10_000; i++) ui = `{"a":${ui}}`;
    const key = `evil-${++n}`;
    const uiAnswer = await editor.request<Problem>(
      'POST',
      '/api/v1/forms',
      `{"key":"${key}","kind":"form","title":{"en":"Evil"},"schema":{"type":"object"},"uiSchema":${ui}}`,
      { 'content-type': 'application/json' },
    );
    expect(uiAnswer.status).to.equal(422);
    expect(uiAnswer.body.errors![0]).to.include({ path: '/uiSchema' });

    const ok = await create({ type: 'object' });
    expect(ok.status).to.equal(201);
    const open = `evil-${n}`;
    await editor.post(`/api/v1/forms/${open}/publish`);
    const before = await tables();
    let data = '1';
    for (let i = 0; i < 10_000; i++) data = `{"a":[${data}]}`;
    for (const path of [`/api/v1/forms/${open}/submissions`, `/api/v1/forms/${open}/my-draft`]) {
      const r = await customer.request<Problem>(
        path.endsWith('draft') ? 'PUT' : 'POST',
        path,
        `{"data":${data}}`,
        {
          'content-type': 'application/json',
        },
      );
      expect(r.status, path).to.equal(422);
      expect(r.body.errors![0]!.message).to.match(/nests deeper than 32 levels/);
    }
    expect(await tables()).to.deep.equal(before);
  });
});
