// Cold start: the time from spawning `node core/bin/portico.js start` (with the plugins of
// config/default.json, i.e. all of them) until GET /readyz answers 200.
//
//   fresh     a new empty data directory each run: migrations and the first-start demo seed run
//   migrated  one data directory that an earlier start already migrated and seeded
//   bare      a bare express process answering 200 (the floor: Node's own start-up), for reference
//
// When a target is missed (or with --profile always), one more start on the migrated data dir runs
// under the V8 sampling profiler from before the first module loads until /readyz answers, and the
// summary says which packages and functions the start-up spends its time in.
//
// Run alone: node scripts/bench/cold-start.mjs [--runs 5] [--no-build] [--no-bare] [--profile auto|always|never]
// Target: <= 1.5 s (median and max of the fresh and migrated scenarios).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summariseProfile, topSelfTable } from './cpu-profile.mjs';
import {
  askChild,
  bareServer,
  benchDir,
  build,
  environment,
  freePort,
  HOST,
  isMain,
  max,
  median,
  min,
  parseArgs,
  porticoBin,
  portalEnv,
  profileHook,
  root,
  round,
  spawn,
  stopChild,
  table,
  tail,
  waitFor200,
  writeResults,
} from './lib.mjs';

export const COLD_START_TARGET_MS = 1500;

/** One measured start. Returns timings in ms since spawn; stops the child before returning. */
async function measureOnce({ kind, dataDir, timeoutMs }) {
  const port = await freePort();
  const env =
    kind === 'bare'
      ? { ...process.env, NODE_ENV: 'production', PORT: String(port), BENCH_BODY: '{"ok":true}' }
      : portalEnv({ port, dataDir });
  const args = kind === 'bare' ? [bareServer] : [porticoBin, 'start'];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const progress = [];
  let firstOutputMs = null;
  let readyLineMs = null;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    if (readyLineMs === null && /is ready at|listening on/.test(chunk)) readyLineMs = performance.now() - t0;
  });
  child.stderr.on('data', (chunk) => {
    const now = performance.now() - t0;
    if (firstOutputMs === null) firstOutputMs = now;
    // The CLI's progress lines: "[  0.6s] registering plugin hello".
    for (const m of String(chunk).matchAll(/^\[\s*([\d.]+)s\]\s+(.*)$/gm)) {
      progress.push({ atMs: round(now, 1), cliSeconds: Number(m[1]), step: m[2] });
    }
  });
  const errTail = tail(child.stderr, 40);
  try {
    const readyAt = await waitFor200(`http://${HOST}:${port}/readyz`, { child, timeoutMs });
    return {
      readyMs: round(readyAt - t0, 1),
      firstOutputMs: firstOutputMs === null ? null : round(firstOutputMs, 1),
      readyLineMs: readyLineMs === null ? null : round(readyLineMs, 1),
      progress,
    };
  } catch (err) {
    throw new Error(`${kind} start failed: ${err.message}\n--- stderr (last lines) ---\n${errTail()}`);
  } finally {
    await stopChild(child);
  }
}

