import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Express } from 'express';
import { portalBranding } from '../identity/branding.js';
import { serveUi, type UiBootData } from '../ui/serve-ui.js';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import { KernelContainer } from '../container/container.js';
import { loadConfig, type LoadConfigOptions, type ResolvedConfig } from '../config/load-config.js';
import { openDatabase, type Database } from '../db/database.js';
import { MigrationRunner } from '../db/migrations.js';
import {
  defineOutboxModels,
  Outbox,
  OutboxDispatcher,
  type OutboxModels,
  type Subscriber,
} from '../events/event-bus.js';
import { apiDocsRouter } from '../http/api-docs.js';
import { apiNotFound, createApp, createRequestListener, problemHandler } from '../http/app.js';
import { ProblemError } from '../http/problem.js';
import { buildOpenApi } from '../http/openapi.js';
import { ApiRouter } from '../http/api-router.js';
import { mountRoutes, type ActorResolver } from '../http/route-handler.js';
import { createLoggers } from '../log/logger.js';
import { coreMigrations } from '../migrations/index.js';
import { orderPlugins, PluginLoadError, resolvePlugin, type PluginEntryConfig } from '../plugin/manifest.js';
import type { PluginDefinition, SeedOrganization } from '../plugin/define-plugin.js';
import { sharedValidator } from '../validation/validator.js';
import { actorResolverPoint, coreServices, gdprProviderPoint } from './core-tokens.js';
import { CustomFields, customFieldsPoint, customizableEntityPoint } from './custom-fields.js';
import { PluginAdmin } from './plugin-admin.js';
import { registerPluginAdminRoutes } from './plugin-admin-routes.js';
import { PluginRuntime } from './plugin-runtime.js';
import { createIdentityModule, type IdentityModule } from '../identity/index.js';
import { PermissionCatalog } from '../identity/access.js';
import { anonymousActor, type Actor } from './request-context.js';

export const coreVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

export interface PortalOptions extends LoadConfigOptions {
  /** Replaces the `plugins` list of config (the test harness boots just the plugins under test). */
  plugins?: Array<string | PluginEntryConfig>;
  logger?: Logger;
  /** Resolvers tried before those plugins provide; the test harness uses this. */
  actorResolvers?: ActorResolver[];
  /**
   * Where the built apps (`@portico/portal-ui`, `@portico/admin-ui`) are looked up from, when not
   * from config's root: the test harness serves the monorepo's builds from a temporary root.
   */
  uiRoot?: string;
}

/** Called as long work advances, for progress output. */
export type ProgressListener = (step: string, detail?: string) => void;

export interface Readiness {
  ready: boolean;
  status: 'ok' | 'degraded' | 'unavailable';
  database: 'ok' | string;
  pendingMigrations: number;
  plugins: Record<string, { state: string; version: string; optional: boolean; error?: string }>;
}

/**
 * The kernel: loads config and plugins, opens the database, migrates, mounts routes, starts
 * plugins in dependency order, serves HTTP and stops gracefully. One instance per process.
 */
export class Portal {
  readonly container = new KernelContainer();
  readonly runtimes: PluginRuntime[];
  db!: Database;
  app!: Express;
  private listener!: (req: IncomingMessage, res: ServerResponse) => void;
  outbox!: Outbox;
  private outboxModels!: OutboxModels;
  dispatcher?: OutboxDispatcher;
  migrations!: MigrationRunner;
  private server?: Server;
  private stopping = false;
  private booted = false;
  private started = false;
  private readonly subscribers = new Map<string, Subscriber>();
  private readonly actorResolvers: ActorResolver[];
  private openApiDoc?: Record<string, unknown>;
  /** Every permission core and the plugins declare. */
  readonly permissions = new PermissionCatalog();
  /** Core's identity module (sessions, users, organisations, access). */
  readonly identity: IdentityModule;
  /** Rollouts and stored settings of the plugins, as admins set them. */
  readonly pluginAdmin: PluginAdmin;
  /** What seeds asked to tell the person who started the portal (demo logins). */
  readonly notes: string[] = [];
  /** Where the built apps are looked up from (PortalOptions.uiRoot). */
  private uiRoot!: string;

