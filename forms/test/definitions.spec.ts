import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import {
  formServiceToken,
  type FormDefinition,
  type FormSummary,
  type FormVersion,
  type VersionSummary,
} from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

type Problem = { status: number; detail: string; errors?: Array<{ path: string; message: string }> };

const contactSchema = {
  type: 'object',
  required: ['name'],
  properties: {
    name: { type: 'string', title: 'Name', minLength: 2 },
    email: { type: 'string', format: 'email', title: 'E-mail' },
  },
};

describe(`forms: definitions and versions (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let editor: TestSession;
  let bergstrom: TestSession;
  let lindqvist: TestSession;
  let lindqvistOrg: string;
  let n = 0;

  /** A new form as the editor, with a key nobody used. */
  const createForm = async (extra: Record<string, unknown> = {}) => {
    const key = `contact-${++n}`;
    const r = await editor.post<FormDefinition & { draft: FormVersion }>('/api/v1/forms', {
      key,
      kind: 'form',
      title: { en: 'Contact us', sv: 'Kontakta oss' },
      schema: contactSchema,
      ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  };
  const publish = async (key: string) => {
    const r = await editor.post<FormVersion>(`/api/v1/forms/${key}/publish`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const keysOf = async (s: TestSession) => {
    const r = await s.get<FormSummary[]>('/api/v1/forms');
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body.map((f) => f.key);
  };
  const count = async (table: string) =>
    (
      await t.portal.db.sequelize.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`, {
        type: QueryTypes.SELECT,
      })
    )[0]!.n;

  before(async () => {
    t = await startTestPortal({ plugins: [forms], demo: true });
    editor = await t.login('editor@nordicsupply.example');
    bergstrom = await t.login('user@bergstrombygg.example');
    lindqvist = await t.login('user@lindqvist.example');
    lindqvistOrg = (await lindqvist.get<{ user: { organizationId: string } }>('/api/v1/me')).body.user
      .organizationId;
  });
  after(() => t?.stop());

  it('creates a form as a draft (version 1) that nobody can fill yet', async () => {
    const created = await createForm();
    expect(created).to.include({ kind: 'form', status: 'draft', hasDraft: true, publishedVersion: null });
    expect(created.draft).to.include({ version: 1, status: 'draft' });
    expect(created.draft.schema).to.deep.equal(contactSchema);
    expect(created.statuses).to.deep.equal(['submitted', 'in-progress', 'done', 'rejected']);
    expect((await bergstrom.get(`/api/v1/forms/${created.key}`)).status).to.equal(404);
    expect(await keysOf(bergstrom)).to.not.include(created.key);
    const staffList = await editor.get<FormSummary[]>('/api/v1/forms');
    expect(staffList.body.find((f) => f.key === created.key)).to.include({ status: 'draft', hasDraft: true });
  });

  it('publishes the draft for those who may fill it, with its texts and translations', async () => {
    const { key } = await createForm({
      translations: { sv: { '/schema/properties/name/title': 'Namn' } },
      defaultLanguage: 'en',
    });
    const published = await publish(key);
    expect(published).to.include({ version: 1, status: 'published' });
    expect(published.publishedAt).to.be.a('string');
    const filler = await bergstrom.get<FormVersion>(`/api/v1/forms/${key}`);
    expect(filler.status, JSON.stringify(filler.body)).to.equal(200);
    expect(filler.body).to.include({ key, version: 1, defaultLanguage: 'en' });
    expect(filler.body.schema).to.deep.equal(contactSchema);
    expect(filler.body.translations).to.deep.equal({ sv: { '/schema/properties/name/title': 'Namn' } });
    expect(filler.body.title).to.deep.equal({ en: 'Contact us', sv: 'Kontakta oss' });
    expect(filler.body).to.not.have.property('publishedBy');
    expect(await keysOf(bergstrom)).to.include(key);
    const def = await editor.get<FormDefinition>(`/api/v1/forms/${key}/definition`);
    expect(def.body).to.include({
      status: 'published',
      publishedVersion: 1,
      hasDraft: false,
      draftVersion: null,
    });
  });

  it('answers 409 to publishing a form without a draft', async () => {
    const { key } = await createForm();
    await publish(key);
    const again = await editor.post<Problem>(`/api/v1/forms/${key}/publish`);
    expect(again.status).to.equal(409);
    expect(again.body.detail).to.match(/no draft/);
  });

  it('edits the draft in place: saving twice keeps its version number', async () => {
    const { key } = await createForm();
    const changed = {
      ...contactSchema,
      properties: { ...contactSchema.properties, phone: { type: 'string' } },
    };
    const first = await editor.put<FormVersion>(`/api/v1/forms/${key}/draft`, { schema: changed });
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body).to.include({ version: 1, status: 'draft', id: first.body.id });
    const second = await editor.put<FormVersion>(`/api/v1/forms/${key}/draft`, {
      schema: changed,
      uiSchema: { 'ui:order': ['name', 'phone', 'email'] },
    });
    expect(second.body).to.include({ version: 1, id: first.body.id });
    expect(second.body.uiSchema).to.deep.equal({ 'ui:order': ['name', 'phone', 'email'] });
    const draft = await editor.get<FormVersion>(`/api/v1/forms/${key}/draft`);
    expect(draft.body.schema).to.deep.equal(changed);
    const versions = await editor.get<VersionSummary[]>(`/api/v1/forms/${key}/versions`);
    expect(versions.body.map((v) => [v.version, v.status])).to.deep.equal([[1, 'draft']]);
  });

  it('never changes a published version: a new draft becomes version 2 and publishing it retires version 1', async () => {
    const { key } = await createForm();
    const v1 = await publish(key);
    const v2schema = { ...contactSchema, required: ['name', 'email'] };
    const draft = await editor.put<FormVersion>(`/api/v1/forms/${key}/draft`, { schema: v2schema });
    expect(draft.body).to.include({ version: 2, status: 'draft' });
    // While version 2 is a draft, fillers still get version 1 as it was.
    const during = await bergstrom.get<FormVersion>(`/api/v1/forms/${key}`);
    expect(during.body).to.include({ version: 1, id: v1.id });
    expect(during.body.schema).to.deep.equal(contactSchema);
    const v2 = await publish(key);
    expect(v2).to.include({ version: 2, status: 'published' });
    const after = await bergstrom.get<FormVersion>(`/api/v1/forms/${key}`);
    expect(after.body).to.include({ version: 2 });
    const old = await editor.get<FormVersion>(`/api/v1/forms/${key}/versions/1`);
    expect(old.body).to.include({ id: v1.id, status: 'retired', publishedAt: v1.publishedAt });
    expect(old.body.schema).to.deep.equal(contactSchema);
    const list = await editor.get<VersionSummary[]>(`/api/v1/forms/${key}/versions`);
    expect(list.body.map((v) => [v.version, v.status])).to.deep.equal([
      [2, 'published'],
      [1, 'retired'],
    ]);
    expect((await editor.get(`/api/v1/forms/${key}/versions/3`)).status).to.equal(404);
  });

  it('throws a draft away and keeps the published version', async () => {
    const { key } = await createForm();
    await publish(key);
    await editor.put(`/api/v1/forms/${key}/draft`, { schema: { type: 'object' } });
    const deleted = await editor.delete(`/api/v1/forms/${key}/draft`);
    expect(deleted.status).to.equal(204);
    expect((await editor.get(`/api/v1/forms/${key}/draft`)).status).to.equal(404);
    expect((await editor.delete(`/api/v1/forms/${key}/draft`)).status).to.equal(404);
    expect((await bergstrom.get<FormVersion>(`/api/v1/forms/${key}`)).body).to.include({ version: 1 });
  });

  it('retires a form: nobody can fill it any more, and it can be published again from a new draft', async () => {
    const { key } = await createForm();
    await publish(key);
    const retired = await editor.post<FormDefinition>(`/api/v1/forms/${key}/retire`);
    expect(retired.status, JSON.stringify(retired.body)).to.equal(200);
    expect(retired.body).to.include({ status: 'retired', publishedVersion: null });
    expect((await bergstrom.get(`/api/v1/forms/${key}`)).status).to.equal(404);
    expect(await keysOf(bergstrom)).to.not.include(key);
    expect((await editor.post(`/api/v1/forms/${key}/retire`)).status).to.equal(409);
    await editor.put(`/api/v1/forms/${key}/draft`, { schema: contactSchema });
    expect(await publish(key)).to.include({ version: 2 });
    expect(await keysOf(bergstrom)).to.include(key);
  });

  it('lets only the access groups and organisations of a form fill it', async () => {
    const gold = await createForm({ access: { groups: ['gold-customers'] } });
    const onlyLindqvist = await createForm({ access: { organizations: [lindqvistOrg] } });
    await publish(gold.key);
    await publish(onlyLindqvist.key);
    // Bergström is in gold-customers; Lindqvist is not.
    expect(await keysOf(bergstrom))
      .to.include(gold.key)
      .and.not.include(onlyLindqvist.key);
    expect(await keysOf(lindqvist))
      .to.include(onlyLindqvist.key)
      .and.not.include(gold.key);
    expect((await bergstrom.get(`/api/v1/forms/${gold.key}`)).status).to.equal(200);
    expect((await lindqvist.get(`/api/v1/forms/${gold.key}`)).status).to.equal(404);
    expect((await bergstrom.get(`/api/v1/forms/${onlyLindqvist.key}`)).status).to.equal(404);
    // The answer to a form you may not fill is the answer to a form that does not exist.
    const hidden = await lindqvist.get<Problem>(`/api/v1/forms/${gold.key}`);
    const missing = await lindqvist.get<Problem>('/api/v1/forms/no-such-form');
    expect(hidden.body.detail).to.equal(missing.body.detail);
    // Staff see every form.
    expect((await editor.get(`/api/v1/forms/${gold.key}`)).status).to.equal(200);
  });

  it('changes titles, access and statuses without a new version', async () => {
    const { key } = await createForm();
    await publish(key);
    const r = await editor.patch<FormDefinition>(`/api/v1/forms/${key}`, {
      title: { en: 'Write to us', sv: 'Skriv till oss' },
      access: { groups: ['nordics', 'nordics'] },
      statuses: ['new', 'answered'],
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.title).to.deep.equal({ en: 'Write to us', sv: 'Skriv till oss' });
    expect(r.body.access).to.deep.equal({ groups: ['nordics'] });
    expect(r.body.statuses).to.deep.equal(['new', 'answered']);
    expect(r.body.publishedVersion).to.equal(1);
    const bad = await editor.patch<Problem>(`/api/v1/forms/${key}`, { statuses: ['new', 'new'] });
    expect(bad.status).to.equal(422);
    expect(bad.body.errors?.[0]?.path).to.equal('/statuses');
    const badName = await editor.patch<Problem>(`/api/v1/forms/${key}`, { statuses: ['Not OK'] });
    expect(badName.status).to.equal(422);
    expect((await editor.patch(`/api/v1/forms/no-such-form`, { title: { en: 'x' } })).status).to.equal(404);
  });

  it('refuses a taken or reserved key', async () => {
    const { key } = await createForm();
    const taken = await editor.post<Problem>('/api/v1/forms', {
      key,
      kind: 'form',
      title: { en: 'Again' },
      schema: contactSchema,
    });
    expect(taken.status).to.equal(409);
    const reserved = await editor.post<Problem>('/api/v1/forms', {
      key: 'submissions',
      kind: 'form',
      title: { en: 'Clash' },
      schema: contactSchema,
    });
    expect(reserved.status).to.equal(422);
    expect(reserved.body.errors?.map((e) => e.path)).to.deep.equal(['/key']);
    const badKey = await editor.post<Problem>('/api/v1/forms', {
      key: 'Has Spaces',
      kind: 'form',
      title: { en: 'Bad' },
      schema: contactSchema,
    });
    expect(badKey.status).to.equal(422);
  });

  it('refuses a schema it cannot use with 422 and paths into /schema, and stores nothing', async () => {
    const before = [await count('forms_definitions'), await count('forms_versions')];
    const cases: Array<[unknown, string]> = [
      [
        { type: 'object', properties: { code: { type: 'string', pattern: '^(a)\\1$' } } },
        '/schema/properties/code/pattern',
      ],
      [{ type: 'object', properties: { n: { type: 'strin' } } }, '/schema/properties/n/type'],
      [
        { type: 'object', properties: { d: { type: 'string', format: 'shoe-size' } } },
        '/schema/properties/d/format',
      ],
      [{ type: 'object', properties: { r: { $ref: 'other.json#/x' } } }, '/schema/properties/r/$ref'],
    ];
    for (const [schema, path] of cases) {
      const r = await editor.post<Problem>('/api/v1/forms', {
        key: `refused-${++n}`,
        kind: 'form',
        title: { en: 'Refused' },
        schema,
      });
      expect(r.status, JSON.stringify(r.body)).to.equal(422);
      expect(
        r.body.errors?.map((e) => e.path),
        JSON.stringify(r.body),
      ).to.include(path);
    }
    expect([await count('forms_definitions'), await count('forms_versions')]).to.deep.equal(before);
  });

  it('refuses a draft whose computed value cannot be parsed, pointing at it in /uiSchema', async () => {
    const { key } = await createForm();
    const r = await editor.put<Problem>(`/api/v1/forms/${key}/draft`, {
      schema: { type: 'object', properties: { lines: { type: 'array' }, total: { type: 'number' } } },
      uiSchema: { total: { 'ui:computed': 'sum(lines.total' } },
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors?.[0]?.path).to.equal('/uiSchema/total/ui:computed');
    const draft = await editor.get<FormVersion>(`/api/v1/forms/${key}/draft`);
    expect(draft.body.schema).to.deep.equal(contactSchema);
  });

  it('lets only form builders create, change and publish forms', async () => {
    const body = { key: 'not-allowed', kind: 'form', title: { en: 'No' }, schema: contactSchema };
    const admin = await t.login('admin@bergstrombygg.example');
    expect((await admin.post('/api/v1/forms', body)).status).to.equal(403);
    expect((await bergstrom.post('/api/v1/forms', body)).status).to.equal(403);
    const { key } = await createForm();
    expect((await bergstrom.put(`/api/v1/forms/${key}/draft`, { schema: contactSchema })).status).to.equal(
      403,
    );
    expect((await bergstrom.post(`/api/v1/forms/${key}/publish`)).status).to.equal(403);
    expect((await bergstrom.get(`/api/v1/forms/${key}/versions`)).status).to.equal(403);
    expect((await t.anonymous().get('/api/v1/forms')).status).to.equal(401);
  });

  it('gives other plugins the forms through formServiceToken', async () => {
    const { key } = await createForm();
    const v = await publish(key);
    const service = t.portal.container.get(formServiceToken);
    const published = await service.publishedForm(key);
    expect(published).to.include({ key, version: 1, versionId: v.id, kind: 'form' });
    expect(published!.content.schema).to.deep.equal(contactSchema);
    expect((await service.versionById(v.id))?.status).to.equal('published');
    expect((await service.get(key))?.publishedVersion).to.equal(1);
  });

  it('records forms.form.published when a version is published', async () => {
    const { key } = await createForm();
    const v = await publish(key);
    const rows = await t.portal.db.sequelize.query<{ payload: unknown }>(
      'SELECT payload FROM portico_events WHERE name = ?',
      { replacements: ['forms.form.published'], type: QueryTypes.SELECT },
    );
    const payloads = rows.map(
      (r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as object,
    );
    expect(payloads).to.deep.include({ key, kind: 'form', version: 1, versionId: v.id });
  });

  it('seeds a service request and an order sheet for the demo tenant once, however often the seed runs', async () => {
    const demo = async () =>
      (await editor.get<FormSummary[]>('/api/v1/forms')).body.filter((f) =>
        /^(service-request|order-sheet)$/.test(f.key),
      );
    const before = await demo();
    expect(before.map((f) => [f.key, f.kind, f.status])).to.deep.equal([
      ['order-sheet', 'order-sheet', 'published'],
      ['service-request', 'case-type', 'published'],
    ]);
    await t.portal.seedDemo();
    expect(await demo()).to.deep.equal(before);
    const sheet = await bergstrom.get<FormVersion>('/api/v1/forms/order-sheet');
    expect(sheet.body.title).to.deep.equal({ en: 'Order sheet', sv: 'Beställningslista' });
    expect(sheet.body.translations.sv!['/schema/properties/lines/items/properties/qty/title']).to.equal(
      'Antal',
    );
    const order = await bergstrom.post<{ data: { sum: number; lines: Array<{ total: number }> } }>(
      '/api/v1/forms/order-sheet/submissions',
      {
        data: {
          deliveryDate: '2027-01-15',
          lines: [
            { product: 'Hinge', qty: 3, price: 19.9 },
            { product: 'Screw box', qty: 2, price: 89 },
          ],
        },
      },
    );
    expect(order.status, JSON.stringify(order.body)).to.equal(201);
    expect(order.body.data.lines.map((l) => l.total)).to.deep.equal([59.7, 178]);
    expect(order.body.data.sum).to.equal(237.7);
    // The machine section applies to repairs only.
    const repair = await lindqvist.post<Problem>('/api/v1/forms/service-request/submissions', {
      data: { category: 'repair', subject: 'Press 4 leaks', description: 'Oil under press 4 since Monday.' },
    });
    expect(repair.status).to.equal(422);
    expect(repair.body.errors!.map((e) => [e.path, e.message])).to.deep.equal([['/machine', 'Required']]);
    const question = await lindqvist.post('/api/v1/forms/service-request/submissions', {
      data: { category: 'question', subject: 'Opening hours', description: 'Are you open in July?' },
    });
    expect(question.status, JSON.stringify(question.body)).to.equal(201);
  });

  it("migrates the engine's tables down to nothing and up again, on this database", async () => {
    const m = t.portal.migrations;
    const ran = (await m.status()).filter((s) => s.owner === 'forms' && s.executed).length;
    expect(ran).to.be.greaterThan(1);
    expect(await m.down({ owner: 'forms', steps: ran })).to.equal(ran);
    expect(await m.up()).to.equal(ran);
    expect((await editor.get<FormSummary[]>('/api/v1/forms')).body).to.deep.equal([]);
    expect((await createForm()).draft.version).to.equal(1);
  });
});
