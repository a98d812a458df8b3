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
  version: number;
  status: string;
  data: Record<string, unknown>;
  organizationId: string;
  userId: string;
  createdAt: string;
  updatedAt?: string;
}

/** GET /forms/submissions/:id: the submission with the version it was made with. */
export interface SubmissionDetail extends Submission {
  title?: Translated;
  statuses?: string[];
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  translations?: FormTranslations;
  version: number;
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
