import type { Migration } from '@portico/core';

/**
 * Records of structures (admin-defined collections such as "Machines installed at customer"),
 * and their indexed fields: one row per record and indexed field, so that filtering and sorting
 * by those fields happen in SQL, the same on SQLite and MariaDB.
 */
export const createRecords: Migration = {
  name: '20261202111000-create-records',
  async up({ queryInterface, DataTypes, dialect }) {
    // Up to the schema limit: MEDIUMTEXT on MariaDB (TEXT holds 64 KiB); SQLite's TEXT has no limit.
    const long = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
    await queryInterface.createTable('forms_records', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      // The structure: a form definition of kind 'structure'.
      definition_id: { type: DataTypes.STRING(36), allowNull: false },
      // The published version the data was last checked against.
      version_id: { type: DataTypes.STRING(36), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      organization_id: { type: DataTypes.STRING(64), allowNull: false },
      // JSON text.
      data: { type: long, allowNull: false },
      created_by: { type: DataTypes.STRING(64), allowNull: true },
      updated_by: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    // A customer's page of a structure, newest first; the staff's page across customers.
    await queryInterface.addIndex('forms_records', ['definition_id', 'organization_id', 'created_at'], {
      name: 'forms_records_organization',
    });
    await queryInterface.addIndex('forms_records', ['definition_id', 'created_at'], {
      name: 'forms_records_created',
    });
    await queryInterface.createTable('forms_record_index', {
      record_id: { type: DataTypes.STRING(36), primaryKey: true },
      field: { type: DataTypes.STRING(64), primaryKey: true },
      definition_id: { type: DataTypes.STRING(36), allowNull: false },
      // Text (and dates as ISO text) in value_text, its first 191 characters (an index key of
      // utf8mb4 holds 767 bytes); numbers and yes/no (1/0) in value_number.
      value_text: { type: DataTypes.STRING(191), allowNull: true },
      value_number: { type: DataTypes.DOUBLE, allowNull: true },
    });
    await queryInterface.addIndex('forms_record_index', ['definition_id', 'field', 'value_text'], {
      name: 'forms_record_index_text',
    });
    await queryInterface.addIndex('forms_record_index', ['definition_id', 'field', 'value_number'], {
      name: 'forms_record_index_number',
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('forms_record_index');
    await queryInterface.dropTable('forms_records');
  },
};
