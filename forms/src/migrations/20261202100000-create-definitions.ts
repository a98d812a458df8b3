import type { Migration } from '@portico/core';

/** Form definitions and their versions (draft, published, retired). */
export const createDefinitions: Migration = {
  name: '20261202100000-create-definitions',
  async up({ queryInterface, DataTypes, dialect }) {
    // Up to the schema limit (512 KiB): MEDIUMTEXT on MariaDB (TEXT holds 64 KiB); SQLite's TEXT has no limit.
    const long = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
    await queryInterface.createTable('forms_definitions', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      key: { type: DataTypes.STRING(64), allowNull: false },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      // JSON text: Translated.
      title: { type: DataTypes.TEXT, allowNull: false },
      description: { type: DataTypes.TEXT, allowNull: false },
      owner_plugin: { type: DataTypes.STRING(64), allowNull: false, defaultValue: 'forms' },
      // JSON text: { groups?: string[], organizations?: string[] }.
      access: { type: DataTypes.TEXT, allowNull: false },
      // JSON text: string[].
      statuses: { type: DataTypes.TEXT, allowNull: false },
      created_by: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('forms_definitions', ['key'], {
      name: 'forms_definitions_key',
      unique: true,
    });
    await queryInterface.createTable('forms_versions', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      definition_id: { type: DataTypes.STRING(36), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      schema: { type: long, allowNull: false },
      ui_schema: { type: long, allowNull: false },
      translations: { type: long, allowNull: false },
      default_language: { type: DataTypes.STRING(10), allowNull: false },
      published_at: { type: DataTypes.DATE(3), allowNull: true },
      published_by: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('forms_versions', ['definition_id', 'version'], {
      name: 'forms_versions_number',
      unique: true,
    });
    // "The published version of this form" is asked on every submission.
    await queryInterface.addIndex('forms_versions', ['definition_id', 'status'], {
      name: 'forms_versions_status',
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('forms_versions');
    await queryInterface.dropTable('forms_definitions');
  },
};
