import { expect } from 'chai';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { TestIdp } from './saml-test-idp.js';

interface Lookup {
  loginUrl?: string;
  detail?: string;
  errors?: Array<{ path: string; message: string }>;
}

describe('identity: finding the single sign-on of a work address', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let admin: TestSession;
  let bergstrom: string;
  const idp = new TestIdp(
    'https://login.bergstrombygg.example/saml',
    'https://login.bergstrombygg.example/sso',
  );
  const lookup = (body: Record<string, unknown>) =>
    t.anonymous().post<Lookup>('/api/v1/auth/sso/lookup', body);

  before(async () => {
    t = await startTestPortal({ demo: true, config: { auth: { rateLimit: { perMinute: 10_000 } } } });
    admin = await t.login('admin@nordicsupply.example');
    const customer = await t.login('admin@bergstrombygg.example');
    bergstrom = (await customer.get<{ organization: { id: string } }>('/api/v1/me')).body.organization.id;
    const r = await admin.put(`/api/v1/organizations/${bergstrom}/saml`, { metadataXml: idp.metadata() });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
  });
  after(() => t?.stop());

  it("answers the sign-on URL of the address's organisation, and that URL leads to its identity provider", async () => {
    const r = await lookup({ email: 'Anna.Berg@BergstromBygg.example' });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body).to.deep.equal({ loginUrl: `/api/v1/auth/saml/${bergstrom}/login` });
    expect(r.headers.get('cache-control')).to.equal('no-store');
    const start = await fetch(`${t.url}${r.body.loginUrl}`, { redirect: 'manual' });
    expect(start.status).to.equal(302);
    const location = new URL(start.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).to.equal(idp.ssoUrl);
  });

  it('carries the page to return to after sign-on', async () => {
    const r = await lookup({ email: 'user@bergstrombygg.example', returnTo: '/orders?status=open' });
    expect(r.status).to.equal(200);
    expect(r.body.loginUrl).to.equal(
      `/api/v1/auth/saml/${bergstrom}/login?returnTo=${encodeURIComponent('/orders?status=open')}`,
    );
    const start = await fetch(`${t.url}${r.body.loginUrl}`, { redirect: 'manual' });
    expect(new URL(start.headers.get('location')!).searchParams.get('RelayState')).to.equal(
      '/orders?status=open',
    );
  });

  it('refuses a return path that leaves the portal', async () => {
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const r = await lookup({ email: 'user@bergstrombygg.example', returnTo });
      expect(r.status, returnTo).to.equal(422);
      expect(r.body.errors?.[0]?.path).to.equal('/returnTo');
    }
  });

  it('tells the same for known and unknown people of a domain, and names no organisation', async () => {
    const known = await lookup({ email: 'user@bergstrombygg.example' });
    const unknown = await lookup({ email: 'nobody-at-all@bergstrombygg.example' });
    expect(unknown.status).to.equal(200);
    expect(unknown.body).to.deep.equal(known.body);
    expect(JSON.stringify(known.body)).to.not.match(/Bergstr/i);
  });

  it('answers 404 with a clear message for a domain without single sign-on', async () => {
    for (const email of ['user@lindqvist.example', 'someone@nowhere.example', 'admin@nordicsupply.example']) {
      const r = await lookup({ email });
      expect(r.status, email).to.equal(404);
      const domain = email.split('@')[1]!;
      expect(r.body.detail).to.equal(
        `Addresses at ${domain} do not use single sign-on here. Log in with your e-mail and password instead.`,
      );
      expect(r.body.errors?.[0]?.path).to.equal('/email');
      expect(JSON.stringify(r.body)).to.not.match(/Lindqvist Industri|Nordic Supply/i);
    }
  });

  it('answers 404 once single sign-on is switched off, and finds it again when switched on', async () => {
    const off = await admin.put(`/api/v1/organizations/${bergstrom}/saml`, {
      metadataXml: idp.metadata(),
      enabled: false,
    });
    expect(off.status, JSON.stringify(off.body)).to.equal(200);
    expect((await lookup({ email: 'user@bergstrombygg.example' })).status).to.equal(404);
    await admin.put(`/api/v1/organizations/${bergstrom}/saml`, {
      metadataXml: idp.metadata(),
      enabled: true,
    });
    expect((await lookup({ email: 'user@bergstrombygg.example' })).status).to.equal(200);
  });

  it('answers 404 while the organisation is suspended', async () => {
    const suspend = await admin.patch(`/api/v1/organizations/${bergstrom}`, { status: 'suspended' });
    expect(suspend.status, JSON.stringify(suspend.body)).to.equal(200);
    try {
      expect((await lookup({ email: 'user@bergstrombygg.example' })).status).to.equal(404);
    } finally {
      await admin.patch(`/api/v1/organizations/${bergstrom}`, { status: 'active' });
    }
  });

  it('refuses a body that is not an e-mail address', async () => {
    const r = await lookup({ email: 'not an address' });
    expect(r.status).to.equal(422);
    expect(r.body.errors?.[0]?.path).to.equal('/email');
  });
});

describe('identity: the single sign-on lookup is rate-limited like login', function () {
  this.timeout(60_000);
  let t: TestPortal;
  const lookup = (email: string) =>
    t.anonymous().post<{ detail?: string }>('/api/v1/auth/sso/lookup', { email });

  afterEach(() => t?.stop());

  it('locks an address out for a while after too many domains without single sign-on', async () => {
    t = await startTestPortal({
      config: { auth: { lockout: { ipAttempts: 3, windowMinutes: 15 }, rateLimit: { perMinute: 10_000 } } },
    });
    for (let i = 0; i < 3; i++) expect((await lookup(`a@nowhere-${i}.example`)).status).to.equal(404);
    const locked = await lookup('a@nowhere-3.example');
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers.get('retry-after')))
      .to.be.greaterThan(0)
      .and.at.most(15 * 60);
    expect(locked.body.detail).to.match(/Try again in \d+ minutes/);
  });

  it('limits lookups per client address per minute', async () => {
    t = await startTestPortal({ config: { auth: { rateLimit: { perMinute: 2 } } } });
    expect((await lookup('a@nowhere.example')).status).to.equal(404);
    expect((await lookup('a@nowhere.example')).status).to.equal(404);
    const limited = await lookup('a@nowhere.example');
    expect(limited.status).to.equal(429);
    expect(limited.headers.get('retry-after')).to.match(/^\d+$/);
  });
});
