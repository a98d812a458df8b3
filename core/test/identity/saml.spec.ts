import { randomUUID } from 'node:crypto';
import { get } from 'node:http';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { expect } from 'chai';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { TestIdp } from './saml-test-idp.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';

/** GET with a Host header of our choosing (fetch always sends the real one). */
function getWithHost(url: string, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

interface SettingsView {
  organizationId: string;
  configured: boolean;
  serviceProvider: { entityId: string; metadataUrl: string; acsUrl: string; loginUrl: string };
  enabled?: boolean;
  idpEntityId?: string | null;
  entryPoint?: string;
  certificates?: Array<{ fingerprint256: string; subject: string; expired: boolean }>;
  attributeMap?: Record<string, string>;
  defaultRole?: string | null;
  allowProvisioning?: boolean;
}
interface Problem {
  status: number;
  detail: string;
  reason?: string;
  errors?: Array<{ path: string; message: string }>;
}
interface Me {
  user: { email: string; name: string; organizationId: string; language: string; phone: string | null };
  organization: { id: string; name: string };
  roles: string[];
}

describe('identity: SAML single sign-on per customer organisation', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let bergstrom: string;
  let lindqvist: string;
  let provider: string;
  const idp = new TestIdp(
    'https://login.bergstrombygg.example/saml',
    'https://login.bergstrombygg.example/sso',
  );
  const lindqvistIdp = new TestIdp('https://sts.lindqvist.example/adfs');
  const stranger = new TestIdp('https://evil.example/idp');

  const sp = (orgId: string) => {
    const root = `${t.url}/api/v1/auth/saml/${orgId}`;
    return { entityId: `${root}/metadata`, acsUrl: `${root}/acs` };
  };
  /** A response of Bergström's IdP for Bergström's SP, signed unless told otherwise. */
  const response = (nameId: string, options: Partial<Parameters<TestIdp['response']>[0]> = {}, from = idp) =>
    from.response({ audience: sp(bergstrom).entityId, recipient: sp(bergstrom).acsUrl, nameId, ...options });

  /** Posts to the ACS the way a browser does after the IdP's auto-submitting form. */
  const acs = async (orgId: string, fields: Record<string, string>) => {
    const res = await fetch(`${t.url}/api/v1/auth/saml/${orgId}/acs`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://login.bergstrombygg.example',
      },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    const text = await res.text();
    const body = /json/.test(res.headers.get('content-type') ?? '')
      ? (JSON.parse(text) as Problem)
      : undefined;
    return { status: res.status, headers: res.headers, body: body! };
  };
  /** The browser after sign-on: a client holding the session cookie of an ACS answer. */
  const sessionFrom = (headers: Headers) => {
    const cookie = headers.getSetCookie()[0];
    expect(cookie, 'a session cookie').to.match(/^portico_session=/);
    const s = t.anonymous();
    s.cookie = cookie!.split(';')[0];
    return s;
  };
  const select = <T extends object>(sql: string, replacements: unknown[] = []) =>
    t.portal.db.sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });
  const lastAudit = async (type: string) =>
    (
      await select<{ organization_id: string; target_id: string; details: unknown }>(
        'SELECT * FROM portico_audit_log WHERE type = ? ORDER BY id DESC',
        [type],
      )
    )[0];
  const reasonOf = async () => {
    const row = await lastAudit('auth.saml-rejected');
    const d = row?.details;
    return (typeof d === 'string' ? JSON.parse(d) : d) as { reason: string } | undefined;
  };
  const userCount = async () =>
    (await select<{ n: number }>('SELECT COUNT(*) AS n FROM portico_users'))[0]!.n;
  const configure = (orgId: string, body: Record<string, unknown>) =>
    admin.put<SettingsView & Problem>(`/api/v1/organizations/${orgId}/saml`, body);

  before(async () => {
    t = await startTestPortal({ demo: true, config: { auth: { rateLimit: { perMinute: 10_000 } } } });
    admin = await t.login('admin@nordicsupply.example');
    const orgOf = async (email: string) =>
      (await (await t.login(email)).get<Me>('/api/v1/me')).body.organization.id;
    bergstrom = await orgOf('admin@bergstrombygg.example');
    lindqvist = await orgOf('admin@lindqvist.example');
    provider = await orgOf('admin@nordicsupply.example');
  });
  after(() => t?.stop());

  describe('settings', () => {
    it('sets an organisation up from its IdP metadata and says what to give the IdP', async () => {
      const before = await admin.get<SettingsView>(`/api/v1/organizations/${bergstrom}/saml`);
      expect(before.status).to.equal(200);
      expect(before.body.configured).to.equal(false);
      expect(before.body.serviceProvider).to.deep.equal({
        ...sp(bergstrom),
        metadataUrl: sp(bergstrom).entityId,
        loginUrl: sp(bergstrom).acsUrl.replace(/acs$/, 'login'),
      });

      const r = await configure(bergstrom, {
        metadataXml: idp.metadata(),
        defaultRole: 'customer-admin',
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      expect(r.body).to.include({
        configured: true,
        enabled: true,
        idpEntityId: idp.entityId,
        // The HTTP-Redirect location wins over the HTTP-POST one.
        entryPoint: idp.ssoUrl,
        defaultRole: 'customer-admin',
        allowProvisioning: true,
      });
      expect(r.body.certificates).to.have.length(1);
      expect(r.body.certificates![0]!.expired).to.equal(false);
      expect(r.body.certificates![0]!.fingerprint256).to.match(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
      const audit = await lastAudit('saml.configured');
      expect(audit?.organization_id).to.equal(bergstrom);
    });

    it('takes explicit settings, with certificates as PEM or as base64 DER', async () => {
      const r = await configure(lindqvist, {
        entryPoint: 'https://sts.lindqvist.example/adfs/ls/',
        idpEntityId: lindqvistIdp.entityId,
        certificates: [lindqvistIdp.certBase64, lindqvistIdp.certPem, idp.certPem],
        attributeMap: { email: 'upn', name: 'fullName' },
        allowProvisioning: true,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(201);
      // The same certificate twice is kept once.
      expect(r.body.certificates).to.have.length(2);
      expect(r.body.attributeMap).to.deep.equal({ email: 'upn', name: 'fullName' });
      expect(r.body.defaultRole).to.equal(null);
      const again = await configure(lindqvist, {
        entryPoint: 'https://sts.lindqvist.example/adfs/ls/',
        idpEntityId: lindqvistIdp.entityId,
        certificates: [lindqvistIdp.certPem],
        attributeMap: { email: 'upn', name: 'fullName' },
      });
      expect(again.status).to.equal(200);
      expect(again.body.certificates).to.have.length(1);
    });

    it('refuses junk settings with field paths and keeps the settings it had', async () => {
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ metadataXml: 'not xml at all' }, '/metadataXml', /not well-formed XML/],
        [{ metadataXml: '<md:EntityDescriptor xmlns:md="' }, '/metadataXml', /not well-formed XML/],
        [{ metadataXml: '<html><body>Sign in</body></html>' }, '/metadataXml', /not SAML 2.0 metadata/],
        [
          {
            metadataXml: `<EntityDescriptor xmlns="${MD}" entityID="https://sp.example"><SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>`,
          },
          '/metadataXml',
          /no SAML 2.0 IDPSSODescriptor/,
        ],
        [
          { metadataXml: idp.metadata().replace(/<md:KeyDescriptor[\s\S]*<\/md:KeyDescriptor>/, '') },
          '/metadataXml',
          /no signing certificate/,
        ],
        [
          {
            metadataXml: idp
              .metadata()
              .replace(
                /<ds:X509Certificate>[\s\S]*<\/ds:X509Certificate>/,
                '<ds:X509Certificate>bm90IGEgY2VydA==</ds:X509Certificate>',
              ),
          },
          '/metadataXml',
          /not a valid X.509 certificate/,
        ],
        [{ metadataXml: '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>' }, '/metadataXml', /DOCTYPE/],
        [{ entryPoint: 'https://idp.example/sso' }, '/certificates', /required unless metadataXml/],
        [{ certificates: [idp.certPem] }, '/entryPoint', /required unless metadataXml/],
        [{ entryPoint: 'javascript:alert(1)', certificates: [idp.certPem] }, '/entryPoint', /https:\/\//],
        [{ entryPoint: 'http://idp.example/sso', certificates: [idp.certPem] }, '/entryPoint', /https/],
        [
          { entryPoint: 'https://idp.example/sso', certificates: ['hello, world!'] },
          '/certificates/0',
          /not a certificate/,
        ],
        [
          { entryPoint: 'https://idp.example/sso', certificates: [idp.certPem, idp.privateKeyPem] },
          '/certificates/1',
          /private key/,
        ],
        [
          {
            entryPoint: 'https://idp.example/sso',
            certificates: [Buffer.from('junk junk').toString('base64')],
          },
          '/certificates/0',
          /not a valid X.509/,
        ],
        [{ metadataXml: idp.metadata(), defaultRole: 'no-such-role' }, '/defaultRole', /no role/],
        [{ metadataXml: idp.metadata(), defaultRole: 'provider-admin' }, '/defaultRole', /supplier's staff/],
        [
          { metadataXml: idp.metadata(), attributeMap: { colour: 'x' } },
          '/attributeMap/colour',
          /not an allowed field/,
        ],
        [{ metadataXml: idp.metadata(), enabled: 'yes' }, '/enabled', /boolean/],
      ];
      const before = await admin.get<SettingsView>(`/api/v1/organizations/${bergstrom}/saml`);
      for (const [body, path, message] of cases) {
        const r = await configure(bergstrom, body);
        expect(r.status, `${JSON.stringify(body).slice(0, 80)}: ${JSON.stringify(r.body)}`).to.equal(422);
        const error = r.body.errors!.find((e) => e.path === path);
        expect(error, `${path} in ${JSON.stringify(r.body.errors)}`).to.not.equal(undefined);
        expect(error!.message).to.match(message);
      }
      const after = await admin.get<SettingsView>(`/api/v1/organizations/${bergstrom}/saml`);
      expect(after.body).to.deep.equal(before.body);
    });

    it('is for the supplier staff who may manage SAML only', async () => {
      const customerAdmin = await t.login('admin@bergstrombygg.example');
      expect((await customerAdmin.get(`/api/v1/organizations/${bergstrom}/saml`)).status).to.equal(403);
      expect(
        (await customerAdmin.put(`/api/v1/organizations/${bergstrom}/saml`, { metadataXml: idp.metadata() }))
          .status,
      ).to.equal(403);
      expect((await customerAdmin.delete(`/api/v1/organizations/${bergstrom}/saml`)).status).to.equal(403);
      const editor = await t.login('editor@nordicsupply.example');
      expect((await editor.get(`/api/v1/organizations/${bergstrom}/saml`)).status).to.equal(403);
      expect((await t.anonymous().get(`/api/v1/organizations/${bergstrom}/saml`)).status).to.equal(401);
    });

    it("answers 404 for an unknown organisation and for the supplier's own", async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      expect((await admin.get(`/api/v1/organizations/${unknown}/saml`)).status).to.equal(404);
      const own = await configure(provider, { metadataXml: idp.metadata() });
      expect(own.status).to.equal(404);
      expect(own.body.detail).to.match(/per customer organisation/);
      expect((await admin.get(`/api/v1/organizations/not-an-id/saml`)).status).to.equal(400);
    });
  });

  describe('service provider endpoints', () => {
    it("serves SAML metadata with the organisation's entity id and ACS URL", async () => {
      const res = await fetch(`${t.url}/api/v1/auth/saml/${bergstrom}/metadata`);
      expect(res.status).to.equal(200);
      expect(res.headers.get('content-type')).to.match(/^application\/samlmetadata\+xml/);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/xml');
      const root = doc.documentElement!;
      expect(root.namespaceURI).to.equal(MD);
      expect(root.localName).to.equal('EntityDescriptor');
      expect(root.getAttribute('entityID')).to.equal(sp(bergstrom).entityId);
      const acsElement = root.getElementsByTagNameNS(MD, 'AssertionConsumerService')[0]!;
      expect(acsElement.getAttribute('Location')).to.equal(sp(bergstrom).acsUrl);
      expect(acsElement.getAttribute('Binding')).to.equal('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
      const descriptor = root.getElementsByTagNameNS(MD, 'SPSSODescriptor')[0]!;
      expect(descriptor.getAttribute('WantAssertionsSigned')).to.equal('true');
      // Each organisation is its own service provider.
      const other = await (await fetch(`${t.url}/api/v1/auth/saml/${lindqvist}/metadata`)).text();
      expect(other).to.include(sp(lindqvist).entityId).and.not.include(bergstrom);
      expect((await fetch(`${t.url}/api/v1/auth/saml/${provider}/metadata`)).status).to.equal(404);
    });

    it('names itself after the request Host when http.publicUrl is not set (local use)', async () => {
      const xml = await getWithHost(`${t.url}/api/v1/auth/saml/${bergstrom}/metadata`, 'portal.local:8080');
      expect(xml).to.include(`entityID="http://portal.local:8080/api/v1/auth/saml/${bergstrom}/metadata"`);
      const odd = await getWithHost(`${t.url}/api/v1/auth/saml/${bergstrom}/metadata`, 'x"><evil');
      expect(odd).to.include(`entityID="http://localhost/api/v1/auth/saml/${bergstrom}/metadata"`);
    });

    it('redirects to the IdP entry point with an AuthnRequest and the return path as RelayState', async () => {
      const res = await fetch(
        `${t.url}/api/v1/auth/saml/${bergstrom}/login?returnTo=%2Forders%3Fstatus%3Dopen`,
        {
          redirect: 'manual',
        },
      );
      expect(res.status).to.equal(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).to.equal(idp.ssoUrl);
      expect(location.searchParams.get('RelayState')).to.equal('/orders?status=open');
      const request = inflateRawSync(
        Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64'),
      ).toString();
      const doc = new DOMParser().parseFromString(request, 'text/xml').documentElement!;
      expect(doc.localName).to.equal('AuthnRequest');
      expect(doc.getAttribute('AssertionConsumerServiceURL')).to.equal(sp(bergstrom).acsUrl);
      expect(doc.getAttribute('Destination')).to.equal(idp.ssoUrl);
      expect(
        doc.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer')[0]!.textContent,
      ).to.equal(sp(bergstrom).entityId);
    });

    it('refuses a return path that leaves the site', async () => {
      for (const returnTo of [
        'https://evil.example/',
        '//evil.example/x',
        '/\\evil.example',
        'orders',
        'javascript:alert(1)',
      ]) {
        const res = await fetch(
          `${t.url}/api/v1/auth/saml/${bergstrom}/login?returnTo=${encodeURIComponent(returnTo)}`,
          { redirect: 'manual' },
        );
        expect(res.status, returnTo).to.equal(400);
        const body = (await res.json()) as Problem;
        expect(body.errors![0]!.path).to.equal('/returnTo');
      }
    });
  });

  describe('sign-on', () => {
    it('provisions a new person into that organisation with the mapped attributes and the default role', async () => {
      const users = await userCount();
      const r = await acs(bergstrom, {
        SAMLResponse: response('ada@bergstrombygg.example', {
          attributes: {
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress': 'Ada@Bergstrombygg.example',
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname': 'Ada',
            'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname': 'Lovelace',
            telephoneNumber: '+46 70 111 22 33',
            preferredLanguage: 'sv-SE',
          },
        }),
        RelayState: '/orders?status=open',
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(303);
      expect(r.headers.get('location')).to.equal('/orders?status=open');
      const me = await sessionFrom(r.headers).get<Me>('/api/v1/me');
      expect(me.status).to.equal(200);
      expect(me.body.user).to.include({
        email: 'ada@bergstrombygg.example',
        name: 'Ada Lovelace',
        organizationId: bergstrom,
        language: 'sv',
        phone: '+46 70 111 22 33',
      });
      expect(me.body.roles).to.deep.equal(['customer-admin']);
      expect(await userCount()).to.equal(users + 1);
      const login = await lastAudit('auth.saml-login');
      expect(login?.organization_id).to.equal(bergstrom);
    });

    it('maps the attributes the organisation names, and a missing name falls back to the address', async () => {
      const r = await acs(lindqvist, {
        SAMLResponse: lindqvistIdp.response({
          audience: sp(lindqvist).entityId,
          recipient: sp(lindqvist).acsUrl,
          nameId: 'S-1-5-21-opaque',
          attributes: {
            upn: 'grace@lindqvist.example',
            fullName: 'Grace Hopper',
            email: 'wrong@lindqvist.example',
          },
        }),
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(303);
      expect(r.headers.get('location')).to.equal('/');
      const me = await sessionFrom(r.headers).get<Me>('/api/v1/me');
      expect(me.body.user).to.include({ email: 'grace@lindqvist.example', name: 'Grace Hopper' });
      expect(me.body.organization.id).to.equal(lindqvist);
      expect(me.body.roles).to.deep.equal(['customer-user']);
    });

    it('signs an existing user of the organisation in and leaves their account as it was', async () => {
      const before = (
        await select<{ name: string }>('SELECT name FROM portico_users WHERE email = ?', [
          'user@bergstrombygg.example',
        ])
      )[0];
      const users = await userCount();
      const r = await acs(bergstrom, {
        SAMLResponse: response('user@bergstrombygg.example', { attributes: { displayName: 'Someone Else' } }),
        RelayState: 'https://evil.example/',
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(303);
      // A RelayState that leaves the site is ignored.
      expect(r.headers.get('location')).to.equal('/');
      const me = await sessionFrom(r.headers).get<Me>('/api/v1/me');
      expect(me.body.user).to.include({ email: 'user@bergstrombygg.example', name: before!.name });
      expect(me.body.roles).to.deep.equal(['customer-user']);
      expect(await userCount()).to.equal(users);
    });

    it('accepts the invitation of an invited user of the organisation', async () => {
      const now = new Date();
      await t.portal.db.sequelize.getQueryInterface().bulkInsert('portico_users', [
        {
          id: randomUUID(),
          organization_id: bergstrom,
          email: 'invited@bergstrombygg.example',
          name: 'Ivy Invited',
          status: 'invited',
          created_at: now,
          updated_at: now,
        },
      ]);
      const r = await acs(bergstrom, { SAMLResponse: response('invited@bergstrombygg.example') });
      expect(r.status, JSON.stringify(r.body)).to.equal(303);
      const me = await sessionFrom(r.headers).get<Me & { user: { status: string } }>('/api/v1/me');
      expect(me.body.user).to.include({ email: 'invited@bergstrombygg.example', status: 'active' });
    });

    it('sends a user with a second factor on to the two-factor step without a session', async () => {
      await t.portal.db.sequelize.query('UPDATE portico_users SET totp_enabled_at = ? WHERE email = ?', {
        replacements: [new Date(), 'admin@bergstrombygg.example'],
      });
      try {
        const r = await acs(bergstrom, {
          SAMLResponse: response('admin@bergstrombygg.example'),
          RelayState: '/news',
        });
        expect(r.status).to.equal(303);
        const location = new URL(r.headers.get('location')!, 'http://x');
        expect(location.pathname).to.equal('/login/two-factor');
        expect(location.searchParams.get('challenge')).to.match(/^[A-Za-z0-9_-]{40,}$/);
        expect(location.searchParams.get('returnTo')).to.equal('/news');
        expect(location.searchParams.get('setup')).to.equal('0');
        expect(r.headers.getSetCookie()).to.deep.equal([]);
      } finally {
        await t.portal.db.sequelize.query('UPDATE portico_users SET totp_enabled_at = NULL WHERE email = ?', {
          replacements: ['admin@bergstrombygg.example'],
        });
      }
    });

    it('sends a user who must set up a second factor on to the set-up step', async () => {
      const on = await admin.patch(`/api/v1/organizations/${bergstrom}`, { requireTwoFactor: true });
      expect(on.status, JSON.stringify(on.body)).to.equal(200);
      try {
        const r = await acs(bergstrom, { SAMLResponse: response('admin@bergstrombygg.example') });
        expect(r.status).to.equal(303);
        const location = new URL(r.headers.get('location')!, 'http://x');
        expect(location.pathname).to.equal('/login/two-factor');
        expect(location.searchParams.get('setup')).to.equal('1');
        expect(r.headers.getSetCookie()).to.deep.equal([]);
      } finally {
        await admin.patch(`/api/v1/organizations/${bergstrom}`, { requireTwoFactor: false });
      }
    });

    /** Posts a response that must be refused: the status, the reason, no session, no new account. */
    const refused = async (
      orgId: string,
      fields: Record<string, string>,
      status: number,
      reason?: string,
    ) => {
      const users = await userCount();
      const r = await acs(orgId, fields);
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(r.headers.getSetCookie()).to.deep.equal([]);
      expect(r.body.detail).to.be.a('string').and.not.equal('');
      if (reason) {
        expect(r.body.reason).to.equal(reason);
        expect((await reasonOf())?.reason).to.equal(reason);
      }
      expect(await userCount()).to.equal(users);
      return r;
    };

    it('refuses a response signed by another key', async () => {
      const r = await refused(
        bergstrom,
        { SAMLResponse: response('mallory@bergstrombygg.example', { signWith: stranger }) },
        401,
        'bad-signature',
      );
      expect(r.body.detail).to.match(
        /not signed with one of the organisation's identity provider certificates/,
      );
    });

    it('refuses an assertion changed after signing', async () => {
      const xml = idp
        .responseXml({
          audience: sp(bergstrom).entityId,
          recipient: sp(bergstrom).acsUrl,
          nameId: 'user@bergstrombygg.example',
        })
        .replace('user@bergstrombygg.example', 'admin@bergstrombygg.example');
      await refused(bergstrom, { SAMLResponse: Buffer.from(xml).toString('base64') }, 401, 'bad-signature');
    });

    it('refuses an unsigned assertion, also inside a signed response', async () => {
      await refused(
        bergstrom,
        { SAMLResponse: response('eve@bergstrombygg.example', { unsigned: true }) },
        401,
        'bad-signature',
      );
      await refused(
        bergstrom,
        { SAMLResponse: response('eve@bergstrombygg.example', { unsigned: true, signResponse: true }) },
        401,
        'bad-signature',
      );
    });

    it('refuses an expired assertion, and one not valid yet', async () => {
      const hourAgo = new Date(Date.now() - 3_600_000);
      await refused(
        bergstrom,
        {
          SAMLResponse: response('user@bergstrombygg.example', {
            now: hourAgo,
            notOnOrAfter: new Date(hourAgo.getTime() + 5 * 60_000),
          }),
        },
        401,
        'expired',
      );
      const inAnHour = new Date(Date.now() + 3_600_000);
      await refused(
        bergstrom,
        {
          SAMLResponse: response('user@bergstrombygg.example', {
            notBefore: inAnHour,
            notOnOrAfter: new Date(inAnHour.getTime() + 60_000),
          }),
        },
        401,
        'not-yet-valid',
      );
    });

    it('accepts a clock a little behind the IdP', async () => {
      const soon = new Date(Date.now() + 60_000);
      const r = await acs(bergstrom, {
        SAMLResponse: response('user@bergstrombygg.example', { now: soon, notBefore: soon }),
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(303);
    });

    it('refuses an assertion for another audience, even from a trusted IdP', async () => {
      // Signed by Bergström's own IdP, but for Lindqvist's service provider (one IdP serving both, say).
      const forLindqvist = idp.response({
        audience: sp(lindqvist).entityId,
        recipient: sp(lindqvist).acsUrl,
        nameId: 'user@bergstrombygg.example',
      });
      await refused(bergstrom, { SAMLResponse: forLindqvist }, 401, 'wrong-audience');
      await refused(
        bergstrom,
        { SAMLResponse: response('user@bergstrombygg.example', { audience: 'https://another-sp.example' }) },
        401,
        'wrong-audience',
      );
    });

    it('refuses an assertion addressed to another ACS URL or from another issuer', async () => {
      await refused(
        bergstrom,
        {
          SAMLResponse: response('user@bergstrombygg.example', {
            recipient: 'https://another-sp.example/acs',
          }),
        },
        401,
        'wrong-recipient',
      );
      await refused(
        bergstrom,
        { SAMLResponse: response('user@bergstrombygg.example', { issuer: 'https://someone-else.example' }) },
        401,
        'wrong-issuer',
      );
    });

    it('refuses the replay of a response it has accepted', async () => {
      await t.portal.db.sequelize
        .getQueryInterface()
        .bulkInsert('portico_saml_assertions', [
          { id: 'long-expired', organization_id: bergstrom, expires_at: new Date(Date.now() - 60_000) },
        ]);
      const once = response('user@bergstrombygg.example');
      expect((await acs(bergstrom, { SAMLResponse: once })).status).to.equal(303);
      // Used assertions are kept only while they could be replayed.
      expect(await select("SELECT id FROM portico_saml_assertions WHERE id = 'long-expired'")).to.deep.equal(
        [],
      );
      const r = await refused(bergstrom, { SAMLResponse: once }, 401, 'replay');
      expect(r.body.detail).to.match(/already been used/);
      const stored = await select<{ organization_id: string }>(
        'SELECT organization_id FROM portico_saml_assertions WHERE organization_id = ?',
        [bergstrom],
      );
      expect(stored.length).to.be.greaterThan(0);
    });

    it('refuses a person whose address belongs to another organisation and leaves that account alone', async () => {
      const before = (
        await select<{ organization_id: string; updated_at: unknown }>(
          'SELECT organization_id, updated_at FROM portico_users WHERE email = ?',
          ['user@lindqvist.example'],
        )
      )[0]!;
      const r = await refused(
        bergstrom,
        { SAMLResponse: response('user@lindqvist.example') },
        403,
        'other-organization',
      );
      expect(r.body.detail).to.match(/another organisation/);
      const after = (
        await select<{ organization_id: string; updated_at: unknown }>(
          'SELECT organization_id, updated_at FROM portico_users WHERE email = ?',
          ['user@lindqvist.example'],
        )
      )[0]!;
      expect(after).to.deep.equal(before);
      expect(after.organization_id).to.equal(lindqvist);
      const sessions = await select(
        'SELECT s.id FROM portico_sessions s JOIN portico_users u ON u.id = s.user_id WHERE u.email = ? AND s.method = ?',
        ['user@lindqvist.example', 'saml'],
      );
      expect(sessions).to.deep.equal([]);
    });

    it('refuses a deactivated user', async () => {
      await t.portal.db.sequelize.query('UPDATE portico_users SET status = ? WHERE email = ?', {
        replacements: ['deactivated', 'ada@bergstrombygg.example'],
      });
      const r = await refused(
        bergstrom,
        { SAMLResponse: response('ada@bergstrombygg.example') },
        403,
        'deactivated',
      );
      expect(r.body.detail).to.match(/deactivated/);
      const row = (
        await select<{ status: string }>('SELECT status FROM portico_users WHERE email = ?', [
          'ada@bergstrombygg.example',
        ])
      )[0];
      expect(row!.status).to.equal('deactivated');
    });

    it('refuses everyone of a suspended organisation', async () => {
      await t.portal.db.sequelize.query('UPDATE portico_organizations SET status = ? WHERE id = ?', {
        replacements: ['suspended', bergstrom],
      });
      try {
        const r = await refused(
          bergstrom,
          { SAMLResponse: response('user@bergstrombygg.example') },
          403,
          'organization-suspended',
        );
        expect(r.body.detail).to.match(/suspended/);
      } finally {
        await t.portal.db.sequelize.query('UPDATE portico_organizations SET status = ? WHERE id = ?', {
          replacements: ['active', bergstrom],
        });
      }
    });

    it("provisions only addresses of the organisation's domains, and nobody when provisioning is off", async () => {
      await refused(bergstrom, { SAMLResponse: response('someone@gmail.example') }, 403, 'email-domain');
      await configure(bergstrom, { metadataXml: idp.metadata(), allowProvisioning: false });
      try {
        const r = await refused(
          bergstrom,
          { SAMLResponse: response('newcomer@bergstrombygg.example') },
          403,
          'no-account',
        );
        expect(r.body.detail).to.match(/invitation/);
        // Existing users still sign in.
        expect(
          (await acs(bergstrom, { SAMLResponse: response('user@bergstrombygg.example') })).status,
        ).to.equal(303);
      } finally {
        await configure(bergstrom, { metadataXml: idp.metadata(), defaultRole: 'customer-admin' });
      }
    });

    it('refuses an assertion without an e-mail address', async () => {
      await refused(bergstrom, { SAMLResponse: response('opaque-id-123') }, 403, 'no-email');
    });

    it('answers SAML junk with a clear 4xx and changes no account', async () => {
      const a = await refused(bergstrom, { SAMLResponse: 'this is not base64!' }, 400, 'not-base64');
      expect(a.body.detail).to.match(/not base64/);
      const b = await refused(
        bergstrom,
        { SAMLResponse: Buffer.from('just some text').toString('base64') },
        400,
        'not-xml',
      );
      expect(b.body.detail).to.match(/not well-formed XML/);
      await refused(
        bergstrom,
        { SAMLResponse: Buffer.from('<samlp:Response').toString('base64') },
        400,
        'not-xml',
      );
      const c = await refused(
        bergstrom,
        { SAMLResponse: Buffer.from('<html><body>hello</body></html>').toString('base64') },
        400,
        'not-a-response',
      );
      expect(c.body.detail).to.match(/not a SAML 2.0 Response/);
      await refused(
        bergstrom,
        {
          SAMLResponse: Buffer.from('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "x">]><r/>').toString(
            'base64',
          ),
        },
        400,
        'not-xml',
      );
      const unsigned = idp.responseXml({
        audience: sp(bergstrom).entityId,
        recipient: sp(bergstrom).acsUrl,
        nameId: 'eve@bergstrombygg.example',
        unsigned: true,
      });
      await refused(
        bergstrom,
        { SAMLResponse: Buffer.from(unsigned).toString('base64') },
        401,
        'bad-signature',
      );
      await refused(bergstrom, { RelayState: '/orders' }, 400, 'missing-response');
      // Not a form post at all.
      const json = await fetch(`${t.url}/api/v1/auth/saml/${bergstrom}/acs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ SAMLResponse: response('user@bergstrombygg.example') }),
      });
      expect(json.status).to.equal(415);
    });

    it('answers 404 when single sign-on is off or not set up, and forgets the settings on removal', async () => {
      await configure(lindqvist, {
        entryPoint: 'https://sts.lindqvist.example/adfs/ls/',
        certificates: [lindqvistIdp.certPem],
        enabled: false,
      });
      const login = await fetch(`${t.url}/api/v1/auth/saml/${lindqvist}/login`, { redirect: 'manual' });
      expect(login.status).to.equal(404);
      const r = await refused(
        lindqvist,
        {
          SAMLResponse: lindqvistIdp.response({
            audience: sp(lindqvist).entityId,
            recipient: sp(lindqvist).acsUrl,
            nameId: 'user@lindqvist.example',
          }),
        },
        404,
        'disabled',
      );
      expect(r.body.detail).to.match(/switched off/);
      expect((await admin.delete(`/api/v1/organizations/${lindqvist}/saml`)).status).to.equal(204);
      expect(
        (await admin.get<SettingsView>(`/api/v1/organizations/${lindqvist}/saml`)).body.configured,
      ).to.equal(false);
      expect((await admin.delete(`/api/v1/organizations/${lindqvist}/saml`)).status).to.equal(404);
      expect(
        (await fetch(`${t.url}/api/v1/auth/saml/${lindqvist}/login`, { redirect: 'manual' })).status,
      ).to.equal(404);
      expect((await lastAudit('saml.configured'))?.organization_id).to.equal(lindqvist);
      // Its users keep their accounts.
      expect(
        (await select('SELECT id FROM portico_users WHERE email = ?', ['grace@lindqvist.example'])).length,
      ).to.equal(1);
    });
  });

  describe('with http.publicUrl', () => {
    let p: TestPortal;
    before(async () => {
      p = await startTestPortal({
        demo: true,
        config: { http: { publicUrl: 'https://portal.nordicsupply.example/' } },
      });
    });
    after(() => p?.stop());

    it('names the entity id and ACS URL after the public URL, whatever the Host', async () => {
      const s = await p.login('admin@bergstrombygg.example');
      const org = (await s.get<Me>('/api/v1/me')).body.organization.id;
      const xml = await getWithHost(`${p.url}/api/v1/auth/saml/${org}/metadata`, 'attacker.example');
      expect(xml).to.include(
        `entityID="https://portal.nordicsupply.example/api/v1/auth/saml/${org}/metadata"`,
      );
      expect(xml).to.include(`Location="https://portal.nordicsupply.example/api/v1/auth/saml/${org}/acs"`);
    });
  });
});
