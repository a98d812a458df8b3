/**
 * @portico/forms/react: the browser side of the forms engine. `PorticoForm` renders an
 * admin-built form (the portal, the builder's preview, other plugins); the validator checks data
 * in the browser as the server does. Browser code only, compiled by the apps' bundler (Vite).
 */
export { PorticoForm, type PorticoFormProps } from './PorticoForm.js';
export type { UploadedFile, UploadFile } from './runtime.js';
/** For a plugin's form widget: `{ form }` to spread on its inputs, so they join their section's form. */
export { useSectionForm } from './runtime.js';
export { isValidAgainst, schemaErrors, validateForm, type SchemaError } from './validator.js';
export { createFormValidator, errorSchemaOf, pointerToProperty } from './rjsf-validator.js';
export { prepareForm } from './render-schema.js';
export type { FormWidgetContribution } from '@portico/core/react';
