import type { Migration } from '@portico/core';

/** Submissions of forms, the autosaved drafts of fillers, and the files uploaded for them. */
export const createSubmissions: Migration = {
  name: '20261202101000-create-submissions',
  async up({ queryInterface, DataTypes, dialect }) {
    // Data up to the request body limit: MEDIUMTEXT on MariaDB (TEXT holds 64 KiB).
    const long = dialect === 'mysql' ? DataTypes.TEXT('medium') : DataTypes.TEXT;
    await queryInterface.createTable('forms_submissions', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      definition_id: { type: DataTypes.STRING(36), allowNull: false },
      version_id: { type: DataTypes.STRING(36), allowNull: false },
      form_key: { type: DataTypes.STRING(64), allowNull: false },
      version: { type: DataTypes.INTEGER, allowNull: false },
      organization_id: { type: DataTypes.STRING(64), allowNull: true },
      user_id: { type: DataTypes.STRING(64), allowNull: true },
      status: { type: DataTypes.STRING(32), allowNull: false },
      data: { type: long, allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    // Lists are newest first: of one form, of one organisation, of one user.
    await queryInterface.addIndex('forms_submissions', ['definition_id', 'created_at'], {
      name: 'forms_submissions_form',
    });
    await queryInterface.addIndex('forms_submissions', ['organization_id', 'created_at'], {
      name: 'forms_submissions_organization',
    });
    await queryInterface.addIndex('forms_submissions', ['user_id', 'created_at'], {
      name: 'forms_submissions_user',
    });
    await queryInterface.createTable('forms_drafts', {
      definition_id: { type: DataTypes.STRING(36), primaryKey: true },
      user_id: { type: DataTypes.STRING(64), primaryKey: true },
      data: { type: long, allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.createTable('forms_files', {
      // The id of the file in core's file store.
      id: { type: DataTypes.STRING(36), primaryKey: true },
      definition_id: { type: DataTypes.STRING(36), allowNull: false },
      user_id: { type: DataTypes.STRING(64), allowNull: true },
      organization_id: { type: DataTypes.STRING(64), allowNull: true },
      // Set when a submission refers to the file; until then only its uploader may read it.
      submission_id: { type: DataTypes.STRING(36), allowNull: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      content_type: { type: DataTypes.STRING(100), allowNull: false },
      size: { type: DataTypes.INTEGER, allowNull: false },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('forms_files', ['submission_id'], { name: 'forms_files_submission' });
    await queryInterface.addIndex('forms_files', ['user_id'], { name: 'forms_files_user' });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('forms_files');
    await queryInterface.dropTable('forms_drafts');
    await queryInterface.dropTable('forms_submissions');
  },
};
