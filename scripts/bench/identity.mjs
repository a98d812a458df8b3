// Identity: (a) password login throughput and latency with the production scrypt parameters
// (config defaults N=32768, r=8, p=1), and (b) authenticated GET /api/v1/me throughput as a ratio
// to GET /api/v1/hello in the same run. Target for (b): me/hello >= 0.8.
//
// One portal process (NODE_ENV=production, SQLite, the plugins of config/default.json, the demo
// tenant seeded on first start with a known password, stdout to /dev/null) serves both parts; the
// load generator is autocannon in this process.
//
// (a) POST /api/v1/auth/login with the right password, each connection cycling through the seven
//     demo users. Lockout and the per-address rate limits are set out of reach
//     (PORTICO_AUTH__LOCKOUT__*, PORTICO_AUTH__RATE_LIMIT__PER_MINUTE) so that they cannot turn
//     answers into 429s; every answer must be 200. A login hashes once (scrypt on the libuv thread
//     pool), inserts a session and an audit row and stamps last_login_at.
// (b) GET /api/v1/me with the session cookie of a demo customer admin, against GET /api/v1/hello
//     without a cookie (the route the kernel benchmark measures). After a warm-up, rounds of
//     `--duration` seconds alternate between them (the order rotates each round); the ratio is
//     taken of the median req/s. Informational third target: hello with the same session cookie,
//     which shows what resolving the session costs apart from the route.
//
// Run alone: node scripts/bench/identity.mjs [--duration 10] [--rounds 3] [--warmup 3]
//   [--connections 50] [--login-connections 16] [--login-duration 10] [--login-rounds 3]
//   [--profile auto|always|never] [--no-build]
// --profile auto (default) profiles GET /me under the same load when the ratio misses the target.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadProfileReport, summariseProfile } from './cpu-profile.mjs';
import {
  askChild,
  benchDir,
  build,
  cpuSeconds,
  environment,
  freePort,
  HOST,
  isMain,
  median,
  parseArgs,
  porticoBin,
  portalEnv,
  profileHook,
  root,
  round,
  sleep,
  spawn,
  stopChild,
  table,
  tail,
  waitFor200,
  writeResults,
} from './lib.mjs';

export const ME_RATIO_TARGET = 0.8;
const DEMO_PASSWORD = 'Bench-demo-password-2026';
/** The demo users (core/src/identity/seed.ts); the session for /me is the first customer admin's. */
const DEMO_USERS = [
  'admin@nordicsupply.example',
  'editor@nordicsupply.example',
  'support@nordicsupply.example',
  'admin@bergstrombygg.example',
  'user@bergstrombygg.example',
  'admin@lindqvist.example',
  'user@lindqvist.example',
];
const ME_USER = 'admin@bergstrombygg.example';
/** The production defaults of auth.scrypt (core/src/config/config.schema.json); the bench sets nothing. */
const PRODUCTION_SCRYPT = { N: 32768, r: 8, p: 1 };

async function startPortal({ tmpRoot, name, profile = false }) {
  const port = await freePort();
  const env = portalEnv({
    port,
    dataDir: path.join(tmpRoot, name),
    extra: {
      PORTICO_DEMO_PASSWORD: DEMO_PASSWORD,
      PORTICO_DEMO__SEED_ON_FIRST_START: 'true',
      PORTICO_AUTH__LOCKOUT__IP_ATTEMPTS: '100000000',
      PORTICO_AUTH__LOCKOUT__ACCOUNT_ATTEMPTS: '100000000',
      PORTICO_AUTH__RATE_LIMIT__PER_MINUTE: '100000000',
    },
  });
  const args = [...(profile ? [`--import=${profileHook}`] : []), porticoBin, 'start'];
  const stdio = ['ignore', 'ignore', 'pipe', ...(profile ? ['ipc'] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio });
  const errTail = tail(child.stderr, 40);
  try {
    await waitFor200(`http://${HOST}:${port}/readyz`, { child, timeoutMs: 120000 });
  } catch (err) {
    await stopChild(child);
    throw new Error(`the portal did not start: ${err.message}\n--- stderr (last lines) ---\n${errTail()}`);
  }
  return { child, base: `http://${HOST}:${port}`, errTail };
}

