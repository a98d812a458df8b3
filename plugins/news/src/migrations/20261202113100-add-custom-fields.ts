import type { Migration } from '@portico/core';

/** The values of the custom fields admins define for articles (JSON text; null reads as none). */
export const addCustomFields: Migration = {
  name: '20261202113100-add-custom-fields',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.addColumn('news_articles', 'custom', { type: DataTypes.TEXT, allowNull: true });
  },
  async down({ sequelize }) {
    // Plain DROP COLUMN (SQLite 3.35+, MariaDB): sequelize's SQLite removeColumn rebuilds the table.
    await sequelize.query('ALTER TABLE news_articles DROP COLUMN custom');
  },
};
