import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';
import type { FormKind, VersionStatus } from '../shared/types.js';

export interface DefinitionRow extends Model<
  InferAttributes<DefinitionRow>,
  InferCreationAttributes<DefinitionRow>
> {
  id: string;
  key: string;
  kind: FormKind;
  /** JSON text: Translated. */
  title: string;
  /** JSON text: Translated. */
  description: string;
  owner_plugin: string;
  /** JSON text: FormAccess. */
  access: string;
  /** JSON text: string[]. */
  statuses: string;
  created_by: string | null;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const definitionTable = 'forms_definitions';

export const definitionAttributes: ModelAttributes<DefinitionRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  key: { type: DataTypes.STRING(64), allowNull: false },
  kind: { type: DataTypes.STRING(16), allowNull: false },
  title: { type: DataTypes.TEXT, allowNull: false },
  description: { type: DataTypes.TEXT, allowNull: false },
  owner_plugin: { type: DataTypes.STRING(64), allowNull: false },
  access: { type: DataTypes.TEXT, allowNull: false },
  statuses: { type: DataTypes.TEXT, allowNull: false },
  created_by: { type: DataTypes.STRING(64), allowNull: true },
  // With their precision: MySQL's dialect writes a DATE without a length to the second.
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const definitionOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export interface VersionRow extends Model<InferAttributes<VersionRow>, InferCreationAttributes<VersionRow>> {
  id: string;
  definition_id: string;
  version: number;
  status: VersionStatus;
  /** JSON text of the JSON Schema. */
  schema: string;
  /** JSON text of the UI schema. */
  ui_schema: string;
  /** JSON text: FormTranslations. */
  translations: string;
  default_language: string;
  published_at: Date | null;
  published_by: string | null;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const versionTable = 'forms_versions';

export const versionAttributes: ModelAttributes<VersionRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  definition_id: { type: DataTypes.STRING(36), allowNull: false },
  version: { type: DataTypes.INTEGER, allowNull: false },
  status: { type: DataTypes.STRING(16), allowNull: false },
  schema: { type: DataTypes.TEXT, allowNull: false },
  ui_schema: { type: DataTypes.TEXT, allowNull: false },
  translations: { type: DataTypes.TEXT, allowNull: false },
  default_language: { type: DataTypes.STRING(10), allowNull: false },
  published_at: { type: DataTypes.DATE(3), allowNull: true },
  published_by: { type: DataTypes.STRING(64), allowNull: true },
  // With their precision: MySQL's dialect writes a DATE without a length to the second.
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const versionOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;
