import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import path from 'node:path';
import { loginThroughForm, screenshot, type TestSession } from '@portico/core/testing';
import { eventually, publishForm, screenshotDir, useE2e } from './support.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
interface StoredRoutine {
  id: string;
  name: string;
  enabled: boolean;
  trigger: { on: string; status?: string };
  steps: Array<Record<string, unknown>>;
}

// Issue 5's routines, configured as data in the admin app: no JSON typed. The admin adds a
// routine with an e-mail, a status and a signed webhook; a customer's submission runs it; the
// admin sees the runs, and a routine that cannot be saved says why and saves nothing.
describe('an admin sets up a routine in the admin app and sees it run after a submission (browser)', function () {
  this.timeout(180_000);
  // The receiver listens on 127.0.0.1, a private address webhooks may not reach by default.
  const e2e = useE2e({ pluginSettings: { '@portico/forms': { webhooksAllowPrivateNetworks: true } } });
  const run = randomBytes(4).toString('hex');
  const key = `repair-${run}`;
  const received: Received[] = [];
  let hook: Server;
  let hookUrl: string;
  let admin: TestSession;

  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/erp/cases`;
    admin = await e2e.portal.login('admin@nordicsupply.example');
    expect((await admin.patch('/api/v1/me', { language: 'en' })).status).to.equal(200);
    await publishForm(admin, {
      key,
      kind: 'case-type',
      title: { en: `Repair ${run}`, sv: `Reparation ${run}` },
      schema: {
        type: 'object',
        required: ['subject'],
        properties: {
          subject: { type: 'string', title: 'Subject' },
          machine: {
            type: 'object',
            title: 'Machine',
            properties: { serial: { type: 'string', title: 'Serial number' } },
          },
        },
      },
    });
  });
  after(async () => {
    await new Promise((r) => hook?.close(r));
  });

  it('refuses an incomplete routine with the reason beside the field, then saves a complete one that runs after a submission', async () => {
    const page = await e2e.page('desktop');
    await loginThroughForm(page, 'admin@nordicsupply.example', { next: `/admin/forms/${key}` });
    await page.getByRole('link', { name: 'Routines' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Routines' }).waitFor();
    await page.getByText('No routines yet').waitFor();

    await page.getByRole('button', { name: 'New routine' }).click();
    const dialog = page.getByRole('dialog', { name: 'New routine' });
    await dialog.waitFor();

    // Saving with no name and an empty mail: the reasons show where they belong, nothing is stored.
    await dialog.getByRole('button', { name: 'Save routine' }).click();
    await dialog.getByText('Write the mail in at least one language.').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Name' }).getAttribute('aria-invalid')).to.equal('true');
    expect((await admin.get<StoredRoutine[]>(`/api/v1/forms/${key}/routines`)).body).to.deep.equal([]);

    await dialog.getByRole('textbox', { name: 'Name' }).fill('Confirm and tell the ERP');
    // Step 1, e-mail to the submitter, in English; a field of the form put in with a click.
    await dialog.getByRole('textbox', { name: 'Subject (English)' }).fill('We got your case');
    const text = dialog.getByRole('textbox', { name: 'Text (English)' });
    await text.fill('Thank you. Your machine: ');
    await dialog
      .locator('[data-language="en"]')
      .getByRole('button', { name: '{{data.machine.serial}}' })
      .click();
    expect(await text.inputValue()).to.equal('Thank you. Your machine: {{data.machine.serial}}');

    // Step 2: set the status.
    await dialog.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('menuitem', { name: 'Set the status' }).click();
    const statusStep = dialog.locator('[data-step="1"]');
    await statusStep.getByRole('combobox', { name: 'New status' }).click();
    await page.getByRole('option', { name: /in.progress/i }).click();

    // Step 3: a webhook with a generated secret; a bad address first.
    await dialog.getByRole('button', { name: 'Add a step' }).click();
    await page.getByRole('menuitem', { name: 'Call a webhook' }).click();
    const hookStep = dialog.locator('[data-step="2"]');
    await hookStep.getByRole('textbox', { name: 'Address (URL)' }).fill('erp.example.com');
    await hookStep.getByRole('button', { name: 'Generate' }).click();
    const secret = await hookStep.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).to.have.length(43);
    await dialog.getByRole('button', { name: 'Save routine' }).click();
    await hookStep.getByText('An address starting with https://').waitFor();
    expect((await admin.get<StoredRoutine[]>(`/api/v1/forms/${key}/routines`)).body).to.deep.equal([]);
    await hookStep.getByRole('textbox', { name: 'Address (URL)' }).fill(hookUrl);
    await screenshot(page, path.join(screenshotDir, 'admin-routine-editor.png'));

    // What only the server can tell (a template that does not compile) shows beside the field too.
    const subject = dialog.getByRole('textbox', { name: 'Subject (English)' });
    await subject.fill('We got your case {{#if}}');
    await dialog.getByRole('button', { name: 'Save routine' }).click();
    await dialog.getByText(/the template does not compile/).waitFor();
    expect((await admin.get<StoredRoutine[]>(`/api/v1/forms/${key}/routines`)).body).to.deep.equal([]);
    await subject.fill('We got your case');

    await dialog.getByRole('button', { name: 'Save routine' }).click();
    await dialog.waitFor({ state: 'detached' });
    const card = page.locator('[data-routine="Confirm and tell the ERP"]');
    await card.getByText('E-mail to the person who submitted (en)').waitFor();
    await card.getByText(`Call ${hookUrl}, signed`).waitFor();

    const [stored] = (await admin.get<StoredRoutine[]>(`/api/v1/forms/${key}/routines`)).body;
    expect(stored!.trigger).to.deep.equal({ on: 'submitted' });
    expect(stored!.steps).to.deep.equal([
      {
        type: 'email',
        to: 'submitter',
        mail: {
          en: { subject: 'We got your case', text: 'Thank you. Your machine: {{data.machine.serial}}' },
        },
      },
      { type: 'set-status', status: 'in-progress' },
      { type: 'webhook', url: hookUrl, secretSet: true },
    ]);

    // A customer submits: the routine runs, the webhook is signed with the generated secret.
    const customer = await e2e.portal.login('user@bergstrombygg.example');
    const sent = await customer.post<{ id: string }>(`/api/v1/forms/${key}/submissions`, {
      data: { subject: 'Pump leaks', machine: { serial: 'SN-4711' } },
    });
    expect(sent.status, JSON.stringify(sent.body)).to.equal(201);
    const call = await eventually(async () => {
      expect(received).to.have.length(1);
      return received[0]!;
    });
    const timestamp = String(call.headers['x-portico-timestamp']);
    const expected = createHmac('sha256', secret).update(`${timestamp}.${call.body}`).digest('hex');
    expect(call.headers['x-portico-signature']).to.equal(`sha256=${expected}`);

    // The runs: three steps done, each linking to the submission.
    await card.getByRole('button', { name: 'Runs' }).click();
    const runs = card.getByRole('table', { name: 'Runs' });
    await eventually(
      async () => {
        await card.getByRole('button', { name: 'Hide runs' }).click();
        await card.getByRole('button', { name: 'Runs' }).click();
        expect(await runs.locator('[data-run-status="done"]').count()).to.equal(3);
      },
      { timeoutMs: 20_000, intervalMs: 500 },
    );
    await runs.getByText('Set the status').waitFor();
    await screenshot(page, path.join(screenshotDir, 'admin-routines.png'));
    await runs
      .getByRole('link', { name: sent.body.id.slice(0, 8) })
      .first()
      .waitFor();
    const mails = await admin.get<{ items: Array<{ subject: string }> }>(
      `/api/v1/mail/outbox?to=${encodeURIComponent('user@bergstrombygg.example')}&limit=100`,
    );
    expect(mails.body.items.map((m) => m.subject)).to.include('We got your case');

    // Edit: the secret stays on the server; switching the routine off keeps every step.
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit routine' });
    await edit.getByText('A secret is set and stays').waitFor();
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await card.getByRole('switch', { name: 'Confirm and tell the ERP enabled' }).click();
    await eventually(async () => {
      const [after] = (await admin.get<StoredRoutine[]>(`/api/v1/forms/${key}/routines`)).body;
      expect(after!.enabled).to.equal(false);
      expect(after!.steps).to.deep.equal(stored!.steps);
    });
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });
});
