import path from 'node:path';
import { loginThroughForm, screenshot } from '@portico/core/testing';
import { screenshotDir, useE2e } from './support.js';

// The pictures in the README and docs/: taken from the demo tenant on every run, so they always
// show the apps as they are. A failure here is a page that never settles (a request or a spinner
// that does not end).
describe('screenshots for the docs (docs/screenshots/, browser)', function () {
  this.timeout(90_000);
  const e2e = useE2e();

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
    // In the admin's profile language, Swedish, like the portal's pictures.
    await page.getByRole('heading', { level: 1, name: 'Översikt' }).waitFor();
    await screenshot(page, path.join(screenshotDir, 'admin-dashboard.png'));
  });
});
