import { expect } from 'chai';
import { loginThroughForm, scrollsSideways } from '@portico/core/testing';
import { useE2e } from './support.js';

interface Me {
  user: { email: string };
  organization: { kind: string };
}

describe('logging in and which app opens for whom (browser)', function () {
  this.timeout(90_000);
  const e2e = useE2e();

  it('lets a customer user log in through the form on a phone and shows their home page', async () => {
    const page = await e2e.page('phone');
    await page.goto('/');
    // Not logged in: the portal sends the visitor to its login page.
    await page.waitForURL((url) => url.pathname === '/login');
    await loginThroughForm(page, 'user@bergstrombygg.example');

    expect(new URL(page.url()).pathname).to.equal('/');
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.getByRole('textbox', { name: /e-?mail/i }).count(), 'login form still shown').to.equal(
      0,
    );
    const me = (await (await page.request.get('/api/v1/me')).json()) as Me;
    expect(me.user.email).to.equal('user@bergstrombygg.example');
    expect(await scrollsSideways(page), 'the home page is wider than the phone').to.equal(false);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });

  it('keeps a visitor who types a wrong password on the login page, saying why', async () => {
    const page = await e2e.page('phone');
    const refused = await loginThroughForm(page, 'user@lindqvist.example', {
      password: 'not-the-password',
    }).then(
      () => undefined,
      (err: Error) => err,
    );
    expect(refused?.message).to.match(/the page says ".*wrong.*"/);
    expect(new URL(page.url()).pathname).to.equal('/login');
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });

  it('refuses the admin app to a customer user', async () => {
    const page = await e2e.page('desktop');
    await loginThroughForm(page, 'user@bergstrombygg.example');
    await page.goto('/admin/');

    // In the user's profile language (Swedish), as the portal.
    await page
      .getByRole('alert')
      .filter({ hasText: /inte tillgång/i })
      .waitFor();
    expect(await page.getByRole('heading', { name: /översikt|dashboard/i }).count()).to.equal(0);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });

  it("opens the admin app's dashboard for a provider admin who logs in from the admin link", async () => {
    const page = await e2e.page('desktop');
    await page.goto('/admin/');
    // The admin app has no login page of its own: it sends the visitor to the portal's, and back.
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('next')).to.equal('/admin/');
    await loginThroughForm(page, 'admin@nordicsupply.example', { next: '/admin/' });

    await page.waitForURL((url) => url.pathname === '/admin/');
    // In the admin's profile language, Swedish, though they came straight to the admin app.
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    expect(
      await page
        .getByRole('alert')
        .filter({ hasText: /tillgång|access/i })
        .count(),
    ).to.equal(0);
    expect(e2e.browser.errors(page)).to.deep.equal([]);
  });
});
