import type { FormKind, FormTranslations, JsonSchemaObject, Translated, UiSchema } from '../shared/types.js';

/** GET /api/v1/forms (the forms a customer may fill). */
export interface FormSummary {
  key: string;
  kind: FormKind;
  title: Translated;
  description: Translated;
  publishedVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

/** GET /api/v1/forms/:key (the published version) and a submission's `form`. */
export interface FormVersionView {
  key: string;
  kind: FormKind;
  title: Translated;
  description?: Translated;
  version: number;
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
}

/** GET /api/v1/forms/:key/my-draft */
export interface Draft {
  data: Record<string, unknown>;
  updatedAt: string;
}

/** An item of GET /api/v1/forms/submissions. */
export interface SubmissionView {
  id: string;
  formKey: string;
  kind: FormKind;
  formTitle: Translated;
  version: number;
  status: string;
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** GET /api/v1/forms/submissions/:id */
export interface SubmissionDetail extends SubmissionView {
  form: FormVersionView;
  statuses: string[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** GET /api/v1/structures */
export interface StructureSummary {
  key: string;
  title: Translated;
  description: Translated;
  version: number;
  indexes: string[];
}

/** GET /api/v1/structures/:key/definition */
export interface StructureDefinition extends StructureSummary {
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
}

/** A record of GET /api/v1/structures/:key and /structures/:key/:id */
export interface StructureRecord {
  id: string;
  organizationId: string;
  data: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}
