import {
  DataTypes,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

/** One language version of an article. Comments and statistics attach to the article, not here. */
export interface TranslationRow extends Model<
  InferAttributes<TranslationRow>,
  InferCreationAttributes<TranslationRow>
> {
  article_id: string;
  language: string;
  title: string;
  lead: string;
  /** Sanitised on the way in (services/rich-text.ts): safe to render as HTML. */
  body_html: string;
  /** The text alternative of the article's picture in this language ('' for a decorative one). */
  image_alt: string;
}

export const translationTable = 'news_translations';

export const translationAttributes: ModelAttributes<TranslationRow> = {
  article_id: { type: DataTypes.STRING(36), primaryKey: true },
  language: { type: DataTypes.STRING(10), primaryKey: true },
  title: { type: DataTypes.STRING(200), allowNull: false },
  lead: { type: DataTypes.STRING(1000), allowNull: false },
  body_html: { type: DataTypes.TEXT, allowNull: false },
  image_alt: { type: DataTypes.STRING(300), allowNull: false, defaultValue: '' },
};

export const translationOptions = { timestamps: false } as const;
