import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { loginThroughForm } from '@portico/core/testing';
import { eventually, useE2e } from './support.js';

interface Problem {
  errors?: Array<{ path: string; message: string }>;
}

// Plugins add widgets to admin-built forms through the `formWidgets` of their ./admin and
// ./portal exports: the hello plugin's star rating is offered by the builder's palette, written
// into the form without JSON, rendered in the portal and validated by the server like any field.
describe("a plugin's form widget, from the builder's palette to a customer's phone (browser)", function () {
  this.timeout(180_000);
  const e2e = useE2e();
  const run = randomBytes(3).toString('hex');
  const title = `Feedback ${run}`;
  const key = `feedback-${run}`;

  before(async () => {
    const admin = await e2e.portal.login('admin@nordicsupply.example');
    expect((await admin.patch('/api/v1/me', { language: 'en' })).status).to.equal(200);
  });

  it('is added from the palette, published, filled with the keyboard on a phone and refused out of range by the server', async () => {
    const page = await e2e.page('desktop');
    await loginThroughForm(page, 'admin@nordicsupply.example', { next: '/admin/forms' });
    await page.getByRole('button', { name: 'New form' }).click();
    const create = page.getByRole('dialog');
    await create.getByRole('textbox', { name: 'Name' }).fill(title);
    await create.getByRole('textbox', { name: 'Key' }).fill(key);
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByTestId('form-builder').waitFor();

    await page.locator('[data-palette="widget:hello.rating"]').click();
    await page.getByRole('textbox', { name: 'Label', exact: true }).fill('How satisfied are you?');
    await page.getByRole('switch', { name: 'Required' }).check();
    // The live preview renders the plugin's widget as the portal will.
    await page.getByRole('tab', { name: 'Preview' }).click();
    await page
      .getByRole('group', { name: /How satisfied are you/ })
      .getByRole('radio')
      .first()
      .waitFor();
    await page.getByRole('tab', { name: 'Fields' }).click();
    await page.locator('[data-save-state="saved"]').waitFor();
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('Version 1 is published.').waitFor();

    const admin = await e2e.portal.login('admin@nordicsupply.example');
    const form = await admin.get<{ schema: { properties: Record<string, unknown>; required?: string[] } }>(
      `/api/v1/forms/${key}`,
    );
    expect(form.body.schema.properties).to.deep.equal({
      howSatisfiedAreYou: { type: 'integer', minimum: 1, maximum: 5, title: 'How satisfied are you?' },
    });
    expect(form.body.schema.required).to.deep.equal(['howSatisfiedAreYou']);

    // A customer on a phone (in Swedish) picks four stars with the arrow keys and sends it.
    const phone = await e2e.page('phone');
    await loginThroughForm(phone, 'user@bergstrombygg.example', { next: `/forms/${key}` });
    const stars = phone.getByRole('group', { name: /How satisfied are you/ });
    await stars.getByRole('radio', { name: '1 stjärna' }).focus();
    for (let i = 0; i < 3; i++) await phone.keyboard.press('ArrowRight');
    expect(await stars.getByRole('radio', { name: '4 stjärnor' }).isChecked()).to.equal(true);
    await phone.getByRole('button', { name: 'Skicka' }).click();
    await phone
      .getByText(/är skickat/)
      .first()
      .waitFor();
    const sent = await eventually(async () => {
      const res = await admin.get<{ items: Array<{ data: Record<string, unknown> }> }>(
        `/api/v1/forms/${key}/submissions`,
      );
      expect(res.body.items).to.have.length(1);
      return res.body.items[0]!;
    });
    expect(sent.data).to.deep.equal({ howSatisfiedAreYou: 4 });

    // The server knows nothing of the widget: the form's schema refuses seven stars.
    const customer = await e2e.portal.login('user@bergstrombygg.example');
    const refused = await customer.post<Problem>(`/api/v1/forms/${key}/submissions`, {
      data: { howSatisfiedAreYou: 7 },
    });
    expect(refused.status).to.equal(422);
    expect(refused.body.errors?.map((e) => e.path)).to.deep.equal(['/howSatisfiedAreYou']);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
    expect(e2e.browser.errors(phone)).to.deep.equal([]);
  });
});
