import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import {
  articleServiceToken,
  type Article,
  type ArticleStatistics,
  type ArticleView,
  type Page,
} from '@portico/plugin-news';

const news = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

/** Polls `probe` until it answers something truthy, at most `timeoutMs`: no blind sleeps. */
async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const article = (title: string, extra: Record<string, unknown> = {}) => ({
  defaultLanguage: 'en',
  translations: [{ language: 'en', title, lead: `${title}, in short`, bodyHtml: `<p>${title}</p>` }],
  ...extra,
});

describe(`news plugin (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let editor: TestSession;
  let bergstrom: TestSession;
  let lindqvist: TestSession;

  const feedOf = async (s: TestSession, query = 'limit=100') => {
    const r = await s.get<Page<ArticleView>>(`/api/v1/news/feed?${query}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const titlesOf = async (s: TestSession) => (await feedOf(s)).items.map((a) => a.title);
  const write = async (body: unknown) => {
    const r = await editor.post<Article>('/api/v1/news/admin/articles', body);
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  };
  const publish = async (id: string, body: unknown = {}) => {
    const r = await editor.post<Article>(`/api/v1/news/admin/articles/${id}/publish`, body);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const events = async (name: string) =>
    (
      await t.portal.db.sequelize.query<{ payload: unknown }>(
        'SELECT payload FROM portico_events WHERE name = ?',
        {
          replacements: [name],
          type: QueryTypes.SELECT,
        },
      )
    ).map((e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as { id: string });

  before(async () => {
    t = await startTestPortal({
      plugins: [{ package: news, settings: { schedulePollMs: 100 } }],
      demo: true,
    });
    editor = await t.login('editor@nordicsupply.example');
    bergstrom = await t.login('user@bergstrombygg.example');
    lindqvist = await t.login('user@lindqvist.example');
  });
  after(() => t?.stop());

  it('shows the gold-customers article to a Bergström user and not to a Lindqvist user', async () => {
    expect(await titlesOf(bergstrom)).to.include('Vårens priser för guldkunder');
    const seen = await titlesOf(lindqvist);
    expect(seen).to.include('Your delivery schedule for week 12');
    expect(JSON.stringify(seen)).to.not.match(/gold customers|guldkunder/);
    expect(await titlesOf(bergstrom)).to.not.include('Ert leveransschema för vecka 12');
  });

  it('puts the pinned article first, then the newest', async () => {
    const items = (await feedOf(bergstrom)).items;
    expect(items[0]).to.include({ pinned: true, title: 'Välkommen till Nordic Supplys nya kundportal' });
    const rest = items.slice(1).map((a) => a.publishedAt);
    expect(rest).to.deep.equal([...rest].sort().reverse());
  });

  it("shows the default language, labelled as a fallback, when the reader's language has no version", async () => {
    const en = (await feedOf(lindqvist)).items.find((a) => a.title === 'Nya öppettider i lagret i Göteborg');
    expect(en).to.include({ language: 'sv', fallback: true });
    const sv = (await feedOf(bergstrom)).items.find((a) => a.title === 'Nya öppettider i lagret i Göteborg');
    expect(sv).to.include({ language: 'sv', fallback: false });
    const welcome = (await feedOf(lindqvist)).items[0]!;
    expect(welcome).to.include({
      language: 'en',
      fallback: false,
      title: "Welcome to Nordic Supply's new customer portal",
    });
  });

  it('answers an article outside your audience exactly like a missing one', async () => {
    const gold = (await feedOf(bergstrom)).items.find((a) => a.title === 'Vårens priser för guldkunder')!;
    const hidden = await lindqvist.get<Record<string, unknown>>(`/api/v1/news/articles/${gold.id}`);
    const missing = await lindqvist.get<Record<string, unknown>>(
      '/api/v1/news/articles/00000000-0000-4000-8000-000000000000',
    );
    expect(hidden.status).to.equal(404);
    expect(missing.status).to.equal(404);
    const { instance: _a, requestId: _b, ...h } = hidden.body;
    const { instance: _c, requestId: _d, ...m } = missing.body;
    expect(h).to.deep.equal(m);
    expect((await lindqvist.post(`/api/v1/news/articles/${gold.id}/read`)).status).to.equal(404);
    const own = await bergstrom.get<ArticleView>(`/api/v1/news/articles/${gold.id}`);
    expect(own.status).to.equal(200);
    expect(own.body.bodyHtml).to.equal('<p>Rabatten dras automatiskt vid beställning.</p>');
  });

  it('pages through the feed with a cursor', async () => {
    const all = (await feedOf(bergstrom)).items.map((a) => a.id);
    const first = await feedOf(bergstrom, 'limit=2');
    expect(first.items.map((a) => a.id)).to.deep.equal(all.slice(0, 2));
    const second = await feedOf(bergstrom, `limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((a) => a.id)).to.deep.equal(all.slice(2, 4));
    expect((await bergstrom.get('/api/v1/news/feed?cursor=bm9wZQ')).status).to.equal(400);
  });

  it('strips scripts, event handlers and javascript: links from article bodies', async () => {
    const created = await write(
      article('Sanitised', {
        translations: [
          {
            language: 'en',
            title: 'Sanitised',
            bodyHtml:
              '<p onclick="steal()">Hi <strong>there</strong></p><script>alert(1)</script><img src="https://example.com/a.png" onerror="alert(2)"><a href="javascript:alert(3)">x</a><style>body{}</style>',
          },
        ],
      }),
    );
    const body = created.translations[0]!.bodyHtml;
    expect(body).to.not.match(/script|onerror|onclick|javascript:|style|alert/);
    expect(body).to.include('<strong>there</strong>').and.include('<img src="https://example.com/a.png" />');
  });

  it('publishes a scheduled article when it is due, and announces it once', async () => {
    const created = await write(article('Due in a second'));
    const scheduled = await publish(created.id, { at: new Date(Date.now() + 1000).toISOString() });
    expect(scheduled.status).to.equal('scheduled');
    expect(await titlesOf(lindqvist)).to.not.include('Due in a second');
    await waitFor(
      async () => (await titlesOf(lindqvist)).includes('Due in a second'),
      'the article in the feed',
    );
    const after = await waitFor(async () => {
      const r = await editor.get<Article>(`/api/v1/news/admin/articles/${created.id}`);
      return r.body.status === 'published' && r.body;
    }, 'the scheduler to publish it');
    expect(after.publishAt).to.equal(scheduled.publishAt);
    await new Promise((r) => setTimeout(r, 300)); // three more scheduler ticks may not announce it again
    expect((await events('news.article.published')).filter((e) => e.id === created.id)).to.have.length(1);
  });

  it('hides an unpublished article from the feed and from its page', async () => {
    const created = await write(article('Soon withdrawn'));
    const first = await publish(created.id);
    expect((await publish(created.id)).publishAt, 'publishing twice changes nothing').to.equal(
      first.publishAt,
    );
    expect((await events('news.article.published')).filter((e) => e.id === created.id)).to.have.length(1);
    expect(await titlesOf(lindqvist)).to.include('Soon withdrawn');
    const r = await editor.post<Article>(`/api/v1/news/admin/articles/${created.id}/unpublish`);
    expect(r.body.status).to.equal('unpublished');
    expect(await titlesOf(lindqvist)).to.not.include('Soon withdrawn');
    expect((await lindqvist.get(`/api/v1/news/articles/${created.id}`)).status).to.equal(404);
  });

  it('never shows an article after its unpublishAt, whether or not the scheduler has run', async () => {
    const created = await write(
      article('Short-lived', { unpublishAt: new Date(Date.now() + 800).toISOString() }),
    );
    await publish(created.id);
    expect(await titlesOf(lindqvist)).to.include('Short-lived');
    await waitFor(async () => !(await titlesOf(lindqvist)).includes('Short-lived'), 'the article to expire');
    await waitFor(
      async () =>
        (await editor.get<Article>(`/api/v1/news/admin/articles/${created.id}`)).body.status ===
        'unpublished',
      'the scheduler to unpublish it',
    );
  });

  it('marks an article read: no longer new, announced the first time only', async () => {
    const created = await write(article('Read me'));
    await publish(created.id);
    const find = async () => (await feedOf(lindqvist)).items.find((a) => a.id === created.id)!;
    expect((await find()).new).to.equal(true);
    const r = await lindqvist.post<ArticleView>(`/api/v1/news/articles/${created.id}/read`);
    expect(r.status).to.equal(200);
    expect(r.body.new).to.equal(false);
    expect((await lindqvist.post(`/api/v1/news/articles/${created.id}/read`)).status).to.equal(200);
    expect((await find()).new).to.equal(false);
    expect(
      (await feedOf(bergstrom)).items.find((a) => a.id === created.id)!.new,
      'still new for others',
    ).to.equal(true);
    expect((await events('news.article.read')).filter((e) => e.id === created.id)).to.have.length(1);
  });

  it('counts reads by organisation and by language', async () => {
    const created = await write(
      article('Counted', {
        translations: [
          { language: 'en', title: 'Counted' },
          { language: 'sv', title: 'Räknad' },
        ],
      }),
    );
    await publish(created.id);
    for (const s of [bergstrom, await t.login('admin@bergstrombygg.example'), lindqvist])
      expect((await s.post(`/api/v1/news/articles/${created.id}/read`)).status).to.equal(200);
    const support = await t.login('support@nordicsupply.example');
    const r = await support.get<ArticleStatistics>(`/api/v1/news/admin/articles/${created.id}/statistics`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.reads).to.equal(3);
    expect(r.body.byOrganization.map((o) => [o.organizationName, o.reads])).to.deep.equal([
      ['Bergström Bygg AB', 2],
      ['Lindqvist Industri AB', 1],
    ]);
    expect(r.body.byLanguage).to.deep.equal([
      { language: 'sv', reads: 2 },
      { language: 'en', reads: 1 },
    ]);
  });

  it('previews an article as a chosen user: their audience and their language', async () => {
    const me = async (s: TestSession) => (await s.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;
    const gold = (await feedOf(bergstrom)).items.find((a) => a.title === 'Vårens priser för guldkunder')!;
    type Preview = { visible: boolean; article: ArticleView };
    const asLindqvist = await editor.get<Preview>(
      `/api/v1/news/admin/articles/${gold.id}/preview?userId=${await me(lindqvist)}`,
    );
    expect(asLindqvist.status, JSON.stringify(asLindqvist.body)).to.equal(200);
    expect(asLindqvist.body.visible).to.equal(false);
    expect(asLindqvist.body.article).to.include({
      language: 'en',
      title: 'Spring prices for gold customers',
    });
    const asBergstrom = await editor.get<Preview>(
      `/api/v1/news/admin/articles/${gold.id}/preview?userId=${await me(bergstrom)}`,
    );
    expect(asBergstrom.body.visible).to.equal(true);
    expect(asBergstrom.body.article).to.include({ language: 'sv', fallback: false });
    const nobody = await editor.get<{ errors: unknown[] }>(
      `/api/v1/news/admin/articles/${gold.id}/preview?userId=nobody`,
    );
    expect(nobody.status).to.equal(400);
    expect(nobody.body.errors).to.deep.equal([{ in: 'query', path: '/userId', message: 'is not a user' }]);
  });

  it("refuses customers every editor's route with 403", async () => {
    const admin = await t.login('admin@bergstrombygg.example');
    const id = (await feedOf(admin)).items[0]!.id;
    const calls: Array<Promise<{ status: number }>> = [
      admin.get('/api/v1/news/admin/articles'),
      admin.post('/api/v1/news/admin/articles', article('Customer news')),
      admin.get(`/api/v1/news/admin/articles/${id}`),
      admin.put(`/api/v1/news/admin/articles/${id}`, article('Changed')),
      admin.post(`/api/v1/news/admin/articles/${id}/publish`),
      admin.post(`/api/v1/news/admin/articles/${id}/unpublish`),
      admin.delete(`/api/v1/news/admin/articles/${id}`),
      admin.get(`/api/v1/news/admin/articles/${id}/preview?userId=x`),
      admin.get(`/api/v1/news/admin/articles/${id}/statistics`),
    ];
    expect((await Promise.all(calls)).map((r) => r.status)).to.deep.equal(Array(9).fill(403));
    expect((await feedOf(admin)).items[0]!.id, 'nothing changed').to.equal(id);
  });

  it('refuses bad articles with 422 naming each field, and stores nothing', async () => {
    const count = async () =>
      (await editor.get<Page<Article>>('/api/v1/news/admin/articles?limit=100')).body.items.length;
    const before = await count();
    const bad = await editor.post<{ errors: Array<{ path: string }> }>('/api/v1/news/admin/articles', {
      defaultLanguage: 'english',
      translations: [{ language: 'en', title: '' }],
      audience: { groups: 'gold-customers' },
      extra: 1,
    });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors.map((e) => e.path).sort()).to.deep.equal([
      '/audience/groups',
      '/defaultLanguage',
      '/extra',
      '/translations/0/title',
    ]);
    const twice = await editor.post<{ errors: Array<{ path: string }> }>('/api/v1/news/admin/articles', {
      defaultLanguage: 'de',
      translations: [
        { language: 'en', title: 'One' },
        { language: 'en', title: 'Two' },
      ],
    });
    expect(twice.status).to.equal(422);
    expect(twice.body.errors.map((e) => e.path)).to.deep.equal([
      '/translations/1/language',
      '/defaultLanguage',
    ]);
    const existing = await write(article('Unchanged'));
    const put = await editor.put(`/api/v1/news/admin/articles/${existing.id}`, {
      defaultLanguage: 'sv',
      translations: [{ language: 'en', title: 'Changed' }],
    });
    expect(put.status).to.equal(422);
    const when = await editor.post<{ errors: Array<{ path: string }> }>(
      `/api/v1/news/admin/articles/${existing.id}/publish`,
      { at: 'tomorrow' },
    );
    expect(when.status).to.equal(422);
    expect(when.body.errors.map((e) => e.path)).to.deep.equal(['/at']);
    const stored = await editor.get<Article>(`/api/v1/news/admin/articles/${existing.id}`);
    expect(stored.body).to.include({ status: 'draft', defaultLanguage: 'en' });
    expect(stored.body.translations.map((v) => v.title)).to.deep.equal(['Unchanged']);
    expect(await count()).to.equal(before + 1);
  });

  it('lists, edits and deletes articles for editors', async () => {
    const created = await write(article('Edit me', { tags: ['edit'] }));
    const put = await editor.put<Article>(`/api/v1/news/admin/articles/${created.id}`, {
      defaultLanguage: 'sv',
      pinned: true,
      tags: ['edit'],
      audience: { roles: ['customer-admin'] },
      translations: [
        { language: 'sv', title: 'Redigerad' },
        { language: 'en', title: 'Edited' },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).to.equal(200);
    expect(put.body.translations.map((v) => v.language)).to.deep.equal(['en', 'sv']);
    const list = await editor.get<Page<Article>>('/api/v1/news/admin/articles?tag=edit&status=draft');
    expect(list.body.items.map((a) => a.id)).to.deep.equal([created.id]);
    await publish(created.id);
    expect(await titlesOf(lindqvist), 'only for customer admins').to.not.include('Edited');
    expect(await titlesOf(await t.login('admin@lindqvist.example'))).to.include('Edited');
    expect((await editor.delete(`/api/v1/news/admin/articles/${created.id}`)).status).to.equal(204);
    expect((await editor.get(`/api/v1/news/admin/articles/${created.id}`)).status).to.equal(404);
  });

  it('publishes a due article exactly once when two instances run the schedule at the same time', async () => {
    const created = await write(article('Raced for'));
    const at = Date.now() + 3_600_000;
    await publish(created.id, { at: new Date(at).toISOString() });
    // Two instances' schedulers, both finding the article due at the same moment.
    const service = t.portal.container.get(articleServiceToken);
    const runs = await Promise.all([1, 2].map(() => service.runSchedule(new Date(at + 1000))));
    expect(runs.flat().filter((id) => id === created.id)).to.have.length(1);
    expect((await events('news.article.published')).filter((e) => e.id === created.id)).to.have.length(1);
  });

  it('seeds the demo articles once, however often the seed runs', async () => {
    const count = async () =>
      (await editor.get<Page<Article>>('/api/v1/news/admin/articles?limit=100')).body.items.length;
    const before = await count();
    await t.portal.seedDemo();
    expect(await count()).to.equal(before);
  });

  it('migrates down to nothing and up again', async () => {
    const m = t.portal.migrations;
    expect(await m.down({ owner: 'news', steps: 10 })).to.equal(4);
    expect(await m.up()).to.equal(4);
    expect(await feedOf(lindqvist)).to.deep.equal({ items: [], nextCursor: null });
  });
});
