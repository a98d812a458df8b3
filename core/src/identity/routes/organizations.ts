import { randomUUID } from 'node:crypto';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { CustomFields } from '../../kernel/custom-fields.js';
import type { Actor } from '../../kernel/request-context.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import { assertOrganization, organizationWhere } from '../access.js';
import { organizationView, type OrganizationRow, type OrganizationView } from '../directory.js';
import { fromJson } from '../rows.js';
import { customValuesSchema, idParams, organizationSchema, pageOf } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { forgetActors, select } from './access-changes.js';
import {
  containsPattern,
  conflictOnDuplicate,
  decodeCursor,
  encodeCursor,
  fieldProblem,
  pageQueryProperties,
  searchSchema,
} from './admin-input.js';

export const colorSchema: JsonSchema = {
  type: ['string', 'null'],
  pattern: '^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$',
  description: 'A hex colour such as #0a5c36',
};
const fileIdSchema: JsonSchema = {
  type: ['string', 'null'],
  pattern: '^[0-9a-f-]{36}$',
  description: 'Id of an image in the file store',
};

/** The name the portal shows instead of config's portalName. */
export const portalNameSchema: JsonSchema = {
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 100,
  pattern: '\\S',
};

/** The branding slots of an organisation; `null` empties a slot. */
export const brandingSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    primaryColor: colorSchema,
    secondaryColor: colorSchema,
    logoFileId: fileIdSchema,
    faviconFileId: fileIdSchema,
    portalName: portalNameSchema,
  },
};

export interface Branding {
  primaryColor?: string | null;
  secondaryColor?: string | null;
  logoFileId?: string | null;
  faviconFileId?: string | null;
  portalName?: string | null;
}

