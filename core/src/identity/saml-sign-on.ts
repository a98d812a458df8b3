import { SAML, SamlStatusError, ValidateInResponseTo, type Profile } from '@node-saml/passport-saml';
import { ProblemError } from '../http/problem.js';
import type { OrganizationRow, UserRow } from './directory.js';
import { normalizeEmail } from './directory.js';
import { parseXml } from './saml-idp-metadata.js';
import {
  defaultAttributeNames,
  type MappedField,
  type SamlProvider,
  type ServiceProviderUrls,
} from './saml-providers.js';
import { digest } from './secrets.js';
import type { IdentityService } from './service.js';
import { fromJson } from './rows.js';

/** Clock difference tolerated between the IdP and the portal for NotBefore / NotOnOrAfter. */
export const SAML_CLOCK_SKEW_MS = 2 * 60_000;

const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

/**
 * A sign-on the portal refuses: the HTTP status, a short reason code (in the problem answer and
 * the `auth.saml-rejected` audit entry) and a sentence for the person.
 */
export class SamlRefusal extends Error {
  override readonly name = 'SamlRefusal';
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409,
    readonly reason: string,
    readonly detail: string,
    /** What the audit entry should add (the user, the e-mail, the issuer). */
    readonly context: { userId?: string; email?: string; issuer?: string | null } = {},
  ) {
    super(detail);
  }

  problem(): ProblemError {
    return new ProblemError(this.status, {
      title: 'Single sign-on refused',
      detail: this.detail,
      reason: this.reason,
    });
  }
}

/**
 * The library object for one organisation's IdP, built per request from the settings in the
 * database. This is exactly what passport-saml's MultiSamlStrategy does in `getSamlOptions` for
 * each request; the strategy itself is not used because it is passport middleware, driving
 * express's req/res through passport's success/fail/redirect callbacks, and Portico's API routes
 * are not express (they return replies). Building `SAML` here keeps the same per-tenant model
 * without faking passport's request cycle, and nothing is cached in memory, so a change of
 * settings applies at once on every instance.
 *
 * Security choices:
 * - `wantAssertionsSigned`: the assertion itself must carry a valid signature by one of the
 *   organisation's certificates (a signed Response around an unsigned assertion is refused). It
 *   is what Entra ID, AD FS, Okta, Google and Keycloak sign by default (Shibboleth: turn on
 *   signAssertions), and the signature then covers exactly the data the portal uses.
 * - the audience must be this organisation's SP entity id; NotBefore/NotOnOrAfter hold within
 *   SAML_CLOCK_SKEW_MS.
 * - `validateInResponseTo: never`: IdP-initiated sign-on (a tile in the customer's app portal)
 *   works, and no request state lives in one instance's memory. Replays are stopped instead by
 *   remembering each assertion id in the database until it expires (rememberAssertion).
 * - no RequestedAuthnContext: asking for PasswordProtectedTransport "exactly" makes Entra ID and
 *   AD FS refuse users who signed in with MFA or Windows authentication.
 */
export function samlFor(provider: SamlProvider, sp: ServiceProviderUrls): SAML {
  return new SAML({
    entryPoint: provider.entryPoint,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    idpCert: provider.certificates,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: SAML_CLOCK_SKEW_MS,
    validateInResponseTo: ValidateInResponseTo.never,
    disableRequestedAuthnContext: true,
    identifierFormat: EMAIL_FORMAT,
  });
}

/** What the portal takes from a verified assertion. */
export interface VerifiedAssertion {
  id: string;
  issuer: string | null;
  nameId: string | null;
  attributes: Record<string, unknown>;
  /** When the assertion stops being valid (the latest NotOnOrAfter), plus the clock skew. */
  expiresAt: Date;
}

type XmlNode = { $?: Record<string, string>; _?: string; [child: string]: unknown };
const first = (v: unknown): XmlNode | undefined => (Array.isArray(v) ? (v[0] as XmlNode) : undefined);

/**
 * Checks a base64 SAMLResponse of the POST binding against the organisation's IdP and answers
 * the verified assertion, or throws SamlRefusal. Junk (not base64, not XML, not a Response) is
 * told apart from a response that fails verification, so the answer says what is wrong.
 */
