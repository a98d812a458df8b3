import {
  DataTypes,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';

/** The audience dimensions, as stored in `dimension` (the keys of Audience). */
export type AudienceDimension = 'groups' | 'organizations' | 'roles' | 'languages';

/**
 * One value of an article's audience (`groups` / `gold-customers`), so that the feed filters by
 * audience in SQL, with an index, instead of reading every article. Written from the article's
 * `audience` whenever it is saved; an article for everyone has no rows.
 */
export interface AudienceRow extends Model<
  InferAttributes<AudienceRow>,
  InferCreationAttributes<AudienceRow>
> {
  article_id: string;
  dimension: AudienceDimension;
  value: string;
}

export const audienceTable = 'news_audiences';

export const audienceAttributes: ModelAttributes<AudienceRow> = {
  article_id: { type: DataTypes.STRING(36), primaryKey: true },
  dimension: { type: DataTypes.STRING(16), primaryKey: true },
  value: { type: DataTypes.STRING(64), primaryKey: true },
};

export const audienceOptions = { timestamps: false } as const;
