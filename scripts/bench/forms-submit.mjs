// Form submissions per second, with validation, on MariaDB: POST /api/v1/forms/bench-order/submissions
// of a 20-row order (forms-fixture.mjs) by a customer user, against GET /api/v1/hello in the same
// run (the method of identity.mjs: autocannon, alternating rounds, medians of req/s and p99).
//
// One portal process (NODE_ENV=production, the plugins of config/default.json, the demo tenant
// seeded on first start) on a fresh MariaDB database that the bench creates on the server of
// `--database-url` (default: DATABASE_URL, else mysql://root@127.0.0.1:3306) and drops at the end;
// `--database sqlite` runs the same on SQLite for comparison. Before measuring, the editor creates
// and publishes the form through the API and one submission is checked (201, computed sum).
//
// Each submission: the session and CSRF token are checked, the body (about 2.5 KB) is validated
// against the route's schema, the form's published version is looked up (two queries; its content
// is cached by version id), computed values (20 line totals and the sum) are worked out, the data
// is validated with the version's compiled validator, and in one transaction the submission is
// inserted, the user's autosaved draft deleted and forms.submission.submitted written to the
// outbox.
//
// Run alone: node scripts/bench/forms-submit.mjs [--duration 10] [--rounds 3] [--warmup 3]
//   [--connections 20] [--rows 20] [--database-url mysql://root@127.0.0.1:3306] [--database sqlite] [--no-build]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { orderData, orderSchema, orderUiSchema } from './forms-fixture.mjs';
import { alternate, summarise } from './identity.mjs';
import {
  apiSession,
  build,
  environment,
  isMain,
  parseArgs,
  root,
  round,
  startDemoPortal,
  stopChild,
  table,
  writeResults,
} from './lib.mjs';

const DEMO_PASSWORD = 'Bench-demo-password-2026';
const FILLER = 'user@bergstrombygg.example';
const FORM = 'bench-order';
const browserish = { 'accept-encoding': 'gzip, deflate, br' };
const require = createRequire(path.join(root, 'core', 'package.json'));

/** Creates a uniquely named database on the MariaDB server of `serverUrl`; answers its URL and a drop(). */
async function createDatabase(serverUrl) {
  const { createConnection } = require('mysql2/promise');
  const server = new URL(serverUrl.replace(/^mariadb:/, 'mysql:'));
  const name = `portico_bench_forms_${randomBytes(4).toString('hex')}`;
  const connect = () =>
    createConnection({
      host: server.hostname,
      port: Number(server.port || 3306),
      user: decodeURIComponent(server.username),
      password: decodeURIComponent(server.password),
    });
  const c = await connect();
  await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await c.end();
  server.pathname = `/${name}`;
  return {
    url: server.toString(),
    drop: async () => {
      const d = await connect();
      await d.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await d.end();
    },
  };
}

/** Logs in; answers the session cookie and CSRF token (autocannon sends them with every POST). */
async function login(base, email) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  const body = await res.json();
  if (res.status !== 200 || body.status !== 'ok') throw new Error(`login of ${email} answered ${res.status}`);
  return { cookie: res.headers.getSetCookie()[0].split(';')[0], csrfToken: body.csrfToken };
}

