import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Model, ModelAttributes, ModelOptions, ModelStatic, Sequelize } from 'sequelize';
import type { Logger } from 'pino';
import type { KernelContainer, Lazy, ScopedContainer } from '../container/container.js';
import type { ExtensionPoint, ServiceToken } from '../container/service-token.js';
import type { Database } from '../db/database.js';
import type { Migration } from '../db/migrations.js';
import type { DomainEvent, EventBus, Subscriber } from '../events/event-bus.js';
import type { RouteDefinition } from '../http/route.js';
import type { ResolvedPlugin } from '../plugin/manifest.js';
import type {
  PermissionDefinition,
  PluginDefinition,
  RegisterContext,
  SeedContext,
} from '../plugin/define-plugin.js';
import {
  sharedValidator,
  formatFieldErrors,
  type JsonSchema,
  type ValidationResult,
} from '../validation/validator.js';

export type PluginState = 'loaded' | 'registered' | 'migrated' | 'started' | 'failed' | 'stopped';

interface ModelDecl {
  tableName: string;
  attributes: ModelAttributes;
  options: ModelOptions;
  personalData: string[];
  model?: ModelStatic<Model>;
}

/** Everything one plugin declared in `register`, and its state. */
export class PluginRuntime {
  state: PluginState = 'loaded';
  error?: Error;
  definition?: PluginDefinition;
  readonly routes: RouteDefinition<never, never, never, unknown>[] = [];
  readonly models: ModelDecl[] = [];
  readonly migrations: Migration[] = [];
  readonly permissions: PermissionDefinition[] = [];
  readonly localeDirs: URL[] = [];
  readonly subscribers: Subscriber[] = [];
  readonly provides: Array<{ token: ServiceToken<unknown>; factory: () => unknown }> = [];
  readonly extensions: Array<{ point: ExtensionPoint<unknown>; factory: () => unknown }> = [];
  readonly uses: ServiceToken<unknown>[] = [];
  readonly useAlls: ExtensionPoint<unknown>[] = [];
  readonly seeds: Array<(ctx: SeedContext) => Promise<void>> = [];
  settingsSchema?: JsonSchema;
  settingsValue?: Record<string, unknown>;
  scoped?: ScopedContainer;
  translations: Record<string, Record<string, unknown>> = {};

  /** Where its routes are mounted: `/api/v1/<id>` for plugins, `/api/v1` for core's built-in modules. */
  readonly mount: string;
  /** Table names carry the plugin id so plugins never collide; core's own tables start with `portico_`. */
  readonly tablePrefix: string;

  constructor(
    readonly resolved: ResolvedPlugin,
    readonly log: Logger,
    /** Set for a module of core itself (identity): always loaded, required, mounted at `/api/v1`. */
    readonly builtin?: PluginDefinition,
  ) {
    this.mount = builtin ? '/api/v1' : `/api/v1/${this.id}`;
    this.tablePrefix = builtin ? 'portico_' : `${this.id.replace(/-/g, '_')}_`;
    if (builtin) this.definition = builtin;
  }

  get id(): string {
    return this.resolved.manifest.id;
  }

  fail(err: unknown): void {
    this.state = 'failed';
    this.error = err instanceof Error ? err : new Error(String(err));
  }

  /** Builds the context `register` receives. Every value in it is lazy until the kernel has booted. */
  registerContext(events: EventBus, db: Lazy<Database>): RegisterContext {
    const notYet = (what: string) =>
      new Error(
        `Plugin "${this.id}" read ${what} during register; register only declares. Read it in a handler or in start().`,
      );
    const lazy =
      <T>(what: string, get: () => T | undefined): Lazy<T> =>
      () => {
        const v = get();
        if (v === undefined) throw notYet(what);
        return v;
      };
    return {
      id: this.id,
      log: this.log,
      events,
      db,
      settings: <T>(schema: JsonSchema) => {
        this.settingsSchema = schema;
        return lazy<T>('its settings', () => this.settingsValue as T | undefined);
      },
      model: <M extends Model>(
        tableName: string,
        attributes: ModelAttributes<M>,
        options: ModelOptions<M> & { personalData?: string[] } = {},
      ) => {
        if (!tableName.startsWith(this.tablePrefix)) {
          throw new Error(
            `Plugin "${this.id}" declares table "${tableName}"; its tables must start with "${this.tablePrefix}".`,
          );
        }
        const { personalData = [], ...rest } = options;
        const decl: ModelDecl = {
          tableName,
          attributes: attributes as ModelAttributes,
          options: rest as ModelOptions,
          personalData,
        };
        this.models.push(decl);
        return lazy(`model ${tableName}`, () => decl.model as unknown as ModelStatic<M> | undefined);
      },
      migrations: (list) => {
        this.migrations.push(...list);
      },
      route: (route) => {
        if (route.root !== undefined && !this.resolved.manifest.apiRoots.includes(route.root)) {
          throw new Error(
            `Plugin "${this.id}" declares route ${route.method.toUpperCase()} ${route.path} under /api/v1/${route.root}; add "${route.root}" to "apiRoots" in the "portico" field of its package.json first.`,
          );
        }
        this.routes.push(route as unknown as RouteDefinition<never, never, never, unknown>);
      },
      permission: (p) => {
        if (!new RegExp(`^${this.id}\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$`).test(p.key)) {
          throw new Error(
            `Plugin "${this.id}" declares permission "${p.key}"; permissions look like "${this.id}.<resource>.<action>".`,
          );
        }
        this.permissions.push(p);
      },
      locales: (dir) => {
        this.localeDirs.push(dir);
      },
      on: <P>(
        event: string,
        handler: (e: DomainEvent<P>) => Promise<void>,
        options: { name?: string } = {},
      ) => {
        const key = `${this.id}:${options.name ?? event}`;
        if (this.subscribers.some((s) => s.key === key)) {
          throw new Error(
            `Plugin "${this.id}" subscribes twice as "${key}"; give one subscription a distinct { name }.`,
          );
        }
        this.subscribers.push({
          key,
          plugin: this.id,
          event,
          handler: handler as (e: DomainEvent) => Promise<void>,
        });
      },
      provide: (token, factory) => {
        this.provides.push({ token, factory });
      },
      use: <T>(token: ServiceToken<T>) => {
        this.uses.push(token);
        return () => {
          if (!this.scoped) throw notYet(`the service ${token.name}`);
          return this.scoped.get(token);
        };
      },
      extend: (point, factory) => {
        this.extensions.push({ point, factory });
      },
      useAll: <T>(point: ExtensionPoint<T>) => {
        this.useAlls.push(point);
        return () => {
          if (!this.scoped) throw notYet(`the extension point ${point.name}`);
          return this.scoped.getAll(point);
        };
      },
      demoSeed: (seed) => {
        this.seeds.push(seed);
      },
    };
  }