  private constructor(
    readonly config: ResolvedConfig,
    readonly log: Logger,
    runtimes: PluginRuntime[],
    actorResolvers: ActorResolver[],
  ) {
    this.actorResolvers = actorResolvers;
    this.pluginAdmin = new PluginAdmin(() => this.runtimes, log.child({ module: 'plugins' }));
    this.identity = createIdentityModule({
      catalog: this.permissions,
      languages: () => this.languages(),
      pluginsFor: (actor) => this.pluginAdmin.pluginsFor(actor),
      brandingChanged: () => {
        this.bootCache = undefined;
      },
    });
    const builtin = new PluginRuntime(
      {
        manifest: {
          id: 'core',
          dependsOn: [],
          core: '*',
          displayName: { en: 'Core', sv: 'Kärna' },
          description: {
            en: 'Identity, organisations and access',
            sv: 'Identitet, organisationer och behörighet',
          },
          apiRoots: [],
        },
        packageName: '@portico/core',
        version: coreVersion,
        dir: new URL('../..', import.meta.url).pathname,
        entry: '',
        spec: 'builtin',
        optional: false,
        settings: {},
      },
      log.child({ module: 'identity' }),
      this.coreDefinition(),
    );
    this.runtimes = [builtin, ...runtimes];
  }

  /**
   * Core's built-in module: identity, and the administration of plugins (rollouts, settings).
   * Its start runs before any plugin's, so stored settings apply before plugins start.
   */
  private coreDefinition(): PluginDefinition {
    const identity = this.identity.definition;
    return {
      register: (ctx) => {
        identity.register(ctx);
        registerPluginAdminRoutes(ctx, {
          admin: this.pluginAdmin,
          plugins: () => this.plugins,
          identity: this.identity.service,
          config: () => this.config,
        });
      },
      start: async (lc) => {
        await identity.start?.(lc);
        await this.pluginAdmin.start(lc.db);
      },
      stop: async (lc) => {
        await this.pluginAdmin.stop();
        await identity.stop?.(lc);
      },
    };
  }

  /** The loaded plugins (core's built-in modules left out). */
  get plugins(): PluginRuntime[] {
    return this.runtimes.filter((r) => !r.builtin);
  }

  /** Languages the portal is translated to: English, Swedish and every language a plugin ships. */
  languages(): string[] {
    const set = new Set(['en', 'sv']);
    for (const rt of this.runtimes) for (const lang of Object.keys(rt.translations)) set.add(lang);
    return [...set].sort();
  }

  /** Reads config and every plugin's manifest (no plugin code runs) and orders the plugins. */
  static create(options: PortalOptions = {}): Portal {
    const config = loadConfig(options);
    if (options.plugins) config.plugins = options.plugins;
    const loggers = options.logger
      ? { root: options.logger, plugins: options.logger }
      : createLoggers(config.log.level);
    const log = loggers.root;
    const entries = config.plugins.filter((e) => typeof e === 'string' || e.enabled !== false);
    const resolved = entries.map((e) => resolvePlugin(config.root, e));
    const ordered = orderPlugins(resolved, coreVersion);
    const runtimes = ordered.map(
      (p) => new PluginRuntime(p, loggers.plugins.child({ plugin: p.manifest.id })),
    );
    const portal = new Portal(config, log, runtimes, options.actorResolvers ?? []);
    portal.uiRoot = options.uiRoot ?? config.root;
    return portal;
  }

  plugin(id: string): PluginRuntime | undefined {
    return this.runtimes.find((r) => r.id === id);
  }

  /** Runs a step of one plugin; a failure of an optional plugin disables it, else stops the portal. */
  private async guard(rt: PluginRuntime, phase: string, fn: () => Promise<void> | void): Promise<void> {
    if (rt.state === 'failed') return;
    try {
      await fn();
    } catch (err) {
      const message = `Plugin "${rt.id}" (${rt.resolved.packageName}) failed in ${phase}: ${(err as Error).message}`;
      if (!rt.resolved.optional) throw new PluginLoadError(message);
      rt.fail(new Error(message, { cause: err }));
      this.log.warn({ plugin: rt.id, err }, `${message}. It is optional, so the portal goes on without it.`);
      this.failDependents(rt);
    }
  }

  private failDependents(failed: PluginRuntime): void {
    for (const rt of this.runtimes) {
      if (rt.state === 'failed' || !rt.resolved.manifest.dependsOn.includes(failed.id)) continue;
      const message = `Plugin "${rt.id}" depends on "${failed.id}", which failed: ${failed.error?.message}`;
      if (!rt.resolved.optional)
        throw new PluginLoadError(`${message}. Mark "${rt.id}" optional too, or fix "${failed.id}".`);
      rt.fail(new Error(message));
      this.failDependents(rt);
    }
  }

