import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

/** That a user read an article: one row per user and article (a unique index keeps it so). */
export interface ReadRow extends Model<InferAttributes<ReadRow>, InferCreationAttributes<ReadRow>> {
  id: CreationOptional<number>;
  article_id: string;
  user_id: string;
  organization_id: string | null;
  /** The language version the user was shown. */
  language: string;
  read_at: Date;
}

export const readTable = 'news_reads';

export const readAttributes: ModelAttributes<ReadRow> = {
  id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
  article_id: { type: DataTypes.STRING(36), allowNull: false },
  user_id: { type: DataTypes.STRING(64), allowNull: false },
  organization_id: { type: DataTypes.STRING(64), allowNull: true },
  language: { type: DataTypes.STRING(10), allowNull: false },
  read_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const readOptions = { timestamps: false } as const;
