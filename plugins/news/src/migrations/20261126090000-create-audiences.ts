import type { Migration } from '@portico/core';

const dimensions = ['groups', 'organizations', 'roles', 'languages'] as const;

/**
 * Audience rows (models/audience.ts) for the feed's SQL filter, filled from the audiences of the
 * articles already there; and an index in the feed's order (pinned, then newest first).
 */
export const createAudiences: Migration = {
  name: '20261126090000-create-audiences',
  async up({ queryInterface, sequelize, DataTypes }) {
    await queryInterface.createTable('news_audiences', {
      // The primary key (article_id, dimension, value) answers "does this article's audience
      // have a value of this dimension that the reader has", the feed's question per article.
      article_id: { type: DataTypes.STRING(36), primaryKey: true },
      dimension: { type: DataTypes.STRING(16), primaryKey: true },
      value: { type: DataTypes.STRING(64), primaryKey: true },
    });
    // "Which articles are for this group (organisation, role, language)", for later lookups.
    await queryInterface.addIndex('news_audiences', ['dimension', 'value'], { name: 'news_audiences_value' });
    await queryInterface.addIndex('news_articles', ['pinned', 'publish_at', 'id'], {
      name: 'news_articles_feed',
    });
    const [articles] = (await sequelize.query('SELECT id, audience FROM news_articles')) as [
      Array<{ id: string; audience: string }>,
      unknown,
    ];
    const rows: Array<{ article_id: string; dimension: string; value: string }> = [];
    for (const a of articles) {
      let audience: Record<string, unknown>;
      try {
        audience = JSON.parse(a.audience) as Record<string, unknown>;
      } catch {
        // The service shows an article whose audience it cannot read to nobody; so does this row.
        audience = { organizations: ['-'] };
      }
      for (const dimension of dimensions) {
        const values = audience[dimension];
        if (!Array.isArray(values)) continue;
        for (const value of new Set(values.filter((v): v is string => typeof v === 'string')))
          rows.push({ article_id: a.id, dimension, value });
      }
    }
    for (let i = 0; i < rows.length; i += 500)
      await queryInterface.bulkInsert('news_audiences', rows.slice(i, i + 500));
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('news_articles', 'news_articles_feed');
    await queryInterface.dropTable('news_audiences');
  },
};
