import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginThroughForm } from '@portico/core/testing';
import { eventually, useE2e } from './support.js';

interface Article {
  id: string;
  status: string;
  publishAt: string | null;
  audience: Record<string, unknown>;
  translations: Array<{ language: string; title: string; bodyHtml: string }>;
}
interface Me {
  user: { timeZone?: string | null };
}

/**
 * The first whole minute at least `marginMs` from now: the schedule input takes minutes, so this
 * is the soonest time the editor can choose that leaves the test time to look before it.
 */
function nextMinute(marginMs: number): Date {
  return new Date(Math.ceil((Date.now() + marginMs) / 60_000) * 60_000);
}

/** `date` as the value of a datetime-local input in `timeZone` ("2026-11-23T14:05"). */
function wallClock(date: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  ) as Record<string, string>;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The editor's column of one language version (title, lead, body). */
const version = (page: Page, language: string) =>
  page
    .locator(`div[lang="${language}"]`)
    .filter({ has: page.getByRole('textbox', { name: 'Rubrik', exact: true }) });

describe('an editor schedules an article that customers see at its time (browser)', function () {
  const e2e = useE2e({ pluginSettings: { '@portico/plugin-news': { schedulePollMs: 200 } } });

  const run = randomBytes(4).toString('hex');
  const text = {
    en: {
      title: `Winter opening hours ${run}`,
      lead: 'Open longer in December.',
      body: `Open until 20:00 ${run}.`,
    },
    sv: {
      title: `Vinteröppettider ${run}`,
      lead: 'Öppet längre i december.',
      body: `Öppet till 20.00 ${run}.`,
    },
  };

  it('writes it in English and Swedish in the editor, schedules it, and a customer sees it only from then', async function () {
    // At most a minute and a half of waiting for the time the editor chose, and the rest.
    this.timeout(180_000);
    const editor = await e2e.page('desktop');
    // The editor's profile language is Swedish: the admin app speaks Swedish to them.
    await loginThroughForm(editor, 'editor@nordicsupply.example', { next: '/admin/news/new' });
    await editor.getByRole('heading', { level: 1, name: 'Ny artikel' }).waitFor();

    for (const language of ['en', 'sv'] as const) {
      const column = version(editor, language);
      await column.getByRole('textbox', { name: 'Rubrik', exact: true }).fill(text[language].title);
      await column.getByRole('textbox', { name: 'Ingress', exact: true }).fill(text[language].lead);
      const body = column.getByRole('textbox', { name: 'Brödtext', exact: true });
      await body.click();
      await body.pressSequentially(text[language].body);
    }
    // Nothing chosen in the audience: everyone.
    await editor.getByText('Alla som får läsa nyheter ser artikeln.').waitFor();

    // The schedule is read in the editor's time zone (their profile's; the browser's without one).
    const me = (await (await editor.request.get('/api/v1/me')).json()) as Me;
    const zone = me.user.timeZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
    await editor.getByText(`Tider i ${zone}`).waitFor();
    const at = nextMinute(20_000);
    await editor.getByLabel('Publicera', { exact: true }).fill(wallClock(at, zone));
    await editor.getByRole('button', { name: 'Schemalägg' }).click();
    await editor.getByText(/^Schemalagd: läsarna ser den från/).waitFor();
    await editor.getByText('Schemalagd', { exact: true }).waitFor();
    const id = /\/admin\/news\/([0-9a-f-]{36})$/.exec(new URL(editor.url()).pathname)?.[1];
    expect(id, `the editor's address after saving: ${editor.url()}`).to.be.a('string');

    // What the editor stored: both versions, for everyone, at the chosen minute.
    const staff = await e2e.portal.login('editor@nordicsupply.example');
    const stored = (await staff.get<Article>(`/api/v1/news/admin/articles/${id}`)).body;
    expect(stored.status).to.equal('scheduled');
    expect(stored.publishAt && new Date(stored.publishAt).toISOString()).to.equal(at.toISOString());
    expect(stored.audience).to.deep.equal({});
    expect(stored.translations.map((v) => [v.language, v.title])).to.have.deep.members([
      ['en', text.en.title],
      ['sv', text.sv.title],
    ]);
    expect(stored.translations.find((v) => v.language === 'sv')?.bodyHtml).to.contain(text.sv.body);

    // A customer (Swedish profile) on a phone, before the time: not in the feed, not to be opened.
    const customer = await e2e.page('phone');
    await loginThroughForm(customer, 'user@bergstrombygg.example');
    await customer.getByRole('heading', { level: 2, name: 'Nyheter' }).waitFor();
    await customer.getByRole('article').first().waitFor();
    expect(Date.now(), 'still before the scheduled time').to.be.below(at.getTime());
    expect(await customer.getByText(text.sv.title).count()).to.equal(0);
    await customer.goto(`/news/${id}`);
    await customer.getByText('Artikeln finns inte').waitFor();
    expect(Date.now(), 'still before the scheduled time').to.be.below(at.getTime());

    // From the time on, the customer finds it on home, in Swedish, and can open it.
    await customer.goto('/');
    const card = customer.getByRole('article', { name: text.sv.title });
    await eventually(
      async () => {
        if (!(await card.isVisible())) {
          await customer.reload();
          await card.waitFor({ timeout: 2_000 });
        }
      },
      { timeoutMs: at.getTime() - Date.now() + 30_000, intervalMs: 1_000 },
    );
    expect(Date.now(), 'shown before its time').to.be.at.least(at.getTime());
    await card.getByRole('link', { name: text.sv.title }).click();
    await customer.getByRole('heading', { level: 1, name: text.sv.title }).waitFor();
    await customer.getByText(text.sv.body).waitFor();

    // The scheduler has published it too (its status, not only what readers see).
    await eventually(async () => {
      const now = await staff.get<Article>(`/api/v1/news/admin/articles/${id}`);
      expect(now.body.status).to.equal('published');
    });
    expect(e2e.browser.errors(editor)).to.deep.equal([]);
    expect(e2e.browser.errors(customer)).to.deep.equal([]);
  });
});
