import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompress, constants } from 'node:zlib';
import type * as Vite from 'vite';
import type { ResolvedPlugin } from '../plugin/manifest.js';
import { pluginIndexSource, uiAppDir, uiApps } from './ui-apps.js';

const stampFile = '.portico-build.json';

/** Every file under `dir` (skipping dist and node_modules) as "path size mtime" lines. */
function listFiles(dir: string, out: string[]): void {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) listFiles(file, out);
    else {
      const s = statSync(file);
      out.push(`${file} ${s.size} ${s.mtimeMs}`);
    }
  }
}

/** A digest of everything the app's bundle is made from; the build is skipped while it is unchanged. */
function inputsDigest(
  appDir: string,
  coreDir: string,
  plugins: ReadonlyArray<ResolvedPlugin>,
  index: string,
): string {
  const files: string[] = [];
  listFiles(appDir, files);
  listFiles(path.join(coreDir, 'src', 'react'), files);
  listFiles(path.join(coreDir, 'src', 'client'), files);
  for (const p of plugins) {
    // The UI exports and the browser code they import (the forms engine's renderer in src/react,
    // its browser-safe src/shared).
    for (const dir of ['portal', 'admin', 'react', 'shared']) listFiles(path.join(p.dir, 'src', dir), files);
    listFiles(path.join(p.dir, 'locales'), files);
  }
  return createHash('sha256').update(index).update(files.sort().join('\n')).digest('hex');
}

const brotli = promisify(brotliCompress);

/** What is worth compressing ahead: text assets over a kilobyte. */
const compressible = /\.(js|mjs|css|svg|json|txt|html)$/;

/**
 * Writes a brotli copy (`<file>.br`, at the highest quality) next to every text asset of a built
 * app. The assets never change (their names carry their hash), so they are compressed once here
 * instead of at a lower quality on every request: about 13 % fewer bytes for the first load
 * (serveUi sends the copy to browsers that accept brotli).
 */
export async function precompressAssets(assetsDir: string): Promise<number> {
  if (!existsSync(assetsDir)) return 0;
  const files = readdirSync(assetsDir).filter(
    (f) => compressible.test(f) && statSync(path.join(assetsDir, f)).size > 1024,
  );
  await Promise.all(
    files.map(async (f) => {
      const raw = await readFile(path.join(assetsDir, f));
      const packed = await brotli(raw, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
        },
      });
      await writeFile(path.join(assetsDir, `${f}.br`), packed);
    }),
  );
  return files.length;
}

export interface UiBuildResult {
  app: string;
  built: boolean;
  reason: string;
}

/**
 * Writes each app's plugin index from `plugins` and builds the app with Vite when anything it
 * is made from changed since the last build (or when `force`). Apps that are not installed are
 * skipped: a portal can run API-only.
 */
export async function buildUi(
  root: string,
  plugins: ReadonlyArray<ResolvedPlugin>,
  options: { force?: boolean; progress?: (what: string, detail: string) => void } = {},
): Promise<UiBuildResult[]> {
  const results: UiBuildResult[] = [];
  const coreDir = new URL('../..', import.meta.url).pathname;
  for (const app of uiApps) {
    const dir = uiAppDir(root, app.packageName);
    if (!dir || !existsSync(path.join(dir, 'vite.config.ts'))) {
      results.push({ app: app.name, built: false, reason: `${app.packageName} is not installed` });
      continue;
    }
    const index = pluginIndexSource(plugins, app.pluginExport);
    const indexFile = path.join(dir, 'src', 'plugins.generated.ts');
    if (!existsSync(indexFile) || readFileSync(indexFile, 'utf8') !== index) writeFileSync(indexFile, index);
    const digest = inputsDigest(dir, coreDir, plugins, index);
    const stamp = path.join(dir, 'dist', stampFile);
    const previous = existsSync(stamp)
      ? (JSON.parse(readFileSync(stamp, 'utf8')) as { digest?: string }).digest
      : undefined;
    if (!options.force && previous === digest && existsSync(path.join(dir, 'dist', 'index.html'))) {
      results.push({ app: app.name, built: false, reason: 'up to date' });
      continue;
    }
    options.progress?.('build', `${app.name} app (Vite)`);
    const require = createRequire(path.join(dir, 'package.json'));
    const vite = (await import(pathToFileURL(require.resolve('vite')).href)) as typeof Vite;
    await vite.build({
      root: dir,
      configFile: path.join(dir, 'vite.config.ts'),
      logLevel: 'warn',
      mode: 'production',
    });
    options.progress?.('build', `${app.name} app: compressing its assets`);
    await precompressAssets(path.join(dir, 'dist', 'assets'));
    writeFileSync(stamp, `${JSON.stringify({ digest, builtAt: new Date().toISOString() })}\n`);
    results.push({ app: app.name, built: true, reason: previous ? 'sources changed' : 'first build' });
  }
  return results;
}
