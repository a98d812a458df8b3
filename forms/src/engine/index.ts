export { FormValidator, SchemaRefusedError, type ValidationOutcome } from './form-validator.js';
export { checkSchema, defaultSchemaLimits, type SchemaLimits, type SchemaProblem } from './schema-guard.js';
export { re2RegExp, patternProblem } from './regexp.js';
