import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import {
  checkIsolation,
  isolationPortalConfig,
  startTestPortal,
  type IsolationReport,
  type TestPortal,
} from '@portico/core/testing';

const hello = fileURLToPath(new URL('../../hello', import.meta.url));
const news = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/*
 * Core's isolation harness with hello and news loaded: a Lindqvist user calls every route with
 * Bergström's ids. Articles targeted at Bergström (by organisation, or through its
 * gold-customers group) must stay out of every answer to Lindqvist.
 */
describe(`news: isolation between customer organisations (${db})`, function () {
  this.timeout(180_000);
  let t: TestPortal;
  let report: IsolationReport;

  before(async () => {
    t = await startTestPortal({ plugins: [hello, news], demo: true, config: isolationPortalConfig });
    report = await checkIsolation(t, {
      ignore: ['Nordic Supply AB'],
      seedA: async ({ sessions: [admin] }) => {
        const me = await admin!.get<{ user: { organizationId: string } }>('/api/v1/me');
        const editor = await t.login('editor@nordicsupply.example');
        const markers = ['Bergström only: the new site in Borås', 'Bara Bergström: nya anläggningen i Borås'];
        const created = await editor.post<{ id: string }>('/api/v1/news/admin/articles', {
          defaultLanguage: 'sv',
          audience: { organizations: [me.body.user.organizationId] },
          translations: [
            { language: 'sv', title: markers[1], lead: 'Leveranser dit från maj.' },
            { language: 'en', title: markers[0], lead: 'Deliveries there from May.' },
          ],
        });
        expect(created.status, JSON.stringify(created.body)).to.equal(201);
        const published = await editor.post(`/api/v1/news/admin/articles/${created.body.id}/publish`);
        expect(published.status).to.equal(200);
        const read = await admin!.post(`/api/v1/news/articles/${created.body.id}/read`);
        expect(read.status).to.equal(200);
        // The demo's article for the gold-customers group (Bergström is in it, Lindqvist is not).
        markers.push('Vårens priser för guldkunder', 'Spring prices for gold customers');
        return { markers };
      },
    });
  });
  after(() => t?.stop());

  it("lets no user of one customer reach another customer's articles through any route", () => {
    expect(report.failures, report.text).to.deep.equal([]);
  });

  it("calls every route of news, the ones with ids with ids of Bergström's articles", () => {
    const routes = t.portal.runtimes
      .filter((rt) => rt.id === 'news')
      .flatMap((rt) => rt.routes.map((r) => `${r.method.toUpperCase()} ${rt.mount}${r.path}`));
    expect(routes).to.have.length(23);
    for (const r of routes) expect(report.coverage[r], r).to.not.equal(undefined);
    expect(report.coverage['GET /api/v1/news/articles/:id']!.withIdsOfA).to.be.greaterThan(0);
    expect(report.coverage['POST /api/v1/news/articles/:id/read']!.withIdsOfA).to.be.greaterThan(0);
    expect(report.known.markers.map((m) => m.value)).to.include.members([
      'Bergström only: the new site in Borås',
      'Spring prices for gold customers',
    ]);
  });
});
