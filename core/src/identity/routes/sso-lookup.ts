import { QueryTypes } from 'sequelize';
import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { normalizeEmail } from '../directory.js';
import { retryAfterSeconds } from '../rate-limiter.js';
import { fromJson, toBool } from '../rows.js';
import { safeReturnPath } from '../saml-sign-on.js';
import { emailSchema } from '../schemas.js';
import type { IdentityService } from '../service.js';

interface LookupBody {
  email: string;
  returnTo?: string;
}

/**
 * The customer organisation whose single sign-on serves addresses at `domain`: the only active
 * customer with the domain among its e-mail domains and an enabled SAML set-up. Two such
 * organisations would make the choice a guess, so neither is chosen.
 */
export async function ssoOrganizationFor(
  identity: IdentityService,
  domain: string,
): Promise<string | undefined> {
  // LIKE narrows the rows on both dialects; the JSON list decides (as for account requests).
  const rows = await identity.db.sequelize.query<{ id: string; email_domains: unknown; enabled: unknown }>(
    `SELECT o.id, o.email_domains, p.enabled FROM portico_organizations o
       JOIN portico_saml_providers p ON p.organization_id = o.id
      WHERE o.kind = 'customer' AND o.status = 'active' AND o.email_domains LIKE ?`,
    { replacements: [`%${domain}%`], type: QueryTypes.SELECT },
  );
  const matches = rows.filter(
    (o) =>
      toBool(o.enabled) &&
      fromJson<string[]>(o.email_domains, []).some((d) => d.trim().toLowerCase() === domain),
  );
  return matches.length === 1 ? matches[0]!.id : undefined;
}

/**
 * The portal's "log in with your company's single sign-on": from a work address to the sign-on
 * of its organisation. The answer says only whether the address's domain uses single sign-on.
 */
export function registerSsoLookupRoutes(ctx: RegisterContext, identity: Lazy<IdentityService>): void {
  ctx.route<unknown, unknown, LookupBody, unknown>({
    method: 'post',
    path: '/auth/sso/lookup',
    summary: 'Find the single sign-on of a work e-mail address',
    description:
      "Public. Answers the URL that starts the SAML sign-on of the customer organisation using the address's domain (GET it in the browser), or 404 when the domain uses no single sign-on. The answer is the same for every address of a domain and names no organisation. Limited per client address like login: every request counts per minute, and domains without single sign-on count toward the address's lockout.",
    access: 'public',
    scope: 'global',
    // Misses are counted even though the request fails: no request-wide transaction.
    transaction: false,
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['email'],
      properties: {
        email: emailSchema,
        returnTo: {
          type: 'string',
          minLength: 1,
          maxLength: 2000,
          description: 'A path on this site to land on after sign-on, such as /orders.',
        },
      },
    },
    responses: {
      200: {
        description: 'The domain uses single sign-on',
        schema: {
          type: 'object',
          required: ['loginUrl'],
          properties: {
            loginUrl: {
              type: 'string',
              description: 'Path of GET /api/v1/auth/saml/{orgId}/login, with returnTo when given.',
            },
          },
        },
      },
      404: { description: 'The domain uses no single sign-on' },
      429: { description: 'Too many lookups from this address' },
    },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'sso-lookup');
      const { lockout } = id.config.auth;
      const ipKey = `sso:ip:${id.clientAddress(req.raw)}`;
      const misses = await id.limiter.peek(ipKey);
      if (misses && misses.count >= lockout.ipAttempts) {
        const wait = retryAfterSeconds(misses);
        throw new ProblemError(429, {
          title: 'Too many requests',
          detail: `Too many addresses without single sign-on were tried from your address. Try again in ${Math.ceil(wait / 60)} minutes.`,
          headers: { 'Retry-After': String(wait) },
        });
      }
      const returnTo = req.body.returnTo;
      if (returnTo !== undefined && !safeReturnPath(returnTo))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: 'returnTo must be a path on this site, such as /orders.',
          errors: [
            { in: 'body', path: '/returnTo', message: 'must be a path on this site, such as /orders' },
          ],
        });
      const email = normalizeEmail(req.body.email);
      const domain = email.slice(email.lastIndexOf('@') + 1);
      const organizationId = await ssoOrganizationFor(id, domain);
      if (!organizationId) {
        await id.limiter.hit(ipKey, lockout.windowMinutes * 60_000);
        throw new ProblemError(404, {
          title: 'No single sign-on',
          detail: `Addresses at ${domain} do not use single sign-on here. Log in with your e-mail and password instead.`,
          errors: [{ in: 'body', path: '/email', message: 'its domain uses no single sign-on' }],
        });
      }
      const query = returnTo ? `?${new URLSearchParams({ returnTo })}` : '';
      return reply(
        200,
        { loginUrl: `/api/v1/auth/saml/${organizationId}/login${query}` },
        { 'Cache-Control': 'no-store' },
      );
    },
  });
}
