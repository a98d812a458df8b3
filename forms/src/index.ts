import { definePlugin } from '@portico/core';
import { registerCustomFields } from './custom-fields/index.js';
import { registerDefinitions } from './definitions/index.js';
import { registerStructures } from './structures/index.js';
import { registerTypes } from './types/index.js';
import { declarePermissions } from './permissions.js';

export { FormValidator, SchemaRefusedError, checkSchema, defaultSchemaLimits } from './engine/index.js';
export type { SchemaLimits, SchemaProblem, ValidationOutcome } from './engine/index.js';
export * from './shared/index.js';
export { formServiceToken, formValidatorToken } from './definitions/index.js';
export { FormService, mayFill } from './definitions/definition-service.js';
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
    registerStructures(ctx, definitions);
    registerTypes(ctx, definitions, customFields);
    ctx.locales(new URL('../locales/', import.meta.url));
  },
});
