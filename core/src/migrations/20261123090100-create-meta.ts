import type { Migration } from '../db/migrations.js';

/** Small key/value facts about the installation, such as whether the demo was seeded. */
export const createMeta: Migration = {
  name: '20261123090100-create-meta',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('portico_meta', {
      key: { type: DataTypes.STRING(100), primaryKey: true },
      value: { type: DataTypes.JSON, allowNull: true },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('portico_meta');
  },
};
