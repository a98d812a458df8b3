// Shared helpers of the benchmark scripts: child processes, readiness polling, statistics, output.
// Everything here talks to 127.0.0.1 only, and every wait is bounded by a deadline.
import { execSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const benchDir = path.join(root, '.bench');
export const porticoBin = path.join(root, 'core', 'bin', 'portico.js');
export const bareServer = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
export const HOST = '127.0.0.1';

const require = createRequire(import.meta.url);

/** Parses `--name value`, `--name=value` and `--flag` / `--no-flag` into an object. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const eq = a.indexOf('=');
    if (eq > 0) out[a.slice(2, eq)] = a.slice(eq + 1);
    else if (a.startsWith('--no-')) out[a.slice(5)] = false;
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) out[a.slice(2)] = argv[++i];
    else out[a.slice(2)] = true;
  }
  return out;
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const max = (xs) => (xs.length ? Math.max(...xs) : NaN);
export const min = (xs) => (xs.length ? Math.min(...xs) : NaN);
export const round = (x, digits = 0) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** A free TCP port on 127.0.0.1 (the usual small race between closing and reuse is acceptable here). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** One GET with a short timeout; resolves { status, headers, body } or rejects on connection errors. */
export function get(url, timeoutMs = 2000) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Polls `url` every `intervalMs` until it answers 200, the child exits, or `timeoutMs` passes.
 * Returns performance.now() of the first 200.
 */
export async function waitFor200(url, { child, timeoutMs = 30000, intervalMs = 5 } = {}) {
  const deadline = performance.now() + timeoutMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (child && child.exitCode !== null)
      throw new Error(`the process exited with code ${child.exitCode} before ${url} answered 200`);
    if (child && child.signalCode)
      throw new Error(`the process was killed by ${child.signalCode} before ${url} answered 200`);
    try {
      const r = await get(url, 1000);
      if (r.status === 200) return performance.now();
      last = `HTTP ${r.status}`;
    } catch (err) {
      last = err.code ?? err.message;
    }
    await sleep(intervalMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms (last: ${last})`);
}

/** Keeps the last `n` lines written to a stream, for error messages. */
export function tail(stream, n = 30) {
  const lines = [];
  let partial = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const l of parts) {
      lines.push(l);
      if (lines.length > n) lines.shift();
    }
  });
  return () => [...lines, ...(partial ? [partial] : [])].join('\n');
}

/** Env for a portal child: loopback, production mode, chosen port and data dir, no inherited PORTICO_*. */
export function portalEnv({ port, dataDir, extra = {} }) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('PORTICO_') || k === 'DATABASE_URL' || k === 'REDIS_URL' || k === 'PORT') continue;
    env[k] = v;
  }
  return {
    ...env,
    NODE_ENV: 'production',
    PORT: String(port),
    PORTICO_HTTP__HOST: HOST,
    PORTICO_DATA_DIR: dataDir,
    ...extra,
  };
}

/** Sends SIGTERM, waits up to `timeoutMs` for the exit, then SIGKILLs. Resolves when the child is gone. */
export async function stopChild(child, timeoutMs = 10000) {
  if (!child || child.exitCode !== null || child.signalCode) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(t);
}

/** Sends `msg` to a child over IPC and resolves its answer of type `want` (or rejects on profile-error). */
export function askChild(child, msg, want, timeoutMs = 30000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`no ${want} from the child within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (m) => {
      if (m?.type !== want && m?.type !== 'profile-error') return;
      clearTimeout(t);
      child.off('message', on);
      if (m.type === 'profile-error') reject(new Error(m.message));
      else resolve(m);
    };
    child.on('message', on);
    child.send(msg);
  });
}

export const profileHook = new URL('./profile-hook.mjs', import.meta.url).href;

/** CPU seconds (user + system, all threads) a process has used so far, from /proc; null off Linux. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15.
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return null;
  }
}

let ticks;
function clockTicks() {
  if (ticks) return ticks;
  try {
    ticks = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
  } catch {
    ticks = 100;
  }
  return ticks;
}

/**
 * Compiles what changed (`tsc -b`, incremental) so the benchmark runs the current source, like
 * `npm start` does. `--no-build` skips it.
 */
