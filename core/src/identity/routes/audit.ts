import type { Lazy } from '../../container/container.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import { fromJson, toIso } from '../rows.js';
import { idSchema, pageOf } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { select } from './access-changes.js';
import { decodeCursor, encodeCursor, fieldProblem, pageQueryProperties } from './admin-input.js';

interface AuditRow {
  id: number | string;
  at: Date | string;
  type: string;
  actor_user_id: string | null;
  actor_organization_id: string | null;
  organization_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: unknown;
  actor_name: string | null;
  actor_email: string | null;
}

const typePattern = '^[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*(\\.\\*)?$';
const dateOrTime: JsonSchema = {
  type: 'string',
  anyOf: [{ format: 'date' }, { format: 'date-time' }],
  description: 'A date (2026-11-23) or a date-time (2026-11-23T12:00:00Z)',
};

const entrySchema: JsonSchema = {
  type: 'object',
  required: ['id', 'at', 'type', 'actor', 'organizationId', 'target', 'ip', 'details'],
  properties: {
    id: { type: 'integer' },
    at: { type: 'string' },
    type: { type: 'string' },
    actor: {
      type: 'object',
      required: ['userId', 'organizationId'],
      properties: {
        userId: { type: ['string', 'null'] },
        organizationId: { type: ['string', 'null'] },
        name: { type: ['string', 'null'] },
        email: { type: ['string', 'null'] },
      },
    },
    organizationId: { type: ['string', 'null'] },
    target: {
      type: ['object', 'null'],
      required: ['type', 'id'],
      properties: { type: { type: 'string' }, id: { type: ['string', 'null'] } },
    },
    ip: { type: ['string', 'null'] },
    details: { type: 'object' },
  },
};

interface AuditQuery {
  type?: string | string[];
  organizationId?: string;
  userId?: string;
  from?: string;
  to?: string;
  limit: number;
  cursor?: string;
}

/** A bound of `from`/`to`: a date-time as given, a plain date at its midnight UTC. */
function instant(value: string): Date {
  return new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
}

/** The security audit log, for the supplier's admins. */
export function registerAuditRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  ctx.route<unknown, AuditQuery, unknown, unknown>({
    method: 'get',
    path: '/audit',
    summary: 'Read the security audit log, newest first',
    description:
      "Filters: `type` (one or several, repeated or comma-separated; `auth.*` matches every type under auth), `organizationId` (the organisation concerned or the actor's), `userId` (as actor or as target), `from` (inclusive) and `to` (exclusive; a plain date means up to the end of that day). Page with `limit` and `cursor`.",
    access: { permission: 'core.audit.read' },
    query: {
      type: 'object',
      additionalProperties: false,
      properties: {
        type: {
          anyOf: [
            { type: 'string', maxLength: 1000 },
            { type: 'array', maxItems: 50, items: { type: 'string', maxLength: 64, pattern: typePattern } },
          ],
        },
        organizationId: idSchema,
        userId: idSchema,
        from: dateOrTime,
        to: dateOrTime,
        ...pageQueryProperties,
      },
    },
    responses: { 200: { description: 'A page of entries', schema: pageOf(entrySchema) } },
    async handler({ query }) {
      const where: string[] = [];
      const values: unknown[] = [];
      const types = (Array.isArray(query.type) ? query.type : query.type ? [query.type] : [])
        .flatMap((t) => t.split(','))
        .map((t) => t.trim())
        .filter(Boolean);
      const badType = types.findIndex((t) => !new RegExp(typePattern).test(t));
      if (badType >= 0)
        throw fieldProblem(
          400,
          '/type',
          'must be event types such as auth.login or auth.*',
          `"${types[badType]}" is not an audit event type. Give types such as auth.login, or auth.* for a whole family.`,
          'query',
        );
      if (types.length) {
        const exact = types.filter((t) => !t.endsWith('.*'));
        const prefixes = types.filter((t) => t.endsWith('.*')).map((t) => `${t.slice(0, -1)}%`);
        where.push(
          `(${[...(exact.length ? ['l.type IN (?)'] : []), ...prefixes.map(() => 'l.type LIKE ?')].join(' OR ')})`,
        );
        if (exact.length) values.push(exact);
        values.push(...prefixes);
      }
      if (query.organizationId) {
        where.push('(l.organization_id = ? OR l.actor_organization_id = ?)');
        values.push(query.organizationId, query.organizationId);
      }
      if (query.userId) {
        where.push(`(l.actor_user_id = ? OR (l.target_type = 'user' AND l.target_id = ?))`);
        values.push(query.userId, query.userId);
      }
      if (query.from) {
        where.push('l.at >= ?');
        values.push(instant(query.from));
      }
      if (query.to) {
        const to = instant(query.to);
        if (/^\d{4}-\d{2}-\d{2}$/.test(query.to)) to.setUTCDate(to.getUTCDate() + 1);
        where.push('l.at < ?');
        values.push(to);
      }
      if (query.cursor) {
        const [before] = decodeCursor<[number]>('audit', query.cursor, ['number']);
        where.push('l.id < ?');
        values.push(before);
      }
      const rows = await select<AuditRow>(
        identity(),
        `SELECT l.*, u.name AS actor_name, u.email AS actor_email
           FROM portico_audit_log l LEFT JOIN portico_users u ON u.id = l.actor_user_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY l.id DESC LIMIT ?`,
        [...values, query.limit + 1],
      );
      const page = rows.slice(0, query.limit);
      const last = page[page.length - 1];
      return {
        items: page.map((r) => ({
          id: Number(r.id),
          at: toIso(r.at)!,
          type: r.type,
          actor: {
            userId: r.actor_user_id,
            organizationId: r.actor_organization_id,
            name: r.actor_name,
            email: r.actor_email,
          },
          organizationId: r.organization_id,
          target: r.target_type ? { type: r.target_type, id: r.target_id } : null,
          ip: r.ip,
          details: fromJson<Record<string, unknown>>(r.details, {}),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor('audit', [Number(last.id)]) : null,
      };
    },
  });
}
