import {
  coreServices,
  createServiceToken,
  gdprProviderPoint,
  type Actor,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import type { DefinitionsArea } from '../definitions/index.js';
import { createSubmissions } from '../migrations/20261202101000-create-submissions.js';
import {
  draftAttributes,
  draftOptions,
  draftTable,
  submissionAttributes,
  submissionOptions,
  submissionTable,
  uploadAttributes,
  uploadOptions,
  uploadTable,
  type DraftRow,
  type SubmissionRow,
  type UploadRow,
} from './models.js';
import { submissionRoutes } from './routes.js';
import { SubmissionService, type UploadSettings } from './submission-service.js';
import { knownUploadTypes } from './uploads.js';

/** Submissions of forms: other parts of the engine (routines) and plugins read and change them through this. */
export const submissionServiceToken = createServiceToken<SubmissionService>('forms.submissionService');

/**
 * The forms plugin's settings (ctx.settings is called once per plugin, here): uploads, and the
 * webhooks of routines. Another area that needs settings adds its properties to this schema.
 */
export const formsSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    uploadMaxBytes: {
      type: 'integer',
      minimum: 1024,
      maximum: 104_857_600,
      default: 10_485_760,
      title: 'Largest file upload (bytes)',
      description: 'The most a file field accepts; a field may allow less (ui:options.maxSize).',
    },
    uploadTypes: {
      type: 'array',
      uniqueItems: true,
      items: { enum: Object.keys(knownUploadTypes) },
      default: Object.keys(knownUploadTypes),
      title: 'File types forms accept',
      description: 'Recognised by their bytes; a field may accept fewer (ui:options.accept).',
    },
    webhooksAllowPrivateNetworks: {
      type: 'boolean',
      default: false,
      title: 'Routine webhooks may call private networks',
      description:
        'Lets routine webhooks reach loopback and private addresses (10.x, 192.168.x, ...). Off by default, so a routine cannot probe the servers next to the portal.',
    },
    webhookTimeoutMs: {
      type: 'integer',
      minimum: 500,
      maximum: 60_000,
      default: 10_000,
      title: 'Webhook timeout (ms)',
      description: 'A routine webhook call that takes longer counts as failed and is retried with backoff.',
    },
  },
} as const;

/** Every setting of the forms plugin, as formsSettingsSchema declares them. */
export interface FormsSettings extends UploadSettings {
  webhooksAllowPrivateNetworks: boolean;
  webhookTimeoutMs: number;
}

/** Declares the models, migration, service and routes of submissions, drafts and uploads. */
export function registerSubmissions(ctx: RegisterContext, definitions: DefinitionsArea): SubmissionsArea {
  const settings = ctx.settings<FormsSettings>(formsSettingsSchema);
  const submissions = ctx.model<SubmissionRow>(submissionTable, submissionAttributes, {
    ...submissionOptions,
    personalData: ['user_id', 'data'],
  });
  const drafts = ctx.model<DraftRow>(draftTable, draftAttributes, {
    ...draftOptions,
    personalData: ['user_id', 'data'],
  });
  const uploads = ctx.model<UploadRow>(uploadTable, uploadAttributes, {
    ...uploadOptions,
    personalData: ['user_id'],
  });
  ctx.migrations([createSubmissions]);
  const files = ctx.use(coreServices.files);
  ctx.provide(
    submissionServiceToken,
    () =>
      new SubmissionService(
        submissions,
        drafts,
        uploads,
        definitions.service,
        definitions.validator,
        ctx.db,
        ctx.events,
        files,
        settings,
      ),
  );
  const service = ctx.use(submissionServiceToken);
  const languageOf = (actor: Actor) => actor.language ?? definitions.defaultLanguage();
  submissionRoutes(ctx, service, languageOf, settings);
  ctx.extend(gdprProviderPoint, () => ({
    exportUser: (userId: string) => service().exportUser(userId),
    eraseUser: (userId: string) => service().eraseUser(userId),
  }));
  return { service, settings };
}

/** What other areas of the engine (routines) get from the submissions area. */
export interface SubmissionsArea {
  service: Lazy<SubmissionService>;
  settings: Lazy<FormsSettings>;
}