export async function verifySamlResponse(
  provider: SamlProvider,
  sp: ServiceProviderUrls,
  samlResponse: string | undefined,
  now = Date.now(),
): Promise<VerifiedAssertion> {
  if (!samlResponse?.trim())
    throw new SamlRefusal(400, 'missing-response', 'The SAMLResponse form field is missing or empty.');
  const encoded = samlResponse.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1)
    throw new SamlRefusal(400, 'not-base64', 'The SAMLResponse is not base64-encoded.');
  const xml = Buffer.from(encoded, 'base64').toString('utf8');
  let root: Element;
  try {
    root = parseXml(xml).documentElement;
  } catch (err) {
    throw new SamlRefusal(
      400,
      'not-xml',
      `The SAMLResponse is not well-formed XML: ${(err as Error).message}.`,
    );
  }
  if (root.namespaceURI !== PROTOCOL || root.localName !== 'Response')
    throw new SamlRefusal(
      400,
      'not-a-response',
      `The SAMLResponse is not a SAML 2.0 Response (its root element is <${root.localName}>).`,
    );

  let profile: Profile | null;
  try {
    ({ profile } = await samlFor(provider, sp).validatePostResponseAsync({ SAMLResponse: encoded }));
  } catch (err) {
    throw classify(err);
  }
  if (!profile?.getAssertion)
    throw new SamlRefusal(401, 'no-assertion', 'The identity provider answered without an assertion.');

  // Read from the assertion the library verified (the signed bytes), never from the raw post.
  const assertion = (profile.getAssertion() as { Assertion?: XmlNode }).Assertion;
  const id = assertion?.$?.ID;
  if (!assertion || !id)
    throw new SamlRefusal(
      401,
      'invalid-response',
      'The assertion has no ID, so its reuse cannot be detected.',
    );
  const issuer = profile.issuer ?? null;
  if (provider.idpEntityId && issuer !== provider.idpEntityId)
    throw new SamlRefusal(
      401,
      'wrong-issuer',
      `The assertion was issued by "${issuer ?? '(none)'}", not by the organisation's identity provider "${provider.idpEntityId}".`,
      { issuer },
    );

  const limits: number[] = [];
  const conditionsEnd = first(assertion.Conditions)?.$?.NotOnOrAfter;
  if (conditionsEnd) limits.push(Date.parse(conditionsEnd));
  const confirmations = (
    (first(assertion.Subject)?.SubjectConfirmation as XmlNode[] | undefined) ?? []
  ).filter((c) => c.$?.Method === BEARER);
  if (confirmations.length) {
    let why: SamlRefusal | undefined;
    const valid = confirmations.find((c) => {
      const data = first(c.SubjectConfirmationData)?.$ ?? {};
      if (data.Recipient && data.Recipient !== sp.acsUrl) {
        why = new SamlRefusal(
          401,
          'wrong-recipient',
          `The assertion is addressed to ${data.Recipient}, not to this portal's ACS URL ${sp.acsUrl}.`,
          { issuer },
        );
        return false;
      }
      const end = data.NotOnOrAfter ? Date.parse(data.NotOnOrAfter) : NaN;
      if (!Number.isNaN(end) && now - SAML_CLOCK_SKEW_MS >= end) {
        why = new SamlRefusal(401, 'expired', 'The SAML assertion has expired. Sign in again.', { issuer });
        return false;
      }
      if (!Number.isNaN(end)) limits.push(end);
      return true;
    });
    if (!valid) throw why!;
  }
  if (!limits.length || limits.some(Number.isNaN))
    throw new SamlRefusal(
      401,
      'no-expiry',
      'The assertion has no NotOnOrAfter; only assertions with a limited lifetime are accepted.',
      { issuer },
    );

  const attributes = (profile.attributes as Record<string, unknown> | undefined) ?? {};
  return {
    id,
    issuer,
    nameId: profile.nameID ?? null,
    attributes,
    expiresAt: new Date(Math.max(...limits) + SAML_CLOCK_SKEW_MS),
  };
}

