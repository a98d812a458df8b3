import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { loginThroughForm, scrollsSideways, type TestSession } from '@portico/core/testing';
import { eventually, publishForm, useE2e } from './support.js';

// Her profile is in Swedish: the portal's words and the form's translated texts are Swedish.
const customer = 'user@bergstrombygg.example';

/** A case type with a conditional section and a table of rows with computed totals. */
function serviceRequest(key: string, title: string) {
  return {
    key,
    kind: 'case-type',
    title: { en: title, sv: `${title} (sv)` },
    description: { en: 'Tell us what needs fixing.' },
    schema: {
      type: 'object',
      required: ['subject', 'kind'],
      properties: {
        subject: { type: 'string', title: 'Subject', minLength: 3 },
        kind: { type: 'string', title: 'What do you need?', enum: ['repair', 'service', 'other'] },
        urgent: { type: 'boolean', title: 'Is it urgent?' },
        lines: {
          type: 'array',
          title: 'Parts',
          items: {
            type: 'object',
            required: ['part', 'qty'],
            properties: {
              part: { type: 'string', title: 'Part' },
              qty: { type: 'integer', title: 'Quantity', minimum: 1 },
              price: { type: 'number', title: 'Unit price', minimum: 0 },
              total: { type: 'number', title: 'Line total' },
            },
          },
        },
        total: { type: 'number', title: 'Total' },
      },
      if: { properties: { kind: { const: 'repair' } }, required: ['kind'] },
      then: {
        required: ['machine'],
        properties: {
          machine: {
            type: 'object',
            title: 'Machine to repair',
            required: ['serial'],
            properties: {
              serial: { type: 'string', title: 'Serial number' },
              location: { type: 'string', title: 'Where is it?' },
            },
          },
        },
      },
    },
    translations: {
      sv: {
        '/schema/properties/subject/title': 'Ärende',
        '/schema/then/properties/machine/title': 'Maskin att reparera',
        '/schema/then/properties/machine/properties/serial/title': 'Serienummer',
      },
    },
    uiSchema: {
      'ui:order': ['subject', 'kind', 'machine', 'urgent', 'lines', 'total'],
      urgent: { 'ui:widget': 'yesno' },
      lines: { items: { total: { 'ui:computed': 'qty * price' } } },
      total: { 'ui:computed': 'sum(lines.total)' },
    },
  };
}