const nameSchema: JsonSchema = { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' };
const customerNumberSchema: JsonSchema = {
  type: ['string', 'null'],
  minLength: 1,
  maxLength: 64,
  pattern: '^\\S(.*\\S)?$',
  description: "The customer's number in the ERP; unique",
};
const emailDomainsSchema: JsonSchema = {
  type: 'array',
  maxItems: 50,
  uniqueItems: true,
  items: {
    type: 'string',
    maxLength: 253,
    pattern: '^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63}$',
    description: 'A domain such as example.com',
  },
  description: "The company's e-mail domains; each belongs to one organisation",
};

interface OrganizationInput {
  name: string;
  customerNumber?: string | null;
  emailDomains?: string[];
  branding?: Branding;
  requireTwoFactor?: boolean;
  custom?: Record<string, unknown>;
}

type OrganizationPatch = Partial<OrganizationInput> & { status?: 'active' | 'suspended' };

interface ListQuery {
  q?: string;
  status?: 'active' | 'suspended';
  kind?: 'provider' | 'customer';
  group?: string;
  limit: number;
  cursor?: string;
}

/** An organisation with the keys of the access groups it belongs to. */
export type OrganizationWithGroups = OrganizationView & { groups: string[] };

async function groupsByOrganization(
  identity: IdentityService,
  ids: string[],
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await select<{ member_id: string; key: string }>(
    identity,
    `SELECT m.member_id, g.\`key\` FROM portico_group_members m JOIN portico_groups g ON g.id = m.group_id
      WHERE m.member_type = 'organization' AND m.member_id IN (?)`,
    [ids],
  );
  for (const r of rows) out.get(r.member_id)?.push(r.key);
  for (const list of out.values()) list.sort();
  return out;
}

async function viewsOf(
  identity: IdentityService,
  rows: OrganizationRow[],
): Promise<OrganizationWithGroups[]> {
  const groups = await groupsByOrganization(
    identity,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({ ...organizationView(r), groups: groups.get(r.id) ?? [] }));
}

const normalizeDomains = (domains: string[]): string[] => [
  ...new Set(domains.map((d) => d.trim().toLowerCase())),
];

/** 409 if a customer number or an e-mail domain already belongs to another organisation. */
async function assertUnique(
  identity: IdentityService,
  input: { customerNumber?: string | null; emailDomains?: string[] },
  exceptId: string | null,
): Promise<void> {
  if (input.customerNumber) {
    const taken = await select<{ id: string; name: string }>(
      identity,
      'SELECT id, name FROM portico_organizations WHERE customer_number = ?',
      [input.customerNumber],
    );
    const other = taken.find((o) => o.id !== exceptId);
    if (other)
      throw fieldProblem(
        409,
        '/customerNumber',
        'belongs to another organisation',
        `The customer number ${input.customerNumber} already belongs to ${other.name}.`,
      );
  }
  for (const [i, domain] of (input.emailDomains ?? []).entries()) {
    // The JSON text holds the domain in quotes; the parse below rules out partial matches.
    const candidates = await select<{ id: string; name: string; email_domains: unknown }>(
      identity,
      `SELECT id, name, email_domains FROM portico_organizations WHERE LOWER(email_domains) LIKE ? ESCAPE '!'`,
      [containsPattern(`"${domain}"`)],
    );
    const other = candidates.find(
      (o) => o.id !== exceptId && fromJson<string[]>(o.email_domains, []).includes(domain),
    );
    if (other)
      throw fieldProblem(
        409,
        `/emailDomains/${i}`,
        'belongs to another organisation',
        `The e-mail domain ${domain} already belongs to ${other.name}.`,
      );
  }
}

/** 422 unless each file id named in the branding is an image in the file store. */
async function assertBrandingFiles(identity: IdentityService, branding: Branding | undefined): Promise<void> {
  for (const slot of ['logoFileId', 'faviconFileId'] as const) {
    const id = branding?.[slot];
    if (!id) continue;
    const files = await select<{ content_type: string }>(
      identity,
      'SELECT content_type FROM portico_files WHERE id = ?',
      [id],
    );
    if (!files[0]?.content_type.startsWith('image/'))
      throw fieldProblem(
        422,
        `/branding/${slot}`,
        'is not an image in the file store',
        `There is no image with the id ${id}. Upload the image first and use the id it gets.`,
      );
  }
}

/** Organisations: list, read, create and change customer companies, suspend and reactivate them. */
export function registerOrganizationRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  customFields: Lazy<CustomFields>,
): void {
  const load = async (id: string, actor: Actor, permission: string): Promise<OrganizationRow> => {
    assertOrganization(actor, id, permission, 'organisation');
    const row = await identity().directory.organization(id);
    if (!row) throw new ProblemError(404, { detail: 'No such organisation.' });
    return row;
  };

  ctx.route<unknown, ListQuery, unknown, unknown>({
    method: 'get',
    path: '/organizations',
    summary: 'List organisations (the supplier and its customers), by name',
    description:
      "The supplier's staff see every organisation; a customer admin sees their own. Filter by `q` (name or customer number), `status`, `kind` and `group` (the key of an access group the organisation is a member of); page with `limit` and `cursor`.",
    access: { permission: 'core.organization.read' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        q: searchSchema,
        status: { enum: ['active', 'suspended'] },
        kind: { enum: ['provider', 'customer'] },
        group: { type: 'string', minLength: 1, maxLength: 64, description: 'Key of an access group' },
        ...pageQueryProperties,
      },
    },
    responses: { 200: { description: 'A page of organisations', schema: pageOf(organizationSchema) } },
    async handler({ query, actor }) {
      const id = identity();
      const where: string[] = [];
      const values: unknown[] = [];
      const own = organizationWhere(actor, 'core.organization.read', 'id');
      if (own.id) {
        where.push('id = ?');
        values.push(own.id);
      }
      if (query.q) {
        where.push(`(LOWER(name) LIKE ? ESCAPE '!' OR LOWER(customer_number) LIKE ? ESCAPE '!')`);
        values.push(containsPattern(query.q), containsPattern(query.q));
      }
      if (query.status) {
        where.push('status = ?');
        values.push(query.status);
      }
      if (query.kind) {
        where.push('kind = ?');
        values.push(query.kind);
      }
      if (query.group) {
        // An unknown key matches nothing, like any filter; the groups list says which keys exist.
        where.push(`id IN (SELECT m.member_id FROM portico_group_members m JOIN portico_groups g ON g.id = m.group_id
          WHERE m.member_type = 'organization' AND g.\`key\` = ?)`);
        values.push(query.group);
      }
      if (query.cursor) {
        const [name, after] = decodeCursor<[string, string]>('organizations', query.cursor, [
          'string',
          'string',
        ]);
        where.push('(name > ? OR (name = ? AND id > ?))');
        values.push(name, name, after);
      }
      const rows = await select<OrganizationRow>(
        id,
        `SELECT * FROM portico_organizations ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY name, id LIMIT ?`,
        [...values, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: await viewsOf(id, page),
        nextCursor:
          rows.length > query.limit && last ? encodeCursor('organizations', [last.name, last.id]) : null,
      };
    },
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/organizations/:id',
    summary: 'One organisation, with its access groups',
    access: { permission: 'core.organization.read' },
    scope: 'organization',
    params: idParams,
    responses: {
      200: { description: 'The organisation', schema: organizationSchema },
      404: { description: 'No such organisation, or not yours' },
    },
    async handler({ params, actor }) {
      const row = await load(params.id, actor, 'core.organization.read');
      return (await viewsOf(identity(), [row]))[0];
    },
  });

  ctx.route<unknown, unknown, OrganizationInput, unknown>({
    method: 'post',
    path: '/organizations',
    summary: 'Create a customer organisation',
    description:
      'The customer number and each e-mail domain must be unused (else 409). Branding slots: primaryColor and secondaryColor (hex), logoFileId and faviconFileId (images in the file store), portalName. `custom` holds the values of the custom fields admins defined for organisations (422 with paths such as /custom/vatNumber when they do not fit).',
    access: { permission: 'core.organization.manage' },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: nameSchema,
        customerNumber: customerNumberSchema,
        emailDomains: emailDomainsSchema,
        branding: brandingSchema,
        requireTwoFactor: { type: 'boolean' },
        custom: customValuesSchema,
      },
    },
    responses: {
      201: { description: 'Created', schema: organizationSchema },
      409: { description: 'The customer number or an e-mail domain is taken' },
    },
    async handler({ body, raw, actor }) {
      const id = identity();
      const emailDomains = normalizeDomains(body.emailDomains ?? []);
      const customerNumber = body.customerNumber?.trim() || null;
      await assertUnique(id, { customerNumber, emailDomains }, null);
      await assertBrandingFiles(id, body.branding);
      const custom =
        body.custom === undefined
          ? {}
          : await customFields().assertValid('organization', body.custom, actor.language);
      const branding = Object.fromEntries(
        Object.entries(body.branding ?? {}).filter(([, v]) => v !== null && v !== undefined),
      );
      const now = new Date();
      const orgId = randomUUID();
      await conflictOnDuplicate(
        () =>
          id.db.sequelize.query(
            `INSERT INTO portico_organizations
           (id, kind, name, customer_number, status, email_domains, require_totp, branding, custom_fields, created_at, updated_at)
         VALUES (?, 'customer', ?, ?, 'active', ?, ?, ?, ?, ?, ?)`,
            {
              replacements: [
                orgId,
                body.name.trim(),
                customerNumber,
                JSON.stringify(emailDomains),
                body.requireTwoFactor ?? false,
                JSON.stringify(branding),
                JSON.stringify(custom),
                now,
                now,
              ],
            },
          ),
        '/customerNumber',
        `The customer number ${customerNumber} already belongs to another organisation.`,
      );
      await id.audit.record({
        type: 'organization.created',
        organizationId: orgId,
        targetType: 'organization',
        targetId: orgId,
        ip: id.clientAddress(raw),
        details: { name: body.name.trim(), customerNumber },
      });
      const row = (await id.directory.organization(orgId))!;
      return reply(201, (await viewsOf(id, [row]))[0], { Location: `/api/v1/organizations/${orgId}` });
    },
  });

  ctx.route<{ id: string }, unknown, OrganizationPatch, unknown>({
    method: 'patch',
    path: '/organizations/:id',
    summary: 'Change an organisation; suspend or reactivate it',
    description:
      "Suspending ends every session of the organisation's users at once, and they cannot log in until it is reactivated. `branding` changes only the slots it names; `null` empties a slot. The supplier's own organisation cannot be suspended. `custom` replaces the values of the organisation's custom fields, checked against the fields admins defined.",
    access: { permission: 'core.organization.manage' },
    scope: 'organization',
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        name: nameSchema,
        customerNumber: customerNumberSchema,
        status: { enum: ['active', 'suspended'] },
        emailDomains: emailDomainsSchema,
        branding: brandingSchema,
        requireTwoFactor: { type: 'boolean' },
        custom: customValuesSchema,
      },
    },
    responses: {
      200: { description: 'The changed organisation', schema: organizationSchema },
      404: { description: 'No such organisation' },
      409: { description: 'The customer number or an e-mail domain is taken, or the change is not allowed' },
    },
    async handler({ params, body, actor, raw }) {
      const id = identity();
      const row = await load(params.id, actor, 'core.organization.manage');
      const current = organizationView(row);
      if (body.status === 'suspended' && row.kind === 'provider')
        throw fieldProblem(
          409,
          '/status',
          "cannot be suspended: it is the supplier's own organisation",
          "The supplier's own organisation cannot be suspended; that would lock out every administrator.",
        );
      const emailDomains = body.emailDomains && normalizeDomains(body.emailDomains);
      const customerNumber =
        body.customerNumber === undefined ? undefined : body.customerNumber?.trim() || null;
      await assertUnique(id, { customerNumber, emailDomains }, row.id);
      await assertBrandingFiles(id, body.branding);
      if (body.custom !== undefined)
        await customFields().assertValid('organization', body.custom, actor.language);

      const set: Record<string, unknown> = {};
      if (body.name !== undefined) set.name = body.name.trim();
      if (customerNumber !== undefined) set.customer_number = customerNumber;
      if (body.status !== undefined) set.status = body.status;
      if (emailDomains) set.email_domains = JSON.stringify(emailDomains);
      if (body.requireTwoFactor !== undefined) set.require_totp = body.requireTwoFactor;
      if (body.custom !== undefined) set.custom_fields = JSON.stringify(body.custom);
      if (body.branding) {
        const branding: Record<string, unknown> = { ...current.branding };
        for (const [slot, value] of Object.entries(body.branding)) {
          if (value === null) delete branding[slot];
          else branding[slot] = value;
        }
        set.branding = JSON.stringify(branding);
      }
      const columns = Object.keys(set);
      await conflictOnDuplicate(
        () =>
          id.db.sequelize.query(
            `UPDATE portico_organizations SET ${columns.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
            { replacements: [...columns.map((c) => set[c]), new Date(), row.id] },
          ),
        '/customerNumber',
        `The customer number ${customerNumber} already belongs to another organisation.`,
      );

      const ip = id.clientAddress(raw);
      const changed = Object.keys(body).filter((k) => k !== 'status');
      if (changed.length)
        await id.audit.record({
          type: 'organization.updated',
          organizationId: row.id,
          targetType: 'organization',
          targetId: row.id,
          ip,
          details: { fields: changed.sort() },
        });
      if (body.status && body.status !== row.status) {
        let sessionsEnded = 0;
        if (body.status === 'suspended') {
          const users = await select<{ id: string }>(
            id,
            'SELECT id FROM portico_users WHERE organization_id = ?',
            [row.id],
          );
          for (const u of users) sessionsEnded += await id.endSessionsOf(u.id);
        }
        // API tokens of the organisation are cached under their own keys: forget every actor.
        forgetActors(id, { all: true });
        await id.audit.record({
          type: body.status === 'suspended' ? 'organization.suspended' : 'organization.reactivated',
          organizationId: row.id,
          targetType: 'organization',
          targetId: row.id,
          ip,
          details: body.status === 'suspended' ? { sessionsEnded } : {},
        });
      }
      const updated = (await id.directory.organization(row.id))!;
      return (await viewsOf(id, [updated]))[0];
    },
  });
}
