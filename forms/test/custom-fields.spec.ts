import { expect } from 'chai';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createTestDatabase,
  startTestPortal,
  type TestPortal,
  type TestSession,
} from '@portico/core/testing';
import type { CustomFieldDefinition } from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const news = fileURLToPath(new URL('../../plugins/news', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

interface Problem {
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}
interface WithCustom {
  id: string;
  custom: Record<string, unknown>;
}
interface Me {
  user: WithCustom;
  organization: WithCustom;
}

const pathsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.path);

const organizationFields = {
  schema: {
    type: 'object',
    properties: {
      vatNumber: { type: 'string', title: 'VAT number', pattern: '^SE[0-9]{12}$' },
      creditLimit: { type: 'integer', title: 'Credit limit', minimum: 0 },
    },
  },
  uiSchema: { vatNumber: { 'ui:help': 'SE and twelve digits' } },
  translations: { sv: { '/schema/properties/vatNumber/title': 'Momsregistreringsnummer' } },
};
const userFields = {
  schema: {
    type: 'object',
    required: ['department'],
    properties: { department: { type: 'string', title: 'Department', minLength: 2 } },
  },
};

describe(`forms: custom fields on organisations, user profiles and news articles (${db})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let admin: TestSession;
  let user: TestSession;
  let customerAdmin: TestSession;
  let lindqvist: string;
  let root: string;
  let restarted = false;

  before(async () => {
    t = await startTestPortal({ plugins: [forms, news], demo: true, keepData: true });
    root = path.dirname(t.sameData.dataDir as string);
    admin = await t.login('admin@nordicsupply.example');
    user = await t.login('user@lindqvist.example');
    customerAdmin = await t.login('admin@lindqvist.example');
    lindqvist = (await user.get<Me>('/api/v1/me')).body.organization.id;
  });
  after(async () => {
    await t?.stop();
    // The first portal keeps its data for the restart; the second one drops it.
    const url = (t?.sameData.database as { url: string | null } | undefined)?.url;
    if (!restarted && url) await (await createTestDatabase(url)).drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('lists every extensible entity, without fields at first, to anyone logged in', async () => {
    const r = await user.get<CustomFieldDefinition[]>('/api/v1/forms/custom-fields');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.map((d) => [d.entity, d.version])).to.deep.equal([
      ['organization', 0],
      ['user', 0],
      ['news.article', 0],
    ]);
    expect(r.body[2]!.title).to.deep.equal({ en: 'News article', sv: 'Nyhetsartikel' });
    expect(r.body[0]!.schema).to.deep.equal({ type: 'object', properties: {} });
    expect((await t.anonymous().get('/api/v1/forms/custom-fields')).status).to.equal(401);
  });

  it('refuses, before any field is defined, a custom value with the field named', async () => {
    const r = await user.patch<Problem>('/api/v1/me', { custom: { department: 'Sales' } });
    expect(r.status).to.equal(422);
    expect(r.body.errors).to.deep.include({
      in: 'body',
      path: '/custom/department',
      message: 'Not a field of this form',
      keyword: 'unevaluatedProperties',
      params: { unevaluatedProperty: 'department' },
    });
  });

  it('lets only those who build forms define custom fields', async () => {
    const r = await customerAdmin.put<Problem>(
      '/api/v1/forms/custom-fields/organization',
      organizationFields,
    );
    expect(r.status).to.equal(403);
  });

  it('refuses schemas that are not object schemas, that fetch, that could hang or that name fields oddly', async () => {
    const put = (schema: unknown) =>
      admin.put<Problem>('/api/v1/forms/custom-fields/organization', { schema });
    const notObject = await put({ type: 'string' });
    expect(notObject.status).to.equal(422);
    expect(pathsOf(notObject.body)).to.deep.equal(['/schema/type']);
    const remote = await put({
      type: 'object',
      properties: { a: { $ref: 'https://evil.example/schema.json' } },
    });
    expect(remote.status).to.equal(422);
    expect(pathsOf(remote.body)).to.deep.equal(['/schema/properties/a/$ref']);
    const backtracking = await put({
      type: 'object',
      properties: { a: { type: 'string', pattern: '^(a)\\1$' } },
    });
    expect(backtracking.status).to.equal(422);
    expect(pathsOf(backtracking.body)).to.deep.equal(['/schema/properties/a/pattern']);
    const oddName = await put({ type: 'object', properties: { 'vat number': { type: 'string' } } });
    expect(oddName.status).to.equal(422);
    expect(pathsOf(oddName.body)).to.deep.equal(['/schema/properties/vat number']);
    const unknown = await admin.put<Problem>('/api/v1/forms/custom-fields/shop.basket', {
      schema: { type: 'object' },
    });
    expect(unknown.status).to.equal(404);
    expect(
      (await admin.get<CustomFieldDefinition[]>('/api/v1/forms/custom-fields')).body[0]!.version,
    ).to.equal(0);
  });

  it('defines the fields of organisations and user profiles, each change a new version', async () => {
    const org = await admin.put<CustomFieldDefinition>(
      '/api/v1/forms/custom-fields/organization',
      organizationFields,
    );
    expect(org.status, JSON.stringify(org.body)).to.equal(200);
    expect(org.body).to.include({ entity: 'organization', version: 1, defaultLanguage: 'en' });
    expect(org.body.schema).to.deep.equal(organizationFields.schema);
    expect(org.body.translations).to.deep.equal(organizationFields.translations);
    const first = await admin.put<CustomFieldDefinition>('/api/v1/forms/custom-fields/user', {
      schema: { type: 'object', properties: { department: { type: 'string' } } },
    });
    expect(first.body.version).to.equal(1);
    const second = await admin.put<CustomFieldDefinition>('/api/v1/forms/custom-fields/user', userFields);
    expect(second.body.version).to.equal(2);
    const one = await user.get<CustomFieldDefinition>('/api/v1/forms/custom-fields/user');
    expect(one.body.schema).to.deep.equal(userFields.schema);
  });

  it("refuses an organisation's VAT number of the wrong form, in the admin's language, and stores nothing", async () => {
    // The demo admin speaks Swedish.
    const r = await admin.patch<Problem>(`/api/v1/organizations/${lindqvist}`, {
      custom: { vatNumber: 'GB123', creditLimit: -5 },
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/custom/vatNumber', 'Har inte rätt form'],
      ['/custom/creditLimit', 'Minst 0'],
    ]);
    const o = await admin.get<WithCustom>(`/api/v1/organizations/${lindqvist}`);
    expect(o.body.custom).to.deep.equal({});
  });

  it('stores a valid VAT number and shows it with the organisation', async () => {
    const r = await admin.patch<WithCustom>(`/api/v1/organizations/${lindqvist}`, {
      custom: { vatNumber: 'SE556677889901', creditLimit: 50_000 },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.custom).to.deep.equal({ vatNumber: 'SE556677889901', creditLimit: 50_000 });
    const seen = await customerAdmin.get<WithCustom>(`/api/v1/organizations/${lindqvist}`);
    expect(seen.body.custom).to.deep.equal({ vatNumber: 'SE556677889901', creditLimit: 50_000 });
  });

  it("requires the profile's required field whenever its custom values change, in the user's language", async () => {
    const missing = await user.patch<Problem>('/api/v1/me', { custom: {} });
    expect(missing.status).to.equal(422);
    expect(missing.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/custom/department', 'Required'],
    ]);
    const short = await user.patch<Problem>('/api/v1/me', { custom: { department: 'X' }, language: 'sv' });
    expect(short.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/custom/department', 'Minst 2 tecken'],
    ]);
    // A change that leaves custom values out is not held up by them.
    expect((await user.patch('/api/v1/me', { name: 'Oskar Berg' })).status).to.equal(200);
    const ok = await user.patch<Me>('/api/v1/me', { custom: { department: 'Purchasing' } });
    expect(ok.status, JSON.stringify(ok.body)).to.equal(200);
    expect(ok.body.user.custom).to.deep.equal({ department: 'Purchasing' });
    expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({ department: 'Purchasing' });
  });

  it('gives news articles custom fields, checked on write and shown to editors and readers', async () => {
    const defined = await admin.put('/api/v1/forms/custom-fields/news.article', {
      schema: {
        type: 'object',
        properties: { productLine: { enum: ['tools', 'timber'] } },
      },
    });
    expect(defined.status, JSON.stringify(defined.body)).to.equal(200);
    const editor = await t.login('editor@nordicsupply.example');
    const article = {
      defaultLanguage: 'en',
      translations: [{ language: 'en', title: 'New saws', lead: 'In stock now' }],
    };
    const bad = await editor.post<Problem>('/api/v1/news/admin/articles', {
      ...article,
      custom: { productLine: 'cars' },
    });
    expect(bad.status).to.equal(422);
    expect(pathsOf(bad.body)).to.deep.equal(['/custom/productLine']);
    const created = await editor.post<WithCustom>('/api/v1/news/admin/articles', {
      ...article,
      custom: { productLine: 'tools' },
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect(created.body.custom).to.deep.equal({ productLine: 'tools' });
    // A PUT that leaves custom out keeps the values; one that gives them replaces them.
    const kept = await editor.put<WithCustom>(`/api/v1/news/admin/articles/${created.body.id}`, article);
    expect(kept.body.custom).to.deep.equal({ productLine: 'tools' });
    const changed = await editor.put<WithCustom>(`/api/v1/news/admin/articles/${created.body.id}`, {
      ...article,
      custom: { productLine: 'timber' },
    });
    expect(changed.body.custom).to.deep.equal({ productLine: 'timber' });
    expect((await editor.post(`/api/v1/news/admin/articles/${created.body.id}/publish`)).status).to.equal(
      200,
    );
    const read = await user.get<WithCustom>(`/api/v1/news/articles/${created.body.id}`);
    expect(read.status).to.equal(200);
    expect(read.body.custom).to.deep.equal({ productLine: 'timber' });
  });

  it('keeps definitions and values after a restart, and checks against them still', async () => {
    await t.stop();
    const database = (t.sameData.database as { url: string | null }).url ?? 'sqlite';
    t = await startTestPortal({
      plugins: [forms, news],
      root,
      database,
      config: { dataDir: t.sameData.dataDir },
    });
    restarted = true;
    admin = await t.login('admin@nordicsupply.example');
    user = await t.login('user@lindqvist.example');
    const o = await admin.get<WithCustom>(`/api/v1/organizations/${lindqvist}`);
    expect(o.body.custom).to.deep.equal({ vatNumber: 'SE556677889901', creditLimit: 50_000 });
    expect((await user.get<Me>('/api/v1/me')).body.user.custom).to.deep.equal({ department: 'Purchasing' });
    const defs = await user.get<CustomFieldDefinition[]>('/api/v1/forms/custom-fields');
    expect(defs.body.map((d) => [d.entity, d.version])).to.deep.equal([
      ['organization', 1],
      ['user', 2],
      ['news.article', 1],
    ]);
    const bad = await admin.patch<Problem>(`/api/v1/organizations/${lindqvist}`, {
      custom: { vatNumber: 'SE1' },
    });
    expect(pathsOf(bad.body)).to.deep.equal(['/custom/vatNumber']);
  });
});
