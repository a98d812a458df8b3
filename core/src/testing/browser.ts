import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, BrowserType, Page } from 'playwright-core';
import { demoPassword } from './demo-password.js';

/**
 * End-to-end tests in a real browser: playwright-core driving Debian's chromium (no browser
 * download). With `startTestPortal({ ui: true, demo: true })` the portal serves the built apps:
 *
 * ```ts
 * const browser = await startBrowser();
 * const page = await browser.page(t.url, 'phone');
 * await loginThroughForm(page, 'user@bergstrombygg.example');
 * await screenshot(page, 'docs/screenshots/portal-home-phone.png');
 * await browser.close();
 * ```
 */

/** The browser the tests drive: Debian's chromium, or PORTICO_CHROMIUM. */
export const chromiumPath = process.env.PORTICO_CHROMIUM || '/usr/bin/chromium';

/** Flags for a browser without a display, in a container, that talks to nothing but the portal. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];

/** The sizes the apps are designed for (issue 4): a small phone and a laptop. */
export const viewports = {
  phone: { width: 360, height: 740 },
  desktop: { width: 1440, height: 900 },
} as const;

export type ViewportName = keyof typeof viewports;

export interface PageOptions {
  /** Browser language; the apps pick their language from it until a user chooses. Default `en-US`. */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** Playwright's timeout for each action and wait, in ms. Default 15 s. */
  timeoutMs?: number;
}

export interface StartBrowserOptions {
  /** Default chromiumPath. */
  executablePath?: string;
  /** Extra chromium flags after chromiumArgs. */
  args?: string[];
}

/** A running chromium; each `page()` has its own context (cookies, storage), like a separate person. */
export class TestBrowser {
  private readonly errorsByPage = new WeakMap<Page, string[]>();

  constructor(readonly browser: Browser) {}

  /**
   * A new page in a fresh context of the given size, whose relative URLs resolve against
   * `baseUrl` (`await page.goto('/login')`). Animations are reduced so screenshots are stable.
   */
  async page(
    baseUrl: string,
    size: ViewportName | { width: number; height: number },
    options: PageOptions = {},
  ): Promise<Page> {
    const viewport = typeof size === 'string' ? viewports[size] : size;
    const context: BrowserContext = await this.browser.newContext({
      baseURL: baseUrl,
      viewport,
      deviceScaleFactor: 1,
      isMobile: false,
      hasTouch: typeof size === 'string' ? size === 'phone' : viewport.width < 600,
      locale: options.locale ?? 'en-US',
      colorScheme: options.colorScheme ?? 'light',
      reducedMotion: 'reduce',
    });
    context.setDefaultTimeout(options.timeoutMs ?? 15_000);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
    this.errorsByPage.set(page, errors);
    return page;
  }

  /** Uncaught exceptions thrown in the page so far (a test asserts there are none). */
  errors(page: Page): string[] {
    return this.errorsByPage.get(page) ?? [];
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/**
 * Launches chromium headless. Throws, saying how to install it, when it is not there: a test
 * that needs a browser fails rather than being skipped without anyone noticing.
 */
export async function startBrowser(options: StartBrowserOptions = {}): Promise<TestBrowser> {
  const executablePath = options.executablePath ?? chromiumPath;
  if (!existsSync(executablePath))
    throw new Error(
      `The end-to-end tests need Chromium at ${executablePath}, and it is not there. Install Debian's chromium: ` +
        '`sudo apt-get install -y chromium` (bash .ci/run does it), or point PORTICO_CHROMIUM at another Chromium.',
    );
  // Loaded here, not at the top: importing @portico/core/testing costs nothing without a browser.
  let chromium: BrowserType;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (err) {
    throw new Error(
      'The end-to-end tests need the package playwright-core (a devDependency of the repository): run npm install.',
      { cause: err },
    );
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [...chromiumArgs, ...(options.args ?? [])],
  });
  return new TestBrowser(browser);
}

/** Runs `fn` with a started browser and closes it afterwards, also when `fn` throws. */
export async function withBrowser<T>(
  fn: (browser: TestBrowser) => Promise<T>,
  options?: StartBrowserOptions,
): Promise<T> {
  const browser = await startBrowser(options);
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

export interface FormLoginOptions {
  /** Default: the demo password of test portals (demoPassword). */
  password?: string;
  /** Where to go after logging in (the login page's `next`), such as `/admin/`. Default `/`. */
  next?: string;
  /** How long the portal may take to let the browser in, in ms. Default 15 s. */
  timeoutMs?: number;
}

/**
 * Logs in as a person does: opens the portal's login page, types the e-mail address and the
 * password into the fields labelled so (English labels: the page's locale must be English), and
 * submits the form with Enter. Resolves when the browser has left the login page; throws with
 * the page's error message when the portal refused.
 */
export async function loginThroughForm(
  page: Page,
  email: string,
  options: FormLoginOptions = {},
): Promise<void> {
  await page.goto(options.next ? `/login?next=${encodeURIComponent(options.next)}` : '/login');
  await page.getByRole('textbox', { name: /e-?mail/i }).fill(email);
  const password = page.getByLabel(/password/i).and(page.locator('input'));
  await password.fill(options.password ?? demoPassword);
  await password.press('Enter');
  // Polled rather than awaited as one navigation: going on to another app (/admin/) may start
  // and abort a navigation on the way, which Playwright's waitForURL reports as an error.
  const alert = page.getByRole('alert').first();
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  while (new URL(page.url()).pathname.startsWith('/login')) {
    if (await alert.isVisible().catch(() => false))
      throw new Error(
        `Logging in ${email} through the form failed: the page says "${(await alert.innerText()).replace(/\s+/g, ' ').trim()}"`,
      );
    if (Date.now() > deadline)
      throw new Error(
        `Logging in ${email} through the form: still on ${page.url()} after ${options.timeoutMs ?? 15_000} ms`,
      );
    await new Promise((r) => setTimeout(r, 50));
  }
  await page.waitForLoadState('domcontentloaded');
}

/**
 * Waits until the page is still: no request in flight for 500 ms, no indeterminate progress
 * indicator, web fonts loaded. Call it before a screenshot or a check of the whole layout.
 */
export async function settle(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: timeoutMs });
  // Polled with evaluate (run through the DevTools protocol, which the page's CSP does not
  // govern) rather than waitForFunction, whose predicate the page would have to eval: the
  // portal's CSP forbids that, as it should. A string expression: core has no DOM types.
  const still =
    "!document.querySelector('[role=\"progressbar\"]:not([aria-valuenow])') && document.fonts.status === 'loaded'";
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(`(() => ${still})()`))) {
    if (Date.now() > deadline)
      throw new Error(`the page did not settle within ${timeoutMs} ms (a spinner kept turning)`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Writes a PNG of the viewport (or the whole page) to `file`, overwriting it, after the page has
 * settled; animations are stopped and the text caret hidden so that runs look alike.
 */
export async function screenshot(
  page: Page,
  file: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  await settle(page);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({
    path: file,
    fullPage: options.fullPage ?? false,
    animations: 'disabled',
    caret: 'hide',
  });
}

/** Whether the page is wider than its viewport (a phone layout that scrolls sideways is broken). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth > window.innerWidth');
}
