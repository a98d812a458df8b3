import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import type { FormVersion, Submission, SubmissionDetail, SubmissionPage, UploadedFile } from '@portico/forms';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

type Problem = {
  status: number;
  title: string;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
};

const orderSchema = {
  type: 'object',
  required: ['deliveryDate', 'lines'],
  properties: {
    deliveryDate: { type: 'string', format: 'date', title: 'Delivery date' },
    note: { type: 'string', maxLength: 500 },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['product', 'qty', 'price'],
        properties: {
          product: { type: 'string', minLength: 1 },
          qty: { type: 'integer', minimum: 1 },
          price: { type: 'number', minimum: 0 },
          total: { type: 'number' },
        },
      },
    },
    sum: { type: 'number' },
  },
};
const orderUi = {
  lines: { items: { total: { 'ui:computed': 'qty * price' } } },
  sum: { 'ui:computed': 'sum(lines.total)' },
};

const serviceSchema = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['repair', 'install'] },
    serial: { type: 'string' },
    address: { type: 'string' },
    phone: { type: 'string' },
    contactName: { type: 'string' },
    urgent: { type: 'boolean' },
    reason: { type: 'string' },
  },
  if: { properties: { type: { const: 'repair' } } },
  then: { required: ['serial'] },
  else: { required: ['address'] },
  dependentRequired: { phone: ['contactName'] },
  dependentSchemas: { urgent: { required: ['reason'], properties: { reason: { minLength: 5 } } } },
};

const fileSchema = {
  type: 'object',
  properties: {
    subject: { type: 'string' },
    attachment: { type: 'string', format: 'portico-file' },
    photos: { type: 'array', items: { type: 'string', format: 'portico-file' } },
  },
};
const fileUi = {
  attachment: { 'ui:options': { accept: ['application/pdf'], maxSize: 2000 } },
  photos: { items: { 'ui:options': { accept: 'image/*' } } },
};

