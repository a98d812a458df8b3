/**
 * `@portico/forms/builder`: the form builder of the admin app (and of any plugin that lets
 * admins shape data), with its model for code that needs the same conversions.
 */
import { FormBuilder } from './FormBuilder.js';

export { FormBuilder, type FormBuilderProps } from './FormBuilder.js';
export { VersionDiffView } from './VersionDiffView.js';
export * from './model/index.js';
export default FormBuilder;
