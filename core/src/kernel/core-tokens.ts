import { createExtensionPoint, createServiceToken } from '../container/service-token.js';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import type { FileStore } from '../files/file-store.js';
import type { ActorResolver } from '../http/route-handler.js';
import type { Mailer } from '../mail/mailer.js';
import type { CustomFields } from './custom-fields.js';
import type { Logger } from 'pino';

/** Tokens of the services core provides to every plugin that asks with `ctx.use()`. */
export const coreServices = {
  config: createServiceToken<Readonly<ResolvedConfig>>('core.configService'),
  database: createServiceToken<Database>('core.databaseService'),
  events: createServiceToken<EventBus>('core.eventBusService'),
  logger: createServiceToken<Logger>('core.loggerService'),
  /** Templated e-mail in the recipient's language, stored and delivered after commit. */
  mail: createServiceToken<Mailer>('core.mailService'),
  /** Stored files (avatars, attachments, uploads): bytes under dataDir/files, records in portico_files. */
  files: createServiceToken<FileStore>('core.fileService'),
  /**
   * Custom fields of extensible entities: check a `custom` value before storing it (422 with
   * `/custom/...` paths). See customizableEntityPoint and customFieldsPoint.
   */
  customFields: createServiceToken<CustomFields>('core.customFieldsService'),
} as const;

/** What a plugin holding personal data must provide, so export and erasure cover it (R9). */
export interface GdprProvider {
  /** Everything the plugin stores about the user, as JSON for their download. */
  exportUser(userId: string): Promise<Record<string, unknown>>;
  /** Deletes the user's personal data and anonymises what must stay. */
  eraseUser(userId: string): Promise<void>;
}

export const gdprProviderPoint = createExtensionPoint<GdprProvider>('coreGdprProviderPoint');

/** Resolvers of the request's actor; the first that recognises the request wins. */
export const actorResolverPoint = createExtensionPoint<ActorResolver>('coreActorResolverPoint');
