import type { IncomingMessage } from 'node:http';
import { QueryTypes } from 'sequelize';
import type { Database } from '../db/database.js';
import { certificateInfo, type CertificateInfo } from './saml-idp-metadata.js';
import { fromJson, toBool, toIso } from './rows.js';

/** The attributes of a user the portal reads from an assertion. */
export const mappedFields = ['email', 'name', 'firstName', 'lastName', 'phone', 'language'] as const;
export type MappedField = (typeof mappedFields)[number];

/** Which SAML attribute holds each field; a missing entry means "look for the usual names". */
export type AttributeMap = Partial<Record<MappedField, string>>;

/**
 * The attribute names the common identity providers use (Entra ID and AD FS claim URIs, LDAP
 * names and OIDs as Shibboleth and Keycloak send them, plain names as Okta and Google do), tried
 * in order when an organisation maps nothing else. The e-mail falls back to the NameID when that
 * looks like an address.
 */
export const defaultAttributeNames: Record<MappedField, string[]> = {
  email: [
    'email',
    'mail',
    'emailAddress',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    'urn:oid:0.9.2342.19200300.100.1.3',
  ],
  name: [
    'displayName',
    'name',
    'http://schemas.microsoft.com/identity/claims/displayname',
    'urn:oid:2.16.840.1.113730.3.1.241',
    'cn',
  ],
  firstName: [
    'givenName',
    'firstName',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname',
    'urn:oid:2.5.4.42',
  ],
  lastName: [
    'sn',
    'surname',
    'lastName',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname',
    'urn:oid:2.5.4.4',
  ],
  phone: [
    'telephoneNumber',
    'mobile',
    'phone',
    'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/mobilephone',
    'urn:oid:2.5.4.20',
  ],
  language: ['preferredLanguage', 'language', 'urn:oid:2.16.840.1.113730.3.1.39'],
};

/** One organisation's identity provider (`portico_saml_providers`). */
export interface SamlProvider {
  organizationId: string;
  enabled: boolean;
  idpEntityId: string | null;
  entryPoint: string;
  /** Signing certificates of the IdP, PEM. Several while the IdP rolls its key over. */
  certificates: string[];
  attributeMap: AttributeMap;
  /** Key of the customer role a provisioned user gets; null: customer-user. */
  defaultRole: string | null;
  allowProvisioning: boolean;
  createdAt: string;
  updatedAt: string;
}

interface SamlProviderRow {
  organization_id: string;
  enabled: unknown;
  idp_entity_id: string | null;
  entry_point: string;
  idp_certs: unknown;
  attribute_map: unknown;
  default_role: string | null;
  allow_provisioning: unknown;
  created_at: Date | string;
  updated_at: Date | string;
}

/** Reads and writes organisations' SAML settings. */
export class SamlProviderStore {
  constructor(private readonly db: Database) {}

  async get(organizationId: string): Promise<SamlProvider | undefined> {
    const rows = await this.db.sequelize.query<SamlProviderRow>(
      'SELECT * FROM portico_saml_providers WHERE organization_id = ?',
      { replacements: [organizationId], type: QueryTypes.SELECT },
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      organizationId: r.organization_id,
      enabled: toBool(r.enabled),
      idpEntityId: r.idp_entity_id,
      entryPoint: r.entry_point,
      certificates: fromJson<string[]>(r.idp_certs, []),
      attributeMap: fromJson<AttributeMap>(r.attribute_map, {}),
      defaultRole: r.default_role,
      allowProvisioning: toBool(r.allow_provisioning),
      createdAt: toIso(r.created_at)!,
      updatedAt: toIso(r.updated_at)!,
    };
  }

  /** Creates or replaces the settings; answers whether they are new. */
  async put(p: Omit<SamlProvider, 'createdAt' | 'updatedAt'>): Promise<boolean> {
    const now = new Date();
    const values = {
      enabled: p.enabled,
      idp_entity_id: p.idpEntityId,
      entry_point: p.entryPoint,
      idp_certs: JSON.stringify(p.certificates),
      attribute_map: JSON.stringify(p.attributeMap),
      default_role: p.defaultRole,
      allow_provisioning: p.allowProvisioning,
      updated_at: now,
    };
    const exists = await this.get(p.organizationId);
    if (exists) {
      const columns = Object.keys(values) as Array<keyof typeof values>;
      await this.db.sequelize.query(
        `UPDATE portico_saml_providers SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE organization_id = ?`,
        { replacements: [...columns.map((c) => values[c]), p.organizationId] },
      );
      return false;
    }
    await this.db.sequelize
      .getQueryInterface()
      .bulkInsert(
        'portico_saml_providers',
        [{ organization_id: p.organizationId, ...values, created_at: now }],
        { transaction: this.db.currentTransaction() },
      );
    return true;
  }

  async delete(organizationId: string): Promise<boolean> {
    const exists = await this.get(organizationId);
    if (!exists) return false;
    await this.db.sequelize.query('DELETE FROM portico_saml_providers WHERE organization_id = ?', {
      replacements: [organizationId],
    });
    return true;
  }
}

/** The portal's own SAML endpoints for one organisation, which the customer's IdP needs. */
export interface ServiceProviderUrls {
  /** SP entity id (also the metadata URL): the audience every assertion must name. */
  entityId: string;
  metadataUrl: string;
  /** Assertion Consumer Service (HTTP-POST binding). */
  acsUrl: string;
  /** Where a browser starts SP-initiated sign-on. */
  loginUrl: string;
}

const hostPattern = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The portal's base URL: `http.publicUrl`, or, when that is not set (local use), the request's
 * Host. Production must set http.publicUrl: the SP entity id is then stable whatever the Host.
 */
export function portalBaseUrl(publicUrl: string | null | undefined, req: IncomingMessage): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  const host = req.headers.host;
  return `http://${typeof host === 'string' && hostPattern.test(host) ? host : 'localhost'}`;
}

/**
 * Each organisation is its own service provider (entity id per organisation): an assertion the
 * IdP of one customer issued names that customer's audience, so it can never sign anyone in to
 * another organisation, even when two customers share an IdP (one Entra ID tenant, say).
 */
export function serviceProviderUrls(base: string, organizationId: string): ServiceProviderUrls {
  const root = `${base}/api/v1/auth/saml/${organizationId}`;
  return {
    entityId: `${root}/metadata`,
    metadataUrl: `${root}/metadata`,
    acsUrl: `${root}/acs`,
    loginUrl: `${root}/login`,
  };
}

/** The admin view of an organisation's SAML settings. */
export interface SamlProviderView {
  organizationId: string;
  configured: boolean;
  serviceProvider: ServiceProviderUrls;
  enabled?: boolean;
  idpEntityId?: string | null;
  entryPoint?: string;
  certificates?: Array<CertificateInfo & { pem: string }>;
  attributeMap?: AttributeMap;
  defaultRole?: string | null;
  allowProvisioning?: boolean;
  createdAt?: string;
  updatedAt?: string;
}

export function samlProviderView(
  organizationId: string,
  sp: ServiceProviderUrls,
  p: SamlProvider | undefined,
): SamlProviderView {
  if (!p) return { organizationId, configured: false, serviceProvider: sp };
  return {
    organizationId,
    configured: true,
    serviceProvider: sp,
    enabled: p.enabled,
    idpEntityId: p.idpEntityId,
    entryPoint: p.entryPoint,
    certificates: p.certificates.map((pem) => ({ pem, ...certificateInfo(pem) })),
    attributeMap: p.attributeMap,
    defaultRole: p.defaultRole,
    allowProvisioning: p.allowProvisioning,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}