/** Turns the library's errors into refusals that say what failed. */
function classify(err: unknown): SamlRefusal {
  if (err instanceof SamlStatusError)
    return new SamlRefusal(401, 'idp-error', `The identity provider refused the sign-in: ${err.message}.`);
  const message = err instanceof Error ? err.message : String(err);
  if (/audience/i.test(message))
    return new SamlRefusal(
      401,
      'wrong-audience',
      "The assertion is meant for another service provider (its audience is not this organisation's SP entity id).",
    );
  if (/not yet valid/i.test(message))
    return new SamlRefusal(
      401,
      'not-yet-valid',
      "The SAML assertion is not valid yet. The identity provider's clock may be wrong.",
    );
  if (/expired|too old/i.test(message))
    return new SamlRefusal(401, 'expired', 'The SAML assertion has expired. Sign in again.');
  if (/decrypt/i.test(message))
    return new SamlRefusal(
      401,
      'encrypted',
      'The assertion is encrypted, which the portal does not support. Turn assertion encryption off at the identity provider.',
    );
  if (/signature|signed/i.test(message))
    return new SamlRefusal(
      401,
      'bad-signature',
      "The assertion is not signed with one of the organisation's identity provider certificates (or it was changed after signing).",
    );
  if (/Missing SAML assertion/i.test(message))
    return new SamlRefusal(401, 'no-assertion', 'The identity provider answered without an assertion.');
  return new SamlRefusal(401, 'invalid-response', `The SAML response is not valid: ${message}.`);
}

/**
 * Forgets the used assertions of an organisation that have expired (they can no longer be
 * replayed). Call it outside the sign-on transaction: a range delete inside it would take gap
 * locks on MariaDB that concurrent sign-ons of the same organisation would queue behind.
 */
export async function forgetExpiredAssertions(
  identity: IdentityService,
  organizationId: string,
): Promise<void> {
  await identity.db.sequelize.query(
    'DELETE FROM portico_saml_assertions WHERE organization_id = ? AND expires_at < ?',
    { replacements: [organizationId, new Date()] },
  );
}

/**
 * Records that an assertion was used, in the current transaction. A second use (on any instance,
 * since the row is in the database) is refused: the row is the lock, so two concurrent posts of
 * one assertion cannot both pass.
 */
export async function rememberAssertion(
  identity: IdentityService,
  organizationId: string,
  assertion: VerifiedAssertion,
): Promise<void> {
  const { db } = identity;
  // A digest keeps any IdP's id format within the key length and apart from other organisations'.
  const key = digest(`${organizationId}\n${assertion.issuer ?? ''}\n${assertion.id}`);
  try {
    await db.sequelize
      .getQueryInterface()
      .bulkInsert(
        'portico_saml_assertions',
        [{ id: key, organization_id: organizationId, expires_at: assertion.expiresAt }],
        { transaction: db.currentTransaction() },
      );
  } catch (err) {
    if ((err as { name?: string })?.name !== 'SequelizeUniqueConstraintError') throw err;
    throw new SamlRefusal(
      401,
      'replay',
      'This SAML assertion has already been used. Sign in again at your identity provider.',
      { issuer: assertion.issuer },
    );
  }
}

