import type { Migration } from '@portico/core';

/** The custom fields admins define per extensible entity (organisation, user profile, news article...). */
export const createCustomFields: Migration = {
  name: '20261202110000-create-custom-fields',
  async up({ queryInterface, DataTypes, dialect }) {
    // LONGTEXT on MariaDB (TEXT holds 64 KB); SQLite's TEXT has no limit and takes no length.
    const long = dialect === 'mysql' ? DataTypes.TEXT('long') : DataTypes.TEXT;
    await queryInterface.createTable('forms_custom_fields', {
      entity: { type: DataTypes.STRING(100), primaryKey: true },
      // JSON text, as long as a form's schema may be (the engine allows 512 KB).
      schema: { type: long, allowNull: false },
      ui_schema: { type: long, allowNull: false },
      translations: { type: long, allowNull: false },
      default_language: { type: DataTypes.STRING(10), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('forms_custom_fields');
  },
};
