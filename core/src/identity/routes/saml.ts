import { generateServiceProviderMetadata } from '@node-saml/passport-saml';
import type { Lazy } from '../../container/container.js';
import { ProblemError, type FieldError } from '../../http/problem.js';
import { reply, type RouteRequest } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { OrganizationRow } from '../directory.js';
import {
  checkEntryPoint,
  normalizeCertificate,
  parseIdpMetadata,
  SamlInputError,
  type IdpMetadata,
} from '../saml-idp-metadata.js';
import {
  mappedFields,
  portalBaseUrl,
  SamlProviderStore,
  samlProviderView,
  serviceProviderUrls,
  type AttributeMap,
  type SamlProvider,
} from '../saml-providers.js';
import {
  accountFor,
  forgetExpiredAssertions,
  rememberAssertion,
  safeReturnPath,
  SamlRefusal,
  samlFor,
  verifySamlResponse,
} from '../saml-sign-on.js';
import { idSchema } from '../schemas.js';
import type { IdentityService } from '../service.js';

const MANAGE = 'core.saml.manage';

const orgParams = { type: 'object', required: ['id'], properties: { id: idSchema } };
const spParams = { type: 'object', required: ['orgId'], properties: { orgId: idSchema } };

const urlsSchema = {
  type: 'object',
  required: ['entityId', 'metadataUrl', 'acsUrl', 'loginUrl'],
  properties: {
    entityId: { type: 'string' },
    metadataUrl: { type: 'string' },
    acsUrl: { type: 'string' },
    loginUrl: { type: 'string' },
  },
};
const attributeNameSchema = { type: ['string', 'null'], minLength: 1, maxLength: 500 };
const attributeMapSchema = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(mappedFields.map((f) => [f, attributeNameSchema])),
  description:
    'SAML attribute name per field; "NameID" takes the NameID. Unset fields use the common names (see docs/admins.md).',
};
const viewSchema = {
  type: 'object',
  required: ['organizationId', 'configured', 'serviceProvider'],
  properties: {
    organizationId: { type: 'string' },
    configured: { type: 'boolean' },
    serviceProvider: urlsSchema,
    enabled: { type: 'boolean' },
    idpEntityId: { type: ['string', 'null'] },
    entryPoint: { type: 'string' },
    certificates: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pem', 'subject', 'validTo', 'fingerprint256', 'expired'],
        properties: {
          pem: { type: 'string' },
          subject: { type: 'string' },
          issuer: { type: 'string' },
          validFrom: { type: 'string' },
          validTo: { type: 'string' },
          fingerprint256: { type: 'string' },
          expired: { type: 'boolean' },
        },
      },
    },
    attributeMap: { type: 'object', additionalProperties: { type: 'string' } },
    defaultRole: { type: ['string', 'null'] },
    allowProvisioning: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string' },
  },
};

interface SamlSettingsBody {
  metadataXml?: string;
  entryPoint?: string;
  idpEntityId?: string | null;
  certificates?: string[];
  attributeMap?: Partial<Record<(typeof mappedFields)[number], string | null>>;
  defaultRole?: string | null;
  allowProvisioning?: boolean;
  enabled?: boolean;
}

function invalid(errors: FieldError[]): ProblemError {
  return new ProblemError(422, {
    title: 'Invalid request body',
    detail: errors.map((e) => `${e.path}: ${e.message}`).join('; '),
    errors,
  });
}

/**
 * SAML 2.0 single sign-on per customer organisation: the provider staff's settings
 * (`/organizations/:id/saml`) and the portal's service-provider endpoints
 * (`/auth/saml/:orgId/metadata|login|acs`).
 */
