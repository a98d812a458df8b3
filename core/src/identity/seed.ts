import { randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { IdentityService } from './service.js';
import { hashPassword } from './password.js';
import { newSecret } from './secrets.js';

export interface DemoLogin {
  email: string;
  name: string;
  organization: string;
  role: string;
}

/** The demo tenant: the supplier, two customers, their people and two access groups. */
export const demoOrganizations = [
  {
    key: 'provider',
    kind: 'provider',
    name: 'Nordic Supply AB',
    customerNumber: null,
    domains: ['nordicsupply.example'],
  },
  {
    key: 'bergstrom',
    kind: 'customer',
    name: 'Bergström Bygg AB',
    customerNumber: '10001',
    domains: ['bergstrombygg.example'],
  },
  {
    key: 'lindqvist',
    kind: 'customer',
    name: 'Lindqvist Industri AB',
    customerNumber: '10002',
    domains: ['lindqvist.example'],
  },
] as const;

export const demoUsers = [
  {
    org: 'provider',
    email: 'admin@nordicsupply.example',
    name: 'Astrid Nordin',
    role: 'provider-admin',
    language: 'sv',
  },
  {
    org: 'provider',
    email: 'editor@nordicsupply.example',
    name: 'Erik Holm',
    role: 'editor',
    language: 'sv',
  },
  {
    org: 'provider',
    email: 'support@nordicsupply.example',
    name: 'Sara Lund',
    role: 'support',
    language: 'en',
  },
  {
    org: 'bergstrom',
    email: 'admin@bergstrombygg.example',
    name: 'Karin Bergström',
    role: 'customer-admin',
    language: 'sv',
  },
  {
    org: 'bergstrom',
    email: 'user@bergstrombygg.example',
    name: 'Johan Ek',
    role: 'customer-user',
    language: 'sv',
  },
  {
    org: 'lindqvist',
    email: 'admin@lindqvist.example',
    name: 'Maria Lindqvist',
    role: 'customer-admin',
    language: 'en',
  },
  {
    org: 'lindqvist',
    email: 'user@lindqvist.example',
    name: 'Oskar Berg',
    role: 'customer-user',
    language: 'en',
  },
] as const;

export const demoGroups = [
  { key: 'gold-customers', name: 'Gold customers', members: ['bergstrom'] },
  { key: 'nordics', name: 'Nordics', members: ['bergstrom', 'lindqvist'] },
] as const;

/**
 * Seeds the demo tenant (idempotent: what exists is left alone, but for the demo users'
 * password). The password is `demo.password` (PORTICO_DEMO_PASSWORD), which is also set on demo
 * users that exist already; else a random one, given only to users created now and returned to
 * be printed.
 */
export async function seedDemoIdentity(
  identity: IdentityService,
): Promise<{ logins: DemoLogin[]; password: string; generated: boolean }> {
  const { db } = identity;
  const qi = db.sequelize.getQueryInterface();
  const configured = identity.config.demo.password;
  const password = configured ?? `demo-${newSecret(9)}`;
  const hash = await hashPassword(password, identity.config.auth.scrypt);
  const now = new Date();
  const orgIds = new Map<string, string>();
  await db.transactional(async (transaction) => {
    for (const o of demoOrganizations) {
      const found = await db.sequelize.query<{ id: string }>(
        'SELECT id FROM portico_organizations WHERE name = ?',
        {
          replacements: [o.name],
          type: QueryTypes.SELECT,
        },
      );
      let id = found[0]?.id;
      if (!id) {
        id = randomUUID();
        await qi.bulkInsert(
          'portico_organizations',
          [
            {
              id,
              kind: o.kind,
              name: o.name,
              customer_number: o.customerNumber,
              status: 'active',
              email_domains: JSON.stringify(o.domains),
              require_totp: false,
              created_at: now,
              updated_at: now,
            },
          ],
          { transaction },
        );
      }
      orgIds.set(o.key, id);
    }
    for (const u of demoUsers) {
      let user = await identity.directory.userByEmail(u.email);
      // A chosen demo password resets the demo accounts to it (the way back in for whoever lost
      // the generated one); a generated one only goes to accounts created now.
      if (user && configured)
        await db.sequelize.query('UPDATE portico_users SET password_hash = ?, status = ? WHERE id = ?', {
          replacements: [hash, 'active', user.id],
          transaction,
        });
      user ??= await identity.directory.createUser({
        organizationId: orgIds.get(u.org)!,
        email: u.email,
        name: u.name,
        status: 'active',
        language: u.language,
        passwordHash: hash,
      });
      const role = await identity.directory.role(u.role);
      await identity.directory.assignRole(user.id, role!.id);
    }
    for (const g of demoGroups) {
      const found = await db.sequelize.query<{ id: string }>(
        'SELECT id FROM portico_groups WHERE `key` = ?',
        {
          replacements: [g.key],
          type: QueryTypes.SELECT,
        },
      );
      let id = found[0]?.id;
      if (!id) {
        id = randomUUID();
        await qi.bulkInsert(
          'portico_groups',
          [{ id, key: g.key, name: g.name, created_at: now, updated_at: now }],
          {
            transaction,
          },
        );
        await qi.bulkInsert(
          'portico_group_members',
          g.members.map((m) => ({
            group_id: id,
            member_type: 'organization',
            member_id: orgIds.get(m)!,
            created_at: now,
          })),
          { transaction },
        );
      }
    }
  });
  const logins = demoUsers.map((u) => ({
    email: u.email,
    name: u.name,
    role: u.role,
    organization: demoOrganizations.find((o) => o.key === u.org)!.name,
  }));
  return { logins, password, generated: !configured };
}
