import path from 'node:path';
import { loginThroughForm, screenshot } from '@portico/core/testing';
import { screenshotDir, useE2e } from './support.js';

// The pictures in the README and docs/: taken from the demo tenant on every run, so they always
// show the apps as they are. A failure here is a page that never settles (a request or a spinner
// that does not end).
describe('screenshots for the docs (docs/screenshots/, browser)', function () {
  this.timeout(90_000);
  const e2e = useE2e();

  // The README is in English: the people in the pictures get English profiles first (the demo
  // gives them Swedish ones, and the apps follow the profile).
  before(async () => {
    for (const email of ['user@bergstrombygg.example', 'admin@nordicsupply.example']) {
      const session = await e2e.portal.login(email);
      const res = await session.patch('/api/v1/me', { language: 'en' });
      if (res.status !== 200) throw new Error(`could not set ${email}'s language: ${res.status}`);
    }
  });

  for (const size of ['phone', 'desktop'] as const)
    it(`takes the portal home of a customer user at ${size} size`, async () => {
      const page = await e2e.page(size);
      await loginThroughForm(page, 'user@bergstrombygg.example');
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await screenshot(page, path.join(screenshotDir, `portal-home-${size}.png`));
    });

  it("takes the admin app's dashboard of a provider admin at desktop size", async () => {
    const page = await e2e.page('desktop');
    await loginThroughForm(page, 'admin@nordicsupply.example', { next: '/admin/' });
    await page.getByRole('heading', { level: 1, name: /dashboard/i }).waitFor();
    await screenshot(page, path.join(screenshotDir, 'admin-dashboard.png'));
  });
});
