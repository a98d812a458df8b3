import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { loginThroughForm, scrollsSideways, type TestSession } from '@portico/core/testing';
import { eventually, publishForm, useE2e } from './support.js';

interface Organization {
  id: string;
  name: string;
}

// Issue 5's structures in both apps: the supplier's staff list every customer's records,
// filtered by a range of an indexed field and sorted by a column; a customer admin on a phone
// sees only their company's, adds one (told what is wrong first) and finds it by searching.
describe("a structure's records in the admin app and on a customer's phone (browser)", function () {
  this.timeout(180_000);
  const e2e = useE2e();
  const run = randomBytes(3).toString('hex');
  const key = `machines-${run}`;
  const title = `Machines ${run}`;
  let staff: TestSession;
  let bergstrom: Organization;

  before(async () => {
    staff = await e2e.portal.login('admin@nordicsupply.example');
    expect((await staff.patch('/api/v1/me', { language: 'en' })).status).to.equal(200);
    await publishForm(staff, {
      key,
      kind: 'structure',
      title: { en: title, sv: `Maskiner ${run}` },
      schema: {
        type: 'object',
        required: ['serialNumber'],
        properties: {
          serialNumber: {
            type: 'string',
            title: 'Serial number',
            pattern: '^[A-Z]{2}-[0-9]{4}$',
            'x-portico-index': true,
          },
          hours: { type: 'integer', minimum: 0, title: 'Operating hours', 'x-portico-index': true },
          site: { type: 'string', title: 'Site' },
        },
      },
      translations: { sv: { '/schema/properties/serialNumber/title': 'Serienummer' } },
    });
    const orgs = await staff.get<{ items: Organization[] }>('/api/v1/organizations?limit=200');
    bergstrom = orgs.body.items.find((o) => o.name.startsWith('Bergström'))!;
    const lindqvist = orgs.body.items.find((o) => o.name.startsWith('Lindqvist'))!;
    const records: Array<[string, number, Organization]> = [
      ['BB-0001', 120, bergstrom],
      ['BB-0002', 4000, bergstrom],
      ['LQ-0001', 900, lindqvist],
      ['LQ-0002', 15, lindqvist],
    ];
    for (const [serialNumber, hours, org] of records) {
      const r = await staff.post(`/api/v1/structures/${key}`, {
        data: { serialNumber, hours, site: 'Umeå' },
        organizationId: org.id,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
    }
  });

  const rows = async (page: Page) =>
    page
      .getByRole('table', { name: 'Records' })
      .locator('tbody tr td:first-child')
      .evaluateAll((cells) => cells.map((c) => c.textContent));

  it("lists every customer's records for the staff, filtered by a range and sorted by a column", async () => {
    const page = await e2e.page('desktop');
    await loginThroughForm(page, 'admin@nordicsupply.example', { next: `/admin/structures/${key}/records` });
    await eventually(async () => expect((await rows(page)).length).to.equal(4));

    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('spinbutton', { name: 'Operating hours from' }).fill('100');
    await filters.getByRole('spinbutton', { name: 'Operating hours to' }).fill('1000');
    await eventually(async () => expect((await rows(page)).sort()).to.deep.equal(['BB-0001', 'LQ-0001']));

    await page.getByRole('button', { name: 'Operating hours' }).click();
    await eventually(async () => expect(await rows(page)).to.deep.equal(['BB-0001', 'LQ-0001']));
    await page.getByRole('button', { name: 'Operating hours' }).click();
    await eventually(async () => expect(await rows(page)).to.deep.equal(['LQ-0001', 'BB-0001']));
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });

  it("shows a customer admin on a phone only their company's records, and adds one after saying what is wrong", async () => {
    const page = await e2e.page('phone');
    await loginThroughForm(page, 'admin@bergstrombygg.example', { next: `/records/${key}` });
    const list = page.getByRole('list').filter({ hasText: 'BB-0001' });
    await list.waitFor();
    const cards = list.getByRole('listitem');
    expect(await cards.count()).to.equal(2);
    expect(await page.getByText('LQ-0001').count()).to.equal(0);
    expect(await scrollsSideways(page)).to.equal(false);

    await page.getByRole('link', { name: 'Ny post' }).click();
    await page.getByLabel('Serienummer').fill('bb 3');
    await page.getByRole('button', { name: 'Spara' }).click();
    const serial = page.getByLabel('Serienummer');
    await eventually(async () => expect(await serial.getAttribute('aria-invalid')).to.equal('true'));
    await serial.fill('BB-0003');
    await page.getByLabel('Operating hours').fill('7');
    await page.getByRole('button', { name: 'Spara' }).click();
    await page.getByRole('button', { name: 'Ändra' }).waitFor();

    const stored = await staff.get<{
      items: Array<{ organizationId: string; data: Record<string, unknown> }>;
    }>(`/api/v1/structures/${key}?serialNumber=BB-0003`);
    expect(stored.body.items).to.have.length(1);
    expect(stored.body.items[0]!.organizationId).to.equal(bergstrom.id);
    expect(stored.body.items[0]!.data).to.deep.equal({ serialNumber: 'BB-0003', hours: 7 });

    await page.goto(`/records/${key}`);
    await page.getByRole('searchbox', { name: 'Sök' }).fill('BB-0003');
    await page.keyboard.press('Enter');
    await eventually(async () => expect(await page.getByRole('listitem').count()).to.equal(1));
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });
});
