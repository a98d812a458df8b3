import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { loginThroughForm, scrollsSideways, type TestSession } from '@portico/core/testing';
import { eventually, useE2e } from './support.js';

interface Mail {
  id: string;
  template: string | null;
  text: string | null;
}
interface Me {
  user: { email: string; language: string };
  organization: { name: string };
  roles: string[];
}

/** The mail of `template` to `to` in the outbox (the provider admin reads it), in full. */
async function mailTo(staff: TestSession, to: string, template: string): Promise<Mail> {
  return eventually(async () => {
    const list = await staff.get<{ items: Mail[] }>(`/api/v1/mail/outbox?to=${encodeURIComponent(to)}`);
    const found = list.body.items.find((m) => m.template === template);
    expect(found, `a ${template} mail to ${to}`).to.not.equal(undefined);
    return (await staff.get<Mail>(`/api/v1/mail/outbox/${found!.id}`)).body;
  });
}

describe('a customer admin approves an account request and the new user logs in (browser)', function () {
  this.timeout(90_000);
  const e2e = useE2e();

  // Bergström's e-mail domain (core's demo seed) routes the request to Bergström's admins.
  const run = randomBytes(4).toString('hex');
  const visitor = { name: `Alva Sjöberg ${run}`, email: `alva.${run}@bergstrombygg.example` };
  const password = `Alvas egen lösenfras ${run}`;

  it('takes the request from the form, lets the admin approve it, and the link lets the person in', async () => {
    // A visitor asks for an account.
    const page = await e2e.page('phone');
    await page.goto('/login');
    await page.getByRole('link', { name: /request an account/i }).click();
    await page.waitForURL((url) => url.pathname === '/request-account');
    await page.getByRole('textbox', { name: 'Your name' }).fill(visitor.name);
    await page.getByRole('textbox', { name: 'Work e-mail' }).fill(visitor.email);
    await page.getByRole('textbox', { name: 'Company' }).fill('Bergström Bygg AB');
    await page.getByRole('textbox', { name: 'Message' }).fill('I order timber for the Uppsala site.');
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('heading', { name: 'Thank you, your request is sent' }).waitFor();
    await page.getByText(visitor.email).first().waitFor();

    // Bergström's admin (Swedish profile) approves it from the company users page, on a phone.
    const admin = await e2e.page('phone');
    await loginThroughForm(admin, 'admin@bergstrombygg.example');
    await admin.getByRole('button', { name: /^Konto för / }).click();
    await admin.getByRole('menuitem', { name: 'Företagsanvändare' }).click();
    await admin.getByRole('tab', { name: /^Kontoansökningar/ }).click();
    const request = admin.getByRole('article', { name: visitor.name });
    await request.getByText('Väntar', { exact: true }).waitFor();
    await request.getByRole('button', { name: 'Godkänn' }).click();
    const dialog = admin.getByRole('dialog', { name: `Godkänna ${visitor.name}?` });
    await dialog.getByRole('button', { name: 'Godkänn' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.getByText(`Godkänd. ${visitor.name} får en länk till ${visitor.email}`).waitFor();
    expect(await scrollsSideways(admin)).to.equal(false);

    // The mail with the link to choose a password (read from the outbox, as without SMTP).
    const staff = await e2e.portal.login('admin@nordicsupply.example');
    const mail = await mailTo(staff, visitor.email, 'account-approved');
    const link = /https?:\/\/\S+\/accept-invitation\?token=[\w-]+/.exec(mail.text ?? '')?.[0];
    expect(link, `the link in: ${mail.text}`).to.be.a('string');
    const { pathname, search } = new URL(link!);

    // The new user opens it, chooses a password and is let in.
    const newcomer = await e2e.page('phone');
    await newcomer.goto(pathname + search);
    await newcomer.getByRole('heading', { name: `Welcome, ${visitor.name.split(' ')[0]}` }).waitFor();
    expect(await newcomer.getByRole('textbox', { name: 'E-mail' }).inputValue()).to.equal(visitor.email);
    await newcomer.getByLabel('Choose a password').and(newcomer.locator('input')).fill(password);
    await newcomer.getByLabel('Repeat the new password').and(newcomer.locator('input')).fill(password);
    await newcomer.getByRole('button', { name: 'Activate my account' }).click();
    await newcomer.waitForURL((url) => url.pathname === '/');
    await newcomer
      .getByRole('heading', { level: 1, name: new RegExp(visitor.name.split(' ')[0]!) })
      .waitFor();

    // And logs in with it on another device: their home page, as a user of Bergström.
    const later = await e2e.page('desktop');
    await loginThroughForm(later, visitor.email, { password });
    expect(new URL(later.url()).pathname).to.equal('/');
    await later.getByRole('heading', { level: 1, name: new RegExp(visitor.name.split(' ')[0]!) }).waitFor();
    // In English, the language of the page they asked from.
    await later.getByText('Bergström Bygg AB on Nordic Supply Portal').waitFor();
    const me = (await (await later.request.get('/api/v1/me')).json()) as Me;
    expect(me.user).to.include({ email: visitor.email, language: 'en' });
    expect(me.organization.name).to.equal('Bergström Bygg AB');
    expect(me.roles).to.deep.equal(['customer-user']);
    for (const p of [page, admin, newcomer, later]) expect(e2e.browser.errors(p)).to.deep.equal([]);
  });
});
