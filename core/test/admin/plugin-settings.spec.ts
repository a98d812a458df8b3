import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { databaseName, fixture, waitFor } from '../support.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

interface Settings {
  pluginId: string;
  displayName: string;
  schema: { properties: Record<string, { title?: string; description?: string }> };
  values: Record<string, unknown>;
  stored: string[];
  locked: string[];
  writeOnly: string[];
  updatedAt: string | null;
}
interface Echo {
  currency: string;
  pageSize: number;
  showVat: boolean;
  contact: { email?: string };
  hasApiKey: boolean;
  apiKeyLength: number;
}
type Problem = { detail: string; errors?: Array<{ in: string; path: string; message: string }> };

describe(`admin: plugin settings (${databaseName})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let admin: TestSession;
  let user: TestSession;
  const plugins = [
    hello,
    fixture('reports'),
    { package: fixture('price-list'), settings: { currency: 'NOK' } },
  ];

  before(async () => {
    // Config gives the price list's currency: that one is locked in admin.
    t = await startTestPortal({ plugins, demo: true });
    admin = await t.login('admin@nordicsupply.example');
    user = await t.login('user@bergstrombygg.example');
  });
  after(() => t?.stop());

  const echo = async () => (await user.get<Echo>('/api/v1/price-list/settings-echo')).body;
  const put = (body: unknown, s = admin) =>
    s.put<Settings & Problem>('/api/v1/plugins/price-list/settings', body);

  it('answers the schema in the reader’s language, the current values, and what config locks', async () => {
    const r = await admin.get<Settings>('/api/v1/plugins/price-list/settings');
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ pluginId: 'price-list', displayName: 'Prislista', updatedAt: null });
    expect(r.body.values).to.deep.equal({ currency: 'NOK', pageSize: 20, showVat: true, contact: {} });
    expect(r.body.locked).to.deep.equal(['currency']);
    expect(r.body.writeOnly).to.deep.equal(['apiKey']);
    expect(r.body.stored).to.deep.equal([]);
    // Titles from the plugin's translations (sv for this admin), else the schema's own.
    expect(r.body.schema.properties.pageSize).to.include({
      title: 'Rader per sida',
      description: 'Hur många priser en sida visar.',
    });
    expect(r.body.schema.properties.currency!.title).to.equal('Currency');
    const english = await (
      await t.login('support@nordicsupply.example')
    ).get<Settings>('/api/v1/plugins/price-list/settings');
    expect(english.body.schema.properties.pageSize!.title).to.equal('Rows per page');
    const asked = await admin.get<Settings>('/api/v1/plugins/price-list/settings?lang=en');
    expect(asked.body.displayName).to.equal('Price list');
    expect(asked.body.schema.properties.showVat!.title).to.equal('Show prices with VAT');
  });

  it('changes settings that the plugin reads at once, without a restart, and audits the keys', async () => {
    expect((await echo()).pageSize).to.equal(20);
    const r = await put({
      currency: 'NOK',
      pageSize: 50,
      showVat: false,
      contact: { email: 'prices@nordicsupply.example' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.values).to.deep.equal({
      currency: 'NOK',
      pageSize: 50,
      showVat: false,
      contact: { email: 'prices@nordicsupply.example' },
    });
    expect(r.body.stored).to.deep.equal(['contact', 'pageSize', 'showVat']);
    expect(r.body.updatedAt).to.be.a('string');
    expect(await echo()).to.deep.include({ pageSize: 50, showVat: false, currency: 'NOK' });
    const audit = await admin.get<{ items: Array<{ target: { id: string }; details: unknown }> }>(
      '/api/v1/audit?type=plugin.settings-changed',
    );
    expect(audit.body.items[0]).to.deep.include({
      target: { type: 'plugin', id: 'price-list' },
      details: { changed: ['contact', 'pageSize', 'showVat'], stored: ['contact', 'pageSize', 'showVat'] },
    });
  });

  it('tells the plugin through the event core.plugin-settings.changed', async () => {
    const { received } = (await import(fixture('price-list') + '/index.ts')) as {
      received: Array<{ payload: { pluginId: string; changed: string[] } }>;
    };
    const event = await waitFor(
      () => received.find((e) => e.payload.changed.includes('pageSize')),
      'the settings event',
    );
    expect(event.payload).to.deep.equal({
      pluginId: 'price-list',
      changed: ['contact', 'pageSize', 'showVat'],
    });
  });

  it('refuses values the schema does not allow, with the path of each field, and changes nothing', async () => {
    const r = await put({
      pageSize: 500,
      showVat: 'yes',
      contact: { email: 'not an address' },
      colour: 'red',
    });
    expect(r.status).to.equal(422);
    expect(r.headers.get('content-type')).to.include('application/problem+json');
    expect(r.body.errors!.map((e) => e.path)).to.have.members([
      '/pageSize',
      '/showVat',
      '/contact/email',
      '/colour',
    ]);
    expect(r.body.errors!.every((e) => e.in === 'body')).to.equal(true);
    expect((await echo()).pageSize).to.equal(50);
  });

  it('serves the settings form a validator module of the same dialect, which runs without eval in the page', async () => {
    const r = await admin.get<string>('/api/v1/plugins/price-list/settings/validator.js?lang=en');
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('text/javascript; charset=utf-8');
    expect(r.body).to.match(/^\/\/ Generated by Portico/);
    const etag = r.headers.get('etag')!;
    expect(
      (await admin.get('/api/v1/plugins/price-list/settings/validator.js?lang=en', { 'if-none-match': etag }))
        .status,
    ).to.equal(304);
    // Load it as the admin app does, with Ajv's runtime helpers handed in.
    const dir = mkdtempSync(path.join(tmpdir(), 'portico-validator-'));
    try {
      const file = path.join(dir, 'validator.mjs');
      writeFileSync(file, r.body);
      const mod = (await import(pathToFileURL(file).href)) as {
        default: (req: (id: string) => unknown) => ((data: unknown) => boolean) & {
          errors?: Array<{ instancePath: string; keyword: string }> | null;
        };
      };
      const validate = mod.default(createRequire(import.meta.url));
      expect(validate({ pageSize: 20, contact: { email: 'a@b.example' } })).to.equal(true);
      expect(validate({ pageSize: 500, apiKey: 'short', contact: { email: 'nope' }, colour: 1 })).to.equal(
        false,
      );
      expect(validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`)).to.have.members([
        '/pageSize maximum',
        '/apiKey minLength',
        '/contact/email format',
        ' additionalProperties',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await admin.get('/api/v1/plugins/reports/settings/validator.js')).status).to.equal(404);
    const customer = await t.login('admin@bergstrombygg.example');
    expect((await customer.get('/api/v1/plugins/price-list/settings/validator.js')).status).to.equal(403);
  });

  it('refuses a change of a setting config gives, and takes it unchanged', async () => {
    const r = await put({ currency: 'EUR', pageSize: 30 });
    expect(r.status).to.equal(422);
    expect(r.body.errors).to.deep.equal([
      {
        in: 'body',
        path: '/currency',
        message: 'is set in config (plugins[].settings) and cannot be changed here',
      },
    ]);
    expect((await echo()).currency).to.equal('NOK');
  });

  it('keeps a write-only secret out of every answer, and keeps it when a change leaves it out', async () => {
    const r = await put({ pageSize: 50, apiKey: 'erp-secret-123' });
    expect(r.status).to.equal(200);
    expect(r.body.values).to.not.have.property('apiKey');
    expect(JSON.stringify(r.body)).to.not.include('erp-secret-123');
    expect(await echo()).to.include({ hasApiKey: true, apiKeyLength: 14 });
    // Left out: kept. showVat left out: back to its default.
    expect((await put({ pageSize: 40 })).status).to.equal(200);
    expect(await echo()).to.include({ hasApiKey: true, pageSize: 40, showVat: true });
    const get = await admin.get<Settings>('/api/v1/plugins/price-list/settings');
    expect(JSON.stringify(get.body)).to.not.include('erp-secret-123');
    expect(get.body.stored).to.deep.equal(['apiKey', 'pageSize']);
  });

  it('lets the supplier’s editors read settings, and only core.plugin.manage change them', async () => {
    const editor = await t.login('editor@nordicsupply.example');
    expect((await editor.get('/api/v1/plugins/price-list/settings')).status).to.equal(200);
    expect((await put({ pageSize: 10 }, editor)).status).to.equal(403);
    expect((await editor.delete('/api/v1/plugins/price-list/settings')).status).to.equal(403);
    const customer = await t.login('admin@bergstrombygg.example');
    expect((await customer.get('/api/v1/plugins/price-list/settings')).status).to.equal(403);
    expect((await put({ pageSize: 10 }, customer)).status).to.equal(403);
  });

  it('answers 404 for a plugin without settings or that is not loaded', async () => {
    const none = await admin.get<Problem>('/api/v1/plugins/reports/settings');
    expect(none.status).to.equal(404);
    expect(none.body.detail).to.equal('The plugin "reports" declares no settings.');
    expect((await admin.put('/api/v1/plugins/reports/settings', {})).status).to.equal(404);
    expect((await admin.get('/api/v1/plugins/core/settings')).status).to.equal(404);
    expect((await admin.put('/api/v1/plugins/nope/settings', {})).status).to.equal(404);
    const helloSettings = await admin.get<Settings>('/api/v1/plugins/hello/settings');
    expect(helloSettings.body.values).to.deep.equal({ salutation: 'Hello' });
  });

  it('keeps the settings in the database: a restarted portal starts its plugins with them', async () => {
    const second = await startTestPortal({ plugins, config: t.sameData });
    try {
      const s = await second.login('user@bergstrombygg.example');
      expect((await s.get<Echo>('/api/v1/price-list/settings-echo')).body).to.include({
        pageSize: 40,
        hasApiKey: true,
        currency: 'NOK',
      });
    } finally {
      await second.stop();
    }
  });

  it('leaves out a stored value the schema no longer accepts, and keeps the others', async () => {
    await t.portal.db.sequelize.query('UPDATE portico_plugin_settings SET value = ? WHERE plugin_id = ?', {
      replacements: [JSON.stringify({ pageSize: 'many', showVat: false }), 'price-list'],
    });
    await t.portal.pluginAdmin.load(t.portal.db);
    expect(await echo()).to.include({ pageSize: 20, showVat: false });
  });

  it('resets to the defaults, config’s values staying', async () => {
    const r = await admin.delete<Settings>('/api/v1/plugins/price-list/settings');
    expect(r.status).to.equal(200);
    expect(r.body.values).to.deep.equal({ currency: 'NOK', pageSize: 20, showVat: true, contact: {} });
    expect(r.body.stored).to.deep.equal([]);
    expect(await echo()).to.include({ pageSize: 20, showVat: true, hasApiKey: false });
  });
});
