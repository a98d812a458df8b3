import type { Model, ModelAttributes, ModelOptions, ModelStatic } from 'sequelize';
import type { Logger } from 'pino';
import type { Lazy } from '../container/container.js';
import type { ExtensionPoint, ServiceToken } from '../container/service-token.js';
import type { Migration } from '../db/migrations.js';
import type { Database } from '../db/database.js';
import type { DomainEvent, EventBus } from '../events/event-bus.js';
import type { RouteDefinition } from '../http/route.js';
import type { JsonSchema } from '../validation/validator.js';

/** Translated text: a string per language code, `en` at least. */
export type Translated = Record<string, string>;

export interface PermissionDefinition {
  /** `<plugin id>.<resource>.<action>`, for example `news.article.publish`. */
  key: string;
  description: Translated;
  /**
   * Built-in roles that hold this permission out of the box: `provider-admin` (holds every
   * permission anyway), `editor`, `support`, `customer-admin`, `customer-user`. Admins build
   * custom roles from any permission.
   */
  grantTo?: string[];
  /** Only the supplier's staff may hold it; customer roles never can. */
  providerOnly?: boolean;
}

export interface EventSubscription {
  /** Unique per plugin; the delivery record is kept per subscription. Defaults to the event name. */
  name?: string;
}

export interface ModelDeclaration {
  /** Attributes that hold personal data (GDPR): export and erase must cover them. */
  personalData?: string[];
}

/** What `register` receives. Declarations only: no I/O, nothing resolved yet. */
export interface RegisterContext {
  readonly id: string;
  readonly log: Logger;
  /** Declares the plugin's settings schema; the value is read after register, validated, with defaults. */
  settings<T = Record<string, unknown>>(schema: JsonSchema): Lazy<T>;
  /** Declares a model. Table names start with the plugin id (`hello_greetings`). */
  model<M extends Model>(
    tableName: string,
    attributes: ModelAttributes<M>,
    options?: ModelOptions<M> & ModelDeclaration,
  ): Lazy<ModelStatic<M>>;
  migrations(list: readonly Migration[]): void;
  route<P, Q, B, R>(route: RouteDefinition<P, Q, B, R>): void;
  permission(permission: PermissionDefinition): void;
  /** A folder with `<lang>.json` translation files (`new URL('../locales/', import.meta.url)`). */
  locales(dir: URL): void;
  on<P = unknown>(
    event: string,
    handler: (event: DomainEvent<P>) => Promise<void>,
    options?: EventSubscription,
  ): void;
  provide<T>(token: ServiceToken<T>, factory: () => T): void;
  use<T>(token: ServiceToken<T>): Lazy<T>;
  extend<T>(point: ExtensionPoint<T>, factory: () => T): void;
  useAll<T>(point: ExtensionPoint<T>): Lazy<T[]>;
  /** Seeds this plugin's part of the demo tenant (`portico seed demo`). Must be idempotent. */
  demoSeed(seed: (ctx: SeedContext) => Promise<void>): void;
  readonly events: EventBus;
  readonly db: Lazy<Database>;
}

export interface SeedContext {
  log: Logger;
  db: Database;
  /** Something the person who started the portal should read (demo logins): printed after start. */
  note(text: string): void;
  /**
   * The organisations of the demo tenant (core's seed runs first), so a plugin can seed rows
   * that belong to each: the supplier (`provider`) and its customers.
   */
  organizations(): Promise<SeedOrganization[]>;
}

/** An organisation as a demo seed sees it. */
export interface SeedOrganization {
  id: string;
  kind: 'provider' | 'customer';
  name: string;
}

export interface LifecycleContext {
  log: Logger;
  db: Database;
}

/** A plugin's server part. Export it as the default of the package's "." entry. */
export interface PluginDefinition {
  register(ctx: RegisterContext): void;
  start?(ctx: LifecycleContext): Promise<void> | void;
  stop?(ctx: LifecycleContext): Promise<void> | void;
}

/** Declares a plugin. The identity (id, dependencies, core range) lives in package.json's `portico` field. */
export function definePlugin(definition: PluginDefinition): PluginDefinition {
  return definition;
}
