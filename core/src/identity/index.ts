import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { Lazy } from '../container/container.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { EventBus } from '../events/event-bus.js';
import { createFileStore, scheduleFileSweep, type DatabaseFileStore } from '../files/file-store.js';
import { actorResolverPoint, coreServices } from '../kernel/core-tokens.js';
import { customizableEntityPoint } from '../kernel/custom-fields.js';
import type { Actor } from '../kernel/request-context.js';
import type { PluginDefinition, RegisterContext } from '../plugin/define-plugin.js';
import { builtinRoles, corePermissions, type PermissionCatalog } from './access.js';
import { registerAccountRoutes } from './routes/accounts.js';
import { registerAuthRoutes } from './routes/auth.js';
import { registerManagementRoutes } from './routes/management.js';
import { currentMe, registerMeRoutes, type MeAnswer } from './routes/me.js';
import { registerTwoFactorRoutes } from './routes/two-factor.js';
import { registerApiTokenRoutes } from './routes/api-tokens.js';
import { registerSamlRoutes } from './routes/saml.js';
import { registerSsoLookupRoutes } from './routes/sso-lookup.js';
import { registerAvatarRoutes } from './routes/avatar.js';
import { registerBrandingRoutes } from './routes/branding.js';
import { useRedisForIdentity } from './redis-identity.js';
import { seedDemoIdentity } from './seed.js';
import { IdentityService } from './service.js';

/** What the kernel gives the identity module. */
export interface IdentityHost {
  /** Every permission core and the loaded plugins declare (filled after register). */
  catalog: PermissionCatalog;
  /** Languages the portal is translated to. */
  languages(): string[];
  /**
   * Ids of the running plugins the actor may use (pilot rollouts leave some out), and a number
   * that changes whenever a rollout changes, so a cached GET /me answer is made again.
   */
  pluginsFor(actor: Actor): { ids: string[]; version: number };
  /** The branding changed: pages served from now on must carry the new one. */
  brandingChanged(): void;
}

export interface IdentityModule {
  definition: PluginDefinition;
  /** The service, once the module has started. */
  service: Lazy<IdentityService>;
  /** GET /me's answer for a logged-in person's actor (the portal writes it into the pages it serves). */
  me(actor: Actor): Promise<MeAnswer>;
}

const PRUNE_EVERY_MS = 10 * 60_000;

/**
 * Core's identity module: organisations, users, sessions, API tokens, roles, groups and audit.
 * It is loaded like a plugin (same register/start contract) but mounted at `/api/v1`, with
 * `portico_` tables and `core.*` permissions, because every plugin relies on it.
 */
