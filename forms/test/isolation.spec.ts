import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import {
  checkIsolation,
  isolationPortalConfig,
  startTestPortal,
  type IsolationReport,
  type TestPortal,
} from '@portico/core/testing';
import type { Submission, UploadedFile } from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/*
 * Core's isolation harness with the forms engine loaded: a Lindqvist user calls every route with
 * the ids of Bergström's submissions, drafts and files. What Bergström's people sent must stay
 * out of every answer to Lindqvist.
 */
describe(`forms: isolation between customer organisations (${db})`, function () {
  this.timeout(240_000);
  let t: TestPortal;
  let report: IsolationReport;

  before(async () => {
    t = await startTestPortal({ plugins: [forms], demo: true, config: isolationPortalConfig });
    const editor = await t.login('editor@nordicsupply.example');
    const created = await editor.post('/api/v1/forms', {
      key: 'iso-request',
      kind: 'case-type',
      title: { en: 'Isolation request' },
      schema: {
        type: 'object',
        properties: {
          subject: { type: 'string' },
          drawing: { type: 'string', format: 'portico-file' },
        },
      },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await editor.post('/api/v1/forms/iso-request/publish')).status).to.equal(200);
    // A form's statuses are the same for everyone, though they show in Bergström's submissions.
    const shared: string[] = ['submitted', 'in-progress', 'done', 'rejected'];
    report = await checkIsolation(t, {
      ignore: ['Nordic Supply AB', ...shared],
      seedA: async ({ sessions: [admin, user] }) => {
        const markers = [
          'Bergström secret: the Borås press line',
          'Bergström draft: new warehouse in Ulricehamn',
        ];
        const file = await user!.request<UploadedFile>(
          'POST',
          '/api/v1/forms/iso-request/files?name=boras-press-line.pdf&field=/drawing',
          Buffer.from('%PDF-1.4\n% Borås press line\n%%EOF\n'),
          { 'content-type': 'application/pdf' },
        );
        expect(file.status, JSON.stringify(file.body)).to.equal(201);
        for (const [s, subject] of [
          [admin!, markers[0]],
          [user!, `${markers[0]} (2)`],
        ] as const) {
          const r = await s.post<Submission>('/api/v1/forms/iso-request/submissions', {
            data: { subject, ...(s === user ? { drawing: file.body.id } : {}) },
          });
          expect(r.status, JSON.stringify(r.body)).to.equal(201);
        }
        const draft = await user!.put('/api/v1/forms/service-request/my-draft', {
          data: { subject: markers[1] },
        });
        expect(draft.status).to.equal(200);
        return { markers };
      },
    });
  });
  after(() => t?.stop());

  it("lets no user of one customer reach another customer's submissions, drafts or files through any route", () => {
    expect(report.failures, report.text).to.deep.equal([]);
  });

  it("calls every route of the forms engine, those with ids with ids of Bergström's", () => {
    const routes = t.portal.runtimes
      .filter((rt) => rt.id === 'forms')
      .flatMap((rt) =>
        rt.routes.map(
          (r) =>
            `${r.method.toUpperCase()} ${r.root ? `/api/v1/${r.root}` : rt.mount}${r.path === '/' ? '' : r.path}`,
        ),
      );
    for (const r of routes) expect(report.coverage[r], r).to.not.equal(undefined);
    expect(report.coverage['GET /api/v1/forms/submissions/:id']!.withIdsOfA).to.be.greaterThan(0);
    expect(report.coverage['GET /api/v1/forms/files/:id']!.withIdsOfA).to.be.greaterThan(0);
  });
});
