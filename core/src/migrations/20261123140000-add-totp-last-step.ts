import type { Migration } from '../db/migrations.js';

/**
 * The last TOTP time step a user logged in with: a code is refused once its step (or an earlier
 * one) has been used, so a code seen over a shoulder or replayed within its window is worthless.
 */
export const addTotpLastStep: Migration = {
  name: '20261123140000-add-totp-last-step',
  async up({ queryInterface: qi, DataTypes: T }) {
    await qi.addColumn('portico_users', 'totp_last_step', { type: T.BIGINT, allowNull: true });
  },
  async down({ sequelize }) {
    // Plain DROP COLUMN (SQLite 3.35+, MySQL, MariaDB): sequelize's SQLite removeColumn rebuilds
    // the table and would lose its indexes.
    await sequelize.query('ALTER TABLE portico_users DROP COLUMN totp_last_step');
  },
};