export function createIdentityModule(host: IdentityHost): IdentityModule {
  let service: IdentityService | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let closeRedis: (() => Promise<void>) | undefined;
  let files: Lazy<DatabaseFileStore>;
  let stopFileSweep: (() => void) | undefined;
  const lazyService: Lazy<IdentityService> = () => {
    if (!service) throw new Error('The identity module has not started yet.');
    return service;
  };
  let config: Lazy<ResolvedConfig>;
  let events: Lazy<EventBus>;

  const definition: PluginDefinition = {
    register(ctx: RegisterContext) {
      config = ctx.use(coreServices.config);
      events = ctx.use(coreServices.events);
      for (const p of corePermissions) ctx.permission(p);
      ctx.extend(actorResolverPoint, () => ({ resolve: (req) => lazyService().resolve(req) }));
      // Admins may add custom fields to organisations and user profiles (the forms plugin).
      ctx.extend(customizableEntityPoint, () => ({
        entity: 'organization',
        title: { en: 'Organisation', sv: 'Organisation' },
      }));
      ctx.extend(customizableEntityPoint, () => ({
        entity: 'user',
        title: { en: 'User profile', sv: 'Användarprofil' },
      }));
      const customFields = ctx.use(coreServices.customFields);
      registerAuthRoutes(ctx, lazyService);
      registerMeRoutes(
        ctx,
        lazyService,
        () => host.languages(),
        (actor) => host.pluginsFor(actor),
        customFields,
      );
      registerTwoFactorRoutes(ctx, lazyService);
      registerApiTokenRoutes(ctx, lazyService);
      registerSamlRoutes(ctx, lazyService, () => host.languages());
      registerSsoLookupRoutes(ctx, lazyService);
      registerManagementRoutes(ctx, lazyService, () => host.languages(), customFields);
      registerAccountRoutes(ctx, lazyService, () => host.languages());
      let fileStore: DatabaseFileStore | undefined;
      files = () => (fileStore ??= createFileStore(config(), ctx.db(), ctx.log));
      ctx.provide(coreServices.files, files);
      ctx.provide(coreServices.secrets, () => lazyService().secretBox);
      registerAvatarRoutes(ctx, lazyService, files, () => config());
      registerBrandingRoutes(
        ctx,
        lazyService,
        files,
        () => config(),
        () => host.brandingChanged(),
      );
      ctx.demoSeed(async (seed) => {
        const { logins, password, generated } = await seedDemoIdentity(lazyService());
        const width = Math.max(...logins.map((l) => l.email.length));
        seed.note(
          [
            'Demo logins:',
            ...logins.map((l) => `  ${l.email.padEnd(width)}  ${l.role.padEnd(14)}  ${l.organization}`),
            generated
              ? `  password: ${password}   (generated; set PORTICO_DEMO_PASSWORD to choose one)`
              : '  password: the value of PORTICO_DEMO_PASSWORD',
          ].join('\n'),
        );
      });
    },
    async start({ db, log }) {
      service = new IdentityService(config(), db, log, events(), host.catalog);
      await ensureBuiltinRoles(service);
      if (config().redis.url) closeRedis = await useRedisForIdentity(service, log);
      const prune = async () => {
        const now = new Date();
        try {
          await service!.sessions.prune?.(now);
          await db.sequelize.query('DELETE FROM portico_rate_limits WHERE reset_at < ?', {
            replacements: [now],
          });
          await db.sequelize.query('DELETE FROM portico_one_time_tokens WHERE expires_at < ?', {
            replacements: [new Date(now.getTime() - 24 * 3_600_000)],
          });
        } catch (err) {
          log.warn({ err }, 'pruning expired sessions and counters failed; will retry');
        }
      };
      pruneTimer = setInterval(() => void prune(), PRUNE_EVERY_MS);
      pruneTimer.unref();
      stopFileSweep = scheduleFileSweep(files(), log);
    },
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      await service?.sessions.close?.();
      await service?.limiter.close?.();
      await closeRedis?.();
      stopFileSweep?.();
    },
  };
  return {
    definition,
    service: lazyService,
    me: (actor) => currentMe(lazyService(), actor, host.pluginsFor(actor)),
  };
}

/** Inserts the built-in roles a database lacks (their permissions come from code, not rows). */
async function ensureBuiltinRoles(identity: IdentityService): Promise<void> {
  const { db } = identity;
  const existing = new Set(
    (
      await db.sequelize.query<{ key: string }>('SELECT `key` FROM portico_roles WHERE builtin = ?', {
        replacements: [true],
        type: QueryTypes.SELECT,
      })
    ).map((r) => r.key),
  );
  const missing = builtinRoles.filter((r) => !existing.has(r.key));
  if (!missing.length) return;
  const now = new Date();
  await db
    .transactional(async (transaction) => {
      await db.sequelize.getQueryInterface().bulkInsert(
        'portico_roles',
        missing.map((r) => ({
          id: randomUUID(),
          key: r.key,
          name: JSON.stringify(r.name),
          description: JSON.stringify(r.description),
          scope: r.scope,
          permissions: JSON.stringify([]),
          builtin: true,
          require_totp: false,
          created_at: now,
          updated_at: now,
        })),
        { transaction },
      );
    })
    .catch((err: { name?: string }) => {
      // Another instance starting at the same moment inserted them first.
      if (err?.name !== 'SequelizeUniqueConstraintError') throw err;
    });
}