/** Logs a demo user in; answers the Cookie header value of the session. */
async function login(base, email) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login of ${email} answered ${res.status}: ${await res.text()}`);
  return res.headers.getSetCookie()[0].split(';')[0];
}

/** One autocannon run; returns req/s, latency, and the CPU the server and autocannon used. */
export async function load(server, { label, duration, connections, request }) {
  const cpu0 = cpuSeconds(server.child.pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await autocannon({
    url: server.base,
    connections,
    pipelining: 1,
    duration,
    timeout: 30,
    ...request,
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(server.child.pid);
  const own = process.cpuUsage(own0);
  return {
    label,
    reqPerSec: round(r.requests.average, 1),
    totalRequests: r.requests.total,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    serverCpuPct: cpu0 === null || cpu1 === null ? null : round((100 * (cpu1 - cpu0)) / wall, 0),
    loadGeneratorCpuPct: round((100 * (own.user + own.system)) / 1e6 / wall, 0),
  };
}

/**
 * Warms every target up, then loads them in `rounds` rounds, each in a rotated order so that no
 * target always runs first or last; a Map of label -> results per round.
 */
export async function alternate(server, targets, { warmup, duration, connections, rounds, labelWidth, log }) {
  for (const t of targets) {
    log(`  warm-up ${t.label} (${warmup} s)`);
    await load(server, { ...t, duration: warmup, connections });
  }
  const samples = new Map(targets.map((t) => [t.label, []]));
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length]);
    for (const t of order) {
      await sleep(500);
      const res = await load(server, { ...t, duration, connections });
      samples.get(t.label).push(res);
      log(
        `  round ${r + 1}/${rounds}  ${t.label.padEnd(labelWidth)} ${String(res.reqPerSec).padStart(8)} req/s  p99 ${res.latencyP99Ms} ms`,
      );
    }
  }
  return samples;
}

export function summarise(label, xs) {
  const num = (k) => xs.map((x) => x[k]).filter((v) => typeof v === 'number');
  return {
    target: label,
    reqPerSec: num('reqPerSec'),
    medianReqPerSec: round(median(num('reqPerSec')), 1),
    medianLatencyP50Ms: round(median(num('latencyP50Ms')), 1),
    medianLatencyP99Ms: round(median(num('latencyP99Ms')), 1),
    medianServerCpuPct: round(median(num('serverCpuPct')), 0),
    medianLoadGeneratorCpuPct: round(median(num('loadGeneratorCpuPct')), 0),
    medianCpuUsPerRequest: round(median(xs.map((x) => (x.serverCpuPct * 1e4) / (x.reqPerSec || 1))), 0),
    failed: xs.reduce((a, x) => a + x.errors + x.non2xx, 0),
    rounds: xs,
  };
}

/** Profiles a fresh portal while it serves GET /me under the same load (see profile-hook.mjs). */
async function profileMe({ tmpRoot, duration, connections, log }) {
  const server = await startPortal({ tmpRoot, name: 'profiled', profile: true });
  try {
    const cookie = await login(server.base, ME_USER);
    const request = { url: `${server.base}/api/v1/me`, headers: meHeaders(cookie) };
    await load(server, { label: 'warm-up', duration: 2, connections, request });
    mkdirSync(benchDir, { recursive: true });
    const file = path.join(benchDir, 'identity-me.cpuprofile');
    await askChild(server.child, { type: 'profile-start', intervalUs: 500 }, 'profile-started');
    log(`  profiling GET /api/v1/me under load for ${duration} s...`);
    const under = await load(server, { label: 'profiled', duration, connections, request });
    await askChild(server.child, { type: 'profile-stop', file }, 'profile-written');
    const summary = summariseProfile(file);
    return {
      file: path.relative(root, file),
      reqPerSecWhileProfiling: under.reqPerSec,
      requestsProfiled: under.totalRequests,
      busyUsPerRequest: round((summary.busyMs * 1000) / (under.totalRequests || 1), 1),
      ...summary,
    };
  } finally {
    await stopChild(server.child);
  }
}

// Browsers send Accept-Encoding, so the compression path does its real per-request work.
const browserish = { 'accept-encoding': 'gzip, deflate, br' };
const meHeaders = (cookie) => ({ ...browserish, cookie });

export async function runIdentity({
  duration = 10,
  rounds = 3,
  warmup = 3,
  connections = 50,
  loginConnections = 16,
  loginDuration = 10,
  loginRounds = 3,
  profile = 'auto',
  log = () => {},
} = {}) {
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-id-'));
  let server;
  try {
    log('  starting the portal (first start: migrations and the demo seed)...');
    server = await startPortal({ tmpRoot, name: 'portal' });

    // (a) Logins.
    const loginBody = (email) => JSON.stringify({ email, password: DEMO_PASSWORD });
    const loginRequest = {
      requests: DEMO_USERS.map((email) => ({
        method: 'POST',
        path: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json', ...browserish },
        body: loginBody(email),
      })),
    };
    log(`  warm-up logins (${warmup} s)`);
    await load(server, {
      label: 'warm-up',
      duration: warmup,
      connections: loginConnections,
      request: loginRequest,
    });
    const logins = [];
    for (let r = 0; r < loginRounds; r++) {
      await sleep(500);
      const res = await load(server, {
        label: 'POST /api/v1/auth/login',
        duration: loginDuration,
        connections: loginConnections,
        request: loginRequest,
      });
      logins.push(res);
      log(
        `  login round ${r + 1}/${loginRounds}  ${String(res.reqPerSec).padStart(7)} logins/s  p50 ${res.latencyP50Ms} ms  p99 ${res.latencyP99Ms} ms  non-2xx ${res.non2xx}`,
      );
    }
    // What one person waits for when nobody else logs in at the same moment.
    await sleep(500);
    const alone = await load(server, {
      label: 'POST /api/v1/auth/login (1 connection)',
      duration: Math.min(loginDuration, 5),
      connections: 1,
      request: loginRequest,
    });
    log(`  login alone: p50 ${alone.latencyP50Ms} ms  p99 ${alone.latencyP99Ms} ms`);

    // (b) GET /me against GET /hello, alternating.
    const cookie = await login(server.base, ME_USER);
    const targets = [
      { label: 'GET /api/v1/hello', request: { url: `${server.base}/api/v1/hello`, headers: browserish } },
      {
        label: 'GET /api/v1/me (session)',
        request: { url: `${server.base}/api/v1/me`, headers: meHeaders(cookie) },
      },
      {
        label: 'GET /api/v1/hello (session)',
        request: { url: `${server.base}/api/v1/hello`, headers: meHeaders(cookie) },
      },
    ];
    const me = await (await fetch(`${server.base}/api/v1/me`, { headers: { cookie } })).text();
    const samples = await alternate(server, targets, {
      warmup,
      duration,
      connections,
      rounds,
      labelWidth: 28,
      log,
    });
    await stopChild(server.child);
    server = undefined;

    const loginSummary = summarise(`POST /api/v1/auth/login (${loginConnections} connections)`, logins);
    const loginAlone = summarise('POST /api/v1/auth/login (1 connection)', [alone]);
    const summary = targets.map((t) => summarise(t.label, samples.get(t.label)));
    const hello = summary[0].medianReqPerSec;
    for (const s of summary) s.ratioToHello = round(s.medianReqPerSec / hello, 3);
    const ratio = summary[1].ratioToHello;
    const missed = ratio < ME_RATIO_TARGET;
    const cpuProfiles = [];
    if (profile === 'always' || (profile === 'auto' && missed))
      cpuProfiles.push(await profileMe({ tmpRoot, duration, connections, log }));
    return {
      what: `(a) POST /api/v1/auth/login with the production scrypt parameters, ${loginConnections} connections cycling through ${DEMO_USERS.length} demo users, ${loginRounds} rounds of ${loginDuration} s; (b) GET /api/v1/me (session of ${ME_USER}) against GET /api/v1/hello, autocannon, ${connections} connections, ${rounds} alternating rounds of ${duration} s after ${warmup} s warm-up each`,
      scrypt: PRODUCTION_SCRYPT,
      threadPoolSize: Number(process.env.UV_THREADPOOL_SIZE ?? 4),
      target: ME_RATIO_TARGET,
      ratio,
      met: !missed,
      valid: loginSummary.failed === 0 && loginAlone.failed === 0 && summary.every((s) => s.failed === 0),
      login: loginSummary,
      loginAlone,
      targets: summary,
      meBytes: Buffer.byteLength(me),
      settings: { duration, rounds, warmup, connections, loginConnections, loginDuration, loginRounds },
      cpuProfiles,
    };
  } finally {
    if (server) await stopChild(server.child);
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

export function formatIdentity(result) {
  const l = result.login;
  const out = [
    `Login with the production scrypt parameters (N=${result.scrypt.N}, r=${result.scrypt.r}, p=${result.scrypt.p})`,
    table(
      ['route', 'median logins/s', 'rounds', 'p50 ms', 'p99 ms', 'server CPU %', 'CPU ms/login', 'failed'],
      [l, result.loginAlone].map((x) => [
        x.target,
        x.medianReqPerSec,
        x.reqPerSec.join(' / '),
        x.medianLatencyP50Ms,
        x.medianLatencyP99Ms,
        x.medianServerCpuPct,
        round(x.medianCpuUsPerRequest / 1000, 1),
        x.failed,
      ]),
    ),
    '',
    `Authenticated GET /api/v1/me against GET /api/v1/hello (target: me/hello >= ${result.target})`,
    table(
      [
        'target',
        'median req/s',
        'rounds req/s',
        'p99 ms',
        'server CPU %',
        'CPU us/req',
        'autocannon CPU %',
        'ratio',
        'failed',
      ],
      result.targets.map((s) => [
        s.target,
        s.medianReqPerSec,
        s.reqPerSec.join(' / '),
        s.medianLatencyP99Ms,
        s.medianServerCpuPct,
        s.medianCpuUsPerRequest,
        s.medianLoadGeneratorCpuPct,
        s.ratioToHello,
        s.failed,
      ]),
    ),
    '',
    `Ratio me/hello: ${result.ratio}  ${result.met ? 'met' : 'MISSED'}   (GET /me answers ${result.meBytes} bytes before compression)`,
  ];
  if (!result.valid)
    out.push('WARNING: some requests failed (errors, timeouts or non-2xx): the figures are not comparable.');
  for (const p of result.cpuProfiles ?? []) {
    out.push(
      ...loadProfileReport(p, {
        heading: 'CPU profile: GET /api/v1/me under the same load',
        inclusiveTitle: 'Kernel, plugin and package functions by inclusive time:',
        inclusiveRows: 25,
      }),
    );
  }
  return out.join('\n');
}

export function identityOptions(args) {
  return {
    duration: Number(args.duration ?? 10),
    rounds: Number(args.rounds ?? 3),
    warmup: Number(args.warmup ?? 3),
    connections: Number(args.connections ?? 50),
    loginConnections: Number(args['login-connections'] ?? 16),
    loginDuration: Number(args['login-duration'] ?? args.duration ?? 10),
    loginRounds: Number(args['login-rounds'] ?? args.rounds ?? 3),
    profile: args.profile === true ? 'always' : args.profile === false ? 'never' : (args.profile ?? 'auto'),
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('Identity...');
  const result = await runIdentity({ ...identityOptions(args), log: (l) => console.log(l) });
  const file = writeResults('identity.json', { environment: environment(), identity: result });
  console.log('\n' + formatIdentity(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
