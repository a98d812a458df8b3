/**
 * Shapes the forms API sends and receives. Browser-safe: the admin builder, the portal renderer
 * and plugins import these from `@portico/forms/shared`.
 */

/** A JSON Schema 2020-12 document as plain data. */
export type JsonSchemaObject = Record<string, unknown>;

/** The UI schema of react-jsonschema-form: layout, widgets, help, order, computed values. */
export type UiSchema = Record<string, unknown>;

/** Text per language code: `{ en: 'Order', sv: 'Beställning' }`. */
export type Translated = Record<string, string>;

/**
 * Translations of a version's texts: per language, per JSON pointer into `{ schema, uiSchema }`
 * (`/schema/properties/qty/title`, `/uiSchema/qty/ui:help`). The schema itself holds the texts
 * of the form's default language; a missing translation falls back to them.
 */
export type FormTranslations = Record<string, Record<string, string>>;

export type FormKind = 'form' | 'order-sheet' | 'case-type' | 'structure';
export const formKinds: readonly FormKind[] = ['form', 'order-sheet', 'case-type', 'structure'];

export type VersionStatus = 'draft' | 'published' | 'retired';

/** One field's error: a JSON pointer into the submitted data and a message in the reader's language. */
export interface FormFieldError {
  path: string;
  message: string;
  keyword?: string;
  params?: Record<string, unknown>;
}
