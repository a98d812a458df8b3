import {
  DataTypes,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

export interface CustomFieldsRow extends Model<
  InferAttributes<CustomFieldsRow>,
  InferCreationAttributes<CustomFieldsRow>
> {
  entity: string;
  /** JSON text of the object schema whose properties are the entity's custom fields. */
  schema: string;
  ui_schema: string;
  translations: string;
  default_language: string;
  /** 1 for the first definition, one more with every change: compiled validators are cached by it. */
  version: number;
  updated_at: Date;
}

export const customFieldsTable = 'forms_custom_fields';

export const customFieldsAttributes: ModelAttributes<CustomFieldsRow> = {
  entity: { type: DataTypes.STRING(100), primaryKey: true },
  schema: { type: DataTypes.TEXT, allowNull: false },
  ui_schema: { type: DataTypes.TEXT, allowNull: false },
  translations: { type: DataTypes.TEXT, allowNull: false },
  default_language: { type: DataTypes.STRING(10), allowNull: false },
  version: { type: DataTypes.INTEGER, allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};

/** The version and the time are kept by the service, not by sequelize. */
export const customFieldsOptions = { timestamps: false } as const;
