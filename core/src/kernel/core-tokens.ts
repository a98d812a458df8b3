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
   * Encrypts secrets a plugin must read back (a webhook's signing secret) with the portal's
   * auth.encryptionKey: AES-256-GCM, bound to a context such as the row id.
   */
  secrets: createServiceToken<SecretSealer>('core.secretService'),
  /**
   * Custom fields of extensible entities: check a `custom` value before storing it (422 with
   * `/custom/...` paths). See customizableEntityPoint and customFieldsPoint.
   */
  customFields: createServiceToken<CustomFields>('core.customFieldsService'),
} as const;

/** Seals and opens secrets that must be read back; never use it for passwords (hash those). */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  /** Throws when the key changed or the value was altered or copied to another context. */
  open(sealed: string, context: string): string;
}

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
