import { definePlugin, systemActor } from '@portico/core';
import { registerCustomFields } from './custom-fields/index.js';
import { registerRoutines } from './routines/index.js';
import { registerDefinitions } from './definitions/index.js';
import { registerStructures } from './structures/index.js';
import { registerTypes } from './types/index.js';
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
export { CustomFieldDefinitions } from './custom-fields/index.js';
export { StructureService, indexKeyword, indexedFields, structureServiceToken } from './structures/index.js';
export type {
  IndexKind,
  IndexedField,
  RecordListInput,
  RecordPage,
  StructureDefinition,
  StructureRecord,
  StructureSummary,
  Writer,
} from './structures/index.js';

/**
 * The forms engine: form definitions and their versions, submissions, structures, custom fields
 * and routines, all data built by business admins in the admin app. Each area registers itself
 * from its own folder.
 */
export default definePlugin({
  register(ctx) {
    declarePermissions(ctx);
    const definitions = registerDefinitions(ctx);
    const customFields = registerCustomFields(ctx, definitions);
    const structures = registerStructures(ctx, definitions);
    registerTypes(ctx, definitions, customFields);
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
      records: structures,
      structureExists: async (key) => (await definitions.service().definitionRow(key))?.kind === 'structure',
      settings: submissions.settings,
    });
    ctx.locales(new URL('../locales/', import.meta.url));
  },
});
