import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

/** Where an article is in its life: written, waiting for its time, visible, withdrawn. */
export type ArticleStatus = 'draft' | 'scheduled' | 'published' | 'unpublished';

export interface ArticleRow extends Model<InferAttributes<ArticleRow>, InferCreationAttributes<ArticleRow>> {
  /** A random UUID: ids of articles tell nothing about how many there are. */
  id: string;
  status: ArticleStatus;
  pinned: boolean;
  /** When it becomes (or became) visible; set by publishing, now or at a chosen time. */
  publish_at: Date | null;
  /** When it stops being visible; null for never. */
  unpublish_at: Date | null;
  author_user_id: string | null;
  default_language: string;
  /** JSON text: string[]. */
  tags: string;
  /** JSON text: the Audience (see services/audience.ts). */
  audience: string;
  image_file_id: string | null;
  /** JSON text: the values of the article's custom fields; null for none. */
  custom: CreationOptional<string | null>;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const articleTable = 'news_articles';

export const articleAttributes: ModelAttributes<
  ArticleRow,
  Omit<InferAttributes<ArticleRow>, 'created_at' | 'updated_at'>
> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  status: { type: DataTypes.STRING(16), allowNull: false },
  pinned: { type: DataTypes.BOOLEAN, allowNull: false },
  publish_at: { type: DataTypes.DATE(3), allowNull: true },
  unpublish_at: { type: DataTypes.DATE(3), allowNull: true },
  author_user_id: { type: DataTypes.STRING(64), allowNull: true },
  default_language: { type: DataTypes.STRING(10), allowNull: false },
  tags: { type: DataTypes.TEXT, allowNull: false },
  audience: { type: DataTypes.TEXT, allowNull: false },
  image_file_id: { type: DataTypes.STRING(64), allowNull: true },
  custom: { type: DataTypes.TEXT, allowNull: true },
};

/** Sequelize keeps the timestamps itself, under the column names the migration uses. */
export const articleOptions = { createdAt: 'created_at', updatedAt: 'updated_at' } as const;