/** One more start under the profiler (see profile-hook.mjs), stopped once /readyz answers. */
async function profileStart({ dataDir, timeoutMs }) {
  const port = await freePort();
  const env = portalEnv({ port, dataDir, extra: { BENCH_PROFILE_FROM_START: '1' } });
  const t0 = performance.now();
  const child = spawn(process.execPath, [`--import=${profileHook}`, porticoBin, 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const errTail = tail(child.stderr, 40);
  try {
    const readyAt = await waitFor200(`http://${HOST}:${port}/readyz`, { child, timeoutMs });
    mkdirSync(benchDir, { recursive: true });
    const file = path.join(benchDir, 'cold-start.cpuprofile');
    await askChild(child, { type: 'profile-stop', file }, 'profile-written');
    return {
      readyMsWhileProfiling: round(readyAt - t0, 1),
      file: path.relative(root, file),
      ...summariseProfile(file),
    };
  } catch (err) {
    throw new Error(`profiled start failed: ${err.message}\n--- stderr (last lines) ---\n${errTail()}`);
  } finally {
    await stopChild(child);
  }
}

function summarise(name, runs) {
  const ready = runs.map((r) => r.readyMs);
  const pick = (k) => runs.map((r) => r[k]).filter((x) => typeof x === 'number');
  return {
    scenario: name,
    runs: runs.length,
    medianMs: round(median(ready), 1),
    maxMs: round(max(ready), 1),
    minMs: round(min(ready), 1),
    medianFirstOutputMs: round(median(pick('firstOutputMs')), 1),
    medianReadyLineMs: round(median(pick('readyLineMs')), 1),
    samplesMs: ready,
    // The run in the middle (the upper one of the two middle runs for an even count).
    medianRun: runs.slice().sort((a, b) => a.readyMs - b.readyMs)[runs.length >> 1] ?? null,
  };
}

/** Runs every scenario; returns a JSON-ready result. */
export async function runColdStart({
  runs = 5,
  bare = true,
  profile = 'auto',
  timeoutMs = 30000,
  log = () => {},
} = {}) {
  const scenarios = [];
  let cpuProfile = null;
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-cold-'));
  try {
    // Untimed start first: warms the OS file cache the way a restarted server has it warm.
    log('  warm-up start (not measured)');
    const warmDir = path.join(tmpRoot, 'warm');
    await measureOnce({ kind: 'portal', dataDir: warmDir, timeoutMs });

    const fresh = [];
    for (let i = 0; i < runs; i++) {
      const dataDir = path.join(tmpRoot, `fresh-${i}`);
      const r = await measureOnce({ kind: 'portal', dataDir, timeoutMs });
      log(`  fresh data dir     run ${i + 1}/${runs}: ${r.readyMs} ms`);
      fresh.push(r);
      rmSync(dataDir, { recursive: true, force: true });
    }
    scenarios.push(summarise('fresh data dir', fresh));

    // The warm-up start migrated and seeded warmDir: every start on it is an already-migrated one.
    const migrated = [];
    for (let i = 0; i < runs; i++) {
      const r = await measureOnce({ kind: 'portal', dataDir: warmDir, timeoutMs });
      log(`  migrated data dir  run ${i + 1}/${runs}: ${r.readyMs} ms`);
      migrated.push(r);
    }
    scenarios.push(summarise('migrated data dir', migrated));

    if (bare) {
      const b = [];
      for (let i = 0; i < runs; i++) {
        const r = await measureOnce({ kind: 'bare', timeoutMs });
        log(`  bare express       run ${i + 1}/${runs}: ${r.readyMs} ms`);
        b.push(r);
      }
      scenarios.push({ ...summarise('bare express (reference)', b), reference: true });
    }
    const missed = scenarios.some((x) => !x.reference && x.maxMs > COLD_START_TARGET_MS);
    if (profile === 'always' || (profile === 'auto' && missed)) {
      log('  profiled start on the migrated data dir (not counted)');
      cpuProfile = await profileStart({ dataDir: warmDir, timeoutMs });
    }
  } finally {
    rmSync(tmpRoot, { recursive: true, force: true });
  }
  const measured = scenarios.filter((s) => !s.reference);
  return {
    what: 'ms from spawning `node core/bin/portico.js start` until GET /readyz answers 200 (SQLite, plugins of config/default.json)',
    targetMs: COLD_START_TARGET_MS,
    metMedian: measured.every((s) => s.medianMs <= COLD_START_TARGET_MS),
    metMax: measured.every((s) => s.maxMs <= COLD_START_TARGET_MS),
    scenarios,
    cpuProfile,
  };
}

export const profileOption = (v) => (v === true ? 'always' : v === false ? 'never' : (v ?? 'auto'));

export function formatColdStart(result) {
  const rows = result.scenarios.map((s) => [
    s.scenario,
    s.runs,
    s.medianMs,
    s.maxMs,
    s.minMs,
    s.medianFirstOutputMs,
    s.medianReadyLineMs,
    s.reference
      ? '(reference)'
      : s.maxMs <= result.targetMs
        ? 'yes'
        : s.medianMs <= result.targetMs
          ? 'median only'
          : 'NO',
  ]);
  const out = [
    `Cold start (target <= ${result.targetMs} ms)`,
    table(
      ['scenario', 'runs', 'median ms', 'max ms', 'min ms', 'first output ms', 'ready line ms', 'target met'],
      rows,
    ),
  ];
  const fresh = result.scenarios.find((s) => s.scenario === 'fresh data dir');
  const run = fresh?.medianRun;
  if (run?.progress?.length) {
    out.push('', 'Progress of the median fresh start (ms since spawn, as seen by the parent):');
    for (const p of run.progress) out.push(`  ${String(p.atMs).padStart(8)}  ${p.step}`);
    if (run.readyLineMs !== null) out.push(`  ${String(run.readyLineMs).padStart(8)}  "ready at" line`);
    out.push(`  ${String(run.readyMs).padStart(8)}  /readyz 200`);
  }
  const p = result.cpuProfile;
  if (p) {
    out.push(
      '',
      `CPU profile of one start on the migrated data dir, from before the first module to /readyz 200`,
      `(${p.readyMsWhileProfiling} ms with the profiler on; main thread busy ${p.busyMs} ms, idle ${p.idlePct} %); ${p.file}`,
      '',
      'Time by area, inclusive (an area counts once per sample if any of its frames is on the stack):',
      table(
        ['area', 'total ms', '% of busy', 'self ms'],
        p.areasInclusive
          .slice(0, 16)
          .map((a) => [a.area, a.totalMs, a.totalPct, p.areas.find((x) => x.area === a.area)?.selfMs ?? 0]),
      ),
      '',
      'Top functions by self time:',
      topSelfTable(p, 15),
    );
  }
  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  const runs = Number(args.runs ?? 5);
  console.log(`Cold start, ${runs} runs per scenario...`);
  const result = await runColdStart({
    runs,
    bare: args.bare !== false,
    profile: profileOption(args.profile),
    log: (l) => console.log(l),
  });
  const file = writeResults('cold-start.json', { environment: environment(), coldStart: result });
  console.log('\n' + formatColdStart(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