export function registerSamlRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  languages: Lazy<string[]>,
): void {
  let store: SamlProviderStore | undefined;
  const providers = () => (store ??= new SamlProviderStore(identity().db));
  const spOf = (req: RouteRequest<unknown, unknown, unknown>, organizationId: string) =>
    serviceProviderUrls(portalBaseUrl(identity().config.http.publicUrl, req.raw), organizationId);

  /** The customer organisation of an admin route, or 404. */
  const customerOrganization = async (id: string): Promise<OrganizationRow> => {
    const org = await identity().directory.organization(id);
    if (!org) throw new ProblemError(404, { detail: 'No such organisation.' });
    if (org.kind !== 'customer')
      throw new ProblemError(404, {
        detail: `${org.name} is the supplier's own organisation; single sign-on is set up per customer organisation.`,
      });
    return org;
  };

  // ------------------------------------------------------------------ settings (provider staff)

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/organizations/:id/saml',
    summary: "An organisation's SAML single sign-on settings, and what to give its identity provider",
    description:
      'Always answers the service-provider URLs (entity id, metadata, ACS) to hand to the customer, also before anything is configured (`configured: false`).',
    access: { permission: MANAGE },
    scope: 'organization',
    params: orgParams,
    responses: { 200: { description: 'The settings', schema: viewSchema } },
    async handler(req) {
      await customerOrganization(req.params.id);
      return samlProviderView(req.params.id, spOf(req, req.params.id), await providers().get(req.params.id));
    },
  });

  ctx.route<{ id: string }, unknown, SamlSettingsBody, unknown>({
    method: 'put',
    path: '/organizations/:id/saml',
    summary: "Set up an organisation's SAML identity provider",
    description:
      "Give the IdP's metadata XML (`metadataXml`: entity id, single sign-on URL and signing certificates are read from it), or `entryPoint` and `certificates` (PEM or base64 DER), with `idpEntityId` if the issuer is to be checked. Explicit fields override what the metadata says. Replaces the previous settings.",
    access: { permission: MANAGE },
    scope: 'organization',
    params: orgParams,
    body: {
      type: 'object',
      additionalProperties: false,
      properties: {
        metadataXml: { type: 'string', minLength: 1, maxLength: 500_000 },
        entryPoint: { type: 'string', minLength: 1, maxLength: 2000 },
        idpEntityId: { type: ['string', 'null'], minLength: 1, maxLength: 500 },
        certificates: {
          type: 'array',
          minItems: 1,
          maxItems: 10,
          items: { type: 'string', minLength: 1, maxLength: 20_000 },
        },
        attributeMap: attributeMapSchema,
        defaultRole: { type: ['string', 'null'], minLength: 1, maxLength: 64 },
        allowProvisioning: { type: 'boolean', default: true },
        enabled: { type: 'boolean', default: true },
      },
    },
    responses: {
      200: { description: 'Changed', schema: viewSchema },
      201: { description: 'Set up', schema: viewSchema },
    },
    async handler(req) {
      const id = identity();
      const org = await customerOrganization(req.params.id);
      const b = req.body;
      const errors: FieldError[] = [];
      let metadata: IdpMetadata | undefined;
      if (b.metadataXml !== undefined) {
        try {
          metadata = parseIdpMetadata(b.metadataXml);
        } catch (err) {
          if (!(err instanceof SamlInputError)) throw err;
          errors.push({ in: 'body', path: '/metadataXml', message: err.message });
        }
      } else {
        if (b.entryPoint === undefined)
          errors.push({
            in: 'body',
            path: '/entryPoint',
            message: 'is required unless metadataXml is given',
          });
        if (b.certificates === undefined)
          errors.push({
            in: 'body',
            path: '/certificates',
            message: 'is required unless metadataXml is given',
          });
      }
      let entryPoint = metadata?.entryPoint;
      if (b.entryPoint !== undefined) {
        try {
          entryPoint = checkEntryPoint(b.entryPoint);
        } catch (err) {
          errors.push({ in: 'body', path: '/entryPoint', message: (err as Error).message });
        }
      }
      let certificates = metadata?.certificates;
      if (b.certificates !== undefined) {
        certificates = [];
        b.certificates.forEach((c, i) => {
          try {
            const pem = normalizeCertificate(c);
            if (!certificates!.includes(pem)) certificates!.push(pem);
          } catch (err) {
            errors.push({ in: 'body', path: `/certificates/${i}`, message: (err as Error).message });
          }
        });
      }
      let defaultRole: string | null = b.defaultRole ?? null;
      if (defaultRole) {
        const role = await id.directory.role(defaultRole);
        if (!role || role.scope !== 'customer')
          errors.push({
            in: 'body',
            path: '/defaultRole',
            message: role
              ? `"${defaultRole}" is a role of the supplier's staff; give a customer role such as customer-user`
              : `there is no role "${defaultRole}"; give the key of a customer role such as customer-user`,
          });
        else defaultRole = role.key;
      }
      if (errors.length) throw invalid(errors);

      const attributeMap: AttributeMap = {};
      for (const f of mappedFields) {
        const v = b.attributeMap?.[f]?.trim();
        if (v) attributeMap[f] = v;
      }
      const settings: Omit<SamlProvider, 'createdAt' | 'updatedAt'> = {
        organizationId: org.id,
        enabled: b.enabled ?? true,
        idpEntityId:
          b.idpEntityId !== undefined ? b.idpEntityId?.trim() || null : (metadata?.entityId ?? null),
        entryPoint: entryPoint!,
        certificates: certificates!,
        attributeMap,
        defaultRole,
        allowProvisioning: b.allowProvisioning ?? true,
      };
      const created = await providers().put(settings);
      await id.audit.record({
        type: 'saml.configured',
        organizationId: org.id,
        targetType: 'organization',
        targetId: org.id,
        ip: id.clientAddress(req.raw),
        details: {
          action: created ? 'created' : 'updated',
          source: metadata ? 'metadata' : 'explicit',
          enabled: settings.enabled,
          idpEntityId: settings.idpEntityId,
          entryPoint: settings.entryPoint,
          certificates: certificates!.length,
          allowProvisioning: settings.allowProvisioning,
          defaultRole: settings.defaultRole,
        },
      });
      const view = samlProviderView(org.id, spOf(req, org.id), await providers().get(org.id));
      return reply(created ? 201 : 200, view);
    },
  });

  ctx.route<{ id: string }, unknown, unknown, unknown>({
    method: 'delete',
    path: '/organizations/:id/saml',
    summary: "Remove an organisation's SAML settings (its users keep their accounts)",
    access: { permission: MANAGE },
    scope: 'organization',
    params: orgParams,
    responses: { 204: { description: 'Removed' } },
    async handler(req) {
      const id = identity();
      const org = await customerOrganization(req.params.id);
      if (!(await providers().delete(org.id)))
        throw new ProblemError(404, { detail: `${org.name} has no single sign-on set up.` });
      await id.audit.record({
        type: 'saml.configured',
        organizationId: org.id,
        targetType: 'organization',
        targetId: org.id,
        ip: id.clientAddress(req.raw),
        details: { action: 'removed' },
      });
    },
  });

  // ------------------------------------------------------------------ the service provider (public)

  /** The organisation's enabled settings, or 404 (unknown, not a customer, not set up or off). */
  const enabledProvider = async (orgId: string) => {
    const [org, provider] = await Promise.all([
      identity().directory.organization(orgId),
      providers().get(orgId),
    ]);
    if (!org || org.kind !== 'customer' || !provider)
      throw new ProblemError(404, { detail: 'Single sign-on is not set up for this organisation.' });
    if (!provider.enabled)
      throw new SamlRefusal(404, 'disabled', 'Single sign-on is switched off for this organisation.');
    return { org, provider };
  };

  ctx.route<{ orgId: string }, unknown, unknown, unknown>({
    method: 'get',
    path: '/auth/saml/:orgId/metadata',
    summary: "The portal's SAML service-provider metadata for one organisation",
    description:
      "Give this URL (or the file) to the organisation's identity provider. Served once the organisation exists, so it can be handed over before the IdP's details are known.",
    access: 'public',
    scope: 'global',
    params: spParams,
    responses: { 200: { description: 'SAML 2.0 metadata (application/samlmetadata+xml)' } },
    async handler(req) {
      const org = await identity().directory.organization(req.params.orgId);
      if (!org || org.kind !== 'customer') throw new ProblemError(404, { detail: 'No such organisation.' });
      const sp = spOf(req, org.id);
      const xml = generateServiceProviderMetadata({
        issuer: sp.entityId,
        callbackUrl: sp.acsUrl,
        wantAssertionsSigned: true,
        identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      });
      return reply(200, xml, {
        'Content-Type': 'application/samlmetadata+xml; charset=utf-8',
        'Content-Disposition': `inline; filename="portico-sp-${org.id}.xml"`,
      });
    },
  });

  ctx.route<{ orgId: string }, { returnTo?: string }, unknown, unknown>({
    method: 'get',
    path: '/auth/saml/:orgId/login',
    summary: "Start single sign-on: redirects to the organisation's identity provider",
    description:
      'Answers 302 to the IdP with a SAML AuthnRequest (HTTP-Redirect binding). `returnTo`, a path on this site, comes back as RelayState and is where the browser lands after sign-on.',
    access: 'public',
    scope: 'global',
    params: spParams,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { returnTo: { type: 'string', minLength: 1, maxLength: 2000 } },
    },
    responses: { 302: { description: 'To the identity provider' } },
    async handler(req) {
      const returnTo = req.query.returnTo;
      if (returnTo !== undefined && !safeReturnPath(returnTo))
        throw new ProblemError(400, {
          title: 'Invalid request',
          detail: 'returnTo must be a path on this site, such as /orders.',
          errors: [
            { in: 'query', path: '/returnTo', message: 'must be a path on this site, such as /orders' },
          ],
        });
      let found;
      try {
        found = await enabledProvider(req.params.orgId);
      } catch (err) {
        if (err instanceof SamlRefusal) throw err.problem();
        throw err;
      }
      const sp = spOf(req, found.org.id);
      const location = await samlFor(found.provider, sp).getAuthorizeUrlAsync(returnTo ?? '', undefined, {});
      return reply(302, undefined, { Location: location, 'Cache-Control': 'no-store' });
    },
  });

  ctx.route<{ orgId: string }, unknown, { SAMLResponse?: string; RelayState?: string }, unknown>({
    method: 'post',
    path: '/auth/saml/:orgId/acs',
    summary: 'Assertion Consumer Service: the identity provider posts the SAML response here',
    description:
      "Verifies the response (signature by the organisation's IdP, audience, validity window, single use), finds the user of this organisation by e-mail or provisions one into it, starts a session and answers 303 to the RelayState path (or /). A second factor still to give answers 303 to /login/two-factor?challenge=...&returnTo=...&setup=0|1 (1: an authenticator must be set up first) Refusals are problem+json (400 junk, 401 verification, 403 account, 404 not set up) and are audited as auth.saml-rejected.",
    access: 'public',
    scope: 'global',
    // The address rate limit must count even when sign-on fails: no request-wide transaction.
    transaction: false,
    bodyType: 'form',
    params: spParams,
    body: {
      type: 'object',
      properties: {
        SAMLResponse: { type: 'string' },
        RelayState: { type: 'string', maxLength: 4000 },
      },
    },
    responses: { 303: { description: 'Signed in (Set-Cookie), on to the return path' } },
    async handler(req) {
      const id = identity();
      await id.limitByAddress(req.raw, 'saml-acs');
      const ip = id.clientAddress(req.raw);
      const orgId = req.params.orgId;
      try {
        const { org, provider } = await enabledProvider(orgId);
        if (org.status !== 'active')
          throw new SamlRefusal(
            403,
            'organization-suspended',
            'Your company’s access to the portal is suspended. Contact your supplier.',
          );
        const sp = spOf(req, org.id);
        const assertion = await verifySamlResponse(provider, sp, req.body?.SAMLResponse);
        await forgetExpiredAssertions(id, org.id);
        const outcome = await id.db.transactional(async () => {
          await rememberAssertion(id, org.id, assertion);
          const user = await accountFor(id, provider, org, assertion, languages(), ip);
          return id.completeLogin(user, 'saml', req.raw);
        });
        const returnTo = safeReturnPath(req.body?.RelayState) ?? '/';
        if (outcome.status !== 'ok') {
          const q = new URLSearchParams({
            challenge: outcome.challenge,
            returnTo,
            // The portal's two-factor page starts the authenticator set-up when it must.
            setup: outcome.status === 'two-factor-setup-required' ? '1' : '0',
          });
          return reply(303, undefined, { Location: `/login/two-factor?${q}`, 'Cache-Control': 'no-store' });
        }
        return reply(303, undefined, {
          Location: returnTo,
          'Set-Cookie': outcome.cookie,
          'Cache-Control': 'no-store',
        });
      } catch (err) {
        if (!(err instanceof SamlRefusal)) throw err;
        await id.db.transactional(() =>
          id.audit.record({
            type: 'auth.saml-rejected',
            organizationId: orgId,
            targetType: err.context.userId ? 'user' : err.context.email ? 'email' : 'organization',
            targetId: err.context.userId ?? err.context.email ?? orgId,
            ip,
            details: { reason: err.reason, detail: err.detail, issuer: err.context.issuer ?? null },
          }),
        );
        throw err.problem();
      }
    },
  });
}
