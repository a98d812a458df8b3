import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';

const forms = fileURLToPath(new URL('..', import.meta.url));
const db = process.env.PORTICO_TEST_DATABASE_URL ? 'MariaDB' : 'SQLite';

interface Problem {
  errors?: Array<{ path: string; message: string }>;
}
interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}
interface Run {
  step: number;
  type: string;
  status: string;
  attempts: number;
  error: string | null;
}

/** Polls until `check` returns a value, for at most `ms`. */
async function eventually<T>(check: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const schema = {
  type: 'object',
  required: ['serial'],
  properties: {
    serial: { type: 'string', title: 'Serial number', minLength: 3 },
    problem: { type: 'string', title: 'What is wrong' },
  },
};

describe(`forms: routines after a submission (${db})`, function () {
  this.timeout(90_000);
  let t: TestPortal;
  let staff: TestSession;
  let customer: TestSession;
  let hook: Server;
  let hookUrl: string;
  const received: Received[] = [];
  let failuresLeft = 0;

  before(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        if (failuresLeft > 0) {
          failuresLeft--;
          res.writeHead(503).end('busy');
        } else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hooks/visit`;
    t = await startTestPortal({
      demo: true,
      config: { events: { pollIntervalMs: 30, backoffBaseMs: 30, backoffMaxMs: 200, maxAttempts: 6 } },
      // The receiver listens on 127.0.0.1, a private address webhooks may not reach by default.
      plugins: [{ package: forms, settings: { webhooksAllowPrivateNetworks: true } }],
    });
    staff = await t.login('admin@nordicsupply.example');
    customer = await t.login('user@bergstrombygg.example');
    const created = await staff.post('/api/v1/forms', {
      key: 'service-visit',
      kind: 'case-type',
      title: { en: 'Service visit', sv: 'Servicebesök' },
      schema,
    });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await staff.post('/api/v1/forms/service-visit/publish')).status).to.equal(200);
  });
  after(async () => {
    await t?.stop();
    await new Promise((r) => hook?.close(r));
  });

  const submit = async (serial: string) => {
    const r = await customer.post<{ id: string; status: string }>('/api/v1/forms/service-visit/submissions', {
      data: { serial, problem: 'Leaks oil' },
    });
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    return r.body;
  };

  it('mails the submitter in their language, sets the status and calls a signed webhook that fails twice, delivered once', async () => {
    const secret = 'a-long-shared-webhook-secret';
    const routine = await staff.post<{ id: string; steps: Array<Record<string, unknown>> }>(
      '/api/v1/forms/service-visit/routines',
      {
        name: 'Confirm and forward',
        trigger: { on: 'submitted' },
        steps: [
          {
            type: 'email',
            to: 'submitter',
            mail: {
              en: {
                subject: 'We got your request {{data.serial}}',
                text: 'Thanks! We look at {{data.serial}}.',
              },
              sv: {
                subject: 'Vi har fått ditt ärende {{data.serial}}',
                text: 'Tack! Vi tittar på {{data.serial}}.',
              },
            },
          },
          { type: 'set-status', status: 'in-progress' },
          { type: 'webhook', url: hookUrl, secret },
          { type: 'emit', event: 'erp.visit.requested' },
        ],
      },
    );
    expect(routine.status, JSON.stringify(routine.body)).to.equal(201);
    // The secret is stored encrypted and never shown again.
    expect(routine.body.steps[2]).to.deep.include({ type: 'webhook', url: hookUrl, secretSet: true });
    expect(JSON.stringify(routine.body)).not.to.include(secret);

    failuresLeft = 2;
    const submission = await submit('SN-1001');

    const runs = await eventually(async () => {
      const r = await staff.get<Run[]>(`/api/v1/forms/routines/${routine.body.id}/runs`);
      const hookRun = r.body.find((x) => x.type === 'webhook');
      return hookRun?.status === 'done' ? r.body : undefined;
    });
    expect(received).to.have.length(3);
    const ids = new Set(received.map((x) => x.headers['x-portico-delivery']));
    expect(ids.size, 'every attempt carries the same delivery id').to.equal(1);
    for (const call of received) {
      const expected = `sha256=${createHmac('sha256', secret)
        .update(`${String(call.headers['x-portico-timestamp'])}.${call.body}`)
        .digest('hex')}`;
      expect(call.headers['x-portico-signature']).to.equal(expected);
    }
    const body = JSON.parse(received[2]!.body) as { submission: { id: string; data: { serial: string } } };
    expect(body.submission.id).to.equal(submission.id);
    expect(body.submission.data.serial).to.equal('SN-1001');
    expect(runs.find((x) => x.type === 'webhook')).to.include({ attempts: 3, error: null });
    expect(
      runs
        .filter((x) => x.status === 'done')
        .map((x) => x.type)
        .sort(),
    ).to.deep.equal(['email', 'emit', 'set-status', 'webhook']);

    // Johan Ek reads Swedish: he gets the Swedish mail.
    const mails = await staff.get<{ items: Array<{ subject: string }> }>(
      `/api/v1/mail/outbox?to=${encodeURIComponent('user@bergstrombygg.example')}&limit=100`,
    );
    expect(mails.body.items.map((m) => m.subject)).to.include('Vi har fått ditt ärende SN-1001');
    const after = await customer.get<{ status: string }>(`/api/v1/forms/submissions/${submission.id}`);
    expect(after.body.status).to.equal('in-progress');

    // Delivered once: the event is done, and a second look finds no further call.
    const [delivery] = await t.portal.db.sequelize.query<{ status: string }>(
      "SELECT d.status FROM portico_event_deliveries d JOIN portico_events e ON e.id = d.event_id WHERE e.name = 'forms.routine.webhook-requested'",
      { type: 'SELECT' as never },
    );
    expect(delivery?.status).to.equal('done');
    expect(received).to.have.length(3);
    const [emitted] = await t.portal.db.sequelize.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM portico_events WHERE name = 'erp.visit.requested'",
      { type: 'SELECT' as never },
    );
    expect(Number(emitted?.n)).to.equal(1);
    await staff.delete(`/api/v1/forms/routines/${routine.body.id}`);
  });

  it('runs a routine on a status change to the status it names', async () => {
    const routine = await staff.post<{ id: string }>('/api/v1/forms/service-visit/routines', {
      name: 'Tell the company when done',
      trigger: { on: 'status-changed', status: 'done' },
      steps: [
        {
          type: 'email',
          to: 'company-admins',
          mail: { en: { subject: 'Case {{data.serial}} is done', text: 'Done: {{form.title}}' } },
        },
      ],
    });
    expect(routine.status, JSON.stringify(routine.body)).to.equal(201);
    const submission = await submit('SN-2002');
    expect(
      (await staff.patch(`/api/v1/forms/submissions/${submission.id}`, { status: 'rejected' })).status,
    ).to.equal(200);
    expect(
      (await staff.patch(`/api/v1/forms/submissions/${submission.id}`, { status: 'done' })).status,
    ).to.equal(200);
    const runs = await eventually(async () => {
      const r = await staff.get<Run[]>(`/api/v1/forms/routines/${routine.body.id}/runs`);
      return r.body.length ? r.body : undefined;
    });
    expect(runs).to.have.length(1);
    // Karin Bergström is the company's admin; with no Swedish text she gets the English one.
    const mails = await eventually(async () => {
      const r = await staff.get<{ items: Array<{ subject: string }> }>(
        `/api/v1/mail/outbox?to=${encodeURIComponent('admin@bergstrombygg.example')}&limit=100`,
      );
      const found = r.body.items.filter((m) => m.subject === 'Case SN-2002 is done');
      return found.length ? found : undefined;
    });
    expect(mails).to.have.length(1);
    await staff.delete(`/api/v1/forms/routines/${routine.body.id}`);
  });

  it('refuses a routine with an unknown status, a broken template or a non-web URL, naming each field', async () => {
    const r = await staff.post<Problem>('/api/v1/forms/service-visit/routines', {
      name: 'Broken',
      trigger: { on: 'status-changed', status: 'archived' },
      steps: [
        { type: 'set-status', status: 'closed-forever' },
        { type: 'email', to: 'submitter', mail: { en: { subject: 'Hi {{#if}}', text: 'x' } } },
      ],
    });
    expect(r.status).to.equal(422);
    expect(r.body.errors!.map((e) => e.path)).to.include.members([
      '/trigger/status',
      '/steps/0/status',
      '/steps/1/mail/en',
    ]);
    const badUrl = await staff.post<Problem>('/api/v1/forms/service-visit/routines', {
      name: 'Reads files',
      trigger: { on: 'submitted' },
      steps: [{ type: 'webhook', url: 'file:///etc/passwd' }],
    });
    expect(badUrl.status).to.equal(422);
    expect((await staff.get<unknown[]>('/api/v1/forms/service-visit/routines')).body).to.have.length(0);
    // A customer may not see or make routines.
    expect((await customer.get('/api/v1/forms/service-visit/routines')).status).to.equal(403);
  });

  it('keeps the webhook secret when the routine is edited without retyping it', async () => {
    const created = await staff.post<{ id: string }>('/api/v1/forms/service-visit/routines', {
      name: 'Forward',
      trigger: { on: 'submitted' },
      steps: [{ type: 'webhook', url: hookUrl, secret: 'another-long-secret-value' }],
      enabled: false,
    });
    const edited = await staff.put<{ name: string; steps: Array<{ secretSet?: boolean }> }>(
      `/api/v1/forms/routines/${created.body.id}`,
      {
        name: 'Forward to ERP',
        trigger: { on: 'submitted' },
        steps: [{ type: 'webhook', url: hookUrl }],
        enabled: false,
      },
    );
    expect(edited.status).to.equal(200);
    expect(edited.body.name).to.equal('Forward to ERP');
    expect(edited.body.steps[0]!.secretSet).to.equal(true);
  });
});

describe(`forms: routine webhooks and the servers beside the portal (${db})`, function () {
  this.timeout(60_000);
  let t: TestPortal;
  let hook: Server;
  let calls = 0;

  before(async () => {
    hook = createServer((_req, res) => {
      calls++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    t = await startTestPortal({
      demo: true,
      config: { events: { pollIntervalMs: 30, backoffBaseMs: 20, backoffMaxMs: 50, maxAttempts: 2 } },
      plugins: [forms],
    });
  });
  after(async () => {
    await t?.stop();
    await new Promise((r) => hook?.close(r));
  });

  it('never calls a loopback address unless the operator allows private networks, and says why', async () => {
    const staff = await t.login('admin@nordicsupply.example');
    await staff.post('/api/v1/forms', { key: 'probe', kind: 'form', title: { en: 'Probe' }, schema });
    await staff.post('/api/v1/forms/probe/publish');
    const port = (hook.address() as AddressInfo).port;
    const routine = await staff.post<{ id: string }>('/api/v1/forms/probe/routines', {
      name: 'Probe the host',
      trigger: { on: 'submitted' },
      steps: [{ type: 'webhook', url: `http://localhost:${port}/admin` }],
    });
    expect(routine.status).to.equal(201);
    const customer = await t.login('user@lindqvist.example');
    expect(
      (await customer.post('/api/v1/forms/probe/submissions', { data: { serial: 'SN-9' } })).status,
    ).to.equal(201);
    const run = await eventually(async () => {
      const r = await staff.get<Run[]>(`/api/v1/forms/routines/${routine.body.id}/runs`);
      return r.body[0]?.status === 'failed' ? r.body[0] : undefined;
    });
    expect(run.error).to.include('private or local address').and.include('webhooksAllowPrivateNetworks');
    expect(calls).to.equal(0);
  });
});
