import { expect } from 'chai';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startTestPortal } from '@portico/core/testing';
import { assertBuilt, tempApp, type TempApp } from '../../core/test/cli-support.js';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/** TypeScript's complaints about `files` under strict settings, as text. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: false,
    types: [],
  });
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? path.basename(d.file.fileName) : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
    );
}

describe(`forms: portico types writes the types of published forms and structures (${db})`, function () {
  this.timeout(120_000);
  let app: TempApp;
  let generated: string;

  before(async function () {
    assertBuilt();
    app = await tempApp([forms]);
  });
  after(() => app?.remove());

  it('says to migrate first when the database is not up to date', () => {
    const r = app.run(['types']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.match(/pending migration\(s\).*Run "portico migrate up", then "portico types" again/);
  });

  it('writes one interface per published form, structure and set of custom fields, and maps of them', async () => {
    expect(app.run(['migrate', 'up']).status).to.equal(0);
    // Forms built through the API of a portal on the app's database, as an admin would.
    const t = await startTestPortal({
      root: app.root,
      database: app.env.DATABASE_URL ?? 'sqlite',
      plugins: [forms],
      demo: true,
      keepData: true,
    });
    try {
      const editor = await t.login('editor@nordicsupply.example');
      const make = async (body: Record<string, unknown>, publish = true) => {
        const r = await editor.post('/api/v1/forms', body);
        expect(r.status, JSON.stringify(r.body)).to.equal(201);
        if (publish)
          expect((await editor.post(`/api/v1/forms/${String(body.key)}/publish`)).status).to.equal(200);
      };
      await make({
        key: 'repair-request',
        kind: 'form',
        title: { en: 'Service request */ with a twist', sv: 'Serviceförfrågan' },
        schema: {
          type: 'object',
          required: ['machine', 'urgency'],
          properties: {
            machine: { type: 'string', title: 'Machine' },
            urgency: { enum: ['low', 'high'] },
            visits: { type: 'integer', minimum: 0 },
            address: { $ref: '#/$defs/address' },
            parts: {
              type: 'array',
              items: {
                type: 'object',
                title: 'Part',
                properties: { sku: { type: 'string' }, qty: { type: 'number' } },
              },
            },
          },
          $defs: { address: { type: 'object', properties: { street: { type: 'string', tsType: 'never' } } } },
        },
      });
      await make({
        key: 'machines',
        kind: 'structure',
        title: { en: 'Machines installed' },
        schema: {
          type: 'object',
          required: ['serialNumber'],
          properties: {
            serialNumber: { type: 'string', 'x-portico-index': true },
            inService: { type: 'boolean' },
          },
        },
      });
      await make(
        { key: 'unpublished', kind: 'form', title: { en: 'Draft' }, schema: { type: 'object' } },
        false,
      );
      const custom = await editor.put('/api/v1/forms/custom-fields/organization', {
        schema: { type: 'object', properties: { vatNumber: { type: 'string' } } },
      });
      expect(custom.status, JSON.stringify(custom.body)).to.equal(200);
    } finally {
      await t.stop();
    }

    const r = app.run(['types']);
    expect(r.status, r.stderr).to.equal(0);
    // Three made here and the two forms of the demo seed.
    expect(r.stderr).to.match(/wrote .*generated\/forms\.d\.ts \(5 types\)/);
    generated = path.join(app.root, 'generated', 'forms.d.ts');
    const text = readFileSync(generated, 'utf8');
    expect(text).to.include('export interface RepairRequest {');
    expect(text).to.include('export interface Machines {');
    expect(text).to.include('export interface OrganizationCustomFields {');
    expect(text).to.include('export interface RepairRequestAddress {');
    expect(text).to.match(/urgency: 'low' \| 'high';/);
    expect(text).to.match(/serialNumber: string;/);
    expect(text).to.match(/inService\?: boolean;/);
    expect(text).to.include("'repair-request': RepairRequest;");
    expect(text).to.include('machines: Machines;');
    expect(text).to.include('organization: OrganizationCustomFields;');
    expect(text).to.not.include('Unpublished');
    // Nothing of the admin's schema becomes code: tsType is dropped, a title cannot end the comment.
    expect(text).to.not.include('never');
    expect(text).to.include('Service request * / with a twist');
    expect(typeErrors([generated])).to.deep.equal([]);
  });

  it('gives types that catch wrong data at compile time', () => {
    const usage = path.join(app.root, 'usage.ts');
    writeFileSync(
      usage,
      `import type { PorticoForms, PorticoStructures } from './generated/forms.js';
const ok: PorticoForms['repair-request'] = { machine: 'Lift 3', urgency: 'high', parts: [{ sku: 'A1', qty: 2 }] };
const record: PorticoStructures['machines'] = { serialNumber: 'AB-0001' };
const wrong: PorticoForms['repair-request'] = { machine: 'Lift 3', urgency: 'soon' };
export { ok, record, wrong };
`,
    );
    const errors = typeErrors([usage]);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.match(/usage\.ts: Type '"soon"' is not assignable to type/);
  });

  it('writes where --out says', () => {
    const r = app.run(['types', '--out', path.join(app.root, 'types-here')]);
    expect(r.status, r.stderr).to.equal(0);
    expect(readFileSync(path.join(app.root, 'types-here', 'forms.d.ts'), 'utf8')).to.equal(
      readFileSync(generated, 'utf8'),
    );
  });
});
