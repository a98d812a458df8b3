/** The builder's model, without React: the form as fields and rules, to and from JSON Schema. */
export * from './types.js';
export * from './document.js';
export * from './edit.js';
export * from './diff.js';
