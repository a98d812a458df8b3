import type { Migration } from '../db/migrations.js';

/**
 * What admins decide about plugins at run time: which access groups a plugin is rolled out to
 * (pilot rollout; no row means everyone) and the settings they chose (config's settings win).
 */
export const createPluginAdmin: Migration = {
  name: '20261126090000-create-plugin-admin',
  async up({ queryInterface: qi, DataTypes: T }) {
    await qi.createTable('portico_plugin_rollouts', {
      plugin_id: { type: T.STRING(64), primaryKey: true },
      everyone: { type: T.BOOLEAN, allowNull: false },
      // Access group keys; `groups` is a reserved word in MySQL 8.
      group_keys: { type: T.JSON, allowNull: false },
      updated_at: { type: T.DATE(3), allowNull: false },
      updated_by: { type: T.STRING(36), allowNull: true },
    });
    await qi.createTable('portico_plugin_settings', {
      plugin_id: { type: T.STRING(64), primaryKey: true },
      value: { type: T.JSON, allowNull: false },
      updated_at: { type: T.DATE(3), allowNull: false },
      updated_by: { type: T.STRING(36), allowNull: true },
    });
  },
  async down({ queryInterface: qi }) {
    await qi.dropTable('portico_plugin_settings');
    await qi.dropTable('portico_plugin_rollouts');
  },
};
