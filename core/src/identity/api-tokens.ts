import { randomUUID } from 'node:crypto';
import { afterPosition, cutPage, decodeCursor } from './page-cursor.js';
import { QueryTypes } from 'sequelize';
import { ProblemError, type FieldError } from '../http/problem.js';
import { hasPermission, type Actor } from '../kernel/request-context.js';
import { assertOrganization } from './access.js';
import { fromJson, toIso } from './rows.js';
import { digest, newSecret } from './secrets.js';
import type { IdentityService } from './service.js';

/** What a caller asks for when creating a token. */
export interface NewApiToken {
  name: string;
  permissions: string[];
  expiresInDays: number;
  organizationId?: string;
}

/** A token as lists show it: never its secret. */
export interface ApiTokenView {
  id: string;
  organizationId: string;
  name: string;
  permissions: string[];
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  status: 'active' | 'expired' | 'revoked';
}

interface ApiTokenRow {
  id: string;
  organization_id: string;
  created_by: string;
  name: string;
  permissions: unknown;
  created_at: Date | string;
  expires_at: Date | string;
  last_used_at: Date | string | null;
  revoked_at: Date | string | null;
}

function view(r: ApiTokenRow, now = Date.now()): ApiTokenView {
  const expiresAt = toIso(r.expires_at)!;
  return {
    id: r.id,
    organizationId: r.organization_id,
    name: r.name,
    permissions: fromJson<string[]>(r.permissions, []),
    createdBy: r.created_by,
    createdAt: toIso(r.created_at)!,
    expiresAt,
    lastUsedAt: toIso(r.last_used_at),
    revokedAt: toIso(r.revoked_at),
    status: r.revoked_at ? 'revoked' : new Date(expiresAt).getTime() <= now ? 'expired' : 'active',
  };
}

const PERMISSION = 'core.token.manage';

/**
 * API tokens for integrations: `ptk_<id>_<secret>`, shown once, stored as the digest of the
 * secret, scoped to permissions the creator holds, expiring, revocable at once.
 * `IdentityService.resolveToken` turns one into a request's actor.
 */
export class ApiTokens {
  constructor(private readonly identity: IdentityService) {}

  private get db() {
    return this.identity.db;
  }

