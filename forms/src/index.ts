import { definePlugin, systemActor } from '@portico/core';
import { registerRoutines } from './routines/index.js';
import { registerDefinitions } from './definitions/index.js';
import { declarePermissions } from './permissions.js';
import { registerSubmissions } from './submissions/index.js';

export { FormValidator, SchemaRefusedError, checkSchema, defaultSchemaLimits } from './engine/index.js';
export type { SchemaLimits, SchemaProblem, ValidationOutcome } from './engine/index.js';
export * from './shared/index.js';
export { formServiceToken, formValidatorToken } from './definitions/index.js';
export { FormService, mayFill } from './definitions/definition-service.js';
export { submissionServiceToken, formsSettingsSchema } from './submissions/index.js';
export { SubmissionService } from './submissions/submission-service.js';
export type { FormsSettings } from './submissions/index.js';
export type { Routine, RoutineInput, RoutineRun, Step, Trigger } from './routines/index.js';
export { signWebhook } from './routines/webhook.js';
export type {
  FormDraft,
  Submission,
  SubmissionDetail,
  SubmissionFilter,
  SubmissionPage,
  UploadedFile,
} from './submissions/submission-service.js';
export type {
  CreateFormInput,
  DraftInput,
  FormAccess,
  FormDefinition,
  FormStatus,
  FormSummary,
  FormVersion,
  PatchFormInput,
  PublishedForm,
  VersionContent,
  VersionSummary,
} from './definitions/definition-service.js';

/**
 * The forms engine: form definitions and their versions, submissions, structures, custom fields
 * and routines, all data built by business admins in the admin app. Each area registers itself
 * from its own folder.
 */
export default definePlugin({
  register(ctx) {
    declarePermissions(ctx);
    const definitions = registerDefinitions(ctx);
    const submissions = registerSubmissions(ctx, definitions);
    registerRoutines(ctx, {
      statusesOf: async (key) => (await definitions.service().get(key))?.statuses,
      submissions: () => ({
        get: async (id) => {
          const s = await submissions.service().get(id, systemActor);
          return s && s.organizationId
            ? { ...s, organizationId: s.organizationId, createdAt: new Date(s.createdAt) }
            : undefined;
        },
        setStatus: async (id, status) => {
          await submissions.service().setStatus(id, status, systemActor, definitions.defaultLanguage());
        },
      }),
      // Structures arrive with their own area; until then a create-record step is refused.
      records: () => undefined,
      structureExists: async () => false,
      settings: submissions.settings,
    });
    ctx.locales(new URL('../locales/', import.meta.url));
  },
});
