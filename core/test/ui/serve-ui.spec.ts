import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { brotliDecompressSync } from 'node:zlib';
import { precompressAssets } from '../../src/ui/build-ui.js';
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
  // A chunk big enough to be worth compressing ahead, as `portico build` leaves it.
  writeFileSync(path.join(dir, 'dist', 'assets', `${marker}-chunk.js`), bigChunk(marker));
}

const bigChunk = (marker: string) =>
  Array.from({ length: 400 }, (_, i) => `export const ${marker.replace(/\W/g, '_')}${i} = ${i};`).join('\n');

const cookieName = 'portico_session';

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
    await precompressAssets(path.join(root, 'node_modules', '@portico', 'portal-ui', 'dist', 'assets'));
    t = await startTestPortal({
      root,
      plugins: [hello],
      demo: true,
      // A name that tries to end the boot script and inject markup must come out inert.
      config: { portalName: 'Acme </script><script>alert(1)</script> & Co', defaultLanguage: 'sv' },
    });
  });
  /** The boot data of the portal page requested with `cookie`. */
  const session = async (cookie: string) =>
    bootOf(await (await fetch(t.url, { headers: { cookie, accept: 'text/html' } })).text());

  after(async () => {
    await t.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the portal app at / with the boot data, and the app routes any deep link in the browser', async () => {
    for (const url of ['/', '/news/42', '/profile?tab=security']) {
      const res = await fetch(`${t.url}${url}`, { headers: { Accept: 'text/html' } });
      expect(res.status, url).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^text\/html/);
      expect(res.headers.get('cache-control')).to.equal('private, no-cache');
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
    const anonymous = bootOf(await (await fetch(t.url)).text());
    expect(anonymous.session).to.equal(false);
    expect(anonymous).not.to.have.property('me');
  });

  it("writes the logged-in person's GET /me answer and language into the page, private to them", async () => {
    const session = await t.login('user@bergstrombygg.example');
    const me = (await session.get<Record<string, unknown>>('/api/v1/me')).body;
    for (const url of ['/', '/news/42', '/admin/']) {
      const res = await session.get<string>(url, { accept: 'text/html' });
      expect(res.headers.get('cache-control'), url).to.equal('private, no-cache');
      expect(res.headers.get('vary'), url).to.match(/cookie/i);
      const boot = bootOf(res.body);
      expect(boot.me, url).to.deep.equal(me);
      expect(boot.language, url).to.equal('sv');
      expect(res.body, url).to.match(/<html[^>]* lang="sv"/);
    }
  });

  it("never gives one person's page data of another, nor of anyone to a stale cookie", async () => {
    const [bergstrom, lindqvist] = await Promise.all([
      t.login('user@bergstrombygg.example'),
      t.login('user@lindqvist.example'),
    ]);
    // Interleaved, many times: a cache of pages keyed without the session would show here.
    for (let i = 0; i < 5; i++) {
      const [a, b] = await Promise.all(
        [bergstrom, lindqvist].map(async (s) =>
          bootOf((await s.get<string>('/', { accept: 'text/html' })).body),
        ),
      );
      type Person = { user: { email: string } };
      const [meA, meB] = [a!.me as Person, b!.me as Person];
      expect(meA.user.email).to.equal('user@bergstrombygg.example');
      expect(meB.user.email).to.equal('user@lindqvist.example');
      expect(JSON.stringify(a)).not.to.include('lindqvist');
      expect(JSON.stringify(b)).not.to.include('bergstrombygg');
      expect(b!.language).to.equal('en');
    }
    const stale = await session(`${cookieName}=not-a-session`);
    expect(stale.session).to.equal(true);
    expect(stale.me).to.equal(null);
    expect(stale).not.to.have.property('language');
    const loggedOut = await t.login('user@bergstrombygg.example');
    const cookie = loggedOut.cookie!;
    expect((await loggedOut.post('/api/v1/auth/logout')).status).to.be.lessThan(300);
    expect((await session(cookie)).me).to.equal(null);
  });

  it("keeps a person's own words inert in the page: no markup, no script end, no line separator", async () => {
    const s = await t.login('admin@lindqvist.example');
    const name = "Eva </script><script>alert(1)</script> $' $& $` <!-- \u2028\u2029 Lind";
    const patched = await s.patch('/api/v1/me', { name });
    expect(patched.status, JSON.stringify(patched.body)).to.equal(200);
    const html = (await s.get<string>('/', { accept: 'text/html' })).body;
    const script = /<script id="portico-boot" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
    expect(script).not.to.match(/<\/?script|<!--|\u2028|\u2029/i);
    expect(html).not.to.include('<script>alert(1)</script>');
    const boot = JSON.parse(script) as { me: { user: { name: string } } };
    expect(boot.me.user.name).to.equal(name);
    // The rest of the page is intact after the boot data ("$'" spliced in nothing).
    expect(html.match(/<script/g)).to.have.length(2);
    expect(html).to.include('<div id="root">');
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

  it('sends the brotli copy the build made of an asset to browsers that take brotli, the file itself to others', async () => {
    const url = `${t.url}/assets/portal-entry-chunk.js`;
    // node:http, not fetch, which would undo the encoding.
    const br = await new Promise<{ headers: IncomingHttpHeaders; status?: number; body: Buffer }>(
      (resolve, reject) =>
        httpGet(url, { headers: { 'accept-encoding': 'gzip, deflate, br' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ headers: res.headers, status: res.statusCode, body: Buffer.concat(chunks) }),
          );
        }).on('error', reject),
    );
    expect(br.status).to.equal(200);
    expect(br.headers['content-encoding']).to.equal('br');
    expect(br.headers['content-type']).to.match(/javascript/);
    expect(br.headers['cache-control']).to.match(/max-age=31536000/);
    expect(br.headers.vary).to.match(/accept-encoding/i);
    expect(brotliDecompressSync(br.body).toString()).to.equal(bigChunk('portal-entry'));
    const plain = await fetch(url, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).to.equal(null);
    expect(await plain.text()).to.equal(bigChunk('portal-entry'));
    // Assets without a brotli copy (too small to gain) are sent as before.
    const small = await fetch(`${t.url}/assets/portal-entry.js`, { headers: { 'accept-encoding': 'br' } });
    expect(await small.text()).to.include('portal-entry');
  });

  it('gives a page without a favicon of its own an empty one, so the browser asks for no /favicon.ico', async () => {
    const html = await (await fetch(t.url)).text();
    expect(html).to.include('<link rel="icon" href="data:," />');
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