/** The first non-empty string value of a SAML attribute. */
function attributeValue(attributes: Record<string, unknown>, name: string): string | undefined {
  const raw = attributes[name];
  for (const v of Array.isArray(raw) ? raw : [raw]) {
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The user's fields from the assertion, through the organisation's attribute map. */
export function mappedProfile(
  provider: SamlProvider,
  assertion: VerifiedAssertion,
): Partial<Record<MappedField, string>> {
  const out: Partial<Record<MappedField, string>> = {};
  for (const field of Object.keys(defaultAttributeNames) as MappedField[]) {
    const mapped = provider.attributeMap[field];
    const names = mapped ? [mapped] : defaultAttributeNames[field];
    for (const n of names) {
      const v = n === 'NameID' ? (assertion.nameId ?? undefined) : attributeValue(assertion.attributes, n);
      if (v) {
        out[field] = v;
        break;
      }
    }
  }
  if (!out.email && !provider.attributeMap.email && assertion.nameId && emailPattern.test(assertion.nameId))
    out.email = assertion.nameId;
  return out;
}

/**
 * The account a verified assertion signs in: an existing user of the organisation, or a new one
 * provisioned into it (only it) with the mapped attributes and the default role. Runs in the
 * caller's transaction; throws SamlRefusal before changing anything.
 */
export async function accountFor(
  identity: IdentityService,
  provider: SamlProvider,
  organization: OrganizationRow,
  assertion: VerifiedAssertion,
  languages: string[],
  ip: string,
): Promise<UserRow> {
  const fields = mappedProfile(provider, assertion);
  const issuer = assertion.issuer;
  if (!fields.email || !emailPattern.test(fields.email) || fields.email.length > 254)
    throw new SamlRefusal(
      403,
      'no-email',
      `The assertion carries no e-mail address${provider.attributeMap.email ? ` in the attribute "${provider.attributeMap.email}"` : ''}. Ask the identity provider's administrator to send the e-mail address (as the NameID or an "email" attribute).`,
      { issuer },
    );
  const email = normalizeEmail(fields.email);
  const existing = await identity.directory.userByEmail(email);
  if (existing) {
    if (existing.organization_id !== organization.id)
      throw new SamlRefusal(
        403,
        'other-organization',
        `The address ${email} belongs to an account of another organisation in this portal, so it cannot sign in through ${organization.name}'s single sign-on. Ask the portal's administrators to sort the account out.`,
        { userId: existing.id, email, issuer },
      );
    if (existing.status === 'deactivated')
      throw new SamlRefusal(
        403,
        'deactivated',
        "This account is deactivated. Ask your company's portal administrator.",
        { userId: existing.id, email, issuer },
      );
    if (existing.status === 'invited') {
      // The organisation's IdP vouches for the person the organisation invited: the invitation is accepted.
      await identity.db.sequelize.query('UPDATE portico_users SET status = ?, updated_at = ? WHERE id = ?', {
        replacements: ['active', new Date(), existing.id],
      });
      identity.userChanged(existing.id);
      return (await identity.directory.user(existing.id))!;
    }
    return existing;
  }

  if (!provider.allowProvisioning)
    throw new SamlRefusal(
      403,
      'no-account',
      `There is no portal account for ${email}, and ${organization.name} has new accounts made by its administrators only. Ask your company's portal administrator for an invitation.`,
      { email, issuer },
    );
  const domains = fromJson<string[]>(organization.email_domains, []).map((d) => d.toLowerCase());
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (domains.length && !domains.includes(domain))
    throw new SamlRefusal(
      403,
      'email-domain',
      `New accounts of ${organization.name} must have an address at ${domains.join(', ')}; ${email} is not one.`,
      { email, issuer },
    );

  const name =
    fields.name ?? ([fields.firstName, fields.lastName].filter(Boolean).join(' ') || email.split('@')[0]!);
  const phone = fields.phone && /^\+?[0-9 ()-]{6,20}$/.test(fields.phone) ? fields.phone : null;
  const wanted = fields.language?.toLowerCase().replace('_', '-');
  const language =
    wanted && languages.includes(wanted)
      ? wanted
      : wanted && languages.includes(wanted.slice(0, 2))
        ? wanted.slice(0, 2)
        : undefined;
  const user = await identity.directory.createUser({
    organizationId: organization.id,
    email,
    name: name.slice(0, 200),
    status: 'active',
    language,
    phone,
  });
  let role = provider.defaultRole ? await identity.directory.role(provider.defaultRole) : undefined;
  // A default role deleted since it was chosen must not stop sign-on: the plainest role applies.
  if (role?.scope !== 'customer') role = await identity.directory.role('customer-user');
  if (role) await identity.directory.assignRole(user.id, role.id);
  await identity.audit.record({
    type: 'user.created',
    organizationId: organization.id,
    targetType: 'user',
    targetId: user.id,
    ip,
    details: { method: 'saml', role: role?.key ?? null, issuer },
  });
  return user;
}

/**
 * A return path that stays on this site: a relative path ("/orders?x=1"), never a scheme,
 * another host ("//evil.example"), a backslash trick or control characters.
 */
export function safeReturnPath(value: string | undefined | null): string | undefined {
  if (!value || value.length > 2000) return undefined;
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\u0000-\u001f\u007f]/.test(value))
    return undefined;
  try {
    const u = new URL(value, 'http://portal.invalid');
    if (u.origin !== 'http://portal.invalid') return undefined;
  } catch {
    return undefined;
  }
  return value;
}
