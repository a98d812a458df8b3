import type { FormKind, FormTranslations, Translated, VersionStatus } from '../shared/types.js';

/** GET /forms item (staff). */
export interface DefinitionSummary {
  key: string;
  kind: FormKind;
  title: Translated;
  description?: Translated;
  status: VersionStatus;
  publishedVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

/** A version as the API returns it (draft, published or an old one). */
export interface VersionView {
  key?: string;
  kind?: FormKind;
  title?: Translated;
  version: number;
  status?: VersionStatus;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  translations?: FormTranslations;
  defaultLanguage?: string;
  publishedAt?: string | null;
  publishedBy?: string | null;
  updatedAt?: string;
}

export interface Submission {
  id: string;
  formKey: string;
  kind: FormKind;
  formTitle: Translated;
  version: number;
  status: string;
  data: Record<string, unknown>;
  organizationId: string | null;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /forms/submissions/:id: the submission with the version it was filled in, and the statuses it may take. */
export interface SubmissionDetail extends Submission {
  form: {
    key: string;
    kind: FormKind;
    title: Translated;
    version: number;
    schema: Record<string, unknown>;
    uiSchema: Record<string, unknown>;
    translations: FormTranslations;
    defaultLanguage: string;
  };
  statuses: string[];
}

/** GET /forms/:key/definition. */
export interface Definition extends DefinitionSummary {
  statuses: string[];
  draftVersion: number | null;
  /** Who may fill it: access group keys and organisation ids (both empty: every customer). */
  access: { groups?: string[]; organizations?: string[] };
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface StructureRecord {
  id: string;
  organizationId: string;
  data: Record<string, unknown>;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface CustomFieldsOfEntity {
  entity: string;
  title: Translated | string;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  translations?: FormTranslations;
}

export interface OrganizationOption {
  id: string;
  name: string;
}
