import { definePlugin } from '@portico/core';
import { registerCustomFields } from './custom-fields/index.js';
import { FormValidator } from './engine/index.js';
import { declarePermissions } from './permissions.js';

export { FormValidator, SchemaRefusedError, checkSchema, defaultSchemaLimits } from './engine/index.js';
export type { SchemaLimits, SchemaProblem, ValidationOutcome } from './engine/index.js';
export { CustomFieldDefinitions } from './custom-fields/index.js';
export * from './shared/index.js';

/**
 * The forms engine: form definitions and their versions, submissions, structures, custom fields
 * and routines, all data built by business admins in the admin app. Each area registers itself
 * from its own folder.
 */
export default definePlugin({
  register(ctx) {
    declarePermissions(ctx);
    ctx.locales(new URL('../locales/', import.meta.url));
    // One validator per portal: compiled schemas are cached in it.
    let validator: FormValidator | undefined;
    const formValidator = () => (validator ??= new FormValidator());
    registerCustomFields(ctx, formValidator);
  },
});