  /** Validates the plugin's settings from config against its declared schema, filling defaults. */
  resolveSettings(): void {
    const value = structuredClone(this.resolved.settings);
    if (this.settingsSchema) {
      const r = sharedValidator('defaults').validate(this.settingsSchema, value);
      if (!r.ok) {
        throw new Error(
          `Settings of plugin "${this.id}" are invalid (config key plugins[...].settings):\n${formatFieldErrors(r.errors)}`,
        );
      }
    } else if (Object.keys(value).length) {
      throw new Error(
        `Config gives settings to plugin "${this.id}", which declares none. Remove "settings" from its entry in "plugins".`,
      );
    }
    this.settingsValue = value;
  }

  /**
   * Top-level settings that config gives (a config file, or the environment through
   * PORTICO_PLUGINS): config wins over what an admin stores, so admins cannot change them.
   */
  get lockedSettings(): string[] {
    return Object.keys(this.resolved.settings ?? {});
  }

  /**
   * The settings the plugin would run with if admins had stored `stored`: the stored values
   * under config's (locked) ones, then the schema's defaults, validated against the schema.
   */
  settingsWith(stored: Record<string, unknown>): ValidationResult<Record<string, unknown>> {
    const locked = new Set(this.lockedSettings);
    const value = structuredClone({
      ...Object.fromEntries(Object.entries(stored).filter(([k]) => !locked.has(k))),
      ...this.resolved.settings,
    });
    return sharedValidator('defaults').validate<Record<string, unknown>>(this.settingsSchema ?? {}, value);
  }

  /**
   * Makes the settings admins stored in the database effective: \`settings()\` answers them from
   * now on. Stored values the schema no longer accepts (after an upgrade of the plugin) are left
   * out; their keys are returned so the kernel can say so.
   */
  applyStoredSettings(stored: Record<string, unknown>): string[] {
    if (!this.settingsSchema) return [];
    let kept = { ...stored };
    let r = this.settingsWith(kept);
    const ignored: string[] = [];
    if (!r.ok) {
      for (const e of r.errors) {
        const key = e.path.split('/')[1]?.replace(/~1/g, '/').replace(/~0/g, '~');
        if (key !== undefined && key in kept) {
          ignored.push(key);
          delete kept[key];
        }
      }
      r = this.settingsWith(kept);
      if (!r.ok) {
        ignored.push(...Object.keys(kept));
        kept = {};
        r = this.settingsWith(kept);
      }
    }
    if (r.ok) this.settingsValue = r.value;
    return [...new Set(ignored)];
  }

  defineModels(sequelize: Sequelize): void {
    for (const decl of this.models) {
      decl.model = sequelize.define(decl.tableName, decl.attributes, {
        underscored: true,
        ...decl.options,
        tableName: decl.tableName,
      });
    }
  }

  readTranslations(): void {
    for (const dir of this.localeDirs) {
      const path = fileURLToPath(dir);
      for (const file of readdirSync(path).filter((f) => /^[a-z]{2}(-[A-Z]{2})?\.json$/.test(f))) {
        const lang = file.replace(/\.json$/, '');
        try {
          this.translations[lang] = {
            ...this.translations[lang],
            ...(JSON.parse(readFileSync(`${path}/${file}`, 'utf8')) as Record<string, unknown>),
          };
        } catch (err) {
          throw new Error(
            `Plugin "${this.id}": translation file ${path}/${file} is not valid JSON: ${(err as Error).message}`,
          );
        }
      }
    }
  }

  bindInto(container: KernelContainer): void {
    for (const p of this.provides) container.bindFactory(p.token, p.factory, this.id);
    for (const e of this.extensions) container.bindExtension(e.point, e.factory);
  }

  personalDataModels(): string[] {
    return this.models
      .filter((m) => m.personalData.length)
      .map((m) => `${m.tableName} (${m.personalData.join(', ')})`);
  }
}
