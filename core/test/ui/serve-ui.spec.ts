import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { databaseName } from '../support.js';

const hello = fileURLToPath(new URL('../../../plugins/hello', import.meta.url));

/** A built app as Vite leaves it, installed under the app root's node_modules. */
function installApp(root: string, packageName: string, marker: string): void {
  const dir = path.join(root, 'node_modules', ...packageName.split('/'));
  mkdirSync(path.join(dir, 'dist', 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: packageName, version: '0.0.0' }));
  writeFileSync(
    path.join(dir, 'dist', 'index.html'),
    `<!doctype html><html><head><title>x</title><!--portico-head--><script type="module" src="/assets/${marker}.js"></script></head><body><div id="root"></div></body></html>`,
  );
  writeFileSync(path.join(dir, 'dist', 'assets', `${marker}.js`), `console.log(${JSON.stringify(marker)});`);
}

function bootOf(html: string): Record<string, unknown> {
  const m = /<script id="portico-boot" type="application\/json">(.*?)<\/script>/s.exec(html);
  expect(m, html).to.not.equal(null);
  return JSON.parse(m![1]!) as Record<string, unknown>;
}

describe(`Serving the portal and admin apps (${databaseName})`, () => {
  let t: TestPortal;
  let root: string;

  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'portico-ui-'));
    installApp(root, '@portico/portal-ui', 'portal-entry');
    installApp(root, '@portico/admin-ui', 'admin-entry');
    t = await startTestPortal({
      root,
      plugins: [hello],
      demo: true,
      // A name that tries to end the boot script and inject markup must come out inert.
      config: { portalName: 'Acme </script><script>alert(1)</script> & Co', defaultLanguage: 'sv' },
    });
  });
  after(async () => {
    await t.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the portal app at / with the boot data, and the app routes any deep link in the browser', async () => {
    for (const url of ['/', '/news/42', '/profile?tab=security']) {
      const res = await fetch(`${t.url}${url}`, { headers: { Accept: 'text/html' } });
      expect(res.status, url).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(res.headers.get('cache-control')).to.equal('no-cache');
      const html = await res.text();
      expect(html).to.include('/assets/portal-entry.js');
      const boot = bootOf(html);
      expect(boot).to.include({ defaultLanguage: 'sv', base: '/', session: false });
      expect(boot.languages).to.include.members(['en', 'sv']);
      expect(boot.plugins).to.deep.equal(['hello']);
    }
  });

  it('writes the portal name into the page as text, never as markup', async () => {
    const html = await (await fetch(t.url)).text();
    expect(html).not.to.include('<script>alert(1)</script>');
    expect(html).to.include(
      '<title>Acme &#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co</title>',
    );
    expect(bootOf(html).portalName).to.equal('Acme </script><script>alert(1)</script> & Co');
  });

  it('tells the page whether a session cookie came, so the login page needs no request', async () => {
    const session = await t.login('user@bergstrombygg.example');
    const res = await session.get<string>('/', { accept: 'text/html' });
    expect(bootOf(res.body).session).to.equal(true);
  });

  it('serves the admin app under /admin/ and sends /admin there', async () => {
    const bare = await fetch(`${t.url}/admin?x=1`, { redirect: 'manual' });
    expect(bare.status).to.equal(301);
    expect(bare.headers.get('location')).to.equal('/admin/?x=1');
    for (const url of ['/admin/', '/admin/users/7']) {
      const res = await fetch(`${t.url}${url}`);
      expect(res.status, url).to.equal(200);
      const html = await res.text();
      expect(html).to.include('/assets/admin-entry.js');
      expect(bootOf(html).base).to.equal('/admin/');
    }
  });

  it('serves hashed assets for a year and answers 404 for a missing one instead of the page', async () => {
    const asset = await fetch(`${t.url}/assets/portal-entry.js`);
    expect(asset.status).to.equal(200);
    expect(asset.headers.get('cache-control')).to.match(/max-age=31536000/);
    expect(asset.headers.get('content-type')).to.match(/javascript/);
    expect((await fetch(`${t.url}/assets/missing.js`)).status).to.equal(404);
    expect((await fetch(`${t.url}/admin/assets/admin-entry.js`)).status).to.equal(200);
    expect((await fetch(`${t.url}/admin/assets/missing.js`)).status).to.equal(404);
  });

  it('leaves the API, its documents and the health checks to the kernel', async () => {
    const api = await fetch(`${t.url}/api/nothing`, { headers: { Accept: 'text/html' } });
    expect(api.status).to.equal(404);
    expect(api.headers.get('content-type')).to.match(/problem\+json/);
    expect((await fetch(`${t.url}/healthz`)).status).to.equal(200);
    const spec = await fetch(`${t.url}/api/openapi.json`);
    expect(spec.headers.get('content-type')).to.match(/json/);
  });

  it('sends the pages with a content security policy that allows no inline script', async () => {
    const res = await fetch(t.url);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).to.match(/script-src 'self'/);
    expect(csp).not.to.match(/script-src[^;]*unsafe-inline/);
  });
});
