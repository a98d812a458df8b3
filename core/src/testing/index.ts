import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createConnection } from 'mysql2/promise';
import { deepMerge } from '../config/load-config.js';
import { Portal } from '../kernel/portal.js';
import { createLogger } from '../log/logger.js';
import type { PluginEntryConfig } from '../plugin/manifest.js';
import type { Actor } from '../kernel/request-context.js';
import { uiAppDir, uiApps } from '../ui/ui-apps.js';
import { demoPassword } from './demo-password.js';
import { TestSession } from './session.js';

export { TestSession } from './session.js';
export type { TestResponse } from './session.js';
export { checkIsolation, isolationPortalConfig } from './isolation.js';
export type {
  IsolationOptions,
  IsolationReport,
  IsolationFailure,
  IsolationFailureKind,
  ProbedRoute,
  SeedAContext,
} from './isolation.js';
export { minimalInstance, validInstance } from './schema-instance.js';
export {
  chromiumArgs,
  chromiumPath,
  loginThroughForm,
  screenshot,
  scrollsSideways,
  settle,
  startBrowser,
  TestBrowser,
  viewports,
  withBrowser,
} from './browser.js';
export type { FormLoginOptions, PageOptions, StartBrowserOptions, ViewportName } from './browser.js';

export interface TestPortalOptions {
  /** Plugins to load, as in config: package names, paths (absolute or relative to root) or entries. */
  plugins?: Array<string | PluginEntryConfig>;
  /**
   * `sqlite` (a temporary file), or a `mysql://` server URL without a database name; the harness
   * creates a uniquely named database there and drops it on stop. Defaults to
   * PORTICO_TEST_DATABASE_URL, else sqlite.
   */
  database?: string;
  /** Config applied over the defaults (`{ events: { pollIntervalMs: 50 } }`). */
  config?: Record<string, unknown>;
  /** App root (where config/ would be); defaults to a fresh temporary directory. */
  root?: string;
  /** Keep the data directory and database after stop (to start a second portal on them). */
  keepData?: boolean;
  /** Start plugins and serve HTTP (default), or only boot (register + migrate). */
  start?: boolean;
  /**
   * Seed the demo tenant (organisations, users, groups; see the README) after start. The demo
   * users' password is `demoPassword`.
   */
  demo?: boolean;
  /**
   * Serve the built portal and admin apps (`<app>/dist`, made by `npm run build`) at `/` and
   * `/admin/`, as `portico start` does, for end-to-end tests in a browser (see startBrowser). The
   * apps are the ones installed next to @portico/core (the monorepo's portal-ui and admin-ui);
   * the test portal fails to start when one of them is not built.
   */
  ui?: boolean;
}

export { demoPassword } from './demo-password.js';

export interface TestPortal {
  portal: Portal;
  /** Base URL of the listening server, for fetch or supertest. */
  url: string;
  /** Config overrides that point another portal at the same data (see keepData). */
  sameData: Record<string, unknown>;
  /** Headers that make a request act as `actor` (test harness only; identity replaces it in real use). */
  actAs(
    actor: Omit<Partial<Actor>, 'permissions'> & { permissions?: Iterable<string> },
  ): Record<string, string>;
  /** A logged-in browser-like client (cookie and CSRF token handled). */
  login(email: string, password?: string): Promise<TestSession>;
  /** A client without a session. */
  anonymous(): TestSession;
  stop(): Promise<void>;
}

const ACTOR_HEADER = 'x-portico-test-actor';

