// Forms keystroke: what a keystroke costs in a 200-field form rendered by Portico's renderer
// (`PorticoForm` of @portico/forms/react), in chromium at phone size (360x740).
//
// The page (scripts/bench/forms-keystroke-page) is built with Vite in production mode and served
// from 127.0.0.1. It renders ten sections of eighteen fields, a conditional field, a table of four
// rows with a computed line total and a computed grand total (200 fields). Keys are typed by
// Playwright (CDP key events) 40 ms apart into three fields: a text field in the middle of the
// form, a quantity in the table (whose line total and grand total follow each key) and a
// multi-line comment; the first keystrokes of each are a warm-up. Per keystroke:
// - CPU (held to the target): main-thread CPU time of the tasks the key caused, from a chromium
//   trace (thread time of every top-level task until the next key: the key events, React's render
//   and commit, style, layout, paint, frame callbacks). It does not grow when other processes
//   take the cores, so it is comparable on a busy machine.
// - wall: from the key event's timestamp until that work is done (measured in the page: a
//   message posted after the input event, then style and layout forced). Grows with the load.
// - to frame: until the next frame starts after that work (adds the wait for vsync).
//
// For comparison (`--no-plain` leaves it out) the same form runs in react-jsonschema-form as it is
// commonly set up: @rjsf/mui, @rjsf/validator-ajv8, the data held by the parent and passed back,
// liveValidate on.
//
// Run alone: node scripts/bench/forms-keystroke.mjs [--keys 40] [--warmup-keys 8] [--cpu-slowdown 1]
//   [--no-plain] [--no-build]
// Exits with code 1 when the median or p95 of Portico's CPU per keystroke is over the target.
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  build,
  environment,
  HOST,
  isMain,
  median,
  parseArgs,
  root,
  round,
  table,
  writeResults,
} from './lib.mjs';

export const KEYSTROKE_TARGET_MS = 16;
const pageDir = path.join(root, 'scripts', 'bench', 'forms-keystroke-page');
const require = createRequire(import.meta.url);