export async function runFormsSubmit({
  duration = 10,
  rounds = 3,
  warmup = 3,
  connections = 20,
  rows = 20,
  database = 'mariadb',
  databaseUrl = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306',
  log = () => {},
} = {}) {
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-forms-'));
  let server;
  let db;
  try {
    if (database !== 'sqlite') {
      db = await createDatabase(databaseUrl);
      log(`  database ${db.url.replace(/\/\/[^@]*@/, '//')}`);
    }
    log('  starting the portal (first start: migrations and the demo seed)...');
    server = await startDemoPortal({
      dataDir: path.join(tmpRoot, 'data'),
      password: DEMO_PASSWORD,
      extraEnv: db ? { DATABASE_URL: db.url } : {},
    });
    const editor = await apiSession(server.base, 'editor@nordicsupply.example', DEMO_PASSWORD);
    await editor.request('POST', '/api/v1/forms', {
      key: FORM,
      kind: 'order-sheet',
      title: { en: 'Bench order', sv: 'Testbeställning' },
      schema: orderSchema,
      uiSchema: orderUiSchema,
    });
    await editor.request('POST', `/api/v1/forms/${FORM}/publish`);
    const { cookie, csrfToken } = await login(server.base, FILLER);
    const body = JSON.stringify({ data: orderData(rows) });
    const headers = {
      ...browserish,
      cookie,
      'x-csrf-token': csrfToken,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    const url = `${server.base}/api/v1/forms/${FORM}/submissions`;
    const check = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'accept-encoding': 'identity' },
      body,
    });
    const checked = await check.json();
    if (check.status !== 201 || typeof checked.data?.sum !== 'number')
      throw new Error(
        `the check submission answered ${check.status}: ${JSON.stringify(checked).slice(0, 300)}`,
      );
    log(`  one submission checked: ${rows} rows, sum ${checked.data.sum}, ${body.length} bytes sent`);
    const targets = [
      { label: 'GET /api/v1/hello', request: { url: `${server.base}/api/v1/hello`, headers: browserish } },
      { label: `POST /api/v1/forms/${FORM}/submissions`, request: { url, method: 'POST', headers, body } },
    ];
    const samples = await alternate(server, targets, {
      warmup,
      duration,
      connections,
      rounds,
      labelWidth: 44,
      log,
    });
    const summary = targets.map((t) => summarise(t.label, samples.get(t.label)));
    const hello = summary[0];
    for (const s of summary) {
      s.ratioToHello = round(s.medianReqPerSec / hello.medianReqPerSec, 3);
      s.p99RatioToHello = round(s.medianLatencyP99Ms / hello.medianLatencyP99Ms, 2);
    }
    const submissions = summary[1].rounds.reduce((n, r) => n + r.totalRequests, 0);
    return {
      what: `POST /api/v1/forms/${FORM}/submissions (${rows}-row order, validated, session of ${FILLER}) on ${db ? 'MariaDB' : 'SQLite'}, against GET /api/v1/hello; autocannon, ${connections} connections, ${rounds} alternating rounds of ${duration} s after ${warmup} s warm-up each`,
      database: db ? 'MariaDB' : 'SQLite',
      rows,
      bodyBytes: body.length,
      submissionsPerSecond: summary[1].medianReqPerSec,
      submissionsStored: submissions,
      valid: summary.every((s) => s.failed === 0),
      targets: summary,
      settings: { duration, rounds, warmup, connections },
    };
  } finally {
    if (server) await stopChild(server.child);
    if (db) await db.drop();
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

export function formatFormsSubmit(result) {
  const out = [
    `Form submissions with validation on ${result.database}: a ${result.rows}-row order (${result.bodyBytes} bytes) against GET /api/v1/hello`,
    table(
      [
        'target',
        'median req/s',
        'rounds req/s',
        'p50 ms',
        'p99 ms',
        'server CPU %',
        'CPU us/req',
        'ratio req/s',
        'failed',
      ],
      result.targets.map((s) => [
        s.target,
        s.medianReqPerSec,
        s.reqPerSec.join(' / '),
        s.medianLatencyP50Ms,
        s.medianLatencyP99Ms,
        s.medianServerCpuPct,
        s.medianCpuUsPerRequest,
        s.ratioToHello,
        s.failed,
      ]),
    ),
    '',
    `Submissions: ${result.submissionsPerSecond} per second (median of the rounds; ${result.submissionsStored} stored while measuring). No target yet: the figure is reported.`,
  ];
  if (!result.valid)
    out.push('WARNING: some requests failed (errors, timeouts or non-2xx): the figures are not comparable.');
  return out.join('\n');
}

export function formsSubmitOptions(args) {
  return {
    duration: Number(args.duration ?? 10),
    rounds: Number(args.rounds ?? 3),
    warmup: Number(args.warmup ?? 3),
    connections: Number(args.connections ?? 20),
    rows: Number(args.rows ?? 20),
    database: args.database === 'sqlite' ? 'sqlite' : 'mariadb',
    ...(args['database-url'] ? { databaseUrl: String(args['database-url']) } : {}),
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('Forms submit...');
  const result = await runFormsSubmit({ ...formsSubmitOptions(args), log: (l) => console.log(l) });
  const file = writeResults('forms-submit.json', { environment: environment(), formsSubmit: result });
  console.log('\n' + formatFormsSubmit(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
