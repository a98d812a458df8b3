import type { Migration } from '@portico/core';

/** The picture's text alternative per language version, and the files attached to articles. */
export const addImagesAndAttachments: Migration = {
  name: '20261201090000-add-images-and-attachments',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.addColumn('news_translations', 'image_alt', {
      type: DataTypes.STRING(300),
      allowNull: false,
      defaultValue: '',
    });
    await queryInterface.createTable('news_attachments', {
      // The id of the file in core's file store: one record per attachment.
      id: { type: DataTypes.STRING(36), primaryKey: true },
      article_id: { type: DataTypes.STRING(36), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      content_type: { type: DataTypes.STRING(100), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      language: { type: DataTypes.STRING(10), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('news_attachments', ['article_id'], { name: 'news_attachments_article' });
  },
  async down({ queryInterface, sequelize }) {
    await queryInterface.dropTable('news_attachments');
    // Sequelize's removeColumn rebuilds an SQLite table and trips over the two-column primary
    // key; SQLite (3.35+) and MariaDB both drop a plain column in place.
    await sequelize.query('ALTER TABLE news_translations DROP COLUMN image_alt');
  },
};
