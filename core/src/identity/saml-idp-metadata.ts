import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** Why a piece of SAML input (metadata, a certificate, a URL) is refused, in words for an admin. */
export class SamlInputError extends Error {
  override readonly name = 'SamlInputError';
}

/**
 * Parses XML strictly: a warning of the lenient parser (an unclosed tag, say) counts as an error,
 * and a DOCTYPE is refused outright, since no SAML message or metadata needs one and entity
 * declarations are the classic XML bombs.
 */
export function parseXml(xml: string): Document {
  if (/<!DOCTYPE/i.test(xml)) throw new SamlInputError('it contains a DOCTYPE, which SAML never uses');
  const fail = (msg: string) => {
    throw new SamlInputError(
      msg
        .replace(/\[xmldom (warning|error|fatalError)\]\s*/g, '')
        .replace(/\s*@#\[line:.*$/s, '')
        .trim(),
    );
  };
  let doc: Document;
  try {
    doc = new DOMParser({
      locator: {},
      errorHandler: { warning: fail, error: fail, fatalError: fail },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (err) {
    if (err instanceof SamlInputError) throw err;
    throw new SamlInputError((err as Error).message);
  }
  if (!doc?.documentElement) throw new SamlInputError('it is not XML');
  return doc;
}

/** Children of `parent` with this namespace and local name. */
function children(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName)
      out.push(n as Element);
  }
  return out;
}

/** What an X.509 certificate says about itself, for the admin view. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  /** SHA-256 fingerprint, colon-separated hex (what IdP consoles show). */
  fingerprint256: string;
  expired: boolean;
}

/**
 * Normalises a certificate given as PEM or as base64 DER (with or without line breaks) to PEM,
 * after node:crypto has parsed it as X.509. Throws SamlInputError otherwise.
 */
export function normalizeCertificate(input: string): string {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(input))
    throw new SamlInputError(
      "is a private key; give the identity provider's public signing certificate, and never share a private key",
    );
  const blocks = input.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
  if (blocks > 1) throw new SamlInputError('holds several certificates; give one per entry');
  const body = input
    .replace(/-----BEGIN CERTIFICATE-----|-----END CERTIFICATE-----/g, '')
    .replace(/\s+/g, '');
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body))
    throw new SamlInputError(
      'is not a certificate: give it as PEM (-----BEGIN CERTIFICATE-----) or base64 DER',
    );
  const der = Buffer.from(body, 'base64');
  try {
    new X509Certificate(der);
  } catch {
    throw new SamlInputError('is not a valid X.509 certificate (PEM or base64 DER)');
  }
  const b64 = der.toString('base64');
  return `-----BEGIN CERTIFICATE-----\n${b64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function certificateInfo(pem: string, now = Date.now()): CertificateInfo {
  const x = new X509Certificate(pem);
  const validTo = new Date(x.validTo);
  return {
    subject: x.subject,
    issuer: x.issuer,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    fingerprint256: x.fingerprint256,
    expired: validTo.getTime() <= now,
  };
}

/**
 * Checks the URL a browser is sent to for sign-in: https, or http only on this machine (a local
 * test IdP). Anything else (javascript:, a typo) would strand every user of the organisation.
 */
export function checkEntryPoint(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SamlInputError('is not a URL');
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local))
    throw new SamlInputError('must be an https:// URL (http:// only for localhost)');
  return u.toString();
}

/** What the portal needs from an identity provider's metadata. */
export interface IdpMetadata {
  entityId: string;
  /** The SingleSignOnService location (HTTP-Redirect preferred, else HTTP-POST). */
  entryPoint: string;
  /** Signing certificates as PEM. */
  certificates: string[];
}

/**
 * Reads the entityID, the single sign-on URL and the signing certificates from SAML 2.0 IdP
 * metadata (an EntityDescriptor, or an EntitiesDescriptor holding exactly one IdP). Throws
 * SamlInputError saying what is missing.
 *
 * The portal sends its AuthnRequest with the HTTP-Redirect binding. When the metadata lists only
 * HTTP-POST, its location is used: the IdPs we know (Entra ID, AD FS, Okta, Google, Keycloak,
 * Shibboleth) serve both bindings there.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  let doc: Document;
  try {
    doc = parseXml(xml.trim());
  } catch (err) {
    throw new SamlInputError(`is not well-formed XML: ${(err as Error).message}`);
  }
  const root = doc.documentElement;
  let entity: Element;
  if (root.namespaceURI === MD && root.localName === 'EntityDescriptor') entity = root;
  else if (root.namespaceURI === MD && root.localName === 'EntitiesDescriptor') {
    const idps = Array.from(root.getElementsByTagNameNS(MD, 'EntityDescriptor')).filter(
      (e) => children(e, MD, 'IDPSSODescriptor').length > 0,
    );
    if (idps.length !== 1)
      throw new SamlInputError(
        `describes ${idps.length} identity providers; give the metadata of the customer's identity provider alone`,
      );
    entity = idps[0]!;
  } else
    throw new SamlInputError(
      `is not SAML 2.0 metadata: the root element is <${root.localName}>, not an md:EntityDescriptor`,
    );
  const entityId = entity.getAttribute('entityID')?.trim();
  if (!entityId) throw new SamlInputError('has no entityID on its EntityDescriptor');
  const idp = children(entity, MD, 'IDPSSODescriptor').find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL),
  );
  if (!idp)
    throw new SamlInputError(
      'has no SAML 2.0 IDPSSODescriptor: it is not the metadata of an identity provider (perhaps of a service provider?)',
    );
  const services = children(idp, MD, 'SingleSignOnService');
  const service =
    services.find((s) => s.getAttribute('Binding') === REDIRECT) ??
    services.find((s) => s.getAttribute('Binding') === POST);
  const location = service?.getAttribute('Location')?.trim();
  if (!location)
    throw new SamlInputError('has no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');
  let entryPoint: string;
  try {
    entryPoint = checkEntryPoint(location);
  } catch (err) {
    throw new SamlInputError(`has a SingleSignOnService location that ${(err as Error).message}`);
  }
  const certificates: string[] = [];
  for (const key of children(idp, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const cert of Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate'))) {
      let pem: string;
      try {
        pem = normalizeCertificate(cert.textContent ?? '');
      } catch (err) {
        throw new SamlInputError(`has a signing certificate that ${(err as Error).message}`);
      }
      if (!certificates.includes(pem)) certificates.push(pem);
    }
  }
  if (!certificates.length)
    throw new SamlInputError(
      'has no signing certificate (KeyDescriptor use="signing" with an X509Certificate)',
    );
  return { entityId, entryPoint, certificates };
}
