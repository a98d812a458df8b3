import { generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

/**
 * A SAML identity provider for tests: its own RSA key and self-signed X.509 certificate, made at
 * test time with node:crypto alone (no openssl binary, no network), and responses signed with
 * xml-crypto the way real IdPs sign them: an enveloped signature over the assertion, exclusive
 * c14n, rsa-sha256 and sha256 digests, the certificate in KeyInfo.
 */
export class TestIdp {
  readonly privateKeyPem: string;
  /** The certificate as PEM. */
  readonly certPem: string;
  /** The certificate as base64 DER (what metadata's X509Certificate holds). */
  readonly certBase64: string;

  constructor(
    readonly entityId: string,
    readonly ssoUrl = 'https://idp.example/sso/saml',
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const der = selfSignedCertificate(
      privateKey,
      publicKey,
      entityId.replace(/^https?:\/\//, '').slice(0, 60),
    );
    this.certBase64 = der.toString('base64');
    this.certPem = `-----BEGIN CERTIFICATE-----\n${this.certBase64.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  }

  /** IdP metadata as an IdP publishes it (what a customer's admin hands over). */
  metadata(options: { bindings?: Array<'Redirect' | 'POST'> } = {}): string {
    const bindings = options.bindings ?? ['POST', 'Redirect'];
    return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${esc(this.entityId)}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" WantAuthnRequestsSigned="false">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>
        ${this.certBase64.match(/.{1,76}/g)!.join('\n        ')}
      </ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
${bindings
  .map(
    (b) =>
      `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-${b}" Location="${esc(this.ssoUrl)}${b === 'POST' ? '/post' : ''}"/>`,
  )
  .join('\n')}
  </md:IDPSSODescriptor>
</md:EntityDescriptor>`;
  }

  /**
   * A base64 SAMLResponse for `audience` (the SP entity id) posted to `recipient` (the ACS URL).
   * By default the assertion is signed by this IdP and valid from a minute ago for five minutes.
   */
  response(options: ResponseOptions): string {
    return Buffer.from(this.responseXml(options), 'utf8').toString('base64');
  }

  responseXml(options: ResponseOptions): string {
    const now = options.now ?? new Date();
    const notBefore = options.notBefore ?? new Date(now.getTime() - 60_000);
    const notOnOrAfter = options.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const assertionId = options.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
    const issuer = options.issuer ?? this.entityId;
    const iso = (d: Date) => d.toISOString();
    const attributes = Object.entries(options.attributes ?? {})
      .map(
        ([name, value]) =>
          `<saml:Attribute Name="${esc(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri">${(Array.isArray(
            value,
          )
            ? value
            : [value]
          )
            .map((v) => `<saml:AttributeValue xsi:type="xs:string">${esc(v)}</saml:AttributeValue>`)
            .join('')}</saml:Attribute>`,
      )
      .join('');
    const assertion =
      `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="${assertionId}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${esc(options.nameId)}</saml:NameID>` +
      `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${iso(notOnOrAfter)}" Recipient="${esc(options.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
      `<saml:Conditions NotBefore="${iso(notBefore)}" NotOnOrAfter="${iso(notOnOrAfter)}"><saml:AudienceRestriction><saml:Audience>${esc(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
      (attributes ? `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` : '') +
      `</saml:Assertion>`;
    const signer = options.signWith ?? this;
    const signedAssertion = options.unsigned ? assertion : signer.sign(assertion, 'Assertion');
    const response =
      `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomBytes(16).toString('hex')}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(options.recipient)}">` +
      `<saml:Issuer>${esc(issuer)}</saml:Issuer>` +
      `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
      signedAssertion +
      `</samlp:Response>`;
    return options.signResponse ? signer.sign(response, 'Response') : response;
  }

  /** Signs the root element (`Assertion` or `Response`) with an enveloped signature after its Issuer. */
  sign(xml: string, element: 'Assertion' | 'Response'): string {
    const sig = new SignedXml({
      privateKey: this.privateKeyPem,
      publicCert: this.certPem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    sig.addReference({
      xpath: `/*[local-name(.)='${element}']`,
      transforms: [
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/2001/10/xml-exc-c14n#',
      ],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    sig.computeSignature(xml, {
      prefix: 'ds',
      location: { reference: `/*[local-name(.)='${element}']/*[local-name(.)='Issuer']`, action: 'after' },
    });
    return sig.getSignedXml();
  }
}

export interface ResponseOptions {
  /** The SP entity id the assertion is for. */
  audience: string;
  /** The ACS URL. */
  recipient: string;
  nameId: string;
  attributes?: Record<string, string | string[]>;
  issuer?: string;
  assertionId?: string;
  now?: Date;
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** Sign with another IdP's key (a forged response). */
  signWith?: TestIdp;
  /** Leave the assertion unsigned. */
  unsigned?: boolean;
  /** Sign the whole response too (or alone, with `unsigned`). */
  signResponse?: boolean;
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

// ------------------------------------------------------------------ a minimal X.509 encoder

function der(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...parts: Buffer[]) => der(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => der(0x31, Buffer.concat(parts));
function integer(bytes: Buffer): Buffer {
  return der(0x02, bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes);
}
function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number) as [number, number, ...number[]];
  const out = [40 * a + b];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return der(0x06, Buffer.from(out));
}
function utcTime(d: Date): Buffer {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return der(0x17, Buffer.from(`${s}Z`, 'ascii'));
}
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(cn, 'utf8')))));

/** A self-signed X.509 v3 certificate (DER) for `publicKey`, valid from yesterday for a year. */
function selfSignedCertificate(privateKey: KeyObject, publicKey: KeyObject, cn: string): Buffer {
  const algorithm = seq(oid('1.2.840.113549.1.1.11'), der(0x05, Buffer.alloc(0)));
  const now = Date.now();
  const tbs = seq(
    der(0xa0, integer(Buffer.from([2]))),
    integer(randomBytes(8)),
    algorithm,
    name(cn),
    seq(utcTime(new Date(now - 86_400_000)), utcTime(new Date(now + 365 * 86_400_000))),
    name(cn),
    publicKey.export({ type: 'spki', format: 'der' }),
  );
  const signature = sign('sha256', tbs, privateKey);
  return seq(tbs, algorithm, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
}
