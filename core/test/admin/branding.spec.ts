import { crc32, deflateSync } from 'node:zlib';
import { expect } from 'chai';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { databaseName } from '../support.js';

interface Branding {
  portalName: string | null;
  defaultPortalName: string;
  primaryColor: string | null;
  secondaryColor: string | null;
  logoUrl: string | null;
  faviconUrl: string | null;
}
type Problem = { detail: string; errors?: Array<{ path: string; message: string }> };

/** A logo as designers hand them over: wide, transparent, with metadata that must not survive. */
function logo(width = 1600, height = 400): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 4, background: { r: 10, g: 92, b: 54, alpha: 0.5 } },
  })
    .withExif({ IFD0: { Copyright: 'Nordic Supply design team', Software: 'DrawThing 3' } })
    .png()
    .toBuffer();
}

/** A small PNG whose header declares `width`×`height` pixels of zeros: a decompression bomb. */
function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth; colour type 0 (grey)
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc((width + 1) * height), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe(`admin: the portal's branding (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;

  before(async () => {
    t = await startTestPortal({ demo: true, config: { portalName: 'Nordic Supply Portal' } });
    admin = await t.login('admin@nordicsupply.example');
  });
  after(() => t?.stop());

  const upload = (s: TestSession, slot: 'logo' | 'favicon', bytes: Buffer, type = 'image/png') =>
    s.put<Branding & Problem>(`/api/v1/branding/${slot}`, bytes, { 'content-type': type });

  async function fileRows(ownerType: string): Promise<string[]> {
    const rows = await t.portal.db.sequelize.query<{ id: string }>(
      'SELECT id FROM portico_files WHERE owner_type = ?',
      { replacements: [ownerType], type: QueryTypes.SELECT },
    );
    return rows.map((r) => r.id);
  }

  it('answers the branding to anyone, with the name from config until an admin sets one', async () => {
    const r = await t.anonymous().get<Branding>('/api/v1/branding');
    expect(r.status).to.equal(200);
    expect(r.body).to.include({ portalName: null, defaultPortalName: 'Nordic Supply Portal' });
    expect(r.headers.get('cache-control')).to.equal('no-cache');
  });

  it('sets colours and the portal name, normalises #rgb, and audits the change', async () => {
    const r = await admin.put<Branding>('/api/v1/branding', {
      primaryColor: '#0A5C36',
      secondaryColor: '#c53',
      portalName: '  Nordic Supply Customer Portal ',
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.include({
      primaryColor: '#0a5c36',
      secondaryColor: '#cc5533',
      portalName: 'Nordic Supply Customer Portal',
    });
    const pub = await t.anonymous().get<Branding>('/api/v1/branding');
    expect(pub.body).to.deep.equal(r.body);
    const audit = await admin.get<{ items: Array<{ type: string; details: { fields: string[] } }> }>(
      '/api/v1/audit?type=branding.updated',
    );
    expect(audit.body.items[0]!.details.fields).to.have.members([
      'primaryColor',
      'secondaryColor',
      'portalName',
    ]);
  });

  it('shows a change on the next page load although page data is kept for a second', async () => {
    const before = await t.portal.uiBootData();
    expect(before.portalName).to.equal('Nordic Supply Customer Portal');
    await admin.put('/api/v1/branding', {
      primaryColor: '#123456',
      secondaryColor: null,
      portalName: null,
    });
    const after = await t.portal.uiBootData();
    expect(after.portalName).to.equal('Nordic Supply Portal');
    expect(after.branding).to.include({ primaryColor: '#123456', secondaryColor: null, portalName: null });
  });

  it('refuses a colour that is not hex, naming the field', async () => {
    const r = await admin.put<Problem>('/api/v1/branding', {
      primaryColor: 'green',
      secondaryColor: null,
      portalName: null,
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors!.map((e) => e.path)).to.include('/primaryColor');
  });

  it('lets only holders of core.branding.manage change it', async () => {
    for (const email of ['editor@nordicsupply.example', 'admin@bergstrombygg.example']) {
      const s = await t.login(email);
      const body = { primaryColor: '#000000', secondaryColor: null, portalName: 'Mine' };
      expect((await s.put('/api/v1/branding', body)).status, email).to.equal(403);
      expect((await upload(s, 'logo', await logo())).status, email).to.equal(403);
      expect((await s.delete('/api/v1/branding/logo')).status, email).to.equal(403);
    }
    expect(
      (
        await t
          .anonymous()
          .put('/api/v1/branding', { primaryColor: null, secondaryColor: null, portalName: null })
      ).status,
    ).to.equal(401);
  });

  it('re-encodes an uploaded logo as WebP within 1200×360, transparent, without its metadata', async () => {
    const r = await upload(admin, 'logo', await logo());
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.logoUrl).to.match(/^\/api\/v1\/branding\/logo\?v=[0-9a-f]{8}$/);
    const res = await fetch(new URL(r.body.logoUrl!, t.url));
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/webp');
    expect(res.headers.get('cache-control')).to.equal('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).to.include({ format: 'webp', width: 1200, height: 300, hasAlpha: true });
    expect(meta.exif).to.equal(undefined);
    expect(bytes.toString('latin1')).to.not.include('DrawThing');

    // Revalidation: the ETag answers 304; the unversioned URL must be revalidated each time.
    const etag = res.headers.get('etag')!;
    const again = await fetch(new URL(r.body.logoUrl!, t.url), { headers: { 'if-none-match': etag } });
    expect(again.status).to.equal(304);
    const bare = await fetch(new URL('/api/v1/branding/logo', t.url));
    expect(bare.headers.get('cache-control')).to.equal('public, no-cache');
    expect(bare.headers.get('etag')).to.equal(etag);
    expect((await t.portal.uiBootData()).branding.logoUrl).to.equal(r.body.logoUrl);
  });

  it('replaces the logo and deletes the old file', async () => {
    const first = await fileRows('branding-logo');
    expect(first).to.have.length(1);
    const r = await upload(
      admin,
      'logo',
      await sharp(await logo(300, 100))
        .jpeg()
        .toBuffer(),
      'image/jpeg',
    );
    expect(r.status).to.equal(200);
    const second = await fileRows('branding-logo');
    expect(second).to.have.length(1);
    expect(second[0]).to.not.equal(first[0]);
    expect(r.body.logoUrl).to.include(`?v=${second[0]!.slice(0, 8)}`);
    // A small logo is not blown up.
    const meta = await sharp(
      Buffer.from(await (await fetch(new URL(r.body.logoUrl!, t.url))).arrayBuffer()),
    ).metadata();
    expect(meta).to.include({ width: 300, height: 100 });
  });

  it('makes a 192-pixel square PNG favicon whatever the proportions of the upload', async () => {
    const r = await upload(admin, 'favicon', await logo(400, 200));
    expect(r.status).to.equal(200);
    expect(r.body.faviconUrl).to.match(/^\/api\/v1\/branding\/favicon\?v=[0-9a-f]{8}$/);
    const res = await fetch(new URL(r.body.faviconUrl!, t.url));
    expect(res.headers.get('content-type')).to.equal('image/png');
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect(meta).to.include({ format: 'png', width: 192, height: 192, hasAlpha: true });
  });

  it('refuses SVG, a fake PNG and a decompression bomb, and keeps the logo', async () => {
    const before = (await t.anonymous().get<Branding>('/api/v1/branding')).body.logoUrl;
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><script>alert(1)</script></svg>',
    );
    expect((await upload(admin, 'logo', svg, 'image/svg+xml')).status).to.equal(415);
    const labelled = await upload(admin, 'logo', svg, 'image/png');
    expect(labelled.status).to.equal(422);
    expect(labelled.body.detail).to.include('not a JPEG, PNG, WebP or GIF');
    const fake = Buffer.concat([(await logo(10, 10)).subarray(0, 8), Buffer.alloc(300, 1)]);
    expect((await upload(admin, 'favicon', fake)).body.detail).to.include('starts like a PNG');
    const bomb = pngBomb(10000, 6000);
    expect(bomb.length).to.be.below(200_000);
    const refused = await upload(admin, 'logo', bomb);
    expect(refused.status).to.equal(422);
    expect(refused.body.detail).to.include('10000×6000').and.include('megapixels');
    expect((await t.anonymous().get<Branding>('/api/v1/branding')).body.logoUrl).to.equal(before);
  });

  it('removes the favicon: its URL answers 404 and its file is gone', async () => {
    const r = await admin.delete<Branding>('/api/v1/branding/favicon');
    expect(r.status).to.equal(200);
    expect(r.body.faviconUrl).to.equal(null);
    expect(await fileRows('branding-favicon')).to.deep.equal([]);
    expect((await t.anonymous().get('/api/v1/branding/favicon')).status).to.equal(404);
    expect((await t.portal.uiBootData()).branding.faviconUrl).to.equal(null);
  });
});
