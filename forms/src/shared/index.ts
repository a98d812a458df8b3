/** Browser-safe parts of the forms engine, shared by the server, the builder and the portal renderer. */
export * from './types.js';
export * from './messages.js';
export * from './translate.js';
export * from './computed.js';
export * from './custom-fields.js';
export * from './routines.js';
