import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import {
  checkIsolation,
  isolationPortalConfig,
  startTestPortal,
  type IsolationReport,
  type TestPortal,
} from '@portico/core/testing';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/*
 * Core's isolation harness on the structures and custom-fields routes: a Lindqvist admin calls
 * each of them with the ids of Bergström's records. The engine's own routes (definitions,
 * submissions) are its helpers' to probe; they are left out here so this spec says one thing.
 */
describe(`forms: isolation of structure records between customer organisations (${db})`, function () {
  this.timeout(180_000);
  let t: TestPortal;
  let report: IsolationReport;
  const mine = (path: string) =>
    path.startsWith('/api/v1/structures') || path.startsWith('/api/v1/forms/custom-fields');

  before(async () => {
    t = await startTestPortal({ plugins: [forms], demo: true, config: isolationPortalConfig });
    const editor = await t.login('editor@nordicsupply.example');
    const created = await editor.post('/api/v1/forms', {
      key: 'machines',
      kind: 'structure',
      title: { en: 'Machines installed' },
      schema: {
        type: 'object',
        required: ['serialNumber'],
        properties: {
          serialNumber: { type: 'string', 'x-portico-index': true },
          notes: { type: 'string' },
        },
      },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await editor.post('/api/v1/forms/machines/publish')).status).to.equal(200);
    report = await checkIsolation(t, {
      ignore: ['Nordic Supply AB'],
      skip: (route) => !mine(route.path),
      seedA: async ({ sessions: [admin] }) => {
        const markers = ['BB-7777-borås', 'Bergström only: the lift in hall 3'];
        const r = await admin!.post('/api/v1/structures/machines', {
          data: { serialNumber: markers[0], notes: markers[1] },
        });
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        return { markers };
      },
    });
  });
  after(() => t?.stop());

  it("lets no user of one customer reach another customer's records through any route", () => {
    expect(report.failures, report.text).to.deep.equal([]);
  });

  it("calls every structures route, those with ids with ids of Bergström's records", () => {
    const routes = t.portal.runtimes
      .filter((rt) => rt.id === 'forms')
      .flatMap((rt) =>
        rt.routes.map((r) => `${r.method.toUpperCase()} ${r.root ? `/api/v1/${r.root}` : rt.mount}${r.path}`),
      )
      .filter((r) => mine(r.split(' ')[1]!));
    expect(routes).to.have.length(10);
    for (const r of routes) expect(report.coverage[r.replace(/\/$/, '')], r).to.not.equal(undefined);
    expect(report.coverage['GET /api/v1/structures/:key/:id']!.withIdsOfA).to.be.greaterThan(0);
    expect(report.coverage['PUT /api/v1/structures/:key/:id']!.withIdsOfA).to.be.greaterThan(0);
  });
});
