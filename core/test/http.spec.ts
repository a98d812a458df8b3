import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { QueryTypes } from 'sequelize';
import { call, databaseName, fixture, type JsonResponse } from './support.js';

const hello = fileURLToPath(new URL('../../plugins/hello', import.meta.url));

describe(`HTTP surface (${databaseName})`, () => {
  let t: TestPortal;
  const writer = () =>
    t.actAs({
      userId: 'u1',
      organizationId: 'org-1',
      organizationKind: 'customer',
      permissions: ['hello.greeting.create', 'hello.greeting.delete'],
    });

  before(async () => {
    t = await startTestPortal({
      plugins: [hello, fixture('ledger')],
      config: { http: { bodyLimit: '2kb' } },
    });
  });
  after(() => t.stop());

  async function expectProblem(res: JsonResponse, status: number) {
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(res.body.status).to.equal(status);
    expect(res.body.title).to.be.a('string');
    expect(res.body.requestId).to.equal(res.headers.get('x-request-id'));
    return res.body as { detail: string; errors?: Array<{ in: string; path: string; message: string }> };
  }

  it('answers a parameterless GET under the plugin prefix', async () => {
    const res = await call(`${t.url}/api/v1/hello`);
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ message: 'Hello from Portico!' });
  });

  it('answers malformed JSON with 400 and changes nothing', async () => {
    const p = await expectProblem(
      await call(`${t.url}/api/v1/ledger/entries`, {
        raw: '{"amount": 5,',
        headers: { 'content-type': 'application/json' },
      }),
      400,
    );
    expect(p.detail).to.include('not valid JSON');
    expect((await call(`${t.url}/api/v1/ledger/entries`)).body).to.deep.equal([]);
  });

  it('names every wrong, missing and unknown field with 422', async () => {
    const p = await expectProblem(
      await call(`${t.url}/api/v1/ledger/entries`, { body: { amount: 'ten', colour: 'red' } }),
      422,
    );
    const byPath = Object.fromEntries((p.errors ?? []).map((e) => [e.path, e]));
    expect(byPath['/amount']).to.include({ in: 'body', message: 'must be of type integer' });
    expect(byPath['/note']).to.include({ in: 'body', message: 'is required' });
    expect(byPath['/colour']).to.include({ in: 'body', message: 'is not an allowed field' });
  });

  it('refuses a body over the configured limit with 413', async () => {
    const p = await expectProblem(
      await call(`${t.url}/api/v1/ledger/entries`, { body: { amount: 1, note: 'x'.repeat(5000) } }),
      413,
    );
    expect(p.detail).to.include('2kb');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const p = await expectProblem(
      await call(`${t.url}/api/v1/ledger/entries`, {
        raw: 'amount=1&note=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
      415,
    );
    expect(p.detail).to.include('application/json');
  });

  it('asks for a body when a writing route gets none', async () => {
    const res = await fetch(`${t.url}/api/v1/ledger/entries`, { method: 'POST' });
    expect(res.status).to.equal(422);
    expect(((await res.json()) as { detail: string }).detail).to.equal('A JSON request body is required.');
  });

  it('names invalid query and path parameters with 400', async () => {
    const q = await expectProblem(
      await call(`${t.url}/api/v1/hello/greetings?limit=1000&sort=name`, { headers: writer() }),
      400,
    );
    expect(q.errors).to.deep.include.members([
      {
        in: 'query',
        path: '/limit',
        message: 'must be <= 100',
        keyword: 'maximum',
        params: { comparison: '<=', limit: 100 },
      },
    ]);
    expect(q.errors!.map((e) => e.path)).to.include('/sort');
    const p = await expectProblem(
      await call(`${t.url}/api/v1/hello/greetings/abc`, { headers: writer() }),
      400,
    );
    expect(p.errors![0]).to.include({ in: 'params', path: '/id' });
  });

  it('rolls back everything a request wrote when it fails halfway, events included', async () => {
    const failed = await call(`${t.url}/api/v1/ledger/entries`, {
      body: { amount: 7, note: 'doomed', failAfterWrite: true },
    });
    await expectProblem(failed, 500);
    expect(failed.body.detail).to.not.include('simulated');
    expect((await call(`${t.url}/api/v1/ledger/entries`)).body).to.deep.equal([]);
    const events = await t.portal.db.sequelize.query(
      "SELECT id FROM portico_events WHERE name = 'ledger.entry.recorded'",
      { type: QueryTypes.SELECT },
    );
    expect(events).to.have.length(0);
  });

  it('asks anonymous callers to log in (401) and others for the permission (403)', async () => {
    const body = { message: 'Hej!', authorName: 'Anna' };
    await expectProblem(await call(`${t.url}/api/v1/hello/greetings`, { body }), 401);
    const forbidden = await expectProblem(
      await call(`${t.url}/api/v1/hello/greetings`, { body, headers: t.actAs({ userId: 'u2' }) }),
      403,
    );
    expect(forbidden.detail).to.include('hello.greeting.create');
    // Access is checked before the body: an anonymous caller learns nothing about the input's shape.
    const anonymousBad = await expectProblem(
      await call(`${t.url}/api/v1/hello/greetings`, { body: { nonsense: true } }),
      401,
    );
    expect(anonymousBad.errors).to.equal(undefined);
    const created = await call(`${t.url}/api/v1/hello/greetings`, { body, headers: writer() });
    expect(created.status).to.equal(201);
    expect(created.headers.get('location')).to.equal(`/api/v1/hello/greetings/${created.body.id}`);
  });

  it('lets clients revalidate with ETag (304) and answers HEAD without a body', async () => {
    const first = await fetch(`${t.url}/api/v1/hello`);
    const etag = first.headers.get('etag');
    expect(etag).to.match(/^W\/"/);
    const again = await fetch(`${t.url}/api/v1/hello`, { headers: { 'if-none-match': etag! } });
    expect(again.status).to.equal(304);
    expect(await again.text()).to.equal('');
    const head = await fetch(`${t.url}/api/v1/hello`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-length')).to.equal(
      String(Buffer.byteLength(JSON.stringify({ message: 'Hello from Portico!' }))),
    );
    expect(await head.text()).to.equal('');
  });

  it('answers 404 problem+json for an unknown API path and 405 with Allow for a wrong method', async () => {
    const nf = await expectProblem(await call(`${t.url}/api/v1/nothing/here`), 404);
    expect(nf.detail).to.include('/api/docs');
    expect((await expectProblem(await call(`${t.url}/no/such/page`), 404)).detail).to.include(
      'Nothing lives at /no/such/page',
    );
    await expectProblem(await call(`${t.url}/api/v1/hello/greetings/%E0%A4%A`), 404);
    const res = await call(`${t.url}/api/v1/hello/greetings`, { method: 'PUT', body: {} });
    await expectProblem(res, 405);
    expect(res.headers.get('allow')).to.equal('GET, POST, HEAD');
  });

  it('keeps a sane incoming X-Request-Id and replaces a hostile one', async () => {
    const kept = await call(`${t.url}/healthz`, { headers: { 'x-request-id': 'lb-1234' } });
    expect(kept.headers.get('x-request-id')).to.equal('lb-1234');
    const replaced = await call(`${t.url}/healthz`, { headers: { 'x-request-id': 'a b<script>' } });
    expect(replaced.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
  });

  it("sends strict security headers on API answers and helmet's on pages", async () => {
    const api = await call(`${t.url}/api/v1/hello`);
    expect(api.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(api.headers.get('content-security-policy')).to.equal("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers.get('strict-transport-security')).to.include('max-age=31536000');
    expect(api.headers.get('x-frame-options')).to.equal('DENY');
    expect(api.headers.get('x-powered-by')).to.equal(null);
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.headers.get('content-security-policy'))
      .to.include("default-src 'self'")
      .and.include("script-src 'self'");
    expect(page.headers.get('cross-origin-opener-policy')).to.equal('same-origin');
  });

  it('compresses large API answers for clients that accept it, and leaves small ones alone', async () => {
    for (let i = 0; i < 12; i++)
      await call(`${t.url}/api/v1/hello/greetings`, {
        body: { message: `A greeting long enough to add up, number ${i}`, authorName: 'Bench' },
        headers: writer(),
      });
    const big = await fetch(`${t.url}/api/v1/hello/greetings?limit=50`, {
      headers: { 'accept-encoding': 'gzip', ...writer() },
    });
    expect(big.headers.get('content-encoding')).to.equal('gzip');
    expect(((await big.json()) as { items: unknown[] }).items.length).to.be.greaterThan(11);
    const br = await fetch(`${t.url}/api/v1/hello/greetings?limit=50`, {
      headers: { 'accept-encoding': 'gzip;q=0.5, br', ...writer() },
    });
    expect(br.headers.get('content-encoding')).to.equal('br');
    const small = await fetch(`${t.url}/api/v1/hello`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(small.headers.get('content-encoding')).to.equal(null);
    expect(small.headers.get('vary')).to.include('Accept-Encoding');
  });

  it('reports health and readiness', async () => {
    expect((await call(`${t.url}/healthz`)).body).to.deep.equal({ status: 'ok' });
    const ready = await call<{ ready: boolean; pendingMigrations: number; database: string }>(
      `${t.url}/readyz`,
    );
    expect(ready.status).to.equal(200);
    expect(ready.body).to.include({ ready: true, pendingMigrations: 0, database: 'ok' });
  });

  it('describes every route in an OpenAPI 3.1 document and serves an interactive reference', async () => {
    const doc = await call<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    }>(`${t.url}/api/openapi.json`);
    expect(doc.body.openapi).to.equal('3.1.0');
    expect(Object.keys(doc.body.paths)).to.include.members([
      '/api/v1/hello',
      '/api/v1/hello/greetings',
      '/api/v1/hello/greetings/{id}',
      '/api/v1/ledger/entries',
    ]);
    const post = doc.body.paths['/api/v1/hello/greetings']!.post!;
    expect(post.requestBody)
      .to.have.nested.property('content.application/json.schema.required')
      .that.deep.equals(['message', 'authorName']);
    expect(post.responses).to.have.keys('201', '401', '403', '413', '415', '422', 'default');
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).to.equal(200);
    expect(await page.text()).to.include('swagger-ui-bundle.js');
    expect((await fetch(`${t.url}/api/docs/swagger-ui-bundle.js`)).status).to.equal(200);
  });
});
