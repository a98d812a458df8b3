import type { Migration } from '@portico/core';

/**
 * Greetings become organisation-owned: `organization_id` is the organisation of the person who
 * wrote the greeting. Rows written before this migration have none; only the supplier's staff
 * who may delete greetings see those.
 */
export const addGreetingOrganization: Migration = {
  name: '20261124090000-add-greeting-organization',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.addColumn('hello_greetings', 'organization_id', {
      type: DataTypes.STRING(64),
      allowNull: true,
    });
    // Every list is scoped by organisation and paged by id: one index serves both.
    await queryInterface.addIndex('hello_greetings', ['organization_id', 'id'], {
      name: 'hello_greetings_organization',
    });
  },
  async down({ queryInterface }) {
    await queryInterface.removeIndex('hello_greetings', 'hello_greetings_organization');
    await queryInterface.removeColumn('hello_greetings', 'organization_id');
  },
};
