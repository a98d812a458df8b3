/**
 * @portico/core: the kernel of Portico. Plugins import from here: definePlugin, tokens, errors,
 * route helpers and types. Server code only; browser code imports `@portico/core/client`.
 */
export { definePlugin } from './plugin/define-plugin.js';
export type {
  PluginDefinition,
  RegisterContext,
  LifecycleContext,
  SeedContext,
  SeedOrganization,
  PermissionDefinition,
  Translated,
  ModelDeclaration,
} from './plugin/define-plugin.js';
export type { PluginManifest } from './plugin/manifest.js';
export { createServiceToken, createExtensionPoint } from './container/service-token.js';
export type { ServiceToken, ExtensionPoint } from './container/service-token.js';
export type { Lazy } from './container/container.js';
export { coreServices, gdprProviderPoint, actorResolverPoint } from './kernel/core-tokens.js';
export type { GdprProvider, SecretSealer } from './kernel/core-tokens.js';
export { CustomFields, customFieldsPoint, customizableEntityPoint } from './kernel/custom-fields.js';
export type { CustomFieldsValidator, CustomizableEntity } from './kernel/custom-fields.js';
export { typeSourcePoint } from './kernel/type-sources.js';
export type { TypeDeclaration, TypeMap, TypeSet, TypeSource } from './kernel/type-sources.js';
export { MissingFileBytesError } from './files/file-store.js';
export type { FileStore, StoredFile, NewFile, BlobStorage } from './files/file-store.js';
export { ProblemError, notFound, forbidden, conflict } from './http/problem.js';
export type { FieldError, ProblemInit } from './http/problem.js';
export { reply, Reply } from './http/route.js';
export type { RouteDefinition, RouteRequest, RouteAccess, HttpMethod, ResponseSpec } from './http/route.js';
export type { ActorResolver } from './http/route-handler.js';
export type { Migration, MigrationContext } from './db/migrations.js';
export type { Database } from './db/database.js';
export type { DomainEvent, EventBus } from './events/event-bus.js';
export type { Mailer, MailRequest, RenderedMail, MailStatus } from './mail/mailer.js';
export type { InlineTemplate } from './mail/mail-templates.js';
export {
  currentActor,
  currentContext,
  hasPermission,
  anonymousActor,
  systemActor,
} from './kernel/request-context.js';
export type { Actor, RequestContext } from './kernel/request-context.js';
export { organizationWhere, assertOrganization, canReachOrganization } from './identity/access.js';
export type { JsonSchema } from './validation/validator.js';
export { SchemaValidator, sharedValidator } from './validation/validator.js';
export { Portal, coreVersion } from './kernel/portal.js';
export type { PortalOptions, Readiness, ProgressListener } from './kernel/portal.js';
export { loadConfig, ConfigError } from './config/load-config.js';
export type { ResolvedConfig, PorticoConfig } from './config/load-config.js';
export { PluginLoadError } from './plugin/manifest.js';
export { UserError } from './kernel/user-error.js';
