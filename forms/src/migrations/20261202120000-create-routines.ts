import type { Migration } from '@portico/core';

/** Routines (what happens after a submission or a status change) and the record of each step's runs. */
export const createRoutines: Migration = {
  name: '20261202120000-create-routines',
  async up({ queryInterface, DataTypes }) {
    // MEDIUMTEXT on MariaDB (a routine's mails may pass 64 KB); SQLite's TEXT has no size.
    const long =
      queryInterface.sequelize.getDialect() === 'sqlite' ? DataTypes.TEXT : DataTypes.TEXT('medium');
    await queryInterface.createTable('forms_routines', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      form_key: { type: DataTypes.STRING(64), allowNull: false },
      name: { type: DataTypes.STRING(120), allowNull: false },
      trigger: { type: DataTypes.TEXT, allowNull: false },
      steps: { type: long, allowNull: false },
      enabled: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
      created_by: { type: DataTypes.STRING(64), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('forms_routines', ['form_key'], { name: 'forms_routines_form' });
    await queryInterface.createTable('forms_routine_runs', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      routine_id: { type: DataTypes.STRING(36), allowNull: false },
      submission_id: { type: DataTypes.STRING(36), allowNull: false },
      // The domain event that triggered the run: a retried delivery finds its earlier steps done.
      event_id: { type: DataTypes.STRING(36), allowNull: false },
      step: { type: DataTypes.INTEGER, allowNull: false },
      type: { type: DataTypes.STRING(32), allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      error: { type: DataTypes.TEXT, allowNull: true },
      started_at: { type: DataTypes.DATE(3), allowNull: false },
      finished_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await queryInterface.addIndex('forms_routine_runs', ['event_id', 'routine_id', 'step'], {
      name: 'forms_routine_runs_once',
      unique: true,
    });
    await queryInterface.addIndex('forms_routine_runs', ['routine_id', 'started_at'], {
      name: 'forms_routine_runs_routine',
    });
    await queryInterface.addIndex('forms_routine_runs', ['submission_id'], {
      name: 'forms_routine_runs_submission',
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('forms_routine_runs');
    await queryInterface.dropTable('forms_routines');
  },
};
