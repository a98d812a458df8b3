import { expect } from 'chai';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { coreServices } from '@portico/core';
import { fixture } from '../support.js';
import { databaseName, organizationIdOf, pathsOf, userIdOf, type Problem } from './directory-lookups.js';

interface WithCustom {
  custom: Record<string, unknown>;
}
interface Me {
  user: WithCustom & { id: string };
  organization: WithCustom & { id: string };
}

describe(`identity: custom fields of organisations and users (${databaseName})`, function () {
  this.timeout(60_000);

  describe('with no plugin that defines custom fields', () => {
    let t: TestPortal;
    let admin: TestSession;
    let user: TestSession;
    before(async () => {
      t = await startTestPortal({ demo: true });
      admin = await t.login('admin@nordicsupply.example');
      user = await t.login('user@lindqvist.example');
    });
    after(() => t?.stop());

    it('shows empty custom values on the profile and the organisation', async () => {
      const me = await user.get<Me>('/api/v1/me');
      expect(me.status).to.equal(200);
      expect(me.body.user.custom).to.deep.equal({});
      expect(me.body.organization.custom).to.deep.equal({});
    });

    it('accepts an empty custom object and refuses any value, naming the field', async () => {
      expect((await user.patch('/api/v1/me', { custom: {} })).status).to.equal(200);
      const r = await user.patch<Problem>('/api/v1/me', { custom: { department: 'Sales' } });
      expect(r.status).to.equal(422);
      expect(r.body.errors).to.deep.equal([
        { in: 'body', path: '/custom/department', message: 'No custom fields are defined in this portal' },
      ]);
      // The admin speaks Swedish.
      const org = await organizationIdOf(admin, 'Lindqvist Industri AB');
      const o = await admin.patch<Problem>(`/api/v1/organizations/${org}`, {
        custom: { vatNumber: 'SE556677889901' },
      });
      expect(o.status).to.equal(422);
      expect(o.body.errors).to.deep.equal([
        { in: 'body', path: '/custom/vatNumber', message: 'Portalen har inga egna fält' },
      ]);
    });

    it('refuses a custom value that is not an object', async () => {
      const r = await user.patch<Problem>('/api/v1/me', { custom: ['x'] });
      expect(r.status).to.equal(422);
      expect(pathsOf(r.body)).to.deep.equal(['/custom']);
    });

    it('lists organisations and user profiles as the extensible entities', () => {
      const entities = t.portal.container.get(coreServices.customFields).entities();
      expect(entities.map((e) => e.entity)).to.deep.equal(['organization', 'user']);
    });
  });

  describe('with a plugin that fills customFieldsPoint', () => {
    let t: TestPortal;
    let admin: TestSession;
    let customerAdmin: TestSession;
    let user: TestSession;
    let lindqvist: string;

    before(async () => {
      t = await startTestPortal({ plugins: [fixture('vat-check')], demo: true });
      admin = await t.login('admin@nordicsupply.example');
      customerAdmin = await t.login('admin@lindqvist.example');
      user = await t.login('user@lindqvist.example');
      lindqvist = await organizationIdOf(admin, 'Lindqvist Industri AB');
    });
    after(() => t?.stop());

    it("refuses an organisation's invalid custom value with its path in the admin's language, and changes nothing", async () => {
      const r = await admin.patch<Problem>(`/api/v1/organizations/${lindqvist}`, {
        name: 'Lindqvist Industri AB (renamed)',
        custom: { vatNumber: '5566' },
      });
      expect(r.status).to.equal(422);
      expect(r.body.errors).to.deep.equal([
        { in: 'body', path: '/custom/vatNumber', message: 'Har inte rätt form' },
      ]);
      const o = await admin.get<WithCustom & { name: string }>(`/api/v1/organizations/${lindqvist}`);
      expect(o.body.name).to.equal('Lindqvist Industri AB');
      expect(o.body.custom).to.deep.equal({});
    });

    it("stores a valid custom value of an organisation and shows it to the organisation's people", async () => {
      const r = await admin.patch<WithCustom>(`/api/v1/organizations/${lindqvist}`, {
        custom: { vatNumber: 'SE556677889901' },
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      expect(r.body.custom).to.deep.equal({ vatNumber: 'SE556677889901' });
      const seen = await customerAdmin.get<WithCustom>(`/api/v1/organizations/${lindqvist}`);
      expect(seen.body.custom).to.deep.equal({ vatNumber: 'SE556677889901' });
      const list = await admin.get<{ items: Array<WithCustom & { id: string }> }>(
        '/api/v1/organizations?q=lindqvist',
      );
      expect(list.body.items.find((o) => o.id === lindqvist)?.custom).to.deep.equal({
        vatNumber: 'SE556677889901',
      });
    });

    it('creates an organisation with custom values, checked first', async () => {
      const bad = await admin.post<Problem>('/api/v1/organizations', {
        name: 'Ny Kund AB',
        custom: { vatNumber: '123' },
      });
      expect(bad.status).to.equal(422);
      expect(pathsOf(bad.body)).to.deep.equal(['/custom/vatNumber']);
      expect((await admin.get<{ items: unknown[] }>('/api/v1/organizations?q=Ny%20Kund')).body.items).to.be
        .empty;
      const good = await admin.post<WithCustom>('/api/v1/organizations', {
        name: 'Ny Kund AB',
        custom: { vatNumber: 'SE1' },
      });
      expect(good.status, JSON.stringify(good.body)).to.equal(201);
      expect(good.body.custom).to.deep.equal({ vatNumber: 'SE1' });
    });

    it('lets a person set their own custom values, replacing the previous ones', async () => {
      const bad = await user.patch<Problem>('/api/v1/me', { custom: { department: 'Sales', shoeSize: 44 } });
      expect(bad.status).to.equal(422);
      expect(bad.body.errors).to.deep.equal([
        { in: 'body', path: '/custom/shoeSize', message: 'Not a field' },
      ]);
      const ok = await user.patch<Me>('/api/v1/me', { custom: { department: 'Sales' } });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.user.custom).to.deep.equal({ department: 'Sales' });
      expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({ department: 'Sales' });
      // Other changes leave custom values alone.
      await user.patch('/api/v1/me', { name: 'Oskar Berg' });
      expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({ department: 'Sales' });
      await user.patch('/api/v1/me', { custom: {} });
      expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({});
    });

    it("lets a customer admin set a user's custom values through the users API", async () => {
      const id = await userIdOf(customerAdmin, 'user@lindqvist.example');
      const bad = await customerAdmin.patch<Problem>(`/api/v1/users/${id}`, { custom: { x: 1 } });
      expect(bad.status).to.equal(422);
      expect(pathsOf(bad.body)).to.deep.equal(['/custom/x']);
      const ok = await customerAdmin.patch<WithCustom>(`/api/v1/users/${id}`, {
        custom: { department: 'Purchasing' },
      });
      expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
      expect(ok.body.custom).to.deep.equal({ department: 'Purchasing' });
      expect((await customerAdmin.get<WithCustom>(`/api/v1/users/${id}`)).body.custom).to.deep.equal({
        department: 'Purchasing',
      });
      expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({ department: 'Purchasing' });
    });

    it("lists a plugin's own entity after core's, and refuses to check an undeclared one", async () => {
      const service = t.portal.container.get(coreServices.customFields);
      expect(service.entities().map((e) => e.entity)).to.deep.equal([
        'organization',
        'user',
        'vat-check.receipt',
      ]);
      expect(await service.check('vat-check.receipt', {}, 'en')).to.deep.equal([]);
      let thrown: unknown;
      try {
        await service.check('vat-check.invoice', {}, 'en');
      } catch (err) {
        thrown = err;
      }
      expect((thrown as Error)?.message).to.include('"vat-check.invoice" is not an extensible entity');
    });
  });
});
