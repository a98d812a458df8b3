import type { Migration } from '@portico/core';

export const createGreetings: Migration = {
  name: '20261123120000-create-greetings',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('hello_greetings', {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      message: { type: DataTypes.STRING(500), allowNull: false },
      author_name: { type: DataTypes.STRING(200), allowNull: false },
      author_user_id: { type: DataTypes.STRING(64), allowNull: true },
      language: { type: DataTypes.STRING(10), allowNull: false },
      welcomed_at: { type: DataTypes.DATE(3), allowNull: true },
      created_at: { type: DataTypes.DATE(3), allowNull: false },
      updated_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('hello_greetings', ['author_user_id'], { name: 'hello_greetings_author' });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('hello_greetings');
  },
};
