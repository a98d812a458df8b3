import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import {
  structureServiceToken,
  type RecordPage,
  type StructureDefinition,
  type StructureRecord,
  type StructureSummary,
} from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

type Problem = { status: number; detail: string; errors?: Array<{ path: string; message: string }> };
const pathsOf = (body: unknown) => ((body as Problem).errors ?? []).map((e) => e.path);

/** Polls `probe` until it answers something truthy, at most `timeoutMs`: no blind sleeps. */
async function waitFor<T>(probe: () => Promise<T | undefined | false>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const machineSchema = {
  type: 'object',
  required: ['serialNumber', 'model'],
  properties: {
    serialNumber: {
      type: 'string',
      title: 'Serial number',
      pattern: '^[A-Z]{2}-[0-9]{4}$',
      'x-portico-index': true,
    },
    model: { enum: ['Drill', 'Lift', 'Saw'], title: 'Model', 'x-portico-index': true },
    hours: { type: 'integer', minimum: 0, title: 'Operating hours', 'x-portico-index': true },
    inService: { type: 'boolean', title: 'In service', 'x-portico-index': true },
    site: { type: 'string', title: 'Site' },
    notes: { type: 'string', title: 'Notes' },
  },
};

describe(`forms: structures, records scoped by organisation (${db})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let editor: TestSession;
  let support: TestSession;
  let bergstromAdmin: TestSession;
  let bergstromUser: TestSession;
  let lindqvistAdmin: TestSession;
  let bergstrom: string;
  let lindqvist: string;
  let first: StructureRecord;

  const add = async (s: TestSession, data: Record<string, unknown>, organizationId?: string) => {
    const r = await s.post<StructureRecord>('/api/v1/structures/machines', {
      data,
      ...(organizationId ? { organizationId } : {}),
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  };
  const page = async (s: TestSession, query = '') => {
    const r = await s.get<RecordPage>(`/api/v1/structures/machines${query}`);
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    return r.body;
  };
  const serials = async (s: TestSession, query = '') =>
    (await page(s, query)).items.map((r) => r.data.serialNumber as string);
  /** Every serial number through every page, `limit` at a time. */
  const allPages = async (s: TestSession, query: string, limit: number) => {
    const out: string[] = [];
    let cursor: string | null = null;
    do {
      const p: RecordPage = await page(s, `?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(p.items.length).to.be.at.most(limit);
      out.push(...p.items.map((r) => r.data.serialNumber as string));
      cursor = p.nextCursor;
    } while (cursor);
    return out;
  };
  const events = async (name: string) =>
    (
      await t.portal.db.sequelize.query<{ payload: unknown }>(
        'SELECT payload FROM portico_events WHERE name = ?',
        {
          replacements: [name],
          type: QueryTypes.SELECT,
        },
      )
    ).map(
      (e) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload) as Record<string, unknown>,
    );

  before(async () => {
    t = await startTestPortal({ plugins: [forms], demo: true });
    editor = await t.login('editor@nordicsupply.example');
    support = await t.login('support@nordicsupply.example');
    bergstromAdmin = await t.login('admin@bergstrombygg.example');
    bergstromUser = await t.login('user@bergstrombygg.example');
    lindqvistAdmin = await t.login('admin@lindqvist.example');
    bergstrom = (await bergstromAdmin.get<{ organization: { id: string } }>('/api/v1/me')).body.organization
      .id;
    lindqvist = (await lindqvistAdmin.get<{ organization: { id: string } }>('/api/v1/me')).body.organization
      .id;
    for (const [key, schema] of [
      ['machines', machineSchema],
      ['agreements', { type: 'object', properties: { number: { type: 'string' } } }],
    ] as const) {
      const created = await editor.post('/api/v1/forms', {
        key,
        kind: 'structure',
        title: { en: key === 'machines' ? 'Machines installed' : 'Service agreements', sv: 'Maskiner' },
        schema,
      });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
    }
    // Only the machines are published; the agreements stay a draft.
    expect((await editor.post('/api/v1/forms/machines/publish')).status).to.equal(200);
  });
  after(() => t?.stop());

  it('lists the published structures with their indexed fields, and explains one', async () => {
    const list = await bergstromUser.get<StructureSummary[]>('/api/v1/structures');
    expect(list.status, JSON.stringify(list.body)).to.equal(200);
    expect(list.body).to.deep.equal([
      {
        key: 'machines',
        title: { en: 'Machines installed', sv: 'Maskiner' },
        description: {},
        version: 1,
        indexes: ['serialNumber', 'model', 'hours', 'inService'],
      },
    ]);
    const def = await bergstromUser.get<StructureDefinition>('/api/v1/structures/machines/definition');
    expect(def.status).to.equal(200);
    expect(def.body.schema).to.deep.equal(machineSchema);
    expect((await bergstromUser.get('/api/v1/structures/agreements/definition')).status).to.equal(404);
    expect((await bergstromUser.get('/api/v1/structures/agreements')).status).to.equal(404);
  });

  it("adds a record to the writer's own organisation", async () => {
    first = await add(bergstromAdmin, {
      serialNumber: 'BB-0001',
      model: 'Drill',
      hours: 120,
      inService: true,
    });
    expect(first).to.include({ structureKey: 'machines', organizationId: bergstrom, version: 1 });
    const again = await bergstromUser.get<StructureRecord>(`/api/v1/structures/machines/${first.id}`);
    expect(again.status).to.equal(200);
    expect(again.body).to.deep.equal(first);
    const created = (await events('forms.record.created')).find((e) => e.recordId === first.id);
    expect(created).to.include({ structureKey: 'machines', organizationId: bergstrom, version: 1 });
  });

  it("refuses data that does not fit, with /data paths in the writer's language, and stores nothing", async () => {
    const r = await bergstromAdmin.post<Problem>('/api/v1/structures/machines', {
      data: { serialNumber: 'bb-1', model: 'Truck', hours: -1 },
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/data/serialNumber', 'Har inte rätt form'],
      ['/data/model', 'Välj något av: Drill, Lift, Saw'],
      ['/data/hours', 'Minst 0'],
    ]);
    expect((await page(bergstromAdmin)).items).to.have.length(1);
  });

  it('lets customer users read and not write', async () => {
    expect(
      (
        await bergstromUser.post('/api/v1/structures/machines', {
          data: { serialNumber: 'BB-0002', model: 'Saw' },
        })
      ).status,
    ).to.equal(403);
    expect((await bergstromUser.delete(`/api/v1/structures/machines/${first.id}`)).status).to.equal(403);
  });

  it("answers another organisation's record exactly like a missing one, and changes nothing", async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const id of [first.id, missing]) {
      expect((await lindqvistAdmin.get(`/api/v1/structures/machines/${id}`)).status).to.equal(404);
      expect(
        (
          await lindqvistAdmin.put(`/api/v1/structures/machines/${id}`, {
            data: { serialNumber: 'LQ-6666', model: 'Saw' },
          })
        ).status,
      ).to.equal(404);
      expect((await lindqvistAdmin.delete(`/api/v1/structures/machines/${id}`)).status).to.equal(404);
    }
    expect((await page(lindqvistAdmin)).items).to.deep.equal([]);
    expect((await page(lindqvistAdmin, `?organization=${bergstrom}`)).items).to.deep.equal([]);
    const posted = await lindqvistAdmin.post('/api/v1/structures/machines', {
      data: { serialNumber: 'LQ-0001', model: 'Saw' },
      organizationId: bergstrom,
    });
    expect(posted.status).to.equal(404);
    const again = await bergstromAdmin.get<StructureRecord>(`/api/v1/structures/machines/${first.id}`);
    expect(again.body).to.deep.equal(first);
  });

  it("lets staff add records for a customer and see every organisation's, or one's", async () => {
    await add(
      support,
      { serialNumber: 'LQ-0001', model: 'Saw', hours: 5, inService: false, site: 'Kalmar' },
      lindqvist,
    );
    await add(support, { serialNumber: 'LQ-0002', model: 'Lift', hours: 900, inService: true }, lindqvist);
    await add(bergstromAdmin, { serialNumber: 'BB-0002', model: 'Saw', site: 'Borås' });
    await add(bergstromAdmin, { serialNumber: 'BB-0003', model: 'Saw', hours: 40, inService: true });
    const unknown = await support.post<Problem>('/api/v1/structures/machines', {
      data: { serialNumber: 'XX-0001', model: 'Saw' },
      organizationId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).to.equal(422);
    expect(pathsOf(unknown.body)).to.deep.equal(['/organizationId']);
    expect((await serials(support)).sort()).to.deep.equal([
      'BB-0001',
      'BB-0002',
      'BB-0003',
      'LQ-0001',
      'LQ-0002',
    ]);
    expect((await serials(support, `?organization=${lindqvist}`)).sort()).to.deep.equal([
      'LQ-0001',
      'LQ-0002',
    ]);
    expect((await serials(lindqvistAdmin)).sort()).to.deep.equal(['LQ-0001', 'LQ-0002']);
  });

  it('filters by indexed fields of every kind, within the organisation', async () => {
    expect((await serials(bergstromAdmin, '?model=Saw')).sort()).to.deep.equal(['BB-0002', 'BB-0003']);
    expect((await serials(support, '?model=Saw')).sort()).to.deep.equal(['BB-0002', 'BB-0003', 'LQ-0001']);
    expect(await serials(support, '?hours=900')).to.deep.equal(['LQ-0002']);
    expect((await serials(support, '?inService=true')).sort()).to.deep.equal([
      'BB-0001',
      'BB-0003',
      'LQ-0002',
    ]);
    expect(await serials(support, '?inService=true&model=Saw')).to.deep.equal(['BB-0003']);
    expect(await serials(bergstromAdmin, '?serialNumber=LQ-0001')).to.deep.equal([]);
    expect(await serials(bergstromAdmin, '?q=bor')).to.deep.equal(['BB-0002']);
  });

  it('filters by ranges of numbers and texts, both ends together', async () => {
    expect((await serials(support, '?hours[gte]=40&hours[lt]=900')).sort()).to.deep.equal([
      'BB-0001',
      'BB-0003',
    ]);
    expect(await serials(support, '?hours[gt]=120')).to.deep.equal(['LQ-0002']);
    expect((await serials(support, '?hours[lte]=40')).sort()).to.deep.equal(['BB-0003', 'LQ-0001']);
    expect((await serials(support, '?serialNumber[gte]=BB&serialNumber[lt]=BC')).sort()).to.deep.equal([
      'BB-0001',
      'BB-0002',
      'BB-0003',
    ]);
    // Within the organisation, like every filter.
    expect(await serials(lindqvistAdmin, '?hours[gte]=40')).to.deep.equal(['LQ-0002']);
    const r = await support.get<Problem>(
      '/api/v1/structures/machines?hours[between]=1&inService[gt]=true&hours[lt]=soon',
    );
    expect(r.status).to.equal(400);
    expect(r.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      [
        '/hours[between]',
        '[between] is not a comparison; use hours=, hours[gt]=, hours[gte]=, hours[lt]= or hours[lte]=',
      ],
      ['/inService[gt]', 'is yes or no: compare it with = only'],
      ['/hours[lt]', 'must be a number'],
    ]);
  });

  it('refuses filters on fields that are not indexed, and values of the wrong kind', async () => {
    const r = await support.get<Problem>('/api/v1/structures/machines?site=Borås&hours=many&inService=yes');
    expect(r.status).to.equal(400);
    expect(r.body.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/site', 'is not an indexed field of this structure; filter by serialNumber, model, hours, inService'],
      ['/hours', 'must be a number'],
      ['/inService', 'must be true or false'],
    ]);
    const sort = await support.get<Problem>('/api/v1/structures/machines?sort=site');
    expect(sort.status).to.equal(400);
    expect(pathsOf(sort.body)).to.deep.equal(['/sort']);
  });

  it('sorts by an indexed field both ways, a page at a time, records without a value first ascending', async () => {
    const asc = await allPages(support, 'sort=hours', 2);
    expect(asc).to.deep.equal(['BB-0002', 'LQ-0001', 'BB-0003', 'BB-0001', 'LQ-0002']);
    expect(await allPages(support, 'sort=-hours', 2)).to.deep.equal([...asc].reverse());
    expect(await allPages(support, 'sort=serialNumber', 3)).to.deep.equal([
      'BB-0001',
      'BB-0002',
      'BB-0003',
      'LQ-0001',
      'LQ-0002',
    ]);
    expect(await allPages(bergstromAdmin, 'sort=-serialNumber&model=Saw', 1)).to.deep.equal([
      'BB-0003',
      'BB-0002',
    ]);
    // Newest first by default, through pages too.
    const newest = await allPages(support, 'sort=-createdAt', 2);
    expect(newest).to.have.length(5);
    expect(newest[newest.length - 1]).to.equal('BB-0001');
    const cursor = (await page(support, '?sort=hours&limit=1')).nextCursor!;
    const wrong = await support.get<Problem>(`/api/v1/structures/machines?sort=-hours&cursor=${cursor}`);
    expect(wrong.status).to.equal(400);
    expect(pathsOf(wrong.body)).to.deep.equal(['/cursor']);
  });

  it('replaces and deletes records, emitting an event for each', async () => {
    const r = await bergstromAdmin.put<StructureRecord>(`/api/v1/structures/machines/${first.id}`, {
      data: { serialNumber: 'BB-0001', model: 'Drill', hours: 130, inService: true },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.data.hours).to.equal(130);
    expect(await serials(bergstromAdmin, '?hours=130')).to.deep.equal(['BB-0001']);
    expect(await serials(bergstromAdmin, '?hours=120')).to.deep.equal([]);
    const bad = await bergstromAdmin.put<Problem>(`/api/v1/structures/machines/${first.id}`, {
      data: { model: 'Drill' },
    });
    expect(bad.status).to.equal(422);
    expect(pathsOf(bad.body)).to.deep.equal(['/data/serialNumber']);
    expect((await events('forms.record.updated')).filter((e) => e.recordId === first.id)).to.have.length(1);
    const gone = (await page(bergstromAdmin, '?serialNumber=BB-0002')).items[0]!;
    expect((await bergstromAdmin.delete(`/api/v1/structures/machines/${gone.id}`)).status).to.equal(204);
    expect((await bergstromAdmin.get(`/api/v1/structures/machines/${gone.id}`)).status).to.equal(404);
    expect(await serials(bergstromAdmin, '?model=Saw')).to.deep.equal(['BB-0003']);
    expect((await events('forms.record.deleted')).map((e) => e.recordId)).to.include(gone.id);
  });

  it('indexes the fields a new version declares, for the records already there', async () => {
    const schema = {
      ...machineSchema,
      properties: {
        ...machineSchema.properties,
        site: { type: 'string', title: 'Site', 'x-portico-index': true },
      },
    };
    expect((await editor.put('/api/v1/forms/machines/draft', { schema })).status).to.equal(200);
    expect((await editor.post('/api/v1/forms/machines/publish')).status).to.equal(200);
    await add(bergstromAdmin, { serialNumber: 'BB-0004', model: 'Lift', site: 'Borås' });
    // The record written before the new version is indexed by the rebuild after publishing.
    await waitFor(async () => {
      const r = await support.get<RecordPage>('/api/v1/structures/machines?site=Kalmar');
      return r.status === 200 && r.body.items.length === 1;
    }, 'the records to be indexed by site');
    const older = (await page(support, '?site=Kalmar')).items[0]!;
    expect(older).to.include({ organizationId: lindqvist, version: 1 });
    const newer = (await page(bergstromAdmin, '?site=Bor%C3%A5s')).items;
    expect(newer.map((r) => [r.data.serialNumber, r.version])).to.deep.equal([['BB-0004', 2]]);
  });

  it('creates records for routines through structureServiceToken, checking the data', async () => {
    const service = t.portal.container.get(structureServiceToken);
    const made = await service.create('machines', lindqvist, { serialNumber: 'LQ-0003', model: 'Drill' });
    expect(made).to.include({ organizationId: lindqvist, version: 2 });
    expect(await serials(lindqvistAdmin, '?serialNumber=LQ-0003')).to.deep.equal(['LQ-0003']);
    let refused: unknown;
    try {
      await service.create(
        'machines',
        lindqvist,
        { serialNumber: 'nope', model: 'Drill' },
        { language: 'en' },
      );
    } catch (err) {
      refused = err;
    }
    expect((refused as { status?: number }).status).to.equal(422);
    expect((refused as { problem: Problem }).problem.errors?.map((e) => [e.path, e.message])).to.deep.equal([
      ['/data/serialNumber', 'Does not have the expected form'],
    ]);
    let draftOnly: unknown;
    try {
      await service.create('agreements', lindqvist, { number: '1' });
    } catch (err) {
      draftOnly = err;
    }
    expect((draftOnly as { status?: number }).status).to.equal(409);
  });

  it("creates a record with a routine after a submission, for the submitter's organisation", async () => {
    const form = await editor.post('/api/v1/forms', {
      key: 'machine-delivery',
      kind: 'form',
      title: { en: 'Machine delivered' },
      schema: {
        type: 'object',
        required: ['serial', 'model'],
        properties: { serial: { type: 'string' }, model: { enum: ['Drill', 'Lift', 'Saw'] } },
      },
    });
    expect(form.status, JSON.stringify(form.body)).to.equal(201);
    expect((await editor.post('/api/v1/forms/machine-delivery/publish')).status).to.equal(200);
    const routine = (structure: string) =>
      editor.post<Problem>('/api/v1/forms/machine-delivery/routines', {
        name: 'Register the machine',
        trigger: { on: 'submitted' },
        steps: [{ type: 'create-record', structure, fields: { serialNumber: '/serial', model: '/model' } }],
      });
    const unknown = await routine('tractors');
    expect(unknown.status).to.equal(422);
    expect(pathsOf(unknown.body)).to.deep.equal(['/steps/0/structure']);
    const made = await routine('machines');
    expect(made.status, JSON.stringify(made.body)).to.equal(201);
    const submitted = await bergstromUser.post('/api/v1/forms/machine-delivery/submissions', {
      data: { serial: 'BB-0100', model: 'Lift' },
    });
    expect(submitted.status, JSON.stringify(submitted.body)).to.equal(201);
    const record = await waitFor(async () => {
      const p = await page(bergstromAdmin, '?serialNumber=BB-0100');
      return p.items[0];
    }, 'the record the routine creates');
    expect(record).to.include({ organizationId: bergstrom, version: 2 });
    expect(record.data).to.deep.equal({ serialNumber: 'BB-0100', model: 'Lift' });
  });

  it('hides the records of a retired structure until a version is published again', async () => {
    expect((await editor.post('/api/v1/forms/machines/retire')).status).to.equal(200);
    expect((await bergstromAdmin.get('/api/v1/structures/machines')).status).to.equal(404);
    expect((await bergstromAdmin.get<StructureSummary[]>('/api/v1/structures')).body).to.deep.equal([]);
  });

  it('migrates down to nothing and up again', async () => {
    const m = t.portal.migrations;
    const down = await m.down({ owner: 'forms', steps: 10 });
    expect(down).to.be.at.least(3);
    expect(await m.up()).to.equal(down);
  });
});
