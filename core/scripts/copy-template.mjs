#!/usr/bin/env node
// Copies the hello reference plugin (../plugins/hello) into templates/plugin-hello, so that
// `portico create-plugin` has its template when @portico/core is installed from npm. Run by
// "prepack"; `--clean` (run by "postpack") removes the copy again. templates/ is not in git.
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const coreDir = fileURLToPath(new URL('..', import.meta.url));
const templatesDir = path.join(coreDir, 'templates');
const from = path.join(coreDir, '..', 'plugins', 'hello');
const to = path.join(templatesDir, 'plugin-hello');

if (process.argv.includes('--clean')) {
  rmSync(templatesDir, { recursive: true, force: true });
  process.exit(0);
}
if (!existsSync(path.join(from, 'package.json'))) {
  console.error(
    `copy-template: ${from} has no package.json. Pack @portico/core from the Portico monorepo, where plugins/hello is beside core.`,
  );
  process.exit(1);
}

/** Build output, installs and caches stay behind: the template is source only. */
const skipped = (name) =>
  ['node_modules', 'dist', 'coverage'].includes(name) ||
  name.endsWith('.tsbuildinfo') ||
  name.endsWith('.tgz');

rmSync(templatesDir, { recursive: true, force: true });
cpSync(from, to, { recursive: true, filter: (src) => src === from || !skipped(path.basename(src)) });
console.error(
  `copy-template: ${path.relative(process.cwd(), from) || '.'} -> ${path.relative(process.cwd(), to)}`,
);
