import { expect } from 'chai';
import { startTestPortal, type TestPortalOptions } from '@portico/core/testing';
import { call, databaseName, fixture } from './support.js';

describe(`plugin loader (${databaseName})`, () => {
  async function refusal(plugins: NonNullable<TestPortalOptions['plugins']>): Promise<string> {
    try {
      const p = await startTestPortal({ plugins });
      await p.stop();
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error('the portal started, but it should have refused');
  }

  it('refuses a plugin whose dependency is not configured, naming both and the fix', async () => {
    const message = await refusal([fixture('needs-missing')]);
    expect(message).to.include('Plugin "needs-missing" depends on plugin "billing"');
    expect(message).to.include('Add the package that provides "billing"');
  });

  it('refuses plugins that depend on each other in a circle, showing the circle', async () => {
    const message = await refusal([fixture('cycle-a'), fixture('cycle-b')]);
    expect(message).to.match(/circle: cycle-(a|b) -> cycle-(a|b) -> cycle-(a|b)/);
  });

  it('refuses a plugin made for another core version, naming its range and this core', async () => {
    const message = await refusal([fixture('future-core')]);
    expect(message).to.include('Plugin "future-core"');
    expect(message).to.include('works with @portico/core ^9.0.0, but this is core 0.1.0');
  });

  it('refuses a plugin that takes the kernel\'s own id "core"', async () => {
    expect(await refusal([fixture('core-id')])).to.include('uses the id "core", which is the kernel\'s own');
  });

  it('refuses a plugin path that does not exist', async () => {
    const message = await refusal(['./no/such/plugin']);
    expect(message).to.include('not found').and.include('Check the path in "plugins" in config');
  });

  it('refuses an npm package that is not installed, saying how to install it', async () => {
    const message = await refusal(['@acme/portico-plugin-nothing']);
    expect(message).to.include('npm install @acme/portico-plugin-nothing');
  });

  it('stops the portal when a required plugin throws in register, with its name in the message', async () => {
    const message = await refusal([fixture('throws-register')]);
    expect(message)
      .to.include('Plugin "throws-register"')
      .and.include('failed in register: the ERP address is not configured');
  });

  it('stops the portal when a required plugin throws in start', async () => {
    const message = await refusal([fixture('throws-start')]);
    expect(message).to.include('Plugin "throws-start"').and.include('failed in start: cannot reach the ERP');
  });

  it('refuses a plugin that stores personal data without a GDPR handler', async () => {
    const message = await refusal([fixture('personal-no-gdpr')]);
    expect(message).to.include('personal_no_gdpr_contacts (email)').and.include('gdprProviderPoint');
  });

  it('starts without an optional plugin that fails, and /readyz says so', async () => {
    const portal = await startTestPortal({
      plugins: [
        fixture('ledger'),
        { package: fixture('throws-register'), optional: true },
        { package: fixture('throws-start'), optional: true },
      ],
    });
    try {
      const ready = await call<{
        status: string;
        plugins: Record<string, { state: string; error?: string }>;
      }>(`${portal.url}/readyz`);
      expect(ready.status).to.equal(200);
      expect(ready.body.status).to.equal('degraded');
      expect(ready.body.plugins.ledger!.state).to.equal('started');
      expect(ready.body.plugins['throws-register']!.state).to.equal('failed');
      expect(ready.body.plugins['throws-register']!.error).to.include('the ERP address is not configured');
      expect(ready.body.plugins['throws-start']!.error).to.include('cannot reach the ERP');
      // Routes of a plugin that failed in start answer 503 instead of running half-started code.
      const down = await call(`${portal.url}/api/v1/throws-start`);
      expect(down.status).to.equal(503);
      expect(down.headers.get('content-type')).to.include('application/problem+json');
      expect(down.body.detail).to.include('"throws-start" is not available');
      // Routes of a plugin that failed in register are never mounted.
      expect((await call(`${portal.url}/api/v1/throws-register`)).status).to.equal(404);
      expect((await call(`${portal.url}/api/v1/ledger/entries`)).status).to.equal(200);
    } finally {
      await portal.stop();
    }
  });

  it("stops the portal when a required plugin's migration fails, and leaves out an optional one", async () => {
    const message = await refusal([fixture('bad-migration')]);
    expect(message)
      .to.include('Plugin "bad-migration"')
      .and.include('failed in its migrations')
      .and.include('a_table_that_does_not_exist');

    const portal = await startTestPortal({
      plugins: [{ package: fixture('bad-migration'), optional: true }, fixture('ledger')],
    });
    try {
      const ready = await call<{ status: string; plugins: Record<string, { state: string }> }>(
        `${portal.url}/readyz`,
      );
      expect(ready.body.status).to.equal('degraded');
      expect(ready.body.plugins['bad-migration']!.state).to.equal('failed');
      expect(ready.body.plugins.ledger!.state).to.equal('started');
    } finally {
      await portal.stop();
    }
  });

  it('starts plugins after what they depend on and lets them use each other through service tokens', async () => {
    // Listed dependent-first on purpose: the loader must reorder.
    const portal = await startTestPortal({ plugins: [fixture('ledger-audit'), fixture('ledger')] });
    try {
      expect(portal.portal.plugins.map((r) => r.id)).to.deep.equal(['ledger', 'ledger-audit']);
      await call(`${portal.url}/api/v1/ledger/entries`, { body: { amount: 40, note: 'a' } });
      await call(`${portal.url}/api/v1/ledger/entries`, { body: { amount: 2, note: 'b' } });
      const total = await call(`${portal.url}/api/v1/ledger-audit/total`);
      expect(total.body).to.deep.equal({ total: 42 });
    } finally {
      await portal.stop();
    }
  });

  it('serves a route under a second API root the manifest claims, and lists it in OpenAPI', async () => {
    const portal = await startTestPortal({ plugins: [fixture('catalog')] });
    try {
      const product = await call(`${portal.url}/api/v1/products/A-100`);
      expect(product.body).to.deep.equal({ sku: 'A-100', from: 'products root' });
      expect((await call(`${portal.url}/api/v1/catalog/status`)).body).to.deep.equal({ ok: true });
      expect((await call(`${portal.url}/api/v1/catalog/A-100`)).status).to.equal(404);
      const doc = await call<{ paths: Record<string, unknown> }>(`${portal.url}/api/openapi.json`);
      expect(doc.body.paths).to.have.property('/api/v1/products/{sku}');
    } finally {
      await portal.stop();
    }
  });

  it('refuses two plugins that claim the same API root, naming both', async () => {
    const message = await refusal([fixture('catalog'), fixture('catalog-rival')]);
    expect(message).to.include('claims the API path /api/v1/products').and.include('plugin "catalog"');
  });

  it('refuses a route under an API root the manifest does not claim, saying where to add it', async () => {
    const message = await refusal([fixture('catalog-rival')]);
    expect(message).to.include('add "offers" to "apiRoots"');
  });

  it('validates plugin settings from config and fills their defaults', async () => {
    const message = await refusal([{ package: fixture('ledger'), settings: { maxAmount: 'lots' } }]);
    expect(message)
      .to.include('Settings of plugin "ledger" are invalid')
      .and.include('/maxAmount: must be of type integer');

    const portal = await startTestPortal({
      plugins: [{ package: fixture('ledger'), settings: { maxAmount: 10 } }],
    });
    try {
      const tooMuch = await call(`${portal.url}/api/v1/ledger/entries`, { body: { amount: 11, note: 'x' } });
      expect(tooMuch.status).to.equal(422);
      expect(tooMuch.body.detail).to.equal('amount may be at most 10');
    } finally {
      await portal.stop();
    }
  });
});