describe('a customer fills a case form on a phone: conditional section, computed total, errors, draft, sending (browser)', function () {
  this.timeout(120_000);
  const e2e = useE2e();
  const run = randomBytes(4).toString('hex');
  const key = `service-${run}`;
  const title = `Service request ${run}`;
  let editor: TestSession;

  before(async () => {
    editor = await e2e.portal.login('editor@nordicsupply.example');
    await publishForm(editor, serviceRequest(key, title));
  });

  it('shows the machine section once "repair" is chosen, totals the parts as they are typed, says what is missing, keeps the draft over a reload and lists the sent form', async () => {
    const page = await e2e.page('phone');
    await loginThroughForm(page, customer);

    await page.goto('/forms');
    await page.getByRole('link', { name: new RegExp(title) }).click();
    await page.getByRole('heading', { level: 1, name: `${title} (sv)` }).waitFor();

    await page.getByLabel('Ärende').fill('Pump leaks');
    const machine = page.getByRole('heading', { name: 'Maskin att reparera' });
    expect(await machine.count(), 'the conditional section before its answer').to.equal(0);
    await page.getByRole('radio', { name: 'repair' }).check();
    await machine.waitFor();

    // A row of the table: its total and the form's follow each key, before leaving the field
    // (shown in Swedish: a decimal comma).
    await page.getByRole('button', { name: 'Lägg till rad' }).click();
    await page.getByRole('textbox', { name: 'Part', exact: true }).fill('Seal kit');
    await page.getByLabel('Unit price').fill('12.5');
    await page.getByLabel('Quantity').pressSequentially('3');
    await eventually(async () => expect(await page.getByLabel('Line total').inputValue()).to.equal('37,5'));
    expect(await page.getByLabel('Total', { exact: true }).inputValue()).to.equal('37,5');

    // Sending without the serial number: the field says it is required, in the user's language.
    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.getByRole('alert').filter({ hasText: 'behöver din uppmärksamhet' }).waitFor();
    const serial = page.getByLabel('Serienummer');
    await eventually(async () => expect(await serial.getAttribute('aria-invalid')).to.equal('true'));
    const describedBy = (await serial.getAttribute('aria-describedby')) ?? '';
    const errorId = describedBy.split(' ').find((id) => id.endsWith('__error'));
    expect(await page.locator(`[id="${errorId}"]`).innerText()).to.equal('Obligatoriskt');

    // The draft is saved as the user types, and is there again after a reload.
    await serial.fill('SN-4711');
    await page.getByRole('status').filter({ hasText: 'Utkastet sparat' }).waitFor();
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Ditt utkast från' }).waitFor();
    expect(await page.getByLabel('Ärende').inputValue()).to.equal('Pump leaks');
    expect(await page.getByRole('radio', { name: 'repair' }).isChecked()).to.equal(true);
    expect(await page.getByLabel('Serienummer').inputValue()).to.equal('SN-4711');
    expect(await page.getByLabel('Total', { exact: true }).inputValue()).to.equal('37,5');
    expect(await scrollsSideways(page)).to.equal(false);

    await page.getByRole('button', { name: 'Skicka' }).click();
    await page.getByText(`Ditt formulär ${title} (sv) är skickat`).waitFor();
    await page.getByText('Inskickat', { exact: true }).waitFor();

    await page.getByRole('link', { name: 'Mina inskickade' }).click();
    const item = page.getByRole('listitem').filter({ hasText: `${title} (sv)` });
    await item.waitFor();
    await item.getByText('Inskickat', { exact: true }).waitFor();
    expect(e2e.browser.errors(page)).to.deep.equal([]);

    // The server has it, computed values filled in.
    const mine = await editor.get<{ items: Array<{ data: Record<string, unknown> }> }>(
      `/api/v1/forms/${key}/submissions`,
    );
    expect(mine.body.items).to.have.length(1);
    expect(mine.body.items[0]!.data).to.deep.include({ subject: 'Pump leaks', kind: 'repair', total: 37.5 });
  });

  it('shows a field that depends on typed text while the user is still typing in it', async () => {
    const conditional = `${key}-code`;
    await publishForm(editor, {
      key: conditional,
      kind: 'form',
      title: { en: `Customer code ${run}` },
      schema: {
        type: 'object',
        properties: { code: { type: 'string', title: 'Customer code' } },
        if: { properties: { code: { const: 'VIP' } }, required: ['code'] },
        then: { properties: { host: { type: 'string', title: 'Who hosts the visit?' } } },
      },
    });

    const page = await e2e.page('phone');
    await loginThroughForm(page, customer, { next: `/forms/${conditional}` });
    const code = page.getByLabel('Customer code');
    const host = page.getByLabel('Who hosts the visit?');
    await code.pressSequentially('VIP');
    // No blur, no Enter: the field appears after a pause, and the focus stays where the user types.
    await host.waitFor();
    expect(await code.evaluate((el) => el === document.activeElement)).to.equal(true);
    await page.keyboard.press('Backspace');
    await host.waitFor({ state: 'detached' });
    expect(await code.inputValue()).to.equal('VI');
    expect(await code.evaluate((el) => el === document.activeElement)).to.equal(true);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });

  it("keeps each section's fields in a form of their own for the browser, and Enter still sends the whole form", async () => {
    const sectioned = `${key}-sections`;
    await publishForm(editor, {
      key: sectioned,
      kind: 'form',
      title: { en: `Callback ${run}` },
      schema: {
        type: 'object',
        required: ['topic'],
        properties: {
          topic: { type: 'string', title: 'Topic' },
          contact: {
            type: 'object',
            title: 'Contact',
            required: ['name'],
            properties: {
              name: { type: 'string', title: 'Name' },
              phone: { type: 'string', title: 'Phone' },
            },
          },
        },
      },
    });

    const page = await e2e.page('phone');
    await loginThroughForm(page, customer, { next: `/forms/${sectioned}` });
    await page.getByLabel('Topic').fill('Invoice question');
    const name = page.getByLabel('Name');
    // Chromium's autofill reads the form a field belongs to after every key: a section's form
    // holds its own two fields, not the whole page's.
    const owners = await name.evaluate((el) => {
      const input = el as HTMLInputElement;
      return {
        own: Array.from(input.form?.elements ?? [], (e) => e.id),
        outer: Array.from(input.closest('form')?.elements ?? [])
          .filter((e) => e.tagName === 'INPUT')
          .map((e) => e.id),
      };
    });
    expect(owners.own).to.deep.equal(['root_contact_name', 'root_contact_phone']);
    expect(owners.outer).to.deep.equal(['root_topic']);

    await name.fill('Elin Berg');
    await name.press('Enter');
    await page
      .getByText(/är skickat/)
      .first()
      .waitFor();
    const sent = await eventually(async () => {
      const res = await editor.get<{ items: Array<{ data: Record<string, unknown> }> }>(
        `/api/v1/forms/${sectioned}/submissions`,
      );
      expect(res.body.items).to.have.length(1);
      return res.body.items[0]!;
    });
    expect(sent.data).to.deep.equal({ topic: 'Invoice question', contact: { name: 'Elin Berg' } });
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });
});
