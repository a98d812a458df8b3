// What every end-to-end spec needs: a test portal with the demo tenant that serves the built
// apps, and a chromium. `useE2e()` inside a describe() starts both before its tests and stops
// them after; pages opened in a test are closed after it, with a screenshot kept on failure.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import {
  startBrowser,
  startTestPortal,
  type PageOptions,
  type TestBrowser,
  type TestPortal,
  type TestSession,
  type ViewportName,
} from '@portico/core/testing';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** Screenshots for the docs and the README, rewritten by every run. */
export const screenshotDir = path.join(repoRoot, 'docs', 'screenshots');
/** Screenshots of failed tests (git-ignored). */
export const failureDir = path.join(repoRoot, '.e2e');

const defaultConfig = JSON.parse(readFileSync(path.join(repoRoot, 'config', 'default.json'), 'utf8')) as {
  portalName?: string;
  plugins?: Array<string | { package: string; enabled?: boolean }>;
};

/**
 * The plugins of config/default.json, which the apps are built with (`npm run build`), as paths
 * the test portal can load from its temporary root, with the settings given per package name.
 */
export function builtPlugins(
  settings: Record<string, Record<string, unknown>> = {},
): Array<{ package: string; settings?: Record<string, unknown> }> {
  return (defaultConfig.plugins ?? [])
    .filter((p) => typeof p === 'string' || p.enabled !== false)
    .map((p) => (typeof p === 'string' ? p : p.package))
    .map((name) => ({ package: path.join(repoRoot, 'node_modules', name), settings: settings[name] }));
}

export interface E2eOptions {
  /** Plugin settings by package name: `{ '@portico/plugin-news': { schedulePollMs: 200 } }`. */
  pluginSettings?: Record<string, Record<string, unknown>>;
}

export interface E2e {
  portal: TestPortal;
  browser: TestBrowser;
  /** A fresh page (its own cookies) on the portal at phone or desktop size. */
  page(size: ViewportName, options?: PageOptions): Promise<Page>;
}

/**
 * Registers hooks that start a portal (demo tenant, the built apps, the plugins of config) and a
 * browser. Use the returned object in tests: `const e2e = useE2e(); ... await e2e.page('phone')`.
 */
export function useE2e(options: E2eOptions = {}): E2e {
  const pages: Page[] = [];
  const e2e = {
    async page(size: ViewportName, options?: PageOptions) {
      const page = await e2e.browser.page(e2e.portal.url, size, options);
      pages.push(page);
      return page;
    },
  } as E2e;

  before(async function () {
    // The first start migrates and seeds; on a busy two-core machine that can take a while.
    this.timeout(120_000);
    const [portal, browser] = await Promise.allSettled([
      startTestPortal({
        ui: true,
        demo: true,
        plugins: builtPlugins(options.pluginSettings),
        config: { portalName: defaultConfig.portalName ?? 'Portico' },
      }),
      startBrowser(),
    ]);
    if (portal.status === 'fulfilled') e2e.portal = portal.value;
    if (browser.status === 'fulfilled') e2e.browser = browser.value;
    if (portal.status === 'rejected') throw portal.reason;
    if (browser.status === 'rejected') throw browser.reason;
  });

  afterEach(async function () {
    const failed = this.currentTest?.state === 'failed';
    for (const [i, page] of pages.entries()) {
      if (failed && !page.isClosed()) {
        const name = `${this.currentTest!.fullTitle().replace(/[^\w-]+/g, '-')}-${i}.png`;
        await page
          .screenshot({ path: path.join(failureDir, name) })
          .then(() =>
            console.log(`      screenshot of the failure: ${path.relative(repoRoot, failureDir)}/${name}`),
          )
          .catch(() => undefined);
      }
      await page.context().close();
    }
    pages.length = 0;
  });

  after(async function () {
    this.timeout(30_000);
    await e2e.browser?.close();
    await e2e.portal?.stop();
  });

  return e2e;
}

/**
 * Runs `check` until it stops throwing (an assertion on something the server does a moment
 * later: a saved choice, a read mark), every `intervalMs`; rethrows its last error after `timeoutMs`.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  { timeoutMs = 10_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() + intervalMs > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

/**
 * Creates a form (or structure) through the API and publishes its first version, as the builder
 * would: `body` is what POST /api/v1/forms takes. Fails the test with the server's answer.
 */
export async function publishForm(
  session: TestSession,
  body: { key: string } & Record<string, unknown>,
): Promise<void> {
  const created = await session.post('/api/v1/forms', body);
  if (created.status !== 201)
    throw new Error(`creating ${body.key}: ${created.status} ${JSON.stringify(created.body)}`);
  const published = await session.post(`/api/v1/forms/${body.key}/publish`, {});
  if (published.status !== 200)
    throw new Error(`publishing ${body.key}: ${published.status} ${JSON.stringify(published.body)}`);
}