  /**
   * Imports and registers plugins, opens the database, defines models and (unless told not to)
   * runs pending migrations. Enough for the CLI's migrate and seed commands.
   */
  async boot(options: { migrate?: boolean; onProgress?: ProgressListener } = {}): Promise<void> {
    if (this.booted) return;
    const progress = options.onProgress ?? (() => undefined);
    this.db = openDatabase(this.config, this.log);
    this.outboxModels = defineOutboxModels(this.db.sequelize);
    this.outbox = new Outbox(this.db, this.outboxModels, (name) =>
      [...this.subscribers.values()].filter((s) => s.event === name),
    );
    this.container.bindValue(coreServices.config, this.config);
    this.container.bindValue(coreServices.database, this.db);
    this.container.bindValue(coreServices.events, this.outbox);
    this.container.bindValue(coreServices.logger, this.log);
    this.container.bindValue(
      coreServices.customFields,
      new CustomFields(
        () => this.container.getAll(customizableEntityPoint),
        () => this.container.getAll(customFieldsPoint),
        () => this.config.defaultLanguage,
      ),
    );

    for (const rt of this.runtimes) {
      progress('register', rt.id);
      if (!rt.builtin)
        await this.guard(rt, 'loading its code', async () => {
          const mod = (await import(pathToFileURL(rt.resolved.entry).href)) as { default?: PluginDefinition };
          if (!mod.default || typeof mod.default.register !== 'function') {
            throw new Error(
              `its entry ${rt.resolved.entry} must export default definePlugin({ register(ctx) { ... } })`,
            );
          }
          rt.definition = mod.default;
        });
      await this.guard(rt, 'register', () => {
        const result = rt.definition!.register(rt.registerContext(this.outbox, () => this.db)) as unknown;
        if (result instanceof Promise)
          throw new Error('register must not be async: it only declares; do I/O in start()');
        rt.resolveSettings();
        rt.readTranslations();
        const personal = rt.personalDataModels();
        if (personal.length && !rt.extensions.some((e) => e.point.id === gdprProviderPoint.id)) {
          throw new Error(
            `it stores personal data in ${personal.join('; ')} but provides no GDPR handler: add ctx.extend(gdprProviderPoint, () => ({ exportUser, eraseUser }))`,
          );
        }
        rt.state = 'registered';
      });
    }
    for (const rt of this.runtimes) {
      if (rt.state === 'failed') continue;
      rt.bindInto(this.container);
      this.permissions.add(rt.id, rt.permissions);
    }
    for (const rt of this.runtimes) {
      await this.guard(rt, 'resolving its services', () => {
        rt.scoped = this.container.scoped(rt.id, rt.uses, rt.useAlls);
        rt.defineModels(this.db.sequelize);
        for (const s of rt.subscribers) this.subscribers.set(s.key, s);
      });
    }

    this.migrations = new MigrationRunner(this.db, [
      { owner: 'core', migrations: coreMigrations },
      ...this.plugins
        .filter((r) => r.state !== 'failed')
        .map((r) => ({ owner: r.id, migrations: r.migrations })),
    ]);
    if (options.migrate !== false) {
      const onMigration = (owner: string, name: string) => progress('migrate', `${owner}: ${name}`);
      try {
        await this.migrations.up(onMigration, ['core']);
      } catch (err) {
        await this.db.close().catch(() => undefined);
        throw err;
      }
      // Plugin by plugin, so that an optional plugin whose migration fails is left out alone.
      for (const rt of this.runtimes) {
        await this.guard(rt, 'its migrations', async () => {
          // Core's modules' tables came with core's migrations above.
          if (!rt.builtin) await this.migrations.up(onMigration, [rt.id]);
          rt.state = 'migrated';
        });
      }
    }
    this.booted = true;
  }

  /** Boots, builds the HTTP app, and starts plugins in dependency order and the event dispatcher. */
  async start(options: { onProgress?: ProgressListener } = {}): Promise<void> {
    if (this.started) return;
    await this.boot({ migrate: true, ...options });
    this.buildApp();
    for (const rt of this.runtimes) {
      options.onProgress?.('start', rt.id);
      await this.guard(rt, 'start', async () => {
        await rt.definition!.start?.({ log: rt.log, db: this.db });
        rt.state = 'started';
      });
    }
    if (this.config.events.dispatch) {
      this.dispatcher = new OutboxDispatcher(
        this.outboxModels,
        (key) => this.subscribers.get(key),
        this.config.events,
        this.log.child({ component: 'events' }),
      );
      this.outbox.useTransport(this.dispatcher);
      this.dispatcher.start();
    }
    if (this.config.demo.seedOnFirstStart && !(await this.getMeta('demo.seeded'))) {
      await this.seedDemo(options.onProgress);
    }
    this.started = true;
  }

