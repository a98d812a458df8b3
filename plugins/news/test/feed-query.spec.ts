import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { startTestPortal, TestSession, type TestPortal } from '@portico/core/testing';
import {
  matchesAudience,
  type Article,
  type ArticleView,
  type Audience,
  type Page,
  type Reader,
} from '@portico/plugin-news';

const news = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

// The feed filters audiences and pages in SQL (services/feed-query.ts) over audience rows kept
// beside each article. These tests hold it to the rule as written in services/audience.ts
// (matchesAudience), for every kind of reader, through the API.
describe(`news feed in SQL: audiences and paging (${db})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let editor: TestSession;
  const written: Array<{ id: string; audience: Audience }> = [];

  const organizations = ['org-a', 'org-b'];
  const audiences: Audience[] = [
    {},
    { groups: ['gold'] },
    { groups: ['gold', 'silver'] },
    { groups: ['nordics'] },
    { organizations: ['org-a'] },
    { organizations: ['org-a', 'org-b'] },
    { roles: ['customer-admin'] },
    { roles: ['customer-admin', 'customer-user'] },
    { languages: ['sv'] },
    { languages: ['en', 'sv'] },
    { groups: ['gold'], languages: ['sv'] },
    { groups: ['silver'], organizations: ['org-b'] },
    { organizations: ['org-a'], roles: ['customer-user'] },
    { groups: ['gold', 'nordics'], roles: ['customer-admin'], languages: ['en'] },
    { groups: ['gold'], organizations: ['org-a'], roles: ['customer-user'], languages: ['sv'] },
  ];
  // Every combination of what a reader can have that the audiences above tell apart.
  const readers: Reader[] = [];
  for (const groups of [[], ['gold'], ['silver'], ['gold', 'nordics']])
    for (const organizationId of [undefined, ...organizations])
      for (const roles of [[], ['customer-user'], ['customer-admin']])
        for (const language of [undefined, 'sv', 'en'])
          readers.push({
            groups,
            roles,
            ...(organizationId ? { organizationId } : {}),
            ...(language ? { language } : {}),
          });

  const sessionOf = (reader: Reader) =>
    new TestSession(
      t.url,
      t.actAs({
        organizationId: reader.organizationId,
        groups: [...reader.groups],
        roles: [...reader.roles],
        language: reader.language,
        permissions: ['news.article.read'],
      }),
    );
  /** Every page of the feed (at `limit` a page) of our articles, in order. */
  const feedOf = async (s: TestSession, limit = 100) => {
    const ids: string[] = [];
    const pages: ArticleView[][] = [];
    let cursor: string | null = null;
    do {
      const r: { status: number; body: Page<ArticleView> } = await s.get<Page<ArticleView>>(
        `/api/v1/news/feed?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      pages.push(r.body.items);
      ids.push(...r.body.items.map((a) => a.id));
      cursor = r.body.nextCursor;
    } while (cursor);
    const ours = new Set(written.map((w) => w.id));
    return { ids: ids.filter((id) => ours.has(id)), pages };
  };
  const expectedFor = (reader: Reader) =>
    written.filter((w) => matchesAudience(w.audience, reader)).map((w) => w.id);

  before(async () => {
    t = await startTestPortal({ plugins: [news], demo: true });
    editor = await t.login('editor@nordicsupply.example');
    // Two of each audience, the second pinned for some, so that pinned and unpinned interleave.
    for (const [i, audience] of [...audiences, ...audiences].entries()) {
      const created = await editor.post<Article>('/api/v1/news/admin/articles', {
        defaultLanguage: 'en',
        pinned: i % 7 === 3,
        audience,
        translations: [{ language: 'en', title: `Audience ${i}` }],
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const published = await editor.post(`/api/v1/news/admin/articles/${created.body.id}/publish`, {});
      expect(published.status).to.equal(200);
      written.push({ id: created.body.id, audience });
    }
    // An article that is not published yet, for everyone: in nobody's feed.
    await editor.post('/api/v1/news/admin/articles', {
      defaultLanguage: 'en',
      translations: [{ language: 'en', title: 'Draft' }],
    });
  });
  after(() => t?.stop());

  it(`shows each of ${readers.length} kinds of reader exactly the articles whose audience they match`, async () => {
    for (const reader of readers) {
      const { ids } = await feedOf(sessionOf(reader));
      expect([...ids].sort(), JSON.stringify(reader)).to.deep.equal(expectedFor(reader).sort());
    }
  });

  it('orders pinned first, then newest first, and pages without gaps or repeats', async () => {
    const reader: Reader = {
      groups: ['gold'],
      roles: ['customer-user'],
      organizationId: 'org-a',
      language: 'sv',
    };
    const whole = await feedOf(sessionOf(reader));
    const paged = await feedOf(sessionOf(reader), 3);
    expect(paged.ids).to.deep.equal(whole.ids);
    expect(paged.pages.slice(0, -1).every((p) => p.length === 3)).to.equal(true);
    const items = whole.pages.flat();
    const keys = items.map((a) => [a.pinned ? 1 : 0, Date.parse(a.publishedAt)] as const);
    for (let i = 1; i < keys.length; i++) {
      const [p0, t0] = keys[i - 1]!;
      const [p1, t1] = keys[i]!;
      expect(p0 > p1 || (p0 === p1 && t0 >= t1), `item ${i} out of order`).to.equal(true);
    }
    expect(items.some((a) => a.pinned)).to.equal(true);
  });

  it('keeps the audience rows in step when an article is edited or deleted', async () => {
    const target = written.find((w) => w.audience.groups?.[0] === 'nordics')!;
    const nordic = sessionOf({ groups: ['nordics'], roles: [] });
    const other = sessionOf({ groups: ['silver'], roles: [] });
    expect((await feedOf(nordic)).ids).to.include(target.id);
    const moved = await editor.put(`/api/v1/news/admin/articles/${target.id}`, {
      defaultLanguage: 'en',
      audience: { groups: ['silver'] },
      translations: [{ language: 'en', title: 'Moved to silver' }],
    });
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
    target.audience = { groups: ['silver'] };
    expect((await feedOf(nordic)).ids).to.not.include(target.id);
    expect((await feedOf(other)).ids).to.include(target.id);
    expect((await editor.delete(`/api/v1/news/admin/articles/${target.id}`)).status).to.equal(204);
    written.splice(written.indexOf(target), 1);
    expect((await feedOf(other)).ids).to.not.include(target.id);
    const left = await t.portal.db.sequelize.query('SELECT 1 FROM news_audiences WHERE article_id = ?', {
      replacements: [target.id],
    });
    expect(left[0]).to.have.length(0);
  });

  it("rebuilds the audience rows from the articles' audiences when the migration runs again", async () => {
    const m = t.portal.migrations;
    // The audience migration and the one after it (pictures and attachments), then both again.
    expect(await m.down({ owner: 'news', steps: 2 })).to.equal(2);
    expect(await m.up()).to.equal(2);
    for (const reader of readers.filter((_, i) => i % 5 === 0)) {
      const { ids } = await feedOf(sessionOf(reader));
      expect([...ids].sort(), JSON.stringify(reader)).to.deep.equal(expectedFor(reader).sort());
    }
  });
});
