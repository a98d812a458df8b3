// `npm start`: compiles what is not compiled yet (incremental, seconds when nothing changed),
// builds the apps when their sources changed, then runs `portico start` from the compiled code so the portal starts fast.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
process.stderr.write('Building what changed (tsc -b)...\n');
const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b'], {
  cwd: root,
  stdio: 'inherit',
});
if (build.status !== 0) {
  process.stderr.write(
    'The build failed (errors above). Fix them, or run "git status" to see local changes, then npm start again.\n',
  );
  process.exit(build.status ?? 1);
}
// The portal and admin apps: their plugin index and a Vite build when anything they are made of
// changed (a digest check; instant when nothing did). PORTICO_UI_BUILD=0 skips it.
if (process.env.PORTICO_UI_BUILD !== '0') {
  const ui = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../core/bin/portico.js', import.meta.url)), 'build', '--ui-only'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  if (ui.status !== 0) {
    process.stderr.write('Building the portal and admin apps failed (errors above).\n');
    process.exit(ui.status ?? 1);
  }
}
// Under `npm start`, a SIGTERM to npm may not reach this process (npm -> sh -> node). If our
// parent goes away, stop as if we had got SIGTERM ourselves instead of running on as an orphan.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();

process.argv = [process.argv[0], 'portico', 'start', ...process.argv.slice(2)];
await import('../core/dist/cli/main.js');
