import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginThroughForm, scrollsSideways, type TestSession } from '@portico/core/testing';
import { eventually, useE2e } from './support.js';

interface Article {
  id: string;
  status: string;
}
interface Me {
  user: { language: string };
}
interface Statistics {
  reads: number;
  byLanguage: Array<{ language: string; reads: number }>;
}

const reader = 'user@lindqvist.example';
const readerName = 'Oskar Berg';

/** Creates an article through the editors' API and publishes it now. */
async function publishedArticle(
  editor: TestSession,
  audience: { groups: string[] },
  translations: Array<{ language: string; title: string; lead: string; bodyHtml: string }>,
): Promise<Article> {
  const created = await editor.post<Article>('/api/v1/news/admin/articles', {
    defaultLanguage: 'en',
    audience,
    translations,
  });
  expect(created.status, JSON.stringify(created.body)).to.equal(201);
  const published = await editor.post<Article>(`/api/v1/news/admin/articles/${created.body.id}/publish`, {});
  expect(published.body.status).to.equal('published');
  return published.body;
}

/** The feed card of the article with this title (a card is an <article> named by its title). */
const card = (page: Page, title: string) => page.getByRole('article', { name: title });

describe('a customer reads the news meant for them, in Swedish, on a phone (browser)', function () {
  this.timeout(90_000);
  const e2e = useE2e();

  // Lindqvist is in the access group "nordics" and not in "gold-customers" (core's demo seed).
  const run = randomBytes(4).toString('hex');
  const ours = {
    en: { title: `Nordic freight update ${run}`, body: `Trucks leave Gothenburg at dawn ${run}.` },
    sv: { title: `Nordisk fraktnyhet ${run}`, body: `Lastbilarna lämnar Göteborg i gryningen ${run}.` },
  };
  const othersTitle = `Gold customers only ${run}`;
  let article: Article;
  let editor: TestSession;

  before(async () => {
    editor = await e2e.portal.login('editor@nordicsupply.example');
    article = await publishedArticle(editor, { groups: ['nordics'] }, [
      { language: 'en', title: ours.en.title, lead: 'For the Nordics.', bodyHtml: `<p>${ours.en.body}</p>` },
      { language: 'sv', title: ours.sv.title, lead: 'För Norden.', bodyHtml: `<p>${ours.sv.body}</p>` },
    ]);
    await publishedArticle(editor, { groups: ['gold-customers'] }, [
      { language: 'en', title: othersTitle, lead: 'Not for Lindqvist.', bodyHtml: '<p>Secret prices.</p>' },
    ]);
  });

  it("shows the article of the reader's group and not another group's, switches to Swedish for good, and marks the article read", async () => {
    const page = await e2e.page('phone');
    await loginThroughForm(page, reader);

    // Home, in English (the reader's profile language): the feed has our article, not the other.
    await card(page, ours.en.title).waitFor();
    await card(page, ours.en.title).getByText('New', { exact: true }).waitFor();
    expect(await page.getByText(othersTitle).count(), 'the article of a group the reader is not in').to.equal(
      0,
    );
    expect(await scrollsSideways(page)).to.equal(false);

    // Swedish, chosen in the user menu: the page switches and the profile keeps the choice.
    await page.getByRole('button', { name: `Account of ${readerName}` }).click();
    await page.getByRole('menuitem', { name: 'Svenska' }).click();
    await page.getByRole('button', { name: `Konto för ${readerName}` }).waitFor();
    await card(page, ours.sv.title).waitFor();
    expect(await page.getByText(othersTitle).count()).to.equal(0);
    await eventually(async () => {
      const me = (await (await page.request.get('/api/v1/me')).json()) as Me;
      expect(me.user.language).to.equal('sv');
    });

    // Another device: a fresh browser that never chose a language comes up in Swedish after login.
    const other = await e2e.page('desktop');
    await loginThroughForm(other, reader);
    await other.getByRole('button', { name: `Konto för ${readerName}` }).waitFor();
    await card(other, ours.sv.title).waitFor();
    expect(await other.locator('html').getAttribute('lang')).to.equal('sv');

    // The article in Swedish; opening it marks it read.
    const newMarker = card(page, ours.sv.title).getByText('Ny', { exact: true });
    await newMarker.waitFor();
    await card(page, ours.sv.title).getByRole('link', { name: ours.sv.title }).click();
    await page.waitForURL((url) => url.pathname === `/news/${article.id}`);
    await page.getByRole('heading', { level: 1, name: ours.sv.title }).waitFor();
    await page.getByText(ours.sv.body).waitFor();
    expect(await page.getByText(ours.en.title).count()).to.equal(0);

    await eventually(async () => {
      const stats = await editor.get<Statistics>(`/api/v1/news/admin/articles/${article.id}/statistics`);
      expect(stats.body.reads).to.equal(1);
      expect(stats.body.byLanguage).to.deep.equal([{ language: 'sv', reads: 1 }]);
    });
    await page.goBack();
    await card(page, ours.sv.title).waitFor();
    expect(await newMarker.count(), 'the "New" marker of a read article').to.equal(0);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
    expect(e2e.browser.errors(other)).to.deep.equal([]);
  });
});
