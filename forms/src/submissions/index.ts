import {
  coreServices,
  createServiceToken,
  gdprProviderPoint,
  type Actor,
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
 * The forms plugin's settings. Declared here because uploads are the only part that has any;
 * another area that needs settings adds its properties to this schema.
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
  },
} as const;

/** Declares the models, migration, service and routes of submissions, drafts and uploads. */
export function registerSubmissions(ctx: RegisterContext, definitions: DefinitionsArea): void {
  const settings = ctx.settings<UploadSettings>(formsSettingsSchema);
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
}
