import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import {
  checkIsolation,
  isolationPortalConfig,
  startTestPortal,
  type IsolationReport,
  type TestPortal,
} from '@portico/core/testing';
import { databaseName, fixture } from '../support.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

/*
 * The isolation harness walks every route of core and of every loaded plugin and calls it as a
 * user of Lindqvist (organisation B) against Bergström's (organisation A) data. New routes are
 * covered without anyone listing them.
 */
describe(`isolation between customer organisations (${databaseName})`, function () {
  this.timeout(180_000);

  describe('core and the hello plugin', () => {
    let t: TestPortal;
    let report: IsolationReport;

    before(async () => {
      t = await startTestPortal({ plugins: [hello], demo: true, config: isolationPortalConfig });
      // Routes of core that only some builds have: rows of A are made through them when they are there.
      const has = (method: string, path: string) =>
        t.portal.runtimes.some((rt) =>
          rt.routes.some((r) => r.method === method && `${rt.mount}${r.path}` === path),
        );
      report = await checkIsolation(t, {
        // The supplier's name may appear anywhere; it is nobody's secret.
        ignore: ['Nordic Supply AB'],
        // What the harness cannot make from a schema alone (a token needs a permission A holds).
        seedA: async ({ sessions: [admin] }) => {
          const markers = ['Bergström asks for the spring price list'];
          const r = await admin!.post('/api/v1/hello/greetings', {
            message: markers[0],
            authorName: 'Karin',
          });
          expect(r.status).to.equal(201);
          if (has('post', '/api/v1/tokens')) {
            const token = await admin!.post('/api/v1/tokens', {
              name: 'Bergström ERP export',
              permissions: ['hello.greeting.create'],
              expiresInDays: 30,
            });
            expect(token.status, JSON.stringify(token.body)).to.equal(201);
            markers.push('Bergström ERP export');
          }
          if (has('post', '/api/v1/account-requests')) {
            const request = await t.anonymous().post('/api/v1/account-requests', {
              name: 'Petra Sjöberg',
              email: 'petra.sjoberg@bergstrombygg.example',
              company: 'Bergström Bygg AB',
            });
            expect(request.status, JSON.stringify(request.body)).to.be.within(200, 299);
            markers.push('petra.sjoberg@bergstrombygg.example');
          }
          return { markers };
        },
      });
    });
    after(() => t?.stop());

    it("lets no user of one customer reach another customer's data through any route", () => {
      expect(report.failures, report.text).to.deep.equal([]);
    });

    it('calls every route of core and of the plugin, the ones with ids with ids of the other customer', () => {
      const routes = t.portal.runtimes.flatMap((rt) =>
        rt.routes.map((r) => `${r.method.toUpperCase()} ${rt.mount}${r.path === '/' ? '' : r.path}`),
      );
      expect(Object.keys(report.coverage)).to.have.members(routes);
      expect(report.coverage['GET /api/v1/hello/greetings/:id']!.withIdsOfA).to.be.greaterThan(0);
      expect(report.coverage['DELETE /api/v1/hello/greetings/:id']!.withIdsOfA).to.be.greaterThan(0);
      expect(report.markers, "Bergström's names, e-mails, ids and greetings").to.be.greaterThan(5);
    });
  });

  describe('a plugin that gets scoping wrong', () => {
    async function check(leak: string): Promise<IsolationReport> {
      const t = await startTestPortal({
        plugins: [{ package: fixture('leaky-notes'), settings: { leak } }],
        demo: true,
        config: isolationPortalConfig,
      });
      try {
        return await checkIsolation(t, {
          ignore: ['Nordic Supply AB'],
          seedA: async ({ sessions: [, user] }) => {
            const r = await user!.post('/api/v1/leaky-notes/notes', { text: 'Bergström pays 30 days net' });
            expect(r.status).to.equal(201);
            return { markers: ['Bergström pays 30 days net'] };
          },
        });
      } finally {
        await t.stop();
      }
    }
    const failuresOf = (report: IsolationReport, route: string) =>
      report.failures.filter((f) => f.route === route);

    it('passes the same plugin when every route is scoped', async () => {
      const report = await check('none');
      expect(report.failures, report.text).to.deep.equal([]);
    });

    it('reports a route that answers a row of another organisation by id, with the leaked marker', async () => {
      const report = await check('read');
      const failures = failuresOf(report, 'GET /api/v1/leaky-notes/notes/:id');
      expect(failures.map((f) => f.kind)).to.include.members(['status', 'leak']);
      const leak = failures.find((f) => f.kind === 'leak')!;
      expect(leak.status).to.equal(200);
      expect(leak.params).to.have.property('id');
      expect(leak.url).to.equal(`/api/v1/leaky-notes/notes/${leak.params.id}`);
      expect(report.text).to.include('GET /api/v1/leaky-notes/notes/:id').and.include('STATUS 200');
      expect(
        report.failures.every((f) => f.route === 'GET /api/v1/leaky-notes/notes/:id'),
        report.text,
      ).to.equal(true);
    });

    it("reports a list route that shows every organisation's rows, naming the marker", async () => {
      const report = await check('list');
      const failures = failuresOf(report, 'GET /api/v1/leaky-notes/notes');
      expect(failures, report.text).to.not.deep.equal([]);
      expect(failures.every((f) => f.kind === 'leak')).to.equal(true);
      expect(report.text).to.match(/LEAK 200 {2}\/api\/v1\/leaky-notes\/notes .*A's marker/);
    });

    it('reports a route that changes the data of another organisation even though it answers 404', async () => {
      const report = await check('delete');
      const changed = report.failures.filter((f) => f.kind === 'changed');
      expect(
        changed.map((f) => f.route),
        report.text,
      ).to.deep.equal(['DELETE /api/v1/leaky-notes/notes/:id']);
      expect(changed[0]!.detail).to.include('GET /api/v1/leaky-notes/notes');
    });

    it('reports a route that tells an existing row of another organisation from a missing one', async () => {
      const report = await check('oracle');
      const oracle = report.failures.filter((f) => f.kind === 'oracle');
      expect(
        oracle.map((f) => f.route),
        report.text,
      ).to.include('GET /api/v1/leaky-notes/notes/:id');
      expect(oracle[0]!.detail).to.include('403').and.include('404');
    });
  });
});
