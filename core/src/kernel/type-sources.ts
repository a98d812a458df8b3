import { createExtensionPoint } from '../container/service-token.js';
import type { JsonSchema } from '../validation/validator.js';

/** One TypeScript declaration to generate: an interface named `name` from `schema`. */
export interface TypeDeclaration {
  /** A PascalCase name, unique in its file: `ServiceAgreement`. */
  name: string;
  schema: JsonSchema;
  /** The declaration's doc comment. */
  description?: string;
}

/** A map from keys to declared types: `export interface PorticoForms { 'contact-us': ContactUs }`. */
export interface TypeMap {
  name: string;
  description?: string;
  /** Key -> name of a declaration of the same file. */
  entries: Record<string, string>;
}

/** A file of generated types (`portico types` writes it to generated/<file>). */
export interface TypeSet {
  /** `forms.d.ts` */
  file: string;
  /** What the file holds, for its header. */
  description: string;
  declarations: TypeDeclaration[];
  maps?: TypeMap[];
}

/**
 * Something whose shapes live in the database (admin-built forms and structures) and deserve
 * TypeScript types for developers: `portico types` asks every one of them, after booting the
 * portal without serving, and writes the files. Fill it with
 * `ctx.extend(typeSourcePoint, () => ({ types: async () => ({ file, description, declarations }) }))`.
 */
export interface TypeSource {
  types(): Promise<TypeSet>;
}

export const typeSourcePoint = createExtensionPoint<TypeSource>('coreTypeSourcePoint');
