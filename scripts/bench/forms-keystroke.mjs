// Forms keystroke: how long a keystroke takes to show in a 200-field form rendered by Portico's
// renderer (`PorticoForm` of @portico/forms/react), in chromium at phone size (360x740).
//
// The page (scripts/bench/forms-keystroke-page) is built with Vite in production mode and served
// from 127.0.0.1. It renders ten sections of eighteen fields, a conditional field, a table of four
// rows with a computed line total and a computed grand total (200 fields). For each keystroke the
// page records, from the key event's timestamp:
// - work: until the work the keystroke caused is done: React's render and commit (synchronous for
//   a key press) and then style and layout, forced. This is the figure held to the target.
// - frame: until the next frame starts after that work (adds the wait for the display's vsync,
//   0-16.7 ms at 60 Hz, whatever the form does); informational.
// Keys are typed by Playwright (CDP key events) with a pause between them, as a person types, into
// three fields: a text field in the middle of the form, a quantity in the table (whose line total
// and grand total are computed as the user types) and a multi-line comment. The first keystrokes
// of each field are a warm-up and not counted.
//
// For comparison (`--no-plain` leaves it out) the same form runs in react-jsonschema-form as it is
// commonly set up: @rjsf/mui, @rjsf/validator-ajv8, the data held by the parent and passed back,
// liveValidate on.
//
// Run alone: node scripts/bench/forms-keystroke.mjs [--keys 40] [--warmup-keys 8] [--cpu-slowdown 1]
//   [--no-plain] [--no-build]
// Exits with code 1 when the median or p95 of Portico's keystrokes is over the target.
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
const targets = [
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

async function measureMode(browser, url, mode, { keys, warmupKeys, cpuSlowdown, log }) {
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
    await page.evaluate(() => (window.benchSamples.length = 0));
    for (let i = 0; i < warmupKeys + keys; i++) {
      for (const key of target.keys(i)) {
        if (i === warmupKeys) await page.evaluate(() => (window.benchSamples.length = 0));
        await page.keyboard.press(key);
        // A person's keys come 100-200 ms apart; 40 ms lets each frame finish.
        await page.waitForTimeout(40);
      }
    }
    await page.waitForTimeout(100);
    const samples = await page.evaluate(() => window.benchSamples);
    const work = samples.map((s) => s.work);
    const frame = samples.map((s) => s.frame).filter((x) => typeof x === 'number');
    results.push({
      target: target.name,
      selector: target.selector,
      keystrokes: samples.length,
      workMedianMs: round(median(work), 1),
      workP95Ms: round(percentile(work, 95), 1),
      workMaxMs: round(Math.max(...work), 1),
      frameMedianMs: round(median(frame), 1),
      frameP95Ms: round(percentile(frame, 95), 1),
      samples: work.map((x) => round(x, 2)),
    });
    log(
      `  ${mode}, ${target.name}: median ${round(median(work), 1)} ms, p95 ${round(percentile(work, 95), 1)} ms`,
    );
  }
  await context.close();
  if (errors.length) throw new Error(`the ${mode} page threw: ${errors.join('\n')}`);
  const all = results.flatMap((r) => r.samples);
  return {
    mode,
    fields,
    inputs,
    keystrokes: all.length,
    workMedianMs: round(median(all), 1),
    workP95Ms: round(percentile(all, 95), 1),
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
    const baseline = plain ? await measureMode(browser, server.url, 'plain', options) : undefined;
    return {
      what: `ms from a key event to the end of the work it caused (render, commit, style and layout) in a ${portico.fields}-field form, chromium ${chromiumPath} headless at 360x740${cpuSlowdown > 1 ? `, CPU slowed ${cpuSlowdown}x` : ''}; ${keys} keystrokes in each of ${targets.length} fields after ${warmupKeys} warm-up keystrokes`,
      target: `median and p95 <= ${KEYSTROKE_TARGET_MS} ms`,
      met: portico.workMedianMs <= KEYSTROKE_TARGET_MS && portico.workP95Ms <= KEYSTROKE_TARGET_MS,
      portico,
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
  for (const m of [result.portico, result.plainRjsf].filter(Boolean)) {
    for (const t of m.targets)
      rows.push([
        m.mode,
        t.target,
        t.keystrokes,
        t.workMedianMs,
        t.workP95Ms,
        t.workMaxMs,
        t.frameMedianMs,
        t.frameP95Ms,
      ]);
    rows.push([m.mode, 'all', m.keystrokes, m.workMedianMs, m.workP95Ms, null, m.frameMedianMs, null]);
  }
  return [
    `Forms keystroke (${result.what})`,
    table(['renderer', 'field', 'keys', 'median ms', 'p95 ms', 'max ms', 'frame median', 'frame p95'], rows),
    `Portico: median ${result.portico.workMedianMs} ms, p95 ${result.portico.workP95Ms} ms, target ${result.target}: ${result.met ? 'met' : 'MISSED'}` +
      (result.plainRjsf
        ? `; plain RJSF (controlled, liveValidate): median ${result.plainRjsf.workMedianMs} ms, p95 ${result.plainRjsf.workP95Ms} ms`
        : ''),
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