  private buildApp(): void {
    const appOptions = {
      log: this.log,
      logRequests: this.config.log.requests,
      trustProxy: this.config.http.trustProxy,
      bodyLimit: this.config.http.bodyLimit,
      isStopping: () => this.stopping,
    };
    const app = createApp(appOptions);

    const strict = sharedValidator('strict');
    const coercing = sharedValidator('coercing');
    // Bindings are fixed once plugins have registered: resolve the list once, not per request.
    let resolvers: ActorResolver[] | undefined;
    const resolveActor = async (req: IncomingMessage): Promise<Actor> => {
      resolvers ??= [...this.actorResolvers, ...this.container.getAll(actorResolverPoint)];
      for (const r of resolvers) {
        const actor = await r.resolve(req);
        if (actor) return actor;
      }
      return anonymousActor;
    };
    const api = new ApiRouter();
    for (const rt of this.runtimes) {
      if (rt.state === 'failed' || !rt.routes.length) continue;
      mountRoutes(api, rt.mount, rt.routes, {
        pluginId: rt.id,
        log: this.log,
        isAvailable: () => rt.state === 'started',
        ...(rt.builtin ? {} : { allows: (actor: Actor) => this.pluginAdmin.allows(rt.id, actor) }),
        resolveActor,
        db: this.db,
        validateResponses: this.config.http.validateResponses,
        bodyLimit: this.config.http.bodyLimit,
        strict,
        coercing,
      });
    }
    // After the plugin routes, which carry the traffic: every express layer before them is tested on each request.
    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      const r = await this.readiness();
      res.status(r.ready ? 200 : 503).json(r);
    });
    app.get('/api/openapi.json', (_req, res) => {
      res.json(this.openApi());
    });
    app.use('/api/docs', apiDocsRouter());
    app.use('/api', apiNotFound);
    const served = this.config.ui.serve
      ? serveUi(app, this.uiRoot, {
          bootData: () => this.uiBootData(),
          sessionCookie: this.config.auth.session.cookieName,
          // The person of a page's session, as GET /me would answer them (null: not logged in).
          session: async (req) => {
            const actor = await resolveActor(req);
            if (actor.kind !== 'user' || !actor.sessionId) return null;
            const me = await this.identity.me(actor);
            return { me, language: me.user.language };
          },
          onSessionError: (err) =>
            this.log.warn({ err }, 'resolving the session of a page failed; the app will ask GET /me'),
        })
      : [];
    if (!served.includes('portal'))
      app.get('/', (_req, res) => {
        res.type('html').send(landingPage(this.config.portalName));
      });
    app.use((req, _res, next) => {
      next(
        new ProblemError(404, {
          detail: `Nothing lives at ${req.path}. The API reference is at /api/docs/.`,
        }),
      );
    });
    app.use(problemHandler(this.config.http.bodyLimit, this.log));
    this.app = app;
    this.listener = createRequestListener(app, api, appOptions);
  }

  private bootCache?: { at: number; data: Promise<UiBootData> };

  /**
   * What the apps' pages carry (portal name, languages, branding, running plugins). Kept for a
   * second: a page load costs no query, and a branding change shows at the next load.
   */
  uiBootData(): Promise<UiBootData> {
    const now = Date.now();
    if (this.bootCache && now - this.bootCache.at < 1000) return this.bootCache.data;
    const data = portalBranding(this.db).then((b) => ({
      portalName: b.portalName ?? this.config.portalName,
      languages: this.languages(),
      defaultLanguage: this.config.defaultLanguage,
      branding: {
        primaryColor: b.primaryColor,
        secondaryColor: b.secondaryColor,
        logoUrl: b.logoUrl,
        faviconUrl: b.faviconUrl,
        portalName: b.portalName,
      },
      plugins: this.plugins.filter((r) => r.state === 'started').map((r) => r.id),
    }));
    data.catch(() => (this.bootCache = undefined));
    this.bootCache = { at: now, data };
    return data;
  }

  /** The OpenAPI 3.1 document of every route of every started plugin. */
  openApi(): Record<string, unknown> {
    this.openApiDoc ??= buildOpenApi(
      {
        title: this.config.portalName,
        version: coreVersion,
        sessionCookie: this.config.auth.session.cookieName,
      },
      this.runtimes
        .filter((r) => r.state !== 'failed')
        .flatMap((r) => r.routes.map((route) => ({ pluginId: r.id, mount: r.mount, route }))),
    );
    return this.openApiDoc;
  }

  async readiness(): Promise<Readiness> {
    let database = 'ok';
    let pendingMigrations = 0;
    try {
      await this.db.ping();
      const failed = new Set(this.runtimes.filter((r) => r.state === 'failed').map((r) => r.id));
      pendingMigrations = await this.migrations.pendingCount(failed);
    } catch (err) {
      database = `unreachable: ${(err as Error).message}`;
    }
    const plugins: Readiness['plugins'] = {};
    for (const rt of this.plugins) {
      plugins[rt.id] = {
        state: rt.state,
        version: rt.resolved.version,
        optional: rt.resolved.optional,
        ...(rt.error ? { error: rt.error.message } : {}),
      };
    }
    const requiredDown = this.runtimes.some((r) => !r.resolved.optional && r.state !== 'started');
    const ready = !this.stopping && database === 'ok' && pendingMigrations === 0 && !requiredDown;
    const degraded = this.runtimes.some((r) => r.state === 'failed');
    return {
      ready,
      status: ready ? (degraded ? 'degraded' : 'ok') : 'unavailable',
      database,
      pendingMigrations,
      plugins,
    };
  }

  /** Listens on the configured port (0 picks a free one) and returns the base URL. */
  async listen(port = this.config.http.port, host = this.config.http.host): Promise<string> {
    const server = createServer(this.listener);
    server.keepAliveTimeout = 65_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const addr = server.address() as AddressInfo;
    const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
    return `http://${shownHost}:${addr.port}`;
  }

  get address(): AddressInfo | undefined {
    return (this.server?.address() as AddressInfo | null) ?? undefined;
  }

  /** Runs every plugin's demo seed, in dependency order, and remembers that the demo is seeded. */
  async seedDemo(onProgress?: ProgressListener): Promise<void> {
    for (const rt of this.runtimes) {
      if (rt.state === 'failed') continue;
      for (const seed of rt.seeds) {
        onProgress?.('seed', rt.id);
        await seed({
          log: rt.log,
          db: this.db,
          note: (text) => this.notes.push(text),
          organizations: () =>
            this.db.sequelize.query<SeedOrganization>(
              "SELECT id, kind, name FROM portico_organizations WHERE status = 'active' ORDER BY kind DESC, name",
              { type: QueryTypes.SELECT },
            ),
        });
      }
    }
    await this.setMeta('demo.seeded', { at: new Date().toISOString() });
  }

  async getMeta(key: string): Promise<unknown> {
    const rows = await this.db.sequelize.query<{ value: unknown }>(
      'SELECT value FROM portico_meta WHERE `key` = ?',
      { replacements: [key], type: QueryTypes.SELECT },
    );
    const v = rows[0]?.value;
    return typeof v === 'string' ? JSON.parse(v) : v;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    const qi = this.db.sequelize.getQueryInterface();
    await this.db.transactional(async (transaction) => {
      await qi.bulkDelete('portico_meta', { key }, { transaction });
      await qi.bulkInsert('portico_meta', [{ key, value: JSON.stringify(value), updated_at: new Date() }], {
        transaction,
      });
    });
  }

  /**
   * Stops gracefully: refuses new connections, lets in-flight requests finish (up to
   * http.shutdownTimeoutMs), stops the event dispatcher, runs plugins' stop hooks in reverse
   * order, and closes the database.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    if (this.server) {
      const server = this.server;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), this.config.http.shutdownTimeoutMs);
      await closed;
      clearTimeout(timer);
    }
    await this.dispatcher?.stop();
    for (const rt of [...this.runtimes].reverse()) {
      if (rt.state !== 'started') continue;
      try {
        await rt.definition!.stop?.({ log: rt.log, db: this.db });
        rt.state = 'stopped';
      } catch (err) {
        this.log.error({ err, plugin: rt.id }, `plugin "${rt.id}" failed to stop cleanly`);
      }
    }
    if (this.db) await this.db.close();
    // Log lines are written asynchronously; make sure the last ones reach stdout before exit.
    await new Promise<void>((resolve) => this.log.flush(() => resolve()));
  }
}

function landingPage(name: string): string {
  const safe = name.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${safe}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5">
<h1>${safe}</h1><p>The portal's API is running. The customer portal and admin apps arrive with their packages.</p>
<ul><li><a href="/api/docs/">API reference</a></li><li><a href="/readyz">Readiness</a></li></ul></body></html>`;
}
