import { existsSync } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { expect } from 'chai';
import sharp from 'sharp';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';

type Me = { user: { id: string; avatarUrl: string | null } };
type Problem = { status: number; title: string; detail: string };

/** A photo as phones make them: EXIF with the camera and the GPS position where it was taken. */
function photo(format: 'png' | 'jpeg' | 'gif', width = 600, height = 400): Promise<Buffer> {
  const image = sharp({
    create: { width, height, channels: 3, background: { r: 180, g: 40, b: 30 } },
  }).withExif({
    IFD0: { Make: 'PhoneMaker', Model: 'Pocket 9', Copyright: 'Anna Bergström' },
    IFD3: {
      GPSLatitudeRef: 'N',
      GPSLatitude: '59/1 19/1 4/1',
      GPSLongitudeRef: 'E',
      GPSLongitude: '18/1 4/1 7/1',
    },
  });
  return (format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.gif()).toBuffer();
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

describe('identity: profile pictures', function () {
  this.timeout(60_000);
  let t: TestPortal;

  before(async () => {
    t = await startTestPortal({ demo: true, config: { files: { avatarMaxBytes: 1_000_000 } } });
  });
  after(() => t?.stop());

  const upload = (s: TestSession, bytes: Buffer, type = 'image/png') =>
    s.put<Me & Problem>('/api/v1/me/avatar', bytes, { 'content-type': type });

  async function avatarFileId(email: string): Promise<string | null> {
    const [row] = await t.portal.db.sequelize.query<{ avatar_file_id: string | null }>(
      'SELECT avatar_file_id FROM portico_users WHERE email = ?',
      { replacements: [email], type: QueryTypes.SELECT },
    );
    return row!.avatar_file_id;
  }

  async function fileCount(): Promise<number> {
    const [row] = await t.portal.db.sequelize.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM portico_files',
      {
        type: QueryTypes.SELECT,
      },
    );
    return Number(row!.n);
  }

  function pathOnDisk(fileId: string): string {
    const dataDir = t.sameData.dataDir as string;
    return path.join(dataDir, 'files', fileId.slice(0, 2), fileId.slice(2, 4), fileId);
  }

  it('turns an uploaded PNG into a 256-pixel square WebP without its EXIF and GPS data', async () => {
    const s = await t.login('user@bergstrombygg.example');
    const png = await photo('png');
    expect((await sharp(png).metadata()).exif?.toString('latin1')).to.include('PhoneMaker');

    const r = await upload(s, png);
    expect(r.status).to.equal(200);
    expect(r.body.user.avatarUrl).to.match(
      new RegExp(`^/api/v1/users/${r.body.user.id}/avatar\\?v=[0-9a-f]{8}$`),
    );
    const me = await s.get<Me>('/api/v1/me');
    expect(me.body.user.avatarUrl).to.equal(r.body.user.avatarUrl);

    const res = await fetch(new URL(r.body.user.avatarUrl!, t.url), { headers: { cookie: s.cookie! } });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/webp');
    expect(res.headers.get('cache-control')).to.match(/^private, max-age=\d+/);
    expect(res.headers.get('etag')).to.match(/^"[0-9a-f-]{36}"$/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect(meta).to.include({ format: 'webp', width: 256, height: 256 });
    expect(meta.exif).to.equal(undefined);
    expect(meta.xmp).to.equal(undefined);
    expect(bytes.toString('latin1')).to.not.include('PhoneMaker').and.not.include('Bergström');

    // The browser asks again with the ETag and gets 304 without the picture.
    const again = await fetch(new URL(r.body.user.avatarUrl!, t.url), {
      headers: { cookie: s.cookie!, 'if-none-match': res.headers.get('etag')! },
    });
    expect(again.status).to.equal(304);
  });

  it('replaces the picture with a JPEG and deletes the old file and its bytes', async () => {
    const email = 'admin@bergstrombygg.example';
    const s = await t.login(email);
    expect((await upload(s, await photo('png'))).status).to.equal(200);
    const first = (await avatarFileId(email))!;
    expect(existsSync(pathOnDisk(first))).to.equal(true);
    const files = await fileCount();

    const r = await upload(s, await photo('jpeg', 400, 900), 'image/jpeg');
    expect(r.status).to.equal(200);
    const second = (await avatarFileId(email))!;
    expect(second).to.not.equal(first);
    expect(r.body.user.avatarUrl).to.include(`?v=${second.slice(0, 8)}`);
    expect(existsSync(pathOnDisk(first))).to.equal(false);
    expect(existsSync(pathOnDisk(second))).to.equal(true);
    expect(await fileCount()).to.equal(files);
    const img = await s.get<string>(r.body.user.avatarUrl!);
    expect(img.status).to.equal(200);
  });

  it('accepts a GIF too', async () => {
    const s = await t.login('editor@nordicsupply.example');
    const r = await upload(s, await photo('gif', 64, 64), 'image/gif');
    expect(r.status).to.equal(200);
    expect(r.body.user.avatarUrl).to.be.a('string');
  });

  it('refuses a text file labelled image/png with 422 and keeps the old picture', async () => {
    const email = 'user@lindqvist.example';
    const s = await t.login(email);
    await upload(s, await photo('png'));
    const before = await avatarFileId(email);
    const files = await fileCount();

    const r = await upload(s, Buffer.from('hello, I am certainly a picture\n'.repeat(20)));
    expect(r.status).to.equal(422);
    expect(r.headers.get('content-type')).to.include('application/problem+json');
    expect(r.body.detail).to.include('not a JPEG, PNG, WebP or GIF');

    // Real pictures of other formats, and a PNG header on garbage, are refused the same way.
    const tiff = await sharp({ create: { width: 40, height: 40, channels: 3, background: 'white' } })
      .tiff()
      .toBuffer();
    expect((await upload(s, tiff, 'image/jpeg')).status).to.equal(422);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>');
    expect((await upload(s, svg)).status).to.equal(422);
    const fake = Buffer.concat([(await photo('png')).subarray(0, 8), Buffer.alloc(200, 7)]);
    const broken = await upload(s, fake);
    expect(broken.status).to.equal(422);
    expect(broken.body.detail).to.include('starts like a PNG');
    expect((await upload(s, Buffer.alloc(0))).status).to.equal(422);

    expect(await avatarFileId(email)).to.equal(before);
    expect(await fileCount()).to.equal(files);
    expect(
      (await s.get(`/api/v1/users/${(await s.get<Me>('/api/v1/me')).body.user.id}/avatar`)).status,
    ).to.equal(200);
  });

  it('refuses a decompression bomb by its pixel count before decoding it', async () => {
    const s = await t.login('user@lindqvist.example');
    const before = await avatarFileId('user@lindqvist.example');
    const bomb = pngBomb(8000, 8000);
    expect(bomb.length).to.be.below(100_000);
    const r = await upload(s, bomb);
    expect(r.status).to.equal(422);
    expect(r.body.detail).to.include('8000×8000').and.include('megapixels');
    expect(await avatarFileId('user@lindqvist.example')).to.equal(before);
  });

  it('refuses an upload over files.avatarMaxBytes with 413', async () => {
    const s = await t.login('user@lindqvist.example');
    const before = await avatarFileId('user@lindqvist.example');
    const big = Buffer.concat([await photo('png'), Buffer.alloc(1_100_000)]);
    const r = await upload(s, big);
    expect(r.status).to.equal(413);
    expect(r.body.detail).to.include('larger than the limit of 976.6 kB');
    expect(await avatarFileId('user@lindqvist.example')).to.equal(before);
  });

  it('refuses a body that is not sent as an image type with 415', async () => {
    const s = await t.login('user@lindqvist.example');
    const before = await avatarFileId('user@lindqvist.example');
    for (const type of ['application/octet-stream', 'image/svg+xml', 'application/json']) {
      const r = await upload(s, await photo('png'), type);
      expect(r.status, type).to.equal(415);
      expect(r.body.detail).to.include('image/jpeg, image/png, image/webp, image/gif');
    }
    expect(await avatarFileId('user@lindqvist.example')).to.equal(before);
  });

  it('shows a picture to colleagues and provider staff, and to nobody at another customer', async () => {
    const owner = await t.login('user@bergstrombygg.example');
    await upload(owner, await photo('png'));
    const url = (await owner.get<Me>('/api/v1/me')).body.user.avatarUrl!;

    const colleague = await t.login('admin@bergstrombygg.example');
    expect((await colleague.get(url)).status).to.equal(200);
    const provider = await t.login('admin@nordicsupply.example');
    expect((await provider.get(url)).status).to.equal(200);

    const stranger = await t.login('admin@lindqvist.example');
    const refused = await stranger.get<Problem>(url);
    expect(refused.status).to.equal(404);
    expect(refused.body.detail).to.equal('No such user.');
    // The same answer as for a user that does not exist: ids cannot be probed.
    const none = await stranger.get<Problem>('/api/v1/users/00000000-0000-4000-8000-000000000000/avatar');
    expect(none.status).to.equal(404);
    expect(none.body.detail).to.equal(refused.body.detail);
    expect((await t.anonymous().get(url)).status).to.equal(401);
  });

  it('removes the picture: the user has no avatarUrl and the file is gone', async () => {
    const email = 'editor@nordicsupply.example';
    const s = await t.login(email);
    await upload(s, await photo('png'));
    const fileId = (await avatarFileId(email))!;
    const me = await s.get<Me>('/api/v1/me');
    const r = await s.delete<Me>('/api/v1/me/avatar');
    expect(r.status).to.equal(200);
    expect(r.body.user.avatarUrl).to.equal(null);
    expect(await avatarFileId(email)).to.equal(null);
    expect(existsSync(pathOnDisk(fileId))).to.equal(false);
    const gone = await s.get<Problem>(me.body.user.avatarUrl!);
    expect(gone.status).to.equal(404);
    expect(gone.body.detail).to.equal('This user has no profile picture.');
    // Removing no picture is fine too.
    expect((await s.delete('/api/v1/me/avatar')).status).to.equal(200);
  });
});