  /** Creates a token for `actor`; answers it with its secret, which is never shown again. */
  async create(actor: Actor, input: NewApiToken): Promise<ApiTokenView & { token: string }> {
    const { identity } = this;
    if (!actor.userId)
      throw new ProblemError(403, {
        detail: 'API tokens are created by people: log in to create one. A token cannot create tokens.',
      });
    const organizationId = input.organizationId ?? actor.organizationId!;
    assertOrganization(actor, organizationId, PERMISSION, 'organisation');
    const organization = await identity.directory.organization(organizationId);
    if (!organization)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `There is no organisation ${organizationId}.`,
        errors: [{ in: 'body', path: '/organizationId', message: 'is not an organisation' }],
      });

    const maxDays = identity.config.auth.tokens.apiTokenMaxDays;
    const invalid: FieldError[] = [];
    const notHeld: FieldError[] = [];
    if (input.expiresInDays > maxDays)
      invalid.push({
        in: 'body',
        path: '/expiresInDays',
        message: `must be at most ${maxDays} (auth.tokens.apiTokenMaxDays)`,
      });
    input.permissions.forEach((key, i) => {
      const p = identity.catalog.byKey.get(key);
      const path = `/permissions/${i}`;
      if (!p)
        invalid.push({
          in: 'body',
          path,
          message: `"${key}" is not a permission any loaded plugin declares`,
        });
      else if (organization.kind === 'customer' && p.providerOnly)
        invalid.push({
          in: 'body',
          path,
          message: `"${key}" is for the supplier's staff only; a customer organisation's token cannot hold it`,
        });
      else if (!hasPermission(actor, key))
        notHeld.push({ in: 'body', path, message: `you do not hold "${key}", so you cannot give it` });
    });
    if (invalid.length)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: invalid.map((e) => `${e.path.slice(1)}: ${e.message}`).join('; '),
        errors: invalid,
      });
    if (notHeld.length)
      throw new ProblemError(403, {
        title: 'Permission not held',
        detail: `A token can only hold permissions you hold yourself. ${notHeld.map((e) => e.message).join('; ')}.`,
        errors: notHeld,
      });

    const id = randomUUID();
    const secret = newSecret();
    const now = new Date();
    const row: ApiTokenRow = {
      id,
      organization_id: organization.id,
      created_by: actor.userId,
      name: input.name.trim(),
      permissions: [...new Set(input.permissions)].sort(),
      created_at: now,
      expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000),
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.sequelize
      .getQueryInterface()
      .bulkInsert(
        'portico_api_tokens',
        [{ ...row, permissions: JSON.stringify(row.permissions), secret_hash: digest(secret) }],
        { transaction: this.db.currentTransaction() },
      );
    await identity.audit.record({
      type: 'token.created',
      organizationId: organization.id,
      targetType: 'token',
      targetId: id,
      details: { name: row.name, permissions: row.permissions, expiresAt: toIso(row.expires_at) },
    });
    return { ...view(row), token: `ptk_${id}_${secret}` };
  }

  /**
   * Tokens the actor may see, newest first: their own organisation's; every organisation's (or
   * `organizationId`'s) for the supplier's staff.
   */
  async list(
    actor: Actor,
    options: { organizationId?: string; limit: number; cursor?: string },
  ): Promise<{ items: ApiTokenView[]; nextCursor: string | null }> {
    const where: string[] = [];
    const replacements: unknown[] = [];
    if (options.organizationId) assertOrganization(actor, options.organizationId, PERMISSION, 'organisation');
    const organizationId =
      options.organizationId ?? (actor.organizationKind === 'provider' ? undefined : actor.organizationId);
    if (organizationId) {
      where.push('organization_id = ?');
      replacements.push(organizationId);
    }
    if (options.cursor) {
      const [sql, values] = afterPosition(decodeCursor(options.cursor));
      where.push(sql);
      replacements.push(...values);
    }
    const rows = await this.db.sequelize.query<ApiTokenRow>(
      `SELECT id, organization_id, created_by, name, permissions, created_at, expires_at, last_used_at, revoked_at
         FROM portico_api_tokens ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY created_at DESC, id DESC LIMIT ?`,
      { replacements: [...replacements, options.limit + 1], type: QueryTypes.SELECT },
    );
    const page = cutPage(rows, options.limit);
    return { items: page.rows.map((r) => view(r)), nextCursor: page.nextCursor };
  }

  /** Revokes a token at once, on every instance; 404 for a token the actor may not reach. */
  async revoke(actor: Actor, id: string): Promise<void> {
    const [row] = await this.db.sequelize.query<ApiTokenRow>(
      'SELECT * FROM portico_api_tokens WHERE id = ?',
      {
        replacements: [id],
        type: QueryTypes.SELECT,
      },
    );
    assertOrganization(actor, row?.organization_id, PERMISSION, 'API token');
    if (!row) throw new ProblemError(404, { detail: 'No such API token.' });
    if (row.revoked_at) return;
    await this.db.sequelize.query('UPDATE portico_api_tokens SET revoked_at = ? WHERE id = ?', {
      replacements: [new Date(), id],
    });
    // Now, and again once committed: a request in between may have cached the token anew.
    this.identity.cache.invalidate({ token: id });
    this.db.currentTransaction()?.afterCommit(() => this.identity.cache.invalidate({ token: id }));
    await this.identity.audit.record({
      type: 'token.revoked',
      organizationId: row.organization_id,
      targetType: 'token',
      targetId: id,
      details: { name: row.name },
    });
  }
}