export interface TestDatabase {
  /** `mysql://` URL of the database, for DATABASE_URL or database.url. */
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates a MariaDB/MySQL database for a test: the one named in `serverUrl`'s path, or a fresh
 * uniquely named one. `drop()` removes it.
 */
export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const server = new URL(serverUrl.replace(/^mariadb:/, 'mysql:'));
  const name =
    server.pathname.length > 1
      ? server.pathname.slice(1)
      : `portico_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const connection = () =>
    createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const c = await connection();
  await c.query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  server.pathname = `/${name}`;
  return {
    url: server.toString(),
    drop: async () => {
      const d = await connection();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

/**
 * Boots a real kernel with just the given plugins against SQLite or MariaDB, listening on a free
 * port. Stop it in `after()`. Migrations, routes, events and stop hooks all run for real.
 */
export async function startTestPortal(options: TestPortalOptions = {}): Promise<TestPortal> {
  // Checked before anything is created: a missing build is the likely failure of a browser test.
  const uiRoot = options.ui ? builtAppsRoot() : undefined;
  const root = options.root ?? mkdtempSync(path.join(tmpdir(), 'portico-test-'));
  const ownsRoot = !options.root;
  const dbSpec = options.database ?? process.env.PORTICO_TEST_DATABASE_URL ?? 'sqlite';
  let databaseUrl: string | null = null;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (dbSpec.startsWith('mysql:') || dbSpec.startsWith('mariadb:')) {
    const created = await createTestDatabase(dbSpec);
    databaseUrl = created.url;
    dropDatabase = created.drop;
  }
  const sameData = { dataDir: path.join(root, 'data'), database: { url: databaseUrl } };
  const cleanUp = async () => {
    if (options.keepData) return;
    await dropDatabase?.();
    if (ownsRoot) rmSync(root, { recursive: true, force: true });
  };
  let portal: Portal;
  try {
    portal = Portal.create({
      root,
      env: {},
      plugins: options.plugins ?? [],
      logger: createLogger((process.env.PORTICO_TEST_LOG_LEVEL as 'silent' | undefined) ?? 'silent'),
      uiRoot,
      overrides: deepMerge(
        {
          ...sameData,
          http: { validateResponses: true, shutdownTimeoutMs: 2000 },
          events: { pollIntervalMs: 100, backoffBaseMs: 50 },
          // Cheap hashing keeps tests fast; the hash format is the same as in production.
          auth: { scrypt: { cost: 1024 } },
          demo: { password: demoPassword },
        },
        options.config ?? {},
      ),
      actorResolvers: [
        {
          resolve: async (req) => {
            const raw = req.headers[ACTOR_HEADER];
            if (typeof raw !== 'string') return undefined;
            const a = JSON.parse(raw) as Partial<Actor> & { permissions?: string[] };
            return { kind: 'user', roles: [], groups: [], ...a, permissions: new Set(a.permissions ?? []) };
          },
        },
      ],
    });
  } catch (err) {
    await cleanUp();
    throw err;
  }
  let url = '';
  try {
    if (options.start === false) await portal.boot();
    else {
      await portal.start();
      if (options.demo) await portal.seedDemo();
      url = await portal.listen(0, '127.0.0.1');
    }
  } catch (err) {
    await portal.stop().catch(() => undefined);
    await cleanUp();
    throw err;
  }
  return {
    portal,
    url,
    sameData,
    login: (email, password = demoPassword) => new TestSession(url).login(email, password),
    anonymous: () => new TestSession(url),
    actAs: (actor) => ({
      [ACTOR_HEADER]: JSON.stringify({ ...actor, permissions: [...(actor.permissions ?? [])] }),
    }),
    async stop() {
      await portal.stop();
      await cleanUp();
    },
  };
}

/**
 * Where the built apps are found from: core's own package directory, next to which npm installs
 * (or the monorepo links) @portico/portal-ui and @portico/admin-ui. Throws, saying how to build
 * them, when an app has no dist/index.html.
 */
function builtAppsRoot(): string {
  const coreDir = fileURLToPath(new URL('../..', import.meta.url));
  for (const app of uiApps) {
    const dir = uiAppDir(coreDir, app.packageName);
    if (!dir)
      throw new Error(
        `startTestPortal({ ui: true }): ${app.packageName} is not installed next to @portico/core; run npm install at the repository root.`,
      );
    if (!existsSync(path.join(dir, 'dist', 'index.html')))
      throw new Error(
        `startTestPortal({ ui: true }): ${app.packageName} is not built (${path.join(dir, 'dist', 'index.html')} is missing); run \`npm run build\` first (npm test does).`,
      );
  }
  return coreDir;
}