export function build(args) {
  if (args.build === false) return;
  process.stderr.write('Building what changed (tsc -b)...\n');
  const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 600000,
  });
  if (r.status !== 0) {
    throw new Error(
      'the build failed (errors above); fix it or run with --no-build to measure core/dist as it is',
    );
  }
}

/** Facts about the machine and checkout that make figures comparable. */
export function environment() {
  let commit = null;
  let dirty = null;
  try {
    commit = execSync('git rev-parse --short HEAD', {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    dirty =
      execSync('git status --porcelain', {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim() !== '';
  } catch {
    // not a git checkout
  }
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    loadAverage: os.loadavg().map((x) => round(x, 2)),
    commit,
    dirty,
  };
}

/** Writes `data` as JSON under .bench/ and returns the path. */
export function writeResults(file, data) {
  mkdirSync(benchDir, { recursive: true });
  const p = path.join(benchDir, file);
  writeFileSync(p, JSON.stringify(data, null, 2) + '\n');
  return p;
}

/** Prints rows (arrays of cells) as an aligned text table; numbers right-aligned. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) =>
    r.map((c) => (c === null || c === undefined || Number.isNaN(c) ? '-' : String(c))),
  );
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r, raw) =>
    r
      .map((c, i) => (typeof raw[i] === 'number' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(all[0], header), widths.map((w) => '-'.repeat(w)).join('  ')];
  all.slice(1).forEach((r, j) => out.push(line(r, rows[j])));
  return out.join('\n');
}

export const isMain = (metaUrl) =>
  process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(metaUrl);

export { spawn };

/**
 * Starts `portico start` (production mode, SQLite, the plugins of config/default.json) on a fresh
 * data directory `dataDir`; its first start migrates and seeds the demo tenant with `password`.
 * Resolves `{ child, base, errTail }` once /readyz answers 200.
 */
export async function startDemoPortal({ dataDir, password, extraEnv = {}, timeoutMs = 120000 }) {
  const port = await freePort();
  const env = portalEnv({
    port,
    dataDir,
    extra: {
      PORTICO_DEMO_PASSWORD: password,
      PORTICO_DEMO__SEED_ON_FIRST_START: 'true',
      // A benchmark logs in and writes far more often than a person: no limit may answer 429.
      PORTICO_AUTH__LOCKOUT__IP_ATTEMPTS: '100000000',
      PORTICO_AUTH__LOCKOUT__ACCOUNT_ATTEMPTS: '100000000',
      PORTICO_AUTH__RATE_LIMIT__PER_MINUTE: '100000000',
      ...extraEnv,
    },
  });
  const child = spawn(process.execPath, [porticoBin, 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const errTail = tail(child.stderr, 40);
  try {
    await waitFor200(`http://${HOST}:${port}/readyz`, { child, timeoutMs });
  } catch (err) {
    await stopChild(child);
    throw new Error(`the portal did not start: ${err.message}\n--- stderr (last lines) ---\n${errTail()}`);
  }
  return { child, base: `http://${HOST}:${port}`, errTail };
}

/**
 * Logs in through the API; answers `{ cookie, request }`: the Cookie header value of the session,
 * and `request(method, path, body)` that sends it with the CSRF token and parses the JSON answer
 * (throwing on a status >= 400).
 */
export async function apiSession(base, email, password) {
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || body.status !== 'ok')
    throw new Error(`login of ${email} answered ${res.status}: ${JSON.stringify(body)}`);
  const cookie = res.headers.getSetCookie()[0].split(';')[0];
  const request = async (method, p, payload) => {
    const r = await fetch(`${base}${p}`, {
      method,
      headers: {
        cookie,
        accept: 'application/json',
        ...(body.csrfToken ? { 'x-csrf-token': body.csrfToken } : {}),
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    const text = await r.text();
    if (r.status >= 400) throw new Error(`${method} ${p} answered ${r.status}: ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { cookie, request };
}
