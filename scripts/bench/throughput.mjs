// Throughput of the portal's GET /api/v1/hello against a bare express 5 route answering the same
// JSON body, in one run, as a ratio kernel / bare. Target: >= 0.77.
//
// Each server runs in its own process (NODE_ENV=production, 127.0.0.1, stdout to /dev/null); the
// load generator (autocannon, in this process) has its own CPU. The portal runs twice: with request
// logging (the default, log level info) and with PORTICO_LOG__REQUESTS=false. After a warm-up,
// rounds of `--duration` seconds alternate between the servers (the order rotates each round) and
// the ratio is taken of the median req/s.
//
// Run alone: node scripts/bench/throughput.mjs [--duration 10] [--rounds 3] [--warmup 3]
//   [--connections 50] [--pipelining 1] [--no-extras] [--profile auto|always|never] [--no-build]
// Informational servers (--no-extras drops them): bare express + helmet + compression (the kernel's
// middleware packages), and the portal answering the same body from a fixture plugin route that does
// not touch the database (fixtures/constant-plugin: the kernel's own cost per request).
// --profile auto (default) profiles the portal under the same load when a ratio misses the target.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadProfileReport, summariseProfile } from './cpu-profile.mjs';
import {
  askChild,
  bareServer,
  benchDir,
  build,
  cpuSeconds,
  environment,
  freePort,
  get,
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

export const THROUGHPUT_TARGET = 0.77;
const ROUTE = '/api/v1/hello';
const constantPlugin = fileURLToPath(new URL('./fixtures/constant-plugin/', import.meta.url));
const CONSTANT_ROUTE = '/api/v1/bench-constant';

/** Starts a server process and waits until it is ready (/readyz for a portal, the route for bare). */
async function startServer({
  name,
  kind,
  tmpRoot,
  extraEnv = {},
  body,
  profile = false,
  route = ROUTE,
  appRoot,
}) {
  const port = await freePort();
  let args;
  let env;
  if (kind === 'portal') {
    const dataDir = path.join(tmpRoot, name.replace(/\W+/g, '-'));
    env = portalEnv({ port, dataDir, extra: { ...(appRoot ? { PORTICO_ROOT: appRoot } : {}), ...extraEnv } });
    args = [...(profile ? [`--import=${profileHook}`] : []), porticoBin, 'start'];
  } else {
    env = {
      ...process.env,
      ...extraEnv,
      NODE_ENV: 'production',
      PORT: String(port),
      BENCH_HOST: HOST,
      BENCH_BODY: body,
    };
    args = [bareServer];
  }
  // stdout (the request log) goes to /dev/null: a pipe nobody reads could fill up and block.
  const stdio = ['ignore', 'ignore', 'pipe', ...(profile ? ['ipc'] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env, stdio });
  const errTail = tail(child.stderr, 40);
  try {
    await waitFor200(`http://${HOST}:${port}${kind === 'portal' ? '/readyz' : route}`, {
      child,
      timeoutMs: 60000,
    });
  } catch (err) {
    await stopChild(child);
    throw new Error(`${name} did not start: ${err.message}\n--- stderr (last lines) ---\n${errTail()}`);
  }
  return { name, kind, port, child, url: `http://${HOST}:${port}${route}`, errTail };
}

/**
 * An app root for a portal with the plugins of config/default.json plus the constant-route fixture
 * plugin (same route declaration as hello's GET /, no database access). Plugins are listed by
 * absolute path so the root can live in a temporary directory.
 */
function constantRouteApp(tmpRoot) {
  const app = path.join(tmpRoot, 'app-constant');
  mkdirSync(path.join(app, 'config'), { recursive: true });
  const config = JSON.parse(readFileSync(path.join(root, 'config', 'default.json'), 'utf8'));
  const require = createRequire(path.join(root, 'package.json'));
  const absolute = (spec) => {
    if (spec.startsWith('.') || path.isAbsolute(spec)) return path.resolve(root, spec);
    return path.dirname(require.resolve(`${spec}/package.json`));
  };
  const plugins = (config.plugins ?? []).map((e) =>
    typeof e === 'string' ? absolute(e) : { ...e, package: absolute(e.package) },
  );
  plugins.push(constantPlugin);
  delete config.$schema;
  writeFileSync(path.join(app, 'config', 'default.json'), JSON.stringify({ ...config, plugins }, null, 2));
  return app;
}

/** One autocannon run against `server`; returns req/s, latency and the CPU both sides used. */
async function load(server, { duration, connections, pipelining }) {
  const cpu0 = cpuSeconds(server.child.pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  // Browsers and most HTTP clients send Accept-Encoding; so does the load, so that the portal's
  // compression middleware does its real per-request work (the body is below its threshold).
  const r = await autocannon({
    url: server.url,
    connections,
    pipelining,
    duration,
    timeout: 10,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu1 = cpuSeconds(server.child.pid);
  const own = process.cpuUsage(own0);
  return {
    reqPerSec: round(r.requests.average, 0),
    totalRequests: r.requests.total,
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    latencyMaxMs: r.latency.max,
    bytesPerSec: round(r.throughput.average, 0),
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    serverCpuPct: cpu0 === null || cpu1 === null ? null : round((100 * (cpu1 - cpu0)) / wall, 0),
    loadGeneratorCpuPct: round((100 * (own.user + own.system)) / 1e6 / wall, 0),
  };
}

/** Checks that the bare servers answer the same bytes and Content-Type as the portal. */
async function checkSameBody(reference, others) {
  const want = await get(reference.url);
  if (want.status !== 200)
    throw new Error(`${reference.name} answered ${want.status} on ${ROUTE}: ${want.body}`);
  for (const s of others) {
    const got = await get(s.url);
    const same =
      got.status === 200 &&
      got.body.equals(want.body) &&
      got.headers['content-type'] === want.headers['content-type'];
    if (!same) {
      throw new Error(
        `${s.name} does not answer like ${reference.name}: ${got.status} ${got.headers['content-type']} ${got.body} ` +
          `versus ${want.status} ${want.headers['content-type']} ${want.body}`,
      );
    }
  }
  return {
    body: want.body.toString('utf8'),
    contentType: want.headers['content-type'],
    bytes: want.body.length,
  };
}

/** Profiles a fresh portal (request logging on, as by default) under the same load. */
async function profilePortal({ tmpRoot, duration, connections, pipelining, log, variant = 'hello', body }) {
  const server =
    variant === 'constant'
      ? await startServer({
          name: 'kernel-profiled-constant',
          kind: 'portal',
          tmpRoot,
          profile: true,
          appRoot: constantRouteApp(tmpRoot),
          route: CONSTANT_ROUTE,
          extraEnv: { BENCH_BODY: body },
        })
      : await startServer({ name: 'kernel-profiled', kind: 'portal', tmpRoot, profile: true });
  try {
    await load(server, { duration: 2, connections, pipelining });
    mkdirSync(benchDir, { recursive: true });
    const file = path.join(benchDir, `kernel-${variant}.cpuprofile`);
    await askChild(server.child, { type: 'profile-start', intervalUs: 500 }, 'profile-started');
    log(`  profiling the portal (${server.url}) under load for ${duration} s...`);
    const underProfile = await load(server, { duration, connections, pipelining });
    await askChild(server.child, { type: 'profile-stop', file }, 'profile-written');
    const summary = summariseProfile(file);
    return {
      server: variant === 'constant' ? 'kernel, constant route (no DB)' : 'kernel (request log on)',
      url: server.url.replace(/^http:\/\/[^/]+/, ''),
      file: path.relative(root, file),
      reqPerSecWhileProfiling: underProfile.reqPerSec,
      requestsProfiled: underProfile.totalRequests,
      busyUsPerRequest: round((summary.busyMs * 1000) / (underProfile.totalRequests || 1), 1),
      ...summary,
    };
  } finally {
    await stopChild(server.child);
  }
}

export async function runThroughput({
  duration = 10,
  rounds = 3,
  warmup = 3,
  connections = 50,
  pipelining = 1,
  extras = true,
  profile = 'auto',
  log = () => {},
} = {}) {
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-tp-'));
  const servers = [];
  try {
    log('  starting servers...');
    const kernelLogs = await startServer({ name: 'kernel (request log on)', kind: 'portal', tmpRoot });
    servers.push(kernelLogs);
    const kernelQuiet = await startServer({
      name: 'kernel (request log off)',
      kind: 'portal',
      tmpRoot,
      extraEnv: { PORTICO_LOG__REQUESTS: 'false' },
    });
    servers.push(kernelQuiet);
    const reference = await get(kernelLogs.url);
    const body = reference.body.toString('utf8');
    const bare = await startServer({ name: 'bare express', kind: 'bare', tmpRoot, body });
    servers.push(bare);
    if (extras) {
      servers.push(
        await startServer({
          name: 'express+helmet+compression',
          kind: 'bare',
          tmpRoot,
          body,
          extraEnv: { BENCH_MIDDLEWARE: 'helmet-compression' },
        }),
      );
      servers.push(
        await startServer({
          name: 'kernel, constant route (no DB)',
          kind: 'portal',
          tmpRoot,
          appRoot: constantRouteApp(tmpRoot),
          route: CONSTANT_ROUTE,
          extraEnv: { BENCH_BODY: body },
        }),
      );
    }
    const response = await checkSameBody(kernelLogs, servers.slice(1));

    const opts = { connections, pipelining };
    for (const s of servers) {
      log(`  warm-up ${s.name} (${warmup} s)`);
      await load(s, { ...opts, duration: warmup });
    }
    const samples = new Map(servers.map((s) => [s.name, []]));
    for (let r = 0; r < rounds; r++) {
      // Rotate the order so no server always runs first (or right after the heaviest one).
      const order = servers.map((_, i) => servers[(i + r) % servers.length]);
      for (const s of order) {
        await sleep(500);
        const res = await load(s, { ...opts, duration });
        samples.get(s.name).push(res);
        log(
          `  round ${r + 1}/${rounds}  ${s.name.padEnd(30)} ${String(res.reqPerSec).padStart(7)} req/s  p99 ${res.latencyP99Ms} ms`,
        );
      }
    }

    const summary = servers.map((s) => {
      const xs = samples.get(s.name);
      const num = (k) => xs.map((x) => x[k]).filter((v) => typeof v === 'number');
      return {
        server: s.name,
        kind: s.kind,
        reqPerSec: num('reqPerSec'),
        medianReqPerSec: round(median(num('reqPerSec')), 0),
        medianLatencyP99Ms: round(median(num('latencyP99Ms')), 1),
        medianLatencyP50Ms: round(median(num('latencyP50Ms')), 1),
        medianServerCpuPct: round(median(num('serverCpuPct')), 0),
        medianLoadGeneratorCpuPct: round(median(num('loadGeneratorCpuPct')), 0),
        // Server CPU time (all threads) per request: comparable even when the load generator limits.
        medianCpuUsPerRequest: round(median(xs.map((x) => (x.serverCpuPct * 1e4) / (x.reqPerSec || 1))), 0),
        errors: xs.reduce((a, x) => a + x.errors + x.timeouts + x.non2xx, 0),
        rounds: xs,
      };
    });
    const bareMedian = summary.find((s) => s.server === 'bare express').medianReqPerSec;
    for (const s of summary) s.ratioToBare = round(s.medianReqPerSec / bareMedian, 3);
    const ratio = {
      requestLogOn: summary.find((s) => s.server === 'kernel (request log on)').ratioToBare,
      requestLogOff: summary.find((s) => s.server === 'kernel (request log off)').ratioToBare,
    };
    const valid = summary.every((s) => s.errors === 0);

    // Stop the measured servers before profiling so they do not share the CPU with it.
    await Promise.all(servers.map((s) => stopChild(s.child)));
    servers.length = 0;

    const missed = ratio.requestLogOn < THROUGHPUT_TARGET || ratio.requestLogOff < THROUGHPUT_TARGET;
    const cpuProfiles = [];
    if (profile === 'always' || (profile === 'auto' && missed)) {
      const p = { tmpRoot, duration, connections, pipelining, log, body };
      cpuProfiles.push(await profilePortal({ ...p, variant: 'hello' }));
      if (extras) cpuProfiles.push(await profilePortal({ ...p, variant: 'constant' }));
    }
    return {
      what: `GET ${ROUTE}: portal versus a bare express 5 route with the same body; autocannon, ${connections} connections, pipelining ${pipelining}, ${rounds} alternating rounds of ${duration} s after ${warmup} s warm-up per server`,
      target: THROUGHPUT_TARGET,
      ratio,
      met: !missed,
      valid,
      response,
      settings: {
        duration,
        rounds,
        warmup,
        connections,
        pipelining,
        logLevel: 'info',
        nodeEnv: 'production',
        stdout: '/dev/null',
      },
      servers: summary,
      cpuProfiles,
    };
  } finally {
    await Promise.all(servers.map((s) => stopChild(s.child)));
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

export function formatThroughput(result) {
  const rows = result.servers.map((s) => [
    s.server,
    s.medianReqPerSec,
    s.reqPerSec.join(' / '),
    s.medianLatencyP99Ms,
    s.medianServerCpuPct,
    s.medianCpuUsPerRequest,
    s.medianLoadGeneratorCpuPct,
    s.ratioToBare,
    s.errors,
  ]);
  const out = [
    `Throughput of GET /api/v1/hello (target: kernel/bare >= ${result.target})`,
    table(
      [
        'server',
        'median req/s',
        'rounds req/s',
        'p99 ms',
        'server CPU %',
        'CPU us/req',
        'autocannon CPU %',
        'ratio',
        'errors',
      ],
      rows,
    ),
    '',
    `Ratio kernel/bare, request log on (default):  ${result.ratio.requestLogOn}  ${result.ratio.requestLogOn >= result.target ? 'met' : 'MISSED'}`,
    `Ratio kernel/bare, request log off:           ${result.ratio.requestLogOff}  ${result.ratio.requestLogOff >= result.target ? 'met' : 'MISSED'}`,
    `Body: ${result.response.bytes} bytes, ${result.response.contentType}: ${result.response.body}`,
  ];
  if (!result.valid)
    out.push('WARNING: some requests failed (errors, timeouts or non-2xx): the figures are not comparable.');
  for (const [i, p] of (result.cpuProfiles ?? []).entries()) {
    out.push(
      ...loadProfileReport(p, {
        heading: `CPU profile ${i + 1}: ${p.server}, GET ${p.url} under the same load`,
        inclusiveTitle:
          'Kernel, plugin and package functions by inclusive time (middleware includes what runs after its next()):',
        inclusiveRows: 20,
      }),
    );
  }
  return out.join('\n');
}

export function throughputOptions(args) {
  return {
    duration: Number(args.duration ?? 10),
    rounds: Number(args.rounds ?? 3),
    warmup: Number(args.warmup ?? 3),
    connections: Number(args.connections ?? 50),
    pipelining: Number(args.pipelining ?? 1),
    extras: args.extras !== false,
    profile: args.profile === true ? 'always' : args.profile === false ? 'never' : (args.profile ?? 'auto'),
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  const options = throughputOptions(args);
  console.log('Throughput...');
  const result = await runThroughput({ ...options, log: (l) => console.log(l) });
  const file = writeResults('throughput.json', { environment: environment(), throughput: result });
  console.log('\n' + formatThroughput(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
