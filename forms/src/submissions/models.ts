import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

export interface SubmissionRow extends Model<
  InferAttributes<SubmissionRow>,
  InferCreationAttributes<SubmissionRow>
> {
  id: string;
  definition_id: string;
  /** The exact version it was filled in; it always renders with this one. */
  version_id: string;
  form_key: string;
  version: number;
  organization_id: string | null;
  /** Null once the user is erased (GDPR): the answers stay with their organisation. */
  user_id: string | null;
  status: string;
  /** JSON text of the submitted data, computed values applied. */
  data: string;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const submissionTable = 'forms_submissions';

export const submissionAttributes: ModelAttributes<SubmissionRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  definition_id: { type: DataTypes.STRING(36), allowNull: false },
  version_id: { type: DataTypes.STRING(36), allowNull: false },
  form_key: { type: DataTypes.STRING(64), allowNull: false },
  version: { type: DataTypes.INTEGER, allowNull: false },
  organization_id: { type: DataTypes.STRING(64), allowNull: true },
  user_id: { type: DataTypes.STRING(64), allowNull: true },
  status: { type: DataTypes.STRING(32), allowNull: false },
  data: { type: DataTypes.TEXT, allowNull: false },
  // With their precision: MySQL's dialect writes a DATE without a length to the second.
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const submissionOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** The autosaved, not yet submitted fill of one user for one form. */
export interface DraftRow extends Model<InferAttributes<DraftRow>, InferCreationAttributes<DraftRow>> {
  definition_id: string;
  user_id: string;
  data: string;
  updated_at: Date;
}

export const draftTable = 'forms_drafts';

export const draftAttributes: ModelAttributes<DraftRow> = {
  definition_id: { type: DataTypes.STRING(36), primaryKey: true },
  user_id: { type: DataTypes.STRING(64), primaryKey: true },
  data: { type: DataTypes.TEXT, allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const draftOptions = { timestamps: false } as const;

/** A file uploaded for a form. The bytes are in core's file store under the same id. */
export interface UploadRow extends Model<InferAttributes<UploadRow>, InferCreationAttributes<UploadRow>> {
  id: string;
  definition_id: string;
  user_id: string | null;
  organization_id: string | null;
  submission_id: string | null;
  name: string;
  content_type: string;
  size: number;
  created_at: Date;
}

export const uploadTable = 'forms_files';

export const uploadAttributes: ModelAttributes<UploadRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  definition_id: { type: DataTypes.STRING(36), allowNull: false },
  user_id: { type: DataTypes.STRING(64), allowNull: true },
  organization_id: { type: DataTypes.STRING(64), allowNull: true },
  submission_id: { type: DataTypes.STRING(36), allowNull: true },
  name: { type: DataTypes.STRING(200), allowNull: false },
  content_type: { type: DataTypes.STRING(100), allowNull: false },
  size: { type: DataTypes.INTEGER, allowNull: false },
  created_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const uploadOptions = { timestamps: false } as const;
