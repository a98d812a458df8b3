import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

export interface GreetingRow extends Model<
  InferAttributes<GreetingRow>,
  InferCreationAttributes<GreetingRow>
> {
  id: CreationOptional<number>;
  message: string;
  author_name: string;
  author_user_id: string | null;
  /** The organisation the greeting belongs to; null for greetings written before organisations. */
  organization_id: string | null;
  language: string;
  welcomed_at: Date | null;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const greetingTable = 'hello_greetings';

export const greetingAttributes: ModelAttributes<
  GreetingRow,
  Omit<InferAttributes<GreetingRow>, 'created_at' | 'updated_at'>
> = {
  id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
  message: { type: DataTypes.STRING(500), allowNull: false },
  author_name: { type: DataTypes.STRING(200), allowNull: false },
  author_user_id: { type: DataTypes.STRING(64), allowNull: true },
  organization_id: { type: DataTypes.STRING(64), allowNull: true },
  language: { type: DataTypes.STRING(10), allowNull: false },
  welcomed_at: { type: DataTypes.DATE(3), allowNull: true },
};

/** Sequelize keeps the timestamps itself, under the column names the migration uses. */
export const greetingOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;
