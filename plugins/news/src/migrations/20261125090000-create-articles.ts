import type { Migration } from '@portico/core';

/** Articles, their language versions and who read them. */
export const createArticles: Migration = {
  name: '20261125090000-create-articles',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('news_articles', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      status: { type: DataTypes.STRING(16), allowNull: false },
      pinned: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      publish_at: { type: DataTypes.DATE(3), allowNull: true },
      unpublish_at: { type: DataTypes.DATE(3), allowNull: true },
      author_user_id: { type: DataTypes.STRING(64), allowNull: true },
      default_language: { type: DataTypes.STRING(10), allowNull: false },
      tags: { type: DataTypes.TEXT, allowNull: false },
      audience: { type: DataTypes.TEXT, allowNull: false },
      image_file_id: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    // The feed and the scheduler both ask "what is visible or due by now".
    await queryInterface.addIndex('news_articles', ['status', 'publish_at'], { name: 'news_articles_due' });
    await queryInterface.addIndex('news_articles', ['created_at'], { name: 'news_articles_created' });
    await queryInterface.createTable('news_translations', {
      article_id: { type: DataTypes.STRING(36), primaryKey: true },
      language: { type: DataTypes.STRING(10), primaryKey: true },
      title: { type: DataTypes.STRING(200), allowNull: false },
      lead: { type: DataTypes.STRING(1000), allowNull: false },
      body_html: { type: DataTypes.TEXT, allowNull: false },
    });
    await queryInterface.createTable('news_reads', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      article_id: { type: DataTypes.STRING(36), allowNull: false },
      user_id: { type: DataTypes.STRING(64), allowNull: false },
      organization_id: { type: DataTypes.STRING(64), allowNull: true },
      language: { type: DataTypes.STRING(10), allowNull: false },
      read_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('news_reads', ['article_id', 'user_id'], {
      name: 'news_reads_once',
      unique: true,
    });
    await queryInterface.addIndex('news_reads', ['user_id'], { name: 'news_reads_user' });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('news_reads');
    await queryInterface.dropTable('news_translations');
    await queryInterface.dropTable('news_articles');
  },
};
