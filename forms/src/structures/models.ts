import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

export interface RecordRow extends Model<InferAttributes<RecordRow>, InferCreationAttributes<RecordRow>> {
  id: string;
  definition_id: string;
  version_id: string;
  version: number;
  organization_id: string;
  /** JSON text of the record's data. */
  data: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const recordTable = 'forms_records';

export const recordAttributes: ModelAttributes<RecordRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  definition_id: { type: DataTypes.STRING(36), allowNull: false },
  version_id: { type: DataTypes.STRING(36), allowNull: false },
  version: { type: DataTypes.INTEGER, allowNull: false },
  organization_id: { type: DataTypes.STRING(64), allowNull: false },
  data: { type: DataTypes.TEXT, allowNull: false },
  created_by: { type: DataTypes.STRING(64), allowNull: true },
  updated_by: { type: DataTypes.STRING(64), allowNull: true },
  // DATE(3) here too: without it sequelize writes whole seconds to MariaDB, and the record read
  // back would not be the record answered.
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const recordOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;

/** One indexed field of one record (see the migration). */
export interface RecordIndexRow extends Model<
  InferAttributes<RecordIndexRow>,
  InferCreationAttributes<RecordIndexRow>
> {
  record_id: string;
  field: string;
  definition_id: string;
  value_text: string | null;
  value_number: number | null;
}

export const recordIndexTable = 'forms_record_index';

export const recordIndexAttributes: ModelAttributes<RecordIndexRow> = {
  record_id: { type: DataTypes.STRING(36), primaryKey: true },
  field: { type: DataTypes.STRING(64), primaryKey: true },
  definition_id: { type: DataTypes.STRING(36), allowNull: false },
  value_text: { type: DataTypes.STRING(191), allowNull: true },
  value_number: { type: DataTypes.DOUBLE, allowNull: true },
};

export const recordIndexOptions = { timestamps: false } as const;
