import { crc32 } from 'node:zlib';
import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import type { Article, ArticleView, Attachment, Page, TagCount } from '@portico/plugin-news';

const news = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

type Problem = { detail: string; errors?: Array<{ path: string }> };

/** A photo as phones make them: EXIF with the camera, the author and the GPS position. */
function photo(format: 'png' | 'jpeg' | 'gif', width = 2400, height = 1200): Promise<Buffer> {
  const image = sharp({
    create: { width, height, channels: 3, background: { r: 20, g: 90, b: 160 } },
  }).withExif({
    IFD0: { Make: 'PhoneMaker', Copyright: 'Anna Bergström' },
    IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '59/1 19/1 4/1' },
  });
  return (format === 'png' ? image.png() : format === 'jpeg' ? image.jpeg() : image.gif()).toBuffer();
}

const pdf = (text = 'price list') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);

/** A ZIP of stored (uncompressed) entries: enough to build a .docx-shaped file in a test. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const data = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const docx = () =>
  zip({
    '[Content_Types].xml': '<Types/>',
    'word/document.xml': '<w:document/>',
  });

describe(`news: pictures, attachments and tags (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let editor: TestSession;
  let bergstrom: TestSession;
  let lindqvist: TestSession;

  /** A published article for everyone (or `audience`), in English and Swedish. */
  const publishedArticle = async (title: string, extra: Record<string, unknown> = {}) => {
    const r = await editor.post<Article>('/api/v1/news/admin/articles', {
      defaultLanguage: 'en',
      translations: [
        { language: 'en', title, lead: 'In short', imageAlt: `${title}: the picture` },
        { language: 'sv', title: `${title} (sv)`, lead: 'Kort', imageAlt: `${title}: bilden` },
      ],
      ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect((await editor.post(`/api/v1/news/admin/articles/${r.body.id}/publish`)).status).to.equal(200);
    return r.body;
  };
  const uploadImage = (id: string, bytes: Buffer, type = 'image/png', s = editor) =>
    s.put<Article & Problem>(`/api/v1/news/admin/articles/${id}/image`, bytes, { 'content-type': type });
  const attach = (id: string, bytes: Buffer, name: string, type = 'application/pdf', language?: string) =>
    editor.post<Attachment & Problem>(
      `/api/v1/news/admin/articles/${id}/attachments?name=${encodeURIComponent(name)}${language ? `&language=${language}` : ''}`,
      bytes,
      { 'content-type': type },
    );
  /** Fetches bytes with a session's cookie (TestSession reads answers as text). */
  const download = async (s: TestSession, url: string, headers: Record<string, string> = {}) => {
    const res = await fetch(new URL(url, t.url), { headers: { cookie: s.cookie!, ...headers } });
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const fileRecord = async (id: string) =>
    (
      await t.portal.db.sequelize.query<{ id: string }>('SELECT id FROM portico_files WHERE id = ?', {
        replacements: [id],
        type: QueryTypes.SELECT,
      })
    )[0];
  const viewAs = async (s: TestSession, id: string) => {
    const r = await s.get<ArticleView>(`/api/v1/news/articles/${id}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };

  before(async () => {
    t = await startTestPortal({
      plugins: [{ package: news, settings: { imageMaxBytes: 400_000, attachmentMaxBytes: 100_000 } }],
      demo: true,
    });
    editor = await t.login('editor@nordicsupply.example');
    bergstrom = await t.login('user@bergstrombygg.example');
    lindqvist = await t.login('user@lindqvist.example');
  });
  after(() => t?.stop());

  it("stores an article's picture as WebP, scaled down and without metadata, and shows it to readers", async () => {
    const a = await publishedArticle('With a picture');
    const r = await uploadImage(a.id, await photo('jpeg'), 'image/jpeg');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.imageUrl).to.match(
      new RegExp(`^/api/v1/news/admin/articles/${a.id}/image\\?v=[0-9a-f]{8}$`),
    );

    const item = (await bergstrom.get<Page<ArticleView>>('/api/v1/news/feed?limit=100')).body.items.find(
      (i) => i.id === a.id,
    )!;
    expect(item.imageUrl).to.equal(
      `/api/v1/news/articles/${a.id}/image?v=${r.body.imageFileId!.slice(0, 8)}`,
    );
    // Bergström's user reads Swedish: the Swedish text alternative.
    expect(item.imageAlt).to.equal('With a picture: bilden');

    const { res, bytes } = await download(bergstrom, item.imageUrl!);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.equal('image/webp');
    expect(res.headers.get('cache-control')).to.match(/immutable/);
    const meta = await sharp(bytes).metadata();
    expect(meta).to.include({ format: 'webp', width: 1600, height: 800 });
    expect(meta.exif).to.equal(undefined);
    expect(bytes.toString('latin1')).to.not.include('PhoneMaker').and.not.include('Bergstr');
    const again = await download(bergstrom, item.imageUrl!, { 'if-none-match': res.headers.get('etag')! });
    expect(again.res.status).to.equal(304);
    // The editor sees it through the editors' route too.
    expect((await download(editor, r.body.imageUrl!)).res.status).to.equal(200);
  });

  it('replaces a picture and deletes the old file; removes it when the article leaves it out', async () => {
    const a = await publishedArticle('Replaced picture');
    const first = (await uploadImage(a.id, await photo('png', 800, 600))).body.imageFileId!;
    const second = await uploadImage(a.id, await photo('gif', 300, 200), 'image/gif');
    expect(second.status).to.equal(200);
    expect(second.body.imageFileId).to.not.equal(first);
    expect(await fileRecord(first)).to.equal(undefined);

    // A PUT that keeps the picture names it; one that leaves it out removes it and its file.
    const body = {
      defaultLanguage: 'en',
      imageFileId: second.body.imageFileId,
      translations: [{ language: 'en', title: 'Kept', imageAlt: 'A blue square' }],
    };
    const kept = await editor.put<Article>(`/api/v1/news/admin/articles/${a.id}`, body);
    expect(kept.body).to.include({ imageFileId: second.body.imageFileId });
    expect(kept.body.translations[0]).to.include({ imageAlt: 'A blue square' });
    const dropped = await editor.put<Article>(`/api/v1/news/admin/articles/${a.id}`, {
      ...body,
      imageFileId: null,
    });
    expect(dropped.body).to.include({ imageFileId: null, imageUrl: null });
    expect(await fileRecord(second.body.imageFileId!)).to.equal(undefined);
    expect((await bergstrom.get(`/api/v1/news/articles/${a.id}/image`)).status).to.equal(404);
  });

  it('refuses an article naming a file that is not its own picture, with 422 on /imageFileId', async () => {
    const other = await publishedArticle('Owner of a picture');
    const fileId = (await uploadImage(other.id, await photo('png', 200, 200))).body.imageFileId!;
    const created = await editor.post<Problem>('/api/v1/news/admin/articles', {
      defaultLanguage: 'en',
      imageFileId: fileId,
      translations: [{ language: 'en', title: 'Borrowing' }],
    });
    expect(created.status).to.equal(422);
    expect(created.body.errors!.map((e) => e.path)).to.deep.equal(['/imageFileId']);
    const a = await publishedArticle('Borrower');
    const put = await editor.put<Problem>(`/api/v1/news/admin/articles/${a.id}`, {
      defaultLanguage: 'en',
      imageFileId: fileId,
      translations: [{ language: 'en', title: 'Borrowing' }],
    });
    expect(put.status).to.equal(422);
    expect(put.body.errors!.map((e) => e.path)).to.deep.equal(['/imageFileId']);
  });

  it('refuses pictures of the wrong type, too big or not pictures at all, and keeps the old one', async () => {
    const a = await publishedArticle('Bad pictures');
    const good = (await uploadImage(a.id, await photo('png', 200, 100))).body.imageFileId;
    const text = await uploadImage(a.id, Buffer.from('not a picture at all'), 'image/png');
    expect(text.status).to.equal(422);
    expect(text.body.detail).to.match(/not a JPEG, PNG, WebP or GIF/);
    const svg = await uploadImage(
      a.id,
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      'image/svg+xml',
    );
    expect(svg.status).to.equal(415);
    const big = await uploadImage(a.id, Buffer.alloc(500_000, 1), 'image/png');
    expect(big.status).to.equal(413);
    expect(big.body.detail).to.match(/limit of 390\.6 kB/);
    const empty = await uploadImage(a.id, Buffer.alloc(0), 'image/png');
    expect(empty.status).to.equal(422);
    expect((await editor.get<Article>(`/api/v1/news/admin/articles/${a.id}`)).body.imageFileId).to.equal(
      good,
    );
    const missing = await uploadImage('00000000-0000-4000-8000-000000000000', await photo('png', 10, 10));
    expect(missing.status).to.equal(404);
  });

  it('attaches PDFs, office documents and pictures, lists them on the article and lets readers download them', async () => {
    const a = await publishedArticle('With files');
    const p = await attach(a.id, pdf(), 'Prislista 2026.pdf');
    expect(p.status, JSON.stringify(p.body)).to.equal(201);
    expect(p.body).to.include({ name: 'Prislista 2026.pdf', contentType: 'application/pdf', language: null });
    expect(p.headers.get('location')).to.equal(
      `/api/v1/news/admin/articles/${a.id}/attachments/${p.body.id}`,
    );
    // A browser that sends a Word file as application/octet-stream: the bytes say what it is.
    const d = await attach(a.id, docx(), 'Villkor', 'application/octet-stream');
    expect(d.status, JSON.stringify(d.body)).to.equal(201);
    expect(d.body).to.include({
      name: 'Villkor.docx',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    });
    const j = await attach(a.id, await photo('jpeg', 400, 300), 'site.jpeg', 'image/jpeg', 'en');
    expect(j.status, JSON.stringify(j.body)).to.equal(201);
    expect(j.body).to.include({ name: 'site.jpeg', contentType: 'image/jpeg', language: 'en' });

    // The Swedish reader sees the files for every language; the English-only picture is not for them.
    const sv = await viewAs(bergstrom, a.id);
    expect(sv.attachments!.map((f) => f.name)).to.deep.equal(['Prislista 2026.pdf', 'Villkor.docx']);
    expect(sv.attachments![0]!.url).to.equal(`/api/v1/news/articles/${a.id}/attachments/${p.body.id}`);
    const en = await viewAs(lindqvist, a.id);
    expect(en.attachments!.map((f) => f.name)).to.deep.equal([
      'Prislista 2026.pdf',
      'Villkor.docx',
      'site.jpeg',
    ]);
    const editorView = await editor.get<Article>(`/api/v1/news/admin/articles/${a.id}`);
    expect(editorView.body.attachments).to.have.length(3);
    // The feed carries no file lists.
    const item = (await bergstrom.get<Page<ArticleView>>('/api/v1/news/feed?limit=100')).body.items.find(
      (i) => i.id === a.id,
    );
    expect(item).to.not.have.property('attachments');

    const file = await download(bergstrom, sv.attachments![0]!.url);
    expect(file.res.status).to.equal(200);
    expect(file.res.headers.get('content-type')).to.equal('application/pdf');
    expect(file.res.headers.get('content-disposition')).to.equal(
      `attachment; filename="Prislista 2026.pdf"; filename*=UTF-8''Prislista%202026.pdf`,
    );
    expect(file.res.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(file.bytes.equals(pdf())).to.equal(true);

    // A picture attachment is encoded again: same format, no metadata.
    const picture = await download(lindqvist, en.attachments![2]!.url);
    expect(picture.res.headers.get('content-type')).to.equal('image/jpeg');
    expect((await sharp(picture.bytes).metadata()).exif).to.equal(undefined);
    expect(picture.bytes.toString('latin1')).to.not.include('PhoneMaker');
  });

  it('refuses attachments that are not PDFs, pictures or office documents, too big or too many', async () => {
    const a = await publishedArticle('Bad files');
    const exe = await attach(a.id, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]), 'prices.pdf');
    expect(exe.status).to.equal(422);
    expect(exe.body.detail).to.match(/Attach a PDF, a picture/);
    const archive = await attach(
      a.id,
      zip({ 'evil.sh': 'rm -rf /' }),
      'files.docx',
      'application/octet-stream',
    );
    expect(archive.status).to.equal(422);
    expect(archive.body.detail).to.match(/not a Word, Excel/);
    const html = await attach(a.id, Buffer.from('<script>alert(1)</script>'), 'page.html', 'text/html');
    expect(html.status).to.equal(415);
    const big = await attach(a.id, Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(150_000)]), 'big.pdf');
    expect(big.status).to.equal(413);
    const german = await attach(a.id, pdf(), 'Preisliste.pdf', 'application/pdf', 'de');
    expect(german.status).to.equal(400);
    expect(german.body.errors!.map((e) => e.path)).to.deep.equal(['/language']);
    const noName = await editor.post<Problem>(`/api/v1/news/admin/articles/${a.id}/attachments`, pdf(), {
      'content-type': 'application/pdf',
    });
    expect(noName.status).to.equal(400);
    expect(noName.body.errors!.map((e) => e.path)).to.deep.equal(['/name']);
    // A name with folders and quotes keeps only the file's own name, and says what it is.
    const renamed = await attach(a.id, pdf(), '../../"secret".exe');
    expect(renamed.body.name).to.equal('secret.exe.pdf');
    for (let i = 1; i < 20; i++)
      expect((await attach(a.id, pdf(`file ${i}`), `f${i}.pdf`)).status).to.equal(201);
    const tooMany = await attach(a.id, pdf(), 'one more.pdf');
    expect(tooMany.status).to.equal(409);
    expect((await viewAs(bergstrom, a.id)).attachments).to.have.length(20);
  });

  it("answers another organisation's article's picture and files like missing ones (404)", async () => {
    const orgs = (await editor.get<{ items: Array<{ id: string; name: string }> }>('/api/v1/organizations'))
      .body.items;
    const bergstromId = orgs.find((o) => o.name.startsWith('Bergström'))!.id;
    const a = await publishedArticle('Bergström only, with files', {
      audience: { organizations: [bergstromId] },
    });
    await uploadImage(a.id, await photo('png', 100, 100));
    const file = (await attach(a.id, pdf(), 'for-bergstrom.pdf')).body;

    expect((await bergstrom.get(`/api/v1/news/articles/${a.id}/image`)).status).to.equal(200);
    expect((await bergstrom.get(`/api/v1/news/articles/${a.id}/attachments/${file.id}`)).status).to.equal(
      200,
    );
    const strip = (b: Record<string, unknown>) => {
      const { instance: _i, requestId: _r, ...rest } = b;
      return rest;
    };
    const missingArticle = '00000000-0000-4000-8000-000000000000';
    for (const [hidden, missing] of [
      [`/api/v1/news/articles/${a.id}/image`, `/api/v1/news/articles/${missingArticle}/image`],
      [
        `/api/v1/news/articles/${a.id}/attachments/${file.id}`,
        `/api/v1/news/articles/${missingArticle}/attachments/${file.id}`,
      ],
    ] as const) {
      const h = await lindqvist.get<Record<string, unknown>>(hidden);
      const m = await lindqvist.get<Record<string, unknown>>(missing);
      expect(h.status, hidden).to.equal(404);
      expect(strip(h.body)).to.deep.equal(strip(m.body));
    }
    // An attachment id of another article does not open through this one.
    const other = await publishedArticle('Open to all');
    expect((await lindqvist.get(`/api/v1/news/articles/${other.id}/attachments/${file.id}`)).status).to.equal(
      404,
    );
    // Customers may not upload, remove or read through the editors' routes.
    const admin = await t.login('admin@bergstrombygg.example');
    const calls = [
      uploadImage(a.id, await photo('png', 10, 10), 'image/png', admin),
      admin.delete(`/api/v1/news/admin/articles/${a.id}/image`),
      admin.get(`/api/v1/news/admin/articles/${a.id}/image`),
      admin.post(`/api/v1/news/admin/articles/${a.id}/attachments?name=x.pdf`, pdf(), {
        'content-type': 'application/pdf',
      }),
      admin.get(`/api/v1/news/admin/articles/${a.id}/attachments/${file.id}`),
      admin.delete(`/api/v1/news/admin/articles/${a.id}/attachments/${file.id}`),
      admin.get('/api/v1/news/admin/roles'),
      admin.get('/api/v1/news/admin/readers'),
    ];
    expect((await Promise.all(calls)).map((r) => r.status)).to.deep.equal(Array(8).fill(403));
    expect((await bergstrom.get(`/api/v1/news/articles/${a.id}/attachments/${file.id}`)).status).to.equal(
      200,
    );
  });

  it('removes attachments, and an article with its picture and files', async () => {
    const a = await publishedArticle('Short-lived');
    const image = (await uploadImage(a.id, await photo('png', 100, 100))).body.imageFileId!;
    const one = (await attach(a.id, pdf(), 'one.pdf')).body;
    const two = (await attach(a.id, pdf(), 'two.pdf')).body;
    expect(
      (await editor.delete(`/api/v1/news/admin/articles/${a.id}/attachments/${one.id}`)).status,
    ).to.equal(204);
    expect(
      (await editor.delete(`/api/v1/news/admin/articles/${a.id}/attachments/${one.id}`)).status,
    ).to.equal(404);
    expect(await fileRecord(one.id)).to.equal(undefined);
    expect((await bergstrom.get(`/api/v1/news/articles/${a.id}/attachments/${one.id}`)).status).to.equal(404);
    expect((await editor.delete(`/api/v1/news/admin/articles/${a.id}`)).status).to.equal(204);
    expect(await fileRecord(two.id)).to.equal(undefined);
    expect(await fileRecord(image)).to.equal(undefined);
  });

  it('lists the tags of the articles for you and filters the feed by tag', async () => {
    const tagsOf = async (s: TestSession) =>
      (await s.get<{ items: TagCount[] }>('/api/v1/news/tags')).body.items;
    const gold = await tagsOf(bergstrom);
    expect(gold).to.deep.include({ tag: 'prices', articles: 1 });
    expect((await tagsOf(lindqvist)).map((x) => x.tag)).to.not.include('prices');
    const prices = await bergstrom.get<Page<ArticleView>>('/api/v1/news/feed?tag=prices');
    expect(prices.body.items.map((i) => i.title)).to.deep.equal(['Vårens priser för guldkunder']);
    expect(prices.body.items[0]!.tags).to.include('prices');
    const none = await lindqvist.get<Page<ArticleView>>('/api/v1/news/feed?tag=prices');
    expect(none.body).to.deep.equal({ items: [], nextCursor: null });
    expect((await bergstrom.get('/api/v1/news/feed?tag=')).status).to.equal(400);
  });

  it('gives editors the roles and the people for the audience picker and the preview', async () => {
    const roles = await editor.get<{ items: Array<{ key: string; scope: string }> }>(
      '/api/v1/news/admin/roles',
    );
    expect(roles.status).to.equal(200);
    expect(roles.body.items.map((r) => r.key)).to.include.members([
      'customer-admin',
      'customer-user',
      'editor',
    ]);
    expect(roles.body.items[0]!.scope).to.equal('customer');
    const people = await editor.get<{
      items: Array<{ id: string; email: string; organizationName: string }>;
    }>('/api/v1/news/admin/readers?q=lindqvist');
    expect(people.body.items.map((p) => p.email).sort()).to.deep.equal([
      'admin@lindqvist.example',
      'user@lindqvist.example',
    ]);
    expect(people.body.items[0]!.organizationName).to.match(/^Lindqvist/);
  });
});
