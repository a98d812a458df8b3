// UI size: what a phone downloads before the portal's first screen can run. Builds both apps
// (`portico build --ui-only --force`), then, per app, follows Vite's manifest
// (dist/.vite/manifest.json) from the entry chunk through every chunk it imports statically
// (what index.html loads and modulepreloads); chunks behind a dynamic import() (pages, plugin
// screens) load later and are listed apart. Sizes are gzip at zlib's default level, what the
// portal's compression middleware sends. Target: the portal's first-load JavaScript <= 250 KB gzip.
//
// Run alone: node scripts/bench/ui-size.mjs [--no-build] [--no-ui-build]
// Exits with code 1 when the portal's first-load JavaScript is over the target.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  build,
  environment,
  isMain,
  parseArgs,
  porticoBin,
  root,
  round,
  table,
  writeResults,
} from './lib.mjs';

/** KB are 1,000 bytes, as bundle budgets are usually stated. */
export const FIRST_LOAD_JS_TARGET_KB = 250;
const APPS = [
  { name: 'portal', dir: 'portal-ui', target: FIRST_LOAD_JS_TARGET_KB },
  { name: 'admin', dir: 'admin-ui', target: null },
];

const kb = (bytes) => round(bytes / 1000, 1);

/** `portico build --ui-only --force`: both apps from their current sources. */
export function buildApps() {
  const r = spawnSync(process.execPath, [porticoBin, 'build', '--ui-only', '--force'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    timeout: 600000,
  });
  if (r.status !== 0) throw new Error('portico build --ui-only --force failed (see above)');
}

/** Size of one built file, raw and gzip. */
function measure(dist, file) {
  const bytes = readFileSync(path.join(dist, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes).length };
}

/**
 * The chunks of one app's first load, from its Vite manifest: the entry, every chunk reached by
 * static imports (depth first), their CSS; and the lazily loaded rest.
 */
export function appSize(appDir) {
  const dist = path.join(root, appDir, 'dist');
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestFile))
    throw new Error(
      `${path.relative(root, manifestFile)} is missing: build the apps (node scripts/portico.mjs build --ui-only --force) with build.manifest on in ${appDir}/vite.config.ts`,
    );
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
  if (entries.length !== 1)
    throw new Error(
      `${path.relative(root, manifestFile)} has ${entries.length} entries; expected one (index.html)`,
    );
  const first = new Set();
  const visit = (key) => {
    if (first.has(key)) return;
    first.add(key);
    for (const k of manifest[key].imports ?? []) visit(k);
  };
  visit(entries[0][0]);
  const js = [...first].map((k) => ({ ...measure(dist, manifest[k].file), key: k }));
  const cssFiles = new Set([...first].flatMap((k) => manifest[k].css ?? []));
  const css = [...cssFiles].map((f) => measure(dist, f));
  // What index.html itself references must be part of the first load found above.
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/<(?:script|link)\b[^>]*?(?:src|href)="([^"]+\.(?:js|css))"/g)].map(
    (m) => m[1].replace(/^.*?assets\//, 'assets/'),
  );
  const known = new Set([...js.map((c) => c.file), ...css.map((c) => c.file)]);
  const missing = referenced.filter((f) => !known.has(f));
  if (missing.length)
    throw new Error(
      `index.html of ${appDir} loads ${missing.join(', ')}, which the manifest walk did not find`,
    );
  const lazyKeys = Object.keys(manifest).filter((k) => !first.has(k) && manifest[k].file.endsWith('.js'));
  const lazy = lazyKeys.map((k) => ({ ...measure(dist, manifest[k].file), key: k }));
  const sum = (xs, k) => xs.reduce((a, x) => a + x[k], 0);
  return {
    js,
    css,
    lazy,
    firstLoadJsBytes: sum(js, 'bytes'),
    firstLoadJsGzip: sum(js, 'gzip'),
    firstLoadCssBytes: sum(css, 'bytes'),
    firstLoadCssGzip: sum(css, 'gzip'),
    lazyJsGzip: sum(lazy, 'gzip'),
  };
}

export async function runUiSize({ buildUi = true, log = () => {} } = {}) {
  if (buildUi) {
    log('  building both apps (portico build --ui-only --force)...');
    buildApps();
  }
  const apps = APPS.map((a) => {
    const size = appSize(a.dir);
    return {
      app: a.name,
      ...size,
      targetKb: a.target,
      met: a.target === null ? null : kb(size.firstLoadJsGzip) <= a.target,
    };
  });
  const portal = apps.find((a) => a.app === 'portal');
  return {
    what: 'first-load JavaScript (the entry chunk and every chunk it imports statically) and CSS of each built app, gzip at zlib default level',
    target: `portal first-load JS <= ${FIRST_LOAD_JS_TARGET_KB} KB gzip`,
    portalFirstLoadJsGzipKb: kb(portal.firstLoadJsGzip),
    met: portal.met,
    apps,
  };
}

export function formatUiSize(result) {
  const out = [];
  for (const a of result.apps) {
    const rows = [
      ...a.js.map((c) => [c.file, 'JS, first load', kb(c.bytes), kb(c.gzip)]),
      ...a.css.map((c) => [c.file, 'CSS, first load', kb(c.bytes), kb(c.gzip)]),
      ...a.lazy.map((c) => [
        c.file,
        `JS, lazy (${c.key.replace(/^(\.\.\/)+/, '')})`,
        kb(c.bytes),
        kb(c.gzip),
      ]),
    ];
    out.push(
      `${a.app} app: first-load JS ${kb(a.firstLoadJsGzip)} KB gzip (${kb(a.firstLoadJsBytes)} KB raw), ` +
        `CSS ${kb(a.firstLoadCssGzip)} KB gzip, lazy JS ${kb(a.lazyJsGzip)} KB gzip` +
        (a.targetKb === null ? ' (no target)' : `; target <= ${a.targetKb} KB: ${a.met ? 'met' : 'MISSED'}`),
      table(['chunk', 'loaded', 'KB raw', 'KB gzip'], rows),
      '',
    );
  }
  out.push(
    `Portal first-load JavaScript: ${result.portalFirstLoadJsGzipKb} KB gzip, target <= ${FIRST_LOAD_JS_TARGET_KB} KB: ${result.met ? 'met' : 'MISSED'}`,
  );
  return out.join('\n');
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('UI size...');
  const result = await runUiSize({ buildUi: args['ui-build'] !== false, log: (l) => console.log(l) });
  const file = writeResults('ui-size.json', { environment: environment(), uiSize: result });
  console.log('\n' + formatUiSize(result) + `\n\nWritten to ${path.relative(root, file)}`);
  if (!result.met) process.exitCode = 1;
}
