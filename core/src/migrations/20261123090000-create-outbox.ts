import type { Migration } from '../db/migrations.js';

/** The transactional outbox: events and one delivery row per subscriber. */
export const createOutbox: Migration = {
  name: '20261123090000-create-outbox',
  async up({ queryInterface, DataTypes }) {
    await queryInterface.createTable('portico_events', {
      id: { type: DataTypes.STRING(36), primaryKey: true },
      name: { type: DataTypes.STRING(200), allowNull: false },
      payload: { type: DataTypes.JSON, allowNull: false },
      actor: { type: DataTypes.JSON, allowNull: true },
      occurred_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await queryInterface.addIndex('portico_events', ['name', 'occurred_at'], {
      name: 'portico_events_name_time',
    });
    await queryInterface.createTable('portico_event_deliveries', {
      id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
      event_id: { type: DataTypes.STRING(36), allowNull: false },
      subscriber: { type: DataTypes.STRING(200), allowNull: false },
      status: { type: DataTypes.STRING(10), allowNull: false },
      attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
      next_attempt_at: { type: DataTypes.DATE(3), allowNull: false },
      lease_owner: { type: DataTypes.STRING(64), allowNull: true },
      lease_until: { type: DataTypes.DATE(3), allowNull: true },
      last_error: { type: DataTypes.TEXT, allowNull: true },
      delivered_at: { type: DataTypes.DATE(3), allowNull: true },
    });
    await queryInterface.addIndex('portico_event_deliveries', ['status', 'next_attempt_at'], {
      name: 'portico_deliveries_due',
    });
    await queryInterface.addIndex('portico_event_deliveries', ['event_id', 'subscriber'], {
      name: 'portico_deliveries_unique',
      unique: true,
    });
  },
  async down({ queryInterface }) {
    await queryInterface.dropTable('portico_event_deliveries');
    await queryInterface.dropTable('portico_events');
  },
};
