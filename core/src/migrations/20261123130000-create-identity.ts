import type { Migration } from '../db/migrations.js';

/**
 * Identity, organisations and access: every table of core's identity module. Secrets (session
 * ids, one-time tokens, API tokens, recovery codes) are stored only as SHA-256 digests;
 * passwords only as scrypt hashes.
 */
export const createIdentity: Migration = {
  name: '20261123130000-create-identity',
  async up({ queryInterface: qi, DataTypes: T }) {
    const id = { type: T.STRING(36), primaryKey: true };
    const at = (allowNull = false) => ({ type: T.DATE(3), allowNull });
    const ref = (allowNull = false) => ({ type: T.STRING(36), allowNull });
    const stamps = { created_at: at(), updated_at: at() };

    await qi.createTable('portico_organizations', {
      id,
      kind: { type: T.STRING(16), allowNull: false },
      name: { type: T.STRING(200), allowNull: false },
      customer_number: { type: T.STRING(64), allowNull: true, unique: true },
      status: { type: T.STRING(16), allowNull: false, defaultValue: 'active' },
      email_domains: { type: T.JSON, allowNull: true },
      require_totp: { type: T.BOOLEAN, allowNull: false, defaultValue: false },
      branding: { type: T.JSON, allowNull: true },
      custom_fields: { type: T.JSON, allowNull: true },
      ...stamps,
    });

    await qi.createTable('portico_users', {
      id,
      organization_id: ref(),
      email: { type: T.STRING(254), allowNull: false, unique: true },
      name: { type: T.STRING(200), allowNull: false },
      phone: { type: T.STRING(40), allowNull: true },
      language: { type: T.STRING(10), allowNull: false, defaultValue: 'en' },
      contact_method: { type: T.STRING(16), allowNull: false, defaultValue: 'email' },
      time_zone: { type: T.STRING(64), allowNull: false, defaultValue: 'Europe/Stockholm' },
      avatar_file_id: ref(true),
      status: { type: T.STRING(16), allowNull: false },
      password_hash: { type: T.STRING(255), allowNull: true },
      password_changed_at: at(true),
      totp_secret: { type: T.STRING(128), allowNull: true },
      totp_enabled_at: at(true),
      sessions_valid_after: at(true),
      last_login_at: at(true),
      custom_fields: { type: T.JSON, allowNull: true },
      ...stamps,
    });
    await qi.addIndex('portico_users', ['organization_id', 'status']);

    await qi.createTable('portico_password_history', {
      id: { type: T.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: ref(),
      password_hash: { type: T.STRING(255), allowNull: false },
      created_at: at(),
    });
    await qi.addIndex('portico_password_history', ['user_id', 'created_at']);

    await qi.createTable('portico_sessions', {
      id: { type: T.STRING(64), primaryKey: true },
      user_id: ref(),
      csrf_token: { type: T.STRING(64), allowNull: false },
      method: { type: T.STRING(16), allowNull: false },
      ip: { type: T.STRING(64), allowNull: true },
      user_agent: { type: T.STRING(255), allowNull: true },
      created_at: at(),
      last_seen_at: at(),
      expires_at: at(),
    });
    await qi.addIndex('portico_sessions', ['user_id']);
    await qi.addIndex('portico_sessions', ['expires_at']);

    await qi.createTable('portico_roles', {
      id,
      key: { type: T.STRING(64), allowNull: false, unique: true },
      name: { type: T.JSON, allowNull: false },
      description: { type: T.JSON, allowNull: true },
      scope: { type: T.STRING(16), allowNull: false },
      permissions: { type: T.JSON, allowNull: false },
      builtin: { type: T.BOOLEAN, allowNull: false, defaultValue: false },
      require_totp: { type: T.BOOLEAN, allowNull: false, defaultValue: false },
      ...stamps,
    });
    await qi.createTable('portico_user_roles', {
      user_id: { type: T.STRING(36), primaryKey: true },
      role_id: { type: T.STRING(36), primaryKey: true },
      created_at: at(),
    });
    await qi.addIndex('portico_user_roles', ['role_id']);

    await qi.createTable('portico_groups', {
      id,
      key: { type: T.STRING(64), allowNull: false, unique: true },
      name: { type: T.STRING(200), allowNull: false },
      description: { type: T.TEXT, allowNull: true },
      ...stamps,
    });
    await qi.createTable('portico_group_members', {
      group_id: { type: T.STRING(36), primaryKey: true },
      member_type: { type: T.STRING(16), primaryKey: true },
      member_id: { type: T.STRING(36), primaryKey: true },
      created_at: at(),
    });
    await qi.addIndex('portico_group_members', ['member_id']);
    await qi.createTable('portico_group_roles', {
      group_id: { type: T.STRING(36), primaryKey: true },
      role_id: { type: T.STRING(36), primaryKey: true },
      created_at: at(),
    });

    await qi.createTable('portico_api_tokens', {
      id,
      organization_id: ref(),
      created_by: ref(),
      name: { type: T.STRING(200), allowNull: false },
      secret_hash: { type: T.STRING(64), allowNull: false },
      permissions: { type: T.JSON, allowNull: false },
      expires_at: at(),
      revoked_at: at(true),
      last_used_at: at(true),
      created_at: at(),
    });
    await qi.addIndex('portico_api_tokens', ['organization_id']);

    await qi.createTable('portico_one_time_tokens', {
      id: { type: T.STRING(64), primaryKey: true },
      purpose: { type: T.STRING(32), allowNull: false },
      user_id: ref(true),
      data: { type: T.JSON, allowNull: true },
      expires_at: at(),
      used_at: at(true),
      created_at: at(),
    });
    await qi.addIndex('portico_one_time_tokens', ['user_id', 'purpose']);

    await qi.createTable('portico_recovery_codes', {
      id: { type: T.INTEGER, primaryKey: true, autoIncrement: true },
      user_id: ref(),
      code_hash: { type: T.STRING(64), allowNull: false },
      used_at: at(true),
      created_at: at(),
    });
    await qi.addIndex('portico_recovery_codes', ['user_id']);

    await qi.createTable('portico_rate_limits', {
      key: { type: T.STRING(191), primaryKey: true },
      count: { type: T.INTEGER, allowNull: false },
      reset_at: at(),
    });

    await qi.createTable('portico_audit_log', {
      id: { type: T.INTEGER, primaryKey: true, autoIncrement: true },
      at: at(),
      type: { type: T.STRING(64), allowNull: false },
      actor_user_id: ref(true),
      actor_organization_id: ref(true),
      organization_id: ref(true),
      target_type: { type: T.STRING(32), allowNull: true },
      target_id: { type: T.STRING(191), allowNull: true },
      ip: { type: T.STRING(64), allowNull: true },
      details: { type: T.JSON, allowNull: true },
    });
    await qi.addIndex('portico_audit_log', ['at']);
    await qi.addIndex('portico_audit_log', ['type', 'at']);
    await qi.addIndex('portico_audit_log', ['organization_id', 'at']);

    await qi.createTable('portico_account_requests', {
      id,
      name: { type: T.STRING(200), allowNull: false },
      email: { type: T.STRING(254), allowNull: false },
      company: { type: T.STRING(200), allowNull: false },
      customer_number: { type: T.STRING(64), allowNull: true },
      message: { type: T.TEXT, allowNull: true },
      language: { type: T.STRING(10), allowNull: false, defaultValue: 'en' },
      organization_id: ref(true),
      status: { type: T.STRING(16), allowNull: false },
      decided_by: ref(true),
      decided_at: at(true),
      decision_note: { type: T.TEXT, allowNull: true },
      user_id: ref(true),
      ...stamps,
    });
    await qi.addIndex('portico_account_requests', ['organization_id', 'status']);
    await qi.addIndex('portico_account_requests', ['email']);

    await qi.createTable('portico_saml_providers', {
      organization_id: { type: T.STRING(36), primaryKey: true },
      enabled: { type: T.BOOLEAN, allowNull: false, defaultValue: true },
      idp_entity_id: { type: T.STRING(500), allowNull: true },
      entry_point: { type: T.STRING(2000), allowNull: false },
      idp_certs: { type: T.JSON, allowNull: false },
      attribute_map: { type: T.JSON, allowNull: true },
      default_role: { type: T.STRING(64), allowNull: true },
      allow_provisioning: { type: T.BOOLEAN, allowNull: false, defaultValue: true },
      ...stamps,
    });
    await qi.createTable('portico_saml_assertions', {
      id: { type: T.STRING(191), primaryKey: true },
      organization_id: ref(),
      expires_at: at(),
    });
    await qi.addIndex('portico_saml_assertions', ['expires_at']);

    await qi.createTable('portico_mails', {
      id,
      to: { type: T.STRING(320), allowNull: false },
      subject: { type: T.STRING(500), allowNull: false },
      text: { type: T.TEXT, allowNull: false },
      // MEDIUMTEXT on MySQL for long HTML mails; SQLite's TEXT has no size.
      html: { type: qi.sequelize.getDialect() === 'sqlite' ? T.TEXT : T.TEXT('medium'), allowNull: true },
      template: { type: T.STRING(64), allowNull: true },
      language: { type: T.STRING(10), allowNull: true },
      status: { type: T.STRING(16), allowNull: false },
      error: { type: T.TEXT, allowNull: true },
      organization_id: ref(true),
      user_id: ref(true),
      created_at: at(),
      sent_at: at(true),
    });
    await qi.addIndex('portico_mails', ['created_at']);

    await qi.createTable('portico_files', {
      id,
      organization_id: ref(true),
      owner_type: { type: T.STRING(32), allowNull: false },
      owner_id: { type: T.STRING(36), allowNull: true },
      content_type: { type: T.STRING(100), allowNull: false },
      size: { type: T.INTEGER, allowNull: false },
      sha256: { type: T.STRING(64), allowNull: false },
      storage_key: { type: T.STRING(255), allowNull: false },
      created_at: at(),
    });
    await qi.addIndex('portico_files', ['owner_type', 'owner_id']);
  },
  async down({ queryInterface: qi }) {
    for (const table of [
      'portico_files',
      'portico_mails',
      'portico_saml_assertions',
      'portico_saml_providers',
      'portico_account_requests',
      'portico_audit_log',
      'portico_rate_limits',
      'portico_recovery_codes',
      'portico_one_time_tokens',
      'portico_api_tokens',
      'portico_group_roles',
      'portico_group_members',
      'portico_groups',
      'portico_user_roles',
      'portico_roles',
      'portico_sessions',
      'portico_password_history',
      'portico_users',
      'portico_organizations',
    ]) {
      await qi.dropTable(table);
    }
  },
};
