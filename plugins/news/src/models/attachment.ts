import {
  DataTypes,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

/** A file attached to an article. The bytes are in core's file store under the same id. */
export interface AttachmentRow extends Model<
  InferAttributes<AttachmentRow>,
  InferCreationAttributes<AttachmentRow>
> {
  /** The file id in core's file store. */
  id: string;
  article_id: string;
  /** The name readers download it as. */
  name: string;
  /** The type the bytes were recognised as (never the one the upload claimed). */
  content_type: string;
  size: number;
  /** The language version it belongs to; null for every language. */
  language: string | null;
  created_at: Date;
}

export const attachmentTable = 'news_attachments';

export const attachmentAttributes: ModelAttributes<AttachmentRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  article_id: { type: DataTypes.STRING(36), allowNull: false },
  name: { type: DataTypes.STRING(200), allowNull: false },
  content_type: { type: DataTypes.STRING(100), allowNull: false },
  size: { type: DataTypes.INTEGER, allowNull: false },
  language: { type: DataTypes.STRING(10), allowNull: true },
  created_at: { type: DataTypes.DATE(3), allowNull: false },
};

export const attachmentOptions = { timestamps: false } as const;