const pdf = (text = 'drawing') =>
  Buffer.from(`%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% ${text}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
const png = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c626001000000ffff03000006000557bfabd40000000049454e44ae426082',
  'hex',
);

describe(`forms: submissions (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let editor: TestSession;
  let bergstromAdmin: TestSession;
  let bergstrom: TestSession;
  let lindqvistAdmin: TestSession;
  let lindqvist: TestSession;
  let bergstromOrg: string;

  const createPublished = async (key: string, schema: object, uiSchema: object = {}, extra: object = {}) => {
    const created = await editor.post('/api/v1/forms', {
      key,
      kind: 'order-sheet',
      title: { en: key, sv: key },
      schema,
      uiSchema,
      ...extra,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    const published = await editor.post<FormVersion>(`/api/v1/forms/${key}/publish`);
    expect(published.status, JSON.stringify(published.body)).to.equal(200);
    return published.body;
  };
  const submit = async (s: TestSession, key: string, data: unknown) => {
    const r = await s.post<Submission>(`/api/v1/forms/${key}/submissions`, { data });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  };
  const upload = (s: TestSession, key: string, bytes: Buffer, type: string, query: string) =>
    s.request<UploadedFile & Problem>('POST', `/api/v1/forms/${key}/files?${query}`, bytes, {
      'content-type': type,
    });
  const count = async () =>
    (
      await t.portal.db.sequelize.query<{ n: number }>('SELECT COUNT(*) AS n FROM forms_submissions', {
        type: QueryTypes.SELECT,
      })
    )[0]!.n;
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
  const ids = (page: SubmissionPage) => page.items.map((s) => s.id);

  const order = (qty: unknown = 2) => ({
    deliveryDate: '2027-03-01',
    lines: [
      { product: 'Screws', qty, price: 12.5 },
      { product: 'Nails', qty: 3, price: 0.1, total: 999 },
    ],
    sum: 1_000_000,
  });

  before(async () => {
    t = await startTestPortal({ plugins: [forms], demo: true });
    editor = await t.login('editor@nordicsupply.example');
    bergstromAdmin = await t.login('admin@bergstrombygg.example');
    bergstrom = await t.login('user@bergstrombygg.example');
    lindqvistAdmin = await t.login('admin@lindqvist.example');
    lindqvist = await t.login('user@lindqvist.example');
    bergstromOrg = (await bergstrom.get<{ user: { organizationId: string } }>('/api/v1/me')).body.user
      .organizationId;
    await createPublished('order', orderSchema, orderUi);
    await createPublished('service', serviceSchema);
    await createPublished('upload', fileSchema, fileUi);
  });
  after(() => t?.stop());

  it('works out computed values on the server, whatever was submitted, and stores them', async () => {
    const s = await submit(bergstrom, 'order', order());
    expect(s).to.include({ formKey: 'order', version: 1, status: 'submitted', organizationId: bergstromOrg });
    expect(s.data.lines).to.deep.equal([
      { product: 'Screws', qty: 2, price: 12.5, total: 25 },
      { product: 'Nails', qty: 3, price: 0.1, total: 0.3 },
    ]);
    expect(s.data.sum).to.equal(25.3);
    const stored = await bergstrom.get<SubmissionDetail>(`/api/v1/forms/submissions/${s.id}`);
    expect(stored.body.data).to.deep.equal(s.data);
  });

  it("answers invalid data with 422 and field paths, in the user's language, and stores nothing", async () => {
    const before = await count();
    const bad = { lines: [{ product: 'Screws', qty: 0, price: 1 }] };
    // Johan Ek at Bergström reads Swedish; Oskar Berg at Lindqvist reads English.
    const sv = await bergstrom.post<Problem>('/api/v1/forms/order/submissions', { data: bad });
    expect(sv.status).to.equal(422);
    const svErrors = Object.fromEntries(sv.body.errors!.map((e) => [e.path, e.message]));
    expect(svErrors).to.include({ '/deliveryDate': 'Obligatoriskt', '/lines/0/qty': 'Minst 1' });
    const en = await lindqvist.post<Problem>('/api/v1/forms/order/submissions', { data: bad });
    expect(en.status).to.equal(422);
    const enErrors = Object.fromEntries(en.body.errors!.map((e) => [e.path, e.message]));
    expect(enErrors).to.include({ '/deliveryDate': 'Required', '/lines/0/qty': 'At least 1' });
    const wrongType = await lindqvist.post<Problem>('/api/v1/forms/order/submissions', {
      data: { ...order(), deliveryDate: 'next tuesday' },
    });
    expect(wrongType.body.errors).to.deep.equal([
      {
        path: '/deliveryDate',
        message: 'Must be a date (YYYY-MM-DD)',
        keyword: 'format',
        params: { format: 'date' },
      },
    ]);
    expect(await count()).to.equal(before);
  });

  it('applies if/then/else: a repair needs a serial number, an installation an address', async () => {
    const repair = await lindqvist.post<Problem>('/api/v1/forms/service/submissions', {
      data: { type: 'repair' },
    });
    expect(repair.status).to.equal(422);
    expect(repair.body.errors!.map((e) => [e.path, e.message])).to.deep.equal([['/serial', 'Required']]);
    const install = await lindqvist.post<Problem>('/api/v1/forms/service/submissions', {
      data: { type: 'install' },
    });
    expect(install.body.errors!.map((e) => e.path)).to.deep.equal(['/address']);
    await submit(lindqvist, 'service', { type: 'repair', serial: 'SN-1' });
    await submit(lindqvist, 'service', { type: 'install', address: 'Storgatan 1' });
  });

  it('applies dependentRequired and dependentSchemas', async () => {
    const phone = await bergstrom.post<Problem>('/api/v1/forms/service/submissions', {
      data: { type: 'repair', serial: 'SN-2', phone: '070-123' },
    });
    expect(phone.status).to.equal(422);
    expect(phone.body.errors!.map((e) => [e.path, e.message])).to.deep.equal([
      ['/contactName', 'Obligatoriskt'],
    ]);
    const urgent = await bergstrom.post<Problem>('/api/v1/forms/service/submissions', {
      data: { type: 'repair', serial: 'SN-2', urgent: true },
    });
    expect(urgent.body.errors!.map((e) => e.path)).to.deep.equal(['/reason']);
    const short = await bergstrom.post<Problem>('/api/v1/forms/service/submissions', {
      data: { type: 'repair', serial: 'SN-2', urgent: true, reason: 'now' },
    });
    expect(short.body.errors!.map((e) => [e.path, e.message])).to.deep.equal([['/reason', 'Minst 5 tecken']]);
    await submit(bergstrom, 'service', {
      type: 'repair',
      serial: 'SN-2',
      urgent: true,
      reason: 'The line is down',
      phone: '070-123',
      contactName: 'Johan',
    });
  });

  it("shows staff every submission, a customer admin their organisation's, a customer user their own", async () => {
    const mine = await submit(bergstrom, 'order', order(1));
    const colleague = await submit(bergstromAdmin, 'order', order(2));
    const other = await submit(lindqvist, 'order', order(3));
    const list = async (s: TestSession, query = '') => {
      const r = await s.get<SubmissionPage>(`/api/v1/forms/order/submissions?limit=100${query}`);
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return ids(r.body);
    };
    expect(await list(editor)).to.include.members([mine.id, colleague.id, other.id]);
    expect(await list(editor, `&organization=${bergstromOrg}`))
      .to.include.members([mine.id, colleague.id])
      .and.not.include(other.id);
    expect(await list(bergstromAdmin))
      .to.include.members([mine.id, colleague.id])
      .and.not.include(other.id);
    expect(await list(bergstrom))
      .to.include(mine.id)
      .and.not.include.members([colleague.id, other.id]);
    expect(await list(lindqvist))
      .to.include(other.id)
      .and.not.include.members([mine.id, colleague.id]);
    expect((await editor.get('/api/v1/forms/no-such-form/submissions')).status).to.equal(404);
    // A customer admin's organisation filter cannot widen what they see.
    expect(await list(lindqvistAdmin, `&organization=${bergstromOrg}`)).to.deep.equal([]);
    for (const s of [lindqvist, lindqvistAdmin]) {
      const r = await s.get<Problem>(`/api/v1/forms/submissions/${mine.id}`);
      expect(r.status).to.equal(404);
      expect(r.body.detail).to.equal('No such submission.');
    }
    expect((await bergstrom.get(`/api/v1/forms/submissions/${colleague.id}`)).status).to.equal(404);
    expect((await bergstromAdmin.get(`/api/v1/forms/submissions/${mine.id}`)).status).to.equal(200);
    expect((await editor.get(`/api/v1/forms/submissions/${other.id}`)).status).to.equal(200);
  });

  it("lists a user's own submissions across forms, newest first, page by page", async () => {
    const a = await submit(lindqvistAdmin, 'order', order(4));
    const b = await submit(lindqvistAdmin, 'service', { type: 'install', address: 'Hamngatan 2' });
    const c = await submit(lindqvistAdmin, 'order', order(5));
    await submit(lindqvist, 'order', order(6));
    const first = await lindqvistAdmin.get<SubmissionPage>('/api/v1/forms/submissions?mine=true&limit=2');
    expect(ids(first.body)).to.deep.equal([c.id, b.id]);
    expect(first.body.items[1]).to.include({ formKey: 'service' });
    expect(first.body.items[1]!.formTitle).to.deep.equal({ en: 'service', sv: 'service' });
    const second = await lindqvistAdmin.get<SubmissionPage>(
      `/api/v1/forms/submissions?mine=true&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(ids(second.body)).to.deep.equal([a.id]);
    expect(second.body.nextCursor).to.equal(null);
    const onlyService = await lindqvistAdmin.get<SubmissionPage>(
      '/api/v1/forms/submissions?mine=true&form=service',
    );
    expect(ids(onlyService.body)).to.deep.equal([b.id]);
    const bad = await lindqvistAdmin.get<Problem>('/api/v1/forms/submissions?cursor=nonsense');
    expect(bad.status).to.equal(400);
  });

  it('renders a submission with its own version after the form has changed', async () => {
    const v1 = await createPublished('feedback', {
      type: 'object',
      properties: { comment: { type: 'string', title: 'Comment' } },
    });
    const old = await submit(bergstrom, 'feedback', { comment: 'Fine' });
    const v2schema = {
      type: 'object',
      required: ['rating'],
      properties: { rating: { type: 'integer', minimum: 1, maximum: 5 }, comment: { type: 'string' } },
    };
    await editor.put('/api/v1/forms/feedback/draft', { schema: v2schema });
    await editor.post('/api/v1/forms/feedback/publish');
    // The old data would not pass version 2; it still renders with version 1.
    const detail = await bergstrom.get<SubmissionDetail>(`/api/v1/forms/submissions/${old.id}`);
    expect(detail.status).to.equal(200);
    expect(detail.body).to.include({ version: 1 });
    expect(detail.body.form).to.include({ key: 'feedback', version: 1 });
    expect(detail.body.form.schema).to.deep.equal(v1.schema);
    const fresh = await submit(bergstrom, 'feedback', { rating: 4 });
    expect(fresh.version).to.equal(2);
    const freshDetail = await bergstrom.get<SubmissionDetail>(`/api/v1/forms/submissions/${fresh.id}`);
    expect(freshDetail.body.form.schema).to.deep.equal(v2schema);
    // Retired: nobody can submit, the submissions stay.
    await editor.post('/api/v1/forms/feedback/retire');
    expect(
      (await bergstrom.post('/api/v1/forms/feedback/submissions', { data: { rating: 3 } })).status,
    ).to.equal(404);
    expect((await bergstrom.get(`/api/v1/forms/submissions/${old.id}`)).status).to.equal(200);
  });

  it('records forms.submission.submitted for each submission', async () => {
    const s = await submit(lindqvist, 'service', { type: 'install', address: 'Kajen 3' });
    const submitted = await events('forms.submission.submitted');
    expect(submitted).to.deep.include({
      submissionId: s.id,
      formKey: 'service',
      kind: 'order-sheet',
      version: 1,
      organizationId: s.organizationId,
      userId: s.userId,
      status: 'submitted',
    });
  });

  it("lets staff set a submission's status to one of the form's statuses, and records the change", async () => {
    const s = await submit(bergstrom, 'order', order(7));
    const changed = await editor.patch<Submission>(`/api/v1/forms/submissions/${s.id}`, {
      status: 'in-progress',
    });
    expect(changed.status, JSON.stringify(changed.body)).to.equal(200);
    expect(changed.body.status).to.equal('in-progress');
    expect((await bergstrom.get<SubmissionDetail>(`/api/v1/forms/submissions/${s.id}`)).body.status).to.equal(
      'in-progress',
    );
    expect(await events('forms.submission.status-changed')).to.deep.include({
      submissionId: s.id,
      formKey: 'order',
      kind: 'order-sheet',
      version: 1,
      organizationId: s.organizationId,
      userId: s.userId,
      from: 'submitted',
      to: 'in-progress',
    });
    const wrong = await editor.patch<Problem>(`/api/v1/forms/submissions/${s.id}`, { status: 'lost' });
    expect(wrong.status).to.equal(422);
    expect(wrong.body.errors).to.deep.equal([
      { in: 'body', path: '/status', message: 'Välj något av submitted, in-progress, done, rejected' },
    ]);
    expect(
      (await bergstromAdmin.patch(`/api/v1/forms/submissions/${s.id}`, { status: 'done' })).status,
    ).to.equal(403);
    const same = await editor.patch<Submission>(`/api/v1/forms/submissions/${s.id}`, {
      status: 'in-progress',
    });
    expect(same.status).to.equal(200);
    const changes = (await events('forms.submission.status-changed')).filter((e) => e.submissionId === s.id);
    expect(changes).to.have.length(1);
  });

  it('keeps an autosaved draft per user until the form is submitted', async () => {
    expect((await bergstrom.get('/api/v1/forms/order/my-draft')).status).to.equal(404);
    const partial = { deliveryDate: '2027-04-01', lines: [{ product: 'Bolts' }] };
    const saved = await bergstrom.put<{ data: unknown; updatedAt: string }>('/api/v1/forms/order/my-draft', {
      data: partial,
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
    expect((await bergstrom.get<{ data: unknown }>('/api/v1/forms/order/my-draft')).body.data).to.deep.equal(
      partial,
    );
    // Another user of the same organisation has no draft.
    expect((await bergstromAdmin.get('/api/v1/forms/order/my-draft')).status).to.equal(404);
    await bergstrom.put('/api/v1/forms/order/my-draft', { data: { ...partial, note: 'more' } });
    expect(
      (await bergstrom.get<{ data: { note: string } }>('/api/v1/forms/order/my-draft')).body.data.note,
    ).to.equal('more');
    await submit(bergstrom, 'order', order(8));
    expect((await bergstrom.get('/api/v1/forms/order/my-draft')).status).to.equal(404);
    await bergstrom.put('/api/v1/forms/order/my-draft', { data: partial });
    expect((await bergstrom.delete('/api/v1/forms/order/my-draft')).status).to.equal(204);
    expect((await bergstrom.get('/api/v1/forms/order/my-draft')).status).to.equal(404);
  });

  it("attaches uploaded files within the field's types and size, readable by who may see the submission", async () => {
    const up = await upload(
      bergstrom,
      'upload',
      pdf(),
      'application/pdf',
      'name=drawing.pdf&field=/attachment',
    );
    expect(up.status, JSON.stringify(up.body)).to.equal(201);
    expect(up.body).to.include({ name: 'drawing.pdf', contentType: 'application/pdf', size: pdf().length });
    // The field accepts PDF only, whatever the upload claims to be.
    const wrongType = await upload(
      bergstrom,
      'upload',
      png,
      'application/pdf',
      'name=x.pdf&field=/attachment',
    );
    expect(wrongType.status).to.equal(422);
    expect(wrongType.body.detail).to.match(/does not accept PNG.*Accepted: pdf/);
    const big = await upload(
      bergstrom,
      'upload',
      Buffer.concat([pdf(), Buffer.alloc(3000, 32)]),
      'application/pdf',
      'name=big.pdf&field=/attachment',
    );
    expect(big.status).to.equal(413);
    const photo = await upload(bergstrom, 'upload', png, 'image/png', 'name=site.png&field=/photos/0');
    expect(photo.status, JSON.stringify(photo.body)).to.equal(201);
    expect(
      (await upload(bergstrom, 'upload', pdf(), 'application/pdf', 'name=a.pdf&field=/photos/0')).status,
    ).to.equal(422);
    expect(
      (await upload(bergstrom, 'upload', pdf(), 'application/pdf', 'name=a.pdf&field=/subject')).status,
    ).to.equal(400);
    const exe = await upload(
      bergstrom,
      'upload',
      Buffer.from('MZ\x90\x00\x03'),
      'application/octet-stream',
      'name=a.exe',
    );
    expect(exe.status).to.equal(422);

    const s = await submit(bergstrom, 'upload', {
      subject: 'Drawing',
      attachment: up.body.id,
      photos: [photo.body.id],
    });
    const download = await bergstromAdmin.request<string>('GET', `/api/v1/forms/files/${up.body.id}`);
    expect(download.status).to.equal(200);
    expect(download.headers.get('content-type')).to.equal('application/pdf');
    expect(download.headers.get('content-disposition')).to.match(/^attachment; filename="drawing.pdf"/);
    expect((await editor.get(`/api/v1/forms/files/${up.body.id}`)).status).to.equal(200);
    expect((await lindqvist.get(`/api/v1/forms/files/${up.body.id}`)).status).to.equal(404);
    expect((await lindqvistAdmin.get(`/api/v1/forms/files/${photo.body.id}`)).status).to.equal(404);
    expect(s.data.attachment).to.equal(up.body.id);

    // A file can be put in one submission only, and only by its uploader.
    const again = await bergstrom.post<Problem>('/api/v1/forms/upload/submissions', {
      data: { attachment: up.body.id },
    });
    expect(again.status).to.equal(422);
    expect(again.body.errors![0]!.path).to.equal('/attachment');
    const theirs = await upload(
      lindqvist,
      'upload',
      pdf('theirs'),
      'application/pdf',
      'name=t.pdf&field=/attachment',
    );
    expect((await lindqvist.get(`/api/v1/forms/files/${theirs.body.id}`)).status).to.equal(200);
    expect((await bergstrom.get(`/api/v1/forms/files/${theirs.body.id}`)).status).to.equal(404);
    const stolen = await bergstrom.post<Problem>('/api/v1/forms/upload/submissions', {
      data: { photos: [theirs.body.id] },
    });
    expect(stolen.status).to.equal(422);
    expect(stolen.body.errors).to.deep.equal([
      {
        path: '/photos/0',
        message:
          'Filen är inte en som du laddat upp till det här formuläret (eller så är den redan bifogad): ladda upp den igen.',
      },
    ]);
  });

  it('exports CSV with a BOM, RFC 4180 quoting and formula cells defused, for staff only', async () => {
    await createPublished('csv', {
      type: 'object',
      properties: {
        contact: { type: 'object', properties: { name: { type: 'string' }, company: { type: 'string' } } },
        comment: { type: 'string' },
        amount: { type: 'number' },
        rows: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
      },
      if: { properties: { amount: { minimum: 100 } }, required: ['amount'] },
      then: { properties: { approver: { type: 'string' } } },
    });
    await submit(bergstrom, 'csv', {
      contact: { name: 'Anna "Bergis" Berg', company: 'Bergström, Bygg' },
      comment: '=HYPERLINK("http://evil.example","click")',
      amount: -5,
      rows: [{ a: 'x' }],
    });
    await submit(lindqvist, 'csv', {
      contact: { name: '@admin', company: '+46 rows\nsecond line' },
      comment: '-1+1',
      approver: 'Åsa',
      amount: 150,
    });
    const r = await editor.request<string>('GET', '/api/v1/forms/csv/submissions.csv', undefined, {
      accept: 'text/csv',
    });
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.equal('text/csv; charset=utf-8');
    expect(r.headers.get('content-disposition')).to.match(/^attachment; filename="csv-submissions.csv"/);
    const raw = Buffer.from(
      await (
        await fetch(new URL('/api/v1/forms/csv/submissions.csv', t.url), {
          headers: { cookie: editor.cookie! },
        })
      ).arrayBuffer(),
    );
    expect([...raw.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8').slice(1);
    const lines = text.split('\r\n');
    expect(lines[0]).to.equal(
      'id,form,version,status,organization,submittedBy,submittedAt,contact.name,contact.company,comment,amount,rows,approver',
    );
    expect(lines[1]).to.contain(',Bergström Bygg AB,Johan Ek <user@bergstrombygg.example>,');
    expect(lines[1]).to.contain(
      ',"Anna ""Bergis"" Berg","Bergström, Bygg","\'=HYPERLINK(""http://evil.example"",""click"")",-5,"[{""a"":""x""}]",',
    );
    // A quoted field may hold a line break: the record goes on after it.
    expect(text).to.contain(`,'@admin,"'+46 rows\nsecond line",'-1+1,150,,Åsa\r\n`);
    expect(text.endsWith('\r\n')).to.equal(true);
    expect((await bergstromAdmin.get('/api/v1/forms/csv/submissions.csv')).status).to.equal(403);
    expect((await editor.get('/api/v1/forms/no-such-form/submissions.csv')).status).to.equal(404);
  });

  it('answers 404 to a submission to a form that is not published or not for the user', async () => {
    await editor.post('/api/v1/forms', {
      key: 'gold-only',
      kind: 'form',
      title: { en: 'Gold only' },
      schema: { type: 'object' },
      access: { groups: ['gold-customers'] },
    });
    expect((await bergstrom.post('/api/v1/forms/gold-only/submissions', { data: {} })).status).to.equal(404);
    await editor.post('/api/v1/forms/gold-only/publish');
    expect((await lindqvist.post('/api/v1/forms/gold-only/submissions', { data: {} })).status).to.equal(404);
    expect((await lindqvist.put('/api/v1/forms/gold-only/my-draft', { data: {} })).status).to.equal(404);
    await submit(bergstrom, 'gold-only', {});
  });
});