/** The p-th percentile (nearest rank). */
function percentile(xs, p) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Builds the benchmark page with Vite (production), into `outDir`. */
async function buildPage(outDir) {
  const vite = await import(pathToFileURL(require.resolve('vite')).href);
  const react = (await import(pathToFileURL(require.resolve('@vitejs/plugin-react')).href)).default;
  await vite.build({
    root: pageDir,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
    plugins: [react()],
    resolve: {
      conditions: ['@portico/source', 'module', 'browser', 'development|production'],
      // Ajv 8 for the comparison page (the root's ajv is eslint's Ajv 6).
      alias: [{ find: /^ajv\//, replacement: `${path.join(root, 'forms', 'node_modules', 'ajv')}/` }],
    },
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 5000 },
  });
}

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Serves `dir` on 127.0.0.1; resolves { url, close }. */
function serve(dir) {
  const server = createServer((req, res) => {
    const p = new URL(req.url, 'http://x').pathname;
    const file = path.join(dir, p === '/' ? 'index.html' : path.normalize(p).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(dir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) =>
    server.listen(0, HOST, () =>
      resolve({
        url: `http://${HOST}:${server.address().port}`,
        close: () => new Promise((r) => server.close(r)),
      }),
    ),
  );
}

/** What to type where: text keys, or a key followed by Backspace (a number that stays small). */
const porticoTargets = [
  {
    name: 'text field (section 5)',
    selector: '#root_section5_f1',
    keys: (i) => [String.fromCharCode(97 + (i % 26))],
  },
  {
    name: 'table quantity (computed totals)',
    selector: '#root_lines_1_qty',
    keys: (i) => (i % 2 ? ['Backspace'] : [String(2 + (i % 7))]),
  },
  {
    name: 'comment (textarea)',
    selector: '#root_section9_f9',
    keys: (i) => [i % 8 === 7 ? ' ' : String.fromCharCode(97 + (i % 26))],
  },
];

/** The floor page has plain text fields: the same keys into three of them. */
const floorTargets = [
  { name: 'text field 100', selector: '#floor_100', keys: (i) => [String.fromCharCode(97 + (i % 26))] },
  { name: 'text field 150', selector: '#floor_150', keys: (i) => [String.fromCharCode(97 + (i % 26))] },
  { name: 'text field 190', selector: '#floor_190', keys: (i) => [String.fromCharCode(97 + (i % 26))] },
];

const traceCategories = ['toplevel', 'devtools.timeline'];

/**
 * Main-thread CPU time of each keystroke, from a chromium trace: every top-level task of the
 * page's main thread (its thread time, `tdur`: the time it ran, not the time it waited for a
 * core) is given to the last key pressed before it ended: the key's events, React's work, style,
 * layout, paint on the main thread, frame callbacks. Unlike wall time, it does not grow when
 * other processes take the machine's cores.
 */
function keystrokeCpu(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const keydowns = events.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  if (!keydowns.length) return { cpu: [], autofill: [] };
  const { pid, tid } = keydowns[0];
  const keys = keydowns.map((e) => e.ts).sort((a, b) => a - b);
  const cpu = keys.map(() => 0);
  const autofill = keys.map(() => 0);
  for (const e of events) {
    if (e.pid !== pid || e.tid !== tid || e.ph !== 'X') continue;
    if (e.name !== 'ThreadControllerImpl::RunTask') continue; // the scheduler's top-level tasks
    const end = e.ts + (e.dur ?? 0);
    let i = -1;
    while (i + 1 < keys.length && keys[i + 1] <= end) i++;
    if (i < 0) continue;
    const ms = (e.tdur ?? e.dur ?? 0) / 1000;
    cpu[i] += ms;
    // Chromium's autofill agent reads the whole form after each change of a text field (a task
    // it posts from form_submission_tracker.cc): the browser's work, in any page with a form.
    if (e.args?.src_func === 'FormControlDidChange') autofill[i] += ms;
  }
  return { cpu, autofill };
}

const summary = (xs) => ({ median: round(median(xs), 1), p95: round(percentile(xs, 95), 1) });

async function measureMode(browser, url, mode, { keys, warmupKeys, cpuSlowdown, log }) {
  const targets = mode === 'floor' ? floorTargets : porticoTargets;
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 1,
    hasTouch: true,
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (cpuSlowdown > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
  }
  await page.goto(`${url}/?mode=${mode}`);
  await page.waitForFunction(() => window.benchReady === true, null, { timeout: 60000 });
  const fields = await page.evaluate(() => window.benchFields);
  const inputs = await page.evaluate(() => document.querySelectorAll('input, textarea, select').length);
  const results = [];
  for (const target of targets) {
    await page.locator(target.selector).click();
    for (let i = 0; i < warmupKeys + keys; i++) {
      if (i === warmupKeys) {
        await page.waitForTimeout(400); // the warm-up's text reaches the form
        await page.evaluate(() => (window.benchSamples.length = 0));
        await browser.startTracing(page, { categories: traceCategories });
      }
      for (const key of target.keys(i)) {
        await page.keyboard.press(key);
        // A person's keys come 100-200 ms apart; 40 ms lets each frame finish.
        await page.waitForTimeout(40);
      }
    }
    const traceJson = JSON.parse((await browser.stopTracing()).toString('utf8'));
    if (process.env.BENCH_TRACE)
      (await import('node:fs')).writeFileSync(
        `${process.env.BENCH_TRACE}-${mode}-${results.length}.json`,
        JSON.stringify(traceJson),
      );
    const { cpu, autofill } = keystrokeCpu(traceJson);
    const samples = await page.evaluate(() => window.benchSamples);
    await page.waitForTimeout(400);
    const work = samples.map((s) => s.work);
    const frame = samples.map((s) => s.frame).filter((x) => typeof x === 'number');
    const c = summary(cpu);
    const w = summary(work);
    results.push({
      target: target.name,
      selector: target.selector,
      keystrokes: samples.length,
      cpuMedianMs: c.median,
      cpuP95Ms: c.p95,
      workMedianMs: w.median,
      workP95Ms: w.p95,
      frameMedianMs: summary(frame).median,
      autofillMedianMs: summary(autofill).median,
      ownMedianMs: summary(cpu.map((x, i) => x - autofill[i])).median,
      ownP95Ms: summary(cpu.map((x, i) => x - autofill[i])).p95,
      cpuSamples: cpu.map((x) => round(x, 2)),
      autofillSamples: autofill.map((x) => round(x, 2)),
      samples: work.map((x) => round(x, 2)),
    });
    log(
      `  ${mode}, ${target.name}: main-thread CPU median ${c.median} ms, p95 ${c.p95} ms; wall median ${w.median} ms, p95 ${w.p95} ms`,
    );
  }
  await context.close();
  if (errors.length) throw new Error(`the ${mode} page threw: ${errors.join('\n')}`);
  const c = summary(results.flatMap((r) => r.cpuSamples));
  const autofill = summary(results.flatMap((r) => r.autofillSamples));
  const own = summary(results.flatMap((r) => r.cpuSamples.map((x, i) => x - r.autofillSamples[i])));
  const w = summary(results.flatMap((r) => r.samples));
  return {
    mode,
    fields,
    inputs,
    keystrokes: results.reduce((n, r) => n + r.keystrokes, 0),
    cpuMedianMs: c.median,
    cpuP95Ms: c.p95,
    autofillMedianMs: autofill.median,
    ownMedianMs: own.median,
    ownP95Ms: own.p95,
    workMedianMs: w.median,
    workP95Ms: w.p95,
    frameMedianMs: round(median(results.map((r) => r.frameMedianMs)), 1),
    targets: results,
  };
}

export async function runFormsKeystroke({
  keys = 40,
  warmupKeys = 8,
  cpuSlowdown = 1,
  plain = true,
  log = () => {},
} = {}) {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-forms-'));
  let server;
  let browser;
  try {
    log('  building the benchmark page (Vite, production)...');
    await buildPage(outDir);
    server = await serve(outDir);
    const { chromium } = await import('playwright-core');
    const { chromiumArgs, chromiumPath } = await import('@portico/core/testing');
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    const options = { keys, warmupKeys, cpuSlowdown, log };
    const portico = await measureMode(browser, server.url, 'portico', options);
    const floor = await measureMode(browser, server.url, 'floor', options);
    const baseline = plain ? await measureMode(browser, server.url, 'plain', options) : undefined;
    return {
      what: `per keystroke in a ${portico.fields}-field form: main-thread CPU (trace) and wall time to the end of its work; chromium ${chromiumPath} headless at 360x740${cpuSlowdown > 1 ? `, CPU slowed ${cpuSlowdown}x` : ''}; ${keys} keystrokes in each of ${porticoTargets.length} fields after ${warmupKeys} warm-up keystrokes`,
      target: `main-thread CPU per keystroke, median and p95 <= ${KEYSTROKE_TARGET_MS} ms`,
      met: portico.cpuMedianMs <= KEYSTROKE_TARGET_MS && portico.cpuP95Ms <= KEYSTROKE_TARGET_MS,
      portico,
      floor,
      ...(baseline ? { plainRjsf: baseline } : {}),
    };
  } finally {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

export function formatFormsKeystroke(result) {
  const rows = [];
  for (const m of [result.portico, result.floor, result.plainRjsf].filter(Boolean)) {
    for (const t of m.targets)
      rows.push([
        m.mode,
        t.target,
        t.keystrokes,
        t.cpuMedianMs,
        t.cpuP95Ms,
        t.autofillMedianMs,
        t.ownMedianMs,
        t.ownP95Ms,
        t.workMedianMs,
        t.workP95Ms,
        t.frameMedianMs,
      ]);
    rows.push([
      m.mode,
      'all',
      m.keystrokes,
      m.cpuMedianMs,
      m.cpuP95Ms,
      m.autofillMedianMs,
      m.ownMedianMs,
      m.ownP95Ms,
      m.workMedianMs,
      m.workP95Ms,
      m.frameMedianMs,
    ]);
  }
  const line = (m) =>
    `main-thread CPU per keystroke median ${m.cpuMedianMs} ms, p95 ${m.cpuP95Ms} ms, of which Chromium's autofill ${m.autofillMedianMs} ms (median); without it ${m.ownMedianMs} / ${m.ownP95Ms} ms (wall ${m.workMedianMs} / ${m.workP95Ms} ms)`;
  return [
    `Forms keystroke (${result.what})`,
    table(
      [
        'renderer',
        'field',
        'keys',
        'CPU median',
        'CPU p95',
        'autofill',
        'w/o autofill',
        'w/o p95',
        'wall median',
        'wall p95',
        'to frame',
      ],
      rows,
    ),
    `Portico: ${line(result.portico)}; target ${result.target}: ${result.met ? 'met' : 'MISSED'}` +
      `\nFloor (200 plain MUI text fields, no form library): ${line(result.floor)}` +
      (result.plainRjsf ? `\nPlain RJSF (controlled data, liveValidate): ${line(result.plainRjsf)}` : ''),
  ].join('\n');
}

export function formsKeystrokeOptions(args) {
  return {
    keys: Number(args.keys ?? 40),
    warmupKeys: Number(args['warmup-keys'] ?? 8),
    cpuSlowdown: Number(args['cpu-slowdown'] ?? 1),
    plain: args.plain !== false,
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('Forms keystroke...');
  const result = await runFormsKeystroke({ ...formsKeystrokeOptions(args), log: (l) => console.log(l) });
  const file = writeResults('forms-keystroke.json', { environment: environment(), formsKeystroke: result });
  console.log('\n' + formatFormsKeystroke(result) + `\n\nWritten to ${path.relative(root, file)}`);
  if (!result.met) process.exitCode = 1;
}
