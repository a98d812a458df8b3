import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';

/*
 * Plugins as npm packages, for real: scaffold a plugin with the CLI, build and `npm pack` it,
 * install the tarball into a fresh app next to a packed @portico/core, start the app as its own
 * process and call the plugin's routes. Everything runs offline: npm only links `file:` folders
 * and unpacks local tarballs, and the packages the monorepo already installed stand in for a
 * registry (see `linkInstalled`).
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const coreDir = path.join(repoRoot, 'core');
const monorepoCli = path.join(coreDir, 'bin', 'portico.js');
const npmCli = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const ID = 'service-notes';
const PACKAGE = '@portico/plugin-service-notes';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment for child processes: nothing from an outer npm run or Portico config leaks in. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|PORTICO_)/i.test(key)) continue;
    if (['NODE_OPTIONS', 'NODE_ENV', 'PORT', 'DATABASE_URL', 'REDIS_URL', 'INIT_CWD'].includes(key)) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** Runs a command to its end and collects its output; never rejects on a non-zero exit. */
function run(command: string, args: string[], cwd: string, timeoutMs = 45_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: childEnv(), timeout: timeoutMs, killSignal: 'SIGKILL' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like `run`, but a non-zero exit fails with the command's output. */
async function runOk(command: string, args: string[], cwd: string): Promise<RunResult> {
  const r = await run(command, args, cwd);
  if (r.code !== 0)
    throw new Error(
      `${path.basename(command)} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout}\n${r.stderr}`,
    );
  return r;
}

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

/** `npm pack --json` output; lifecycle scripts may print above the JSON. */
function parsePack(stdout: string): PackResult {
  const start = stdout.search(/^\[/m);
  if (start < 0) throw new Error(`npm pack printed no JSON:\n${stdout}`);
  const [result] = JSON.parse(stdout.slice(start)) as PackResult[];
  if (!result) throw new Error('npm pack packed nothing');
  return result;
}

/** Every file under `dir` (relative, sorted), without node_modules. */
function listFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => !f.split(path.sep).includes('node_modules') && lstatSync(path.join(dir, f)).isFile())
    .sort();
}

/**
 * Makes `name` resolvable from `dir` by linking the copy the monorepo installed: what `npm install`
 * would put there, without a registry. Links resolve to their real paths, so every package shares
 * the monorepo's single copy of its own dependencies.
 */
function linkInstalled(dir: string, name: string, target = path.join(repoRoot, 'node_modules', name)): void {
  if (!existsSync(path.join(target, 'package.json')))
    throw new Error(`${name} is not installed in the monorepo (${target}); run npm install there`);
  mkdirSync(path.dirname(path.join(dir, 'node_modules', name)), { recursive: true });
  symlinkSync(target, path.join(dir, 'node_modules', name), 'dir');
}

/** Resolves with the first match of `pattern` in the process's stdout; rejects if it exits or time runs out. */
function waitForOutput(
  child: ChildProcess,
  pattern: RegExp,
  timeoutMs: number,
  output: () => string,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const done = (fn: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      fn();
    };
    const onData = () => {
      const m = output().match(pattern);
      if (m) done(() => resolve(m));
    };
    const onExit = (code: number | null) =>
      done(() => reject(new Error(`the app exited (${code}) before it was ready:\n${output()}`)));
    const timer = setTimeout(
      () => done(() => reject(new Error(`the app was not ready after ${timeoutMs} ms:\n${output()}`))),
      timeoutMs,
    );
    child.stdout?.on('data', onData);
    child.on('exit', onExit);
    onData();
  });
}

async function getJson<T>(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: (await res.json()) as T };
}

const DEMO_PASSWORD = 'Service-notes-demo-2026';

/** Logs a demo user in and answers the Cookie header of the session. */
async function loginCookie(baseUrl: string, email: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status, await res.clone().text()).to.equal(200);
  return { cookie: res.headers.getSetCookie()[0]!.split(';')[0]! };
}

interface Greeting {
  id: number;
  message: string;
  authorName: string;
  welcomed: boolean;
}

/**
 * Runs `fn` holding a lock that other runs of this test in the same checkout respect: packing core
 * writes and removes core/templates, and npm fails when files change while it packs them.
 */
async function withCorePackLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(
    tmpdir(),
    `portico-core-pack-${createHash('sha256').update(coreDir).digest('hex').slice(0, 12)}.lock`,
  );
  const deadline = Date.now() + 40_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A run that died holding the lock leaves it behind: break it once it is clearly stale.
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > 120_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`another run has been packing ${coreDir} for 40 s (lock ${lock})`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A value an earlier step produced; a clear failure instead of a confusing one when that step failed. */
function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`an earlier step failed, so there is no ${what}`);
  return value;
}

describe('portico create-plugin and a plugin installed as an npm package', function () {
  // Packing core (with its incremental build), compiling the scaffold, installing and starting
  // an app: 15-30 s in all on two cores, most of it TypeScript and npm.
  this.timeout(60_000);

  let tmp: string;
  let coreTarball: PackResult;
  let templatesLeftInCheckout = true;
  /** @portico/core as npm would unpack it from the registry. */
  let packedCore: string;
  let scaffold: string | undefined;
  let pluginTarball: string | undefined;
  let app: string | undefined;
  let child: ChildProcess | undefined;
  let childOutput = '';
  let childExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  let baseUrl: string | undefined;

  before(async () => {
    tmp = mkdtempSync(path.join(tmpdir(), 'portico-create-plugin-'));
    // Packing core runs its prepack: an incremental build, and the hello template copied into
    // templates/ (removed again by postpack).
    coreTarball = await withCorePackLock(async () => {
      const packed = parsePack(
        (await runOk(npmCli, ['pack', '--json', '--pack-destination', tmp], coreDir)).stdout,
      );
      templatesLeftInCheckout = existsSync(path.join(coreDir, 'templates'));
      return packed;
    });
    packedCore = path.join(tmp, 'core', 'package');
    mkdirSync(path.dirname(packedCore), { recursive: true });
    await runOk('tar', ['-xzf', path.join(tmp, coreTarball.filename), '-C', path.dirname(packedCore)], tmp);
    // Core's dependencies, laid out as the monorepo installed them: core's own node_modules first,
    // then the hoisted ones one level up.
    if (existsSync(path.join(coreDir, 'node_modules')))
      symlinkSync(path.join(coreDir, 'node_modules'), path.join(packedCore, 'node_modules'), 'dir');
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(tmp, 'core', 'node_modules'), 'dir');
  });

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await childExit;
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses an id that is not kebab-case, saying what a valid id looks like', async () => {
    const dir = path.join(tmp, 'refusals');
    const r = await run(
      process.execPath,
      [monorepoCli, 'create-plugin', 'Service_Notes', '--dir', dir],
      repoRoot,
    );
    expect(r.code).to.equal(1);
    expect(r.stderr)
      .to.include('"Service_Notes" is not a valid plugin id')
      .and.include('kebab-case')
      .and.include('"service-agreements"');
    expect(r.stderr, 'a refusal is not a crash').not.to.match(/looks like a bug|\n\s+at /);
    expect(existsSync(path.join(dir, 'Service_Notes'))).to.equal(false);
  });

  it('refuses to write into a folder that exists and is not empty, and leaves it untouched', async () => {
    const dir = path.join(tmp, 'refusals');
    const occupied = path.join(dir, ID);
    mkdirSync(occupied, { recursive: true });
    writeFileSync(path.join(occupied, 'notes.txt'), 'mine');
    const r = await run(process.execPath, [monorepoCli, 'create-plugin', ID, '--dir', dir], repoRoot);
    expect(r.code).to.equal(1);
    expect(r.stderr)
      .to.include(`${occupied} already exists and is not empty`)
      .and.include('Choose another id or --dir');
    expect(r.stderr, 'a refusal is not a crash').not.to.match(/looks like a bug|\n\s+at /);
    expect(readdirSync(occupied)).to.deep.equal(['notes.txt']);
    expect(readFileSync(path.join(occupied, 'notes.txt'), 'utf8')).to.equal('mine');
  });

  it('scaffolds a plugin whose package, tables, permissions, events, service token and locale namespaces all carry the new id', async () => {
    const r = await runOk(
      process.execPath,
      [monorepoCli, 'create-plugin', ID, '--dir', path.join(tmp, 'plugins')],
      repoRoot,
    );
    const dir = path.join(tmp, 'plugins', ID);
    expect(r.stdout).to.include(`Created plugin "${ID}" in ${dir}`);

    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name: string;
      private?: boolean;
      portico: { id: string; core: string; displayName: Record<string, string> };
      scripts: Record<string, string>;
      peerDependencies: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional: boolean }>;
    };
    expect(pkg.name).to.equal(PACKAGE);
    expect(pkg.private).to.equal(undefined);
    expect(pkg.portico).to.include({ id: ID, core: '^0.1.0' });
    expect(pkg.portico.displayName).to.deep.equal({ en: 'Service notes', sv: 'Service notes' });
    expect(pkg.scripts).to.include({ build: 'tsc -p tsconfig.json', prepack: 'npm run build' });
    expect(pkg.peerDependencies).to.include.keys('@portico/core', 'sequelize', 'react', '@mui/material');
    // The pages' peers are optional: a server-only app installs the plugin without React.
    expect(pkg.peerDependenciesMeta).to.have.nested.property('react.optional', true);
    expect(readFileSync(path.join(dir, 'tsconfig.json'), 'utf8')).not.to.include('extends');

    const files = listFiles(dir);
    expect(files).to.include.members([
      'package.json',
      'tsconfig.json',
      'README.md',
      '.gitignore',
      'src/index.ts',
      'locales/en.json',
      'locales/sv.json',
    ]);
    expect(files.filter((f) => f.startsWith('dist/') || f.endsWith('.tsbuildinfo'))).to.deep.equal([]);
    const code = files
      .filter((f) => f.endsWith('.ts') || f.endsWith('.tsx'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    // Nothing still named after hello (the word "Hello" as a greeting is content, not a name;
    // the README says where the scaffold came from).
    const leftovers = files
      .filter((f) => f !== 'README.md')
      .flatMap((f) =>
        readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .map((line, n) => `${f}:${n + 1}: ${line.trim()}`)
          .filter((line) => /\bhello\b|\bhello_|plugin-hello|\bHello[A-Z]/.test(line.replace(/^[^ ]+ /, ''))),
      );
    expect(leftovers).to.deep.equal([]);
    expect(files.filter((f) => /hello/i.test(f))).to.deep.equal([]);

    // Each kind of name is there, and every one of them carries this plugin's id.
    const every = (pattern: RegExp, text = code) => [...text.matchAll(pattern)].map((m) => m[1]!);
    const tables = [
      ...every(/(?:createTable|addIndex|dropTable)\(\s*'([^']+)'/g),
      ...every(/addIndex\([^)]*name: '([^']+)'/g),
      ...every(/\w+Table = '([^']+)'/g),
    ];
    expect(tables).to.include('service_notes_greetings');
    for (const t of tables) expect(t).to.match(/^service_notes_/);
    const dotted = every(/'([a-z][a-zA-Z0-9-]*\.[a-zA-Z]+\.[a-zA-Z]+)'/g);
    expect(dotted).to.include.members(['service-notes.greeting.create', 'service-notes.greeting.created']);
    for (const key of dotted) expect(key).to.match(/^service-notes\./);
    const tokens = every(/createServiceToken<[^>]*>\('([^']+)'\)/g);
    expect(tokens).not.to.be.empty;
    for (const t of tokens) expect(t).to.match(/^service-notes\.\w+Service$/);
    // The pages' strings and contributions are in the plugin's namespace: its id.
    const namespaces = [...every(/useTranslation\('([^']+)'\)/g), ...every(/^\s*id: '([^']+)',$/gm)];
    expect(namespaces).to.include(ID);
    for (const ns of namespaces) expect(ns).to.equal(ID);
    expect(code).to.include('interface ServiceNotesSettings');
    for (const lang of ['en', 'sv']) {
      const bundle = JSON.parse(readFileSync(path.join(dir, 'locales', `${lang}.json`), 'utf8')) as {
        nav: { title: string };
      };
      expect(bundle.nav.title).to.equal('Service notes');
    }

    const readme = readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).to.match(/^# Service notes\n/);
    expect(readme)
      .to.include(`npm install ${PACKAGE}`)
      .and.include(`{ "plugins": ["${PACKAGE}"] }`)
      .and.include('/api/v1/service-notes');
    expect(readme)
      .to.include('`service_notes_`')
      .and.include('`service-notes:nav.title`')
      .and.include('npm run build');
    scaffold = dir;
  });

  it('scaffolds the same plugin from the template packed into @portico/core as from the monorepo', async () => {
    const monorepoScaffold = need(scaffold, 'scaffold from the monorepo');
    const packedFiles = coreTarball.files.map((f) => f.path).filter((f) => f.startsWith('templates/'));
    expect(packedFiles).to.include.members([
      'templates/plugin-hello/package.json',
      'templates/plugin-hello/src/index.ts',
      'templates/plugin-hello/locales/en.json',
    ]);
    expect(packedFiles.filter((f) => /\/(dist|node_modules)\/|\.tsbuildinfo$/.test(f))).to.deep.equal([]);
    expect(templatesLeftInCheckout, 'postpack removes the copy from the checkout').to.equal(false);

    const dir = path.join(tmp, 'from-packed-core');
    await runOk(
      process.execPath,
      [path.join(packedCore, 'bin', 'portico.js'), 'create-plugin', ID, '--dir', dir],
      tmp,
    );
    const files = listFiles(path.join(dir, ID));
    expect(files).to.deep.equal(listFiles(monorepoScaffold));
    for (const f of files) {
      expect(readFileSync(path.join(dir, ID, f), 'utf8'), f).to.equal(
        readFileSync(path.join(monorepoScaffold, f), 'utf8'),
      );
    }
  });

  it('builds and packs the scaffold with its own scripts into a tarball of dist, src, locales and README', async () => {
    const dir = need(scaffold, 'scaffold');
    // "npm install" for the scaffold's devDependencies: core is the packed one, the rest come
    // from the monorepo; .bin/tsc is the monorepo's TypeScript.
    const { devDependencies } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const name of Object.keys(devDependencies))
      linkInstalled(dir, name, name === '@portico/core' ? packedCore : undefined);
    mkdirSync(path.join(dir, 'node_modules', '.bin'));
    symlinkSync('../typescript/bin/tsc', path.join(dir, 'node_modules', '.bin', 'tsc'));

    // npm pack runs the scaffold's prepack, which runs its build (tsc).
    const packed = parsePack(
      (await runOk(npmCli, ['pack', '--json', '--pack-destination', tmp], dir)).stdout,
    );
    const files = packed.files.map((f) => f.path);
    expect(files).to.include.members([
      'package.json',
      'README.md',
      'dist/index.js',
      'dist/index.d.ts',
      'src/index.ts',
      'locales/en.json',
      'locales/sv.json',
    ]);
    expect(files.filter((f) => /^(node_modules|test)\/|\.tsbuildinfo$|\.tgz$/.test(f))).to.deep.equal([]);
    pluginTarball = path.join(tmp, packed.filename);
    expect(existsSync(pluginTarball)).to.equal(true);
  });

  it("passes its own tests, copied and renamed from the hello plugin's, with npm test", async function () {
    const dir = need(pluginTarball && scaffold, 'built scaffold');
    const { scripts } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    if (!scripts.test) this.skip(); // the template has no tests to copy
    expect(existsSync(path.join(dir, '.mocharc.json'))).to.equal(true);
    symlinkSync('../mocha/bin/mocha.js', path.join(dir, 'node_modules', '.bin', 'mocha'));
    const r = await run(npmCli, ['test'], dir);
    expect(r.code, `${r.stdout}\n${r.stderr}`).to.equal(0);
    expect(r.stdout)
      .to.match(/service-notes plugin/)
      .and.match(/\d+ passing/);
    expect(r.stdout).not.to.match(/\d+ failing/);
  });

  it('installs the tarball into a fresh app, which starts as a real process and serves the plugin under /api/v1/service-notes', async () => {
    const tarball = need(pluginTarball, 'plugin tarball');
    app = path.join(tmp, 'app');
    mkdirSync(path.join(app, 'config'), { recursive: true });
    // The app depends on core (unpacked from its tarball: npm links a file: folder) and on the
    // plugin's tarball. sequelize is the plugin's peer dependency; from the registry npm would
    // hoist core's copy, here the app links that same copy.
    const sequelize = path.join(repoRoot, 'node_modules', 'sequelize');
    writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({
        name: 'service-notes-test-app',
        private: true,
        type: 'module',
        dependencies: {
          '@portico/core': `file:${packedCore}`,
          sequelize: `file:${sequelize}`,
          [PACKAGE]: `file:${tarball}`,
        },
      }),
    );
    writeFileSync(
      path.join(app, 'config', 'default.json'),
      JSON.stringify({ portalName: 'Service notes test app', plugins: [PACKAGE] }),
    );
    await runOk(
      npmCli,
      [
        'install',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--install-links=false',
        '--loglevel=error',
      ],
      app,
    );
    const installed = path.join(app, 'node_modules', ...PACKAGE.split('/'));
    expect(
      lstatSync(installed).isSymbolicLink(),
      'the plugin is unpacked from its tarball, not linked',
    ).to.equal(false);
    expect(existsSync(path.join(installed, 'dist', 'index.js'))).to.equal(true);

    const proc = spawn(
      process.execPath,
      [path.join(app, 'node_modules', '@portico', 'core', 'bin', 'portico.js'), 'start'],
      {
        cwd: app,
        env: childEnv({
          PORT: '0',
          PORTICO_DEMO__SEED_ON_FIRST_START: 'true',
          PORTICO_DEMO_PASSWORD: DEMO_PASSWORD,
          PORTICO_DATA_DIR: path.join(tmp, 'data'),
        }),
      },
    );
    child = proc;
    childExit = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
    proc.stdout.on('data', (d: Buffer) => (childOutput += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (childOutput += d.toString()));
    const ready = await waitForOutput(proc, /is ready at (http:\/\/\S+)/, 20_000, () => childOutput);
    baseUrl = ready[1]!;
    expect(childOutput).to.match(/plugins:\s+service-notes\n/);

    const about = await getJson<{ message: string }>(`${baseUrl}/api/v1/service-notes`);
    expect(about.status).to.equal(200);
    expect(about.body).to.deep.equal({ message: 'Hello from Portico!' });

    // Greetings belong to organisations; the supplier's admin sees every organisation's.
    const admin = await loginCookie(baseUrl, 'admin@nordicsupply.example');
    const list = await getJson<{ items: Greeting[]; nextCursor: string | null }>(
      `${baseUrl}/api/v1/service-notes/greetings`,
      admin,
    );
    expect(list.status).to.equal(200);
    expect(list.body.nextCursor).to.equal(null);
    expect(list.body.items.map((g) => g.message)).to.have.members([
      'Welcome to the Nordic Supply customer portal!',
      'Välkommen till Nordic Supplys kundportal!',
      'Hello from everyone at Bergström Bygg AB!',
      'Hello from everyone at Lindqvist Industri AB!',
    ]);

    // The plugin's event subscriber (service-notes.greeting.created) marks seeded greetings as
    // welcomed: proof that emitter and subscriber were renamed alike. Delivery is asynchronous.
    const deadline = Date.now() + 10_000;
    let welcomed = list.body.items.every((g) => g.welcomed);
    while (!welcomed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      welcomed = (
        await getJson<{ items: Greeting[] }>(`${baseUrl}/api/v1/service-notes/greetings`, admin)
      ).body.items.every((g) => g.welcomed);
    }
    expect(welcomed, 'every seeded greeting is welcomed by the event subscriber').to.equal(true);

    const ready2 = await getJson<{
      ready: boolean;
      plugins: Record<string, { state: string; version: string; optional: boolean }>;
    }>(`${baseUrl}/readyz`);
    expect(ready2.status).to.equal(200);
    expect(ready2.body.plugins).to.deep.equal({
      [ID]: { state: 'started', version: '0.1.0', optional: false },
    });
  });

  it("lists the plugin's routes, and only those, in the app's OpenAPI document", async () => {
    const url = need(baseUrl, 'running app');
    const doc = await getJson<{ paths: Record<string, Record<string, { tags?: string[] }>> }>(
      `${url}/api/openapi.json`,
    );
    expect(doc.status).to.equal(200);
    const paths = Object.keys(doc.body.paths);
    expect(paths).to.include.members([
      '/api/v1/service-notes',
      '/api/v1/service-notes/greetings',
      '/api/v1/service-notes/greetings/{id}',
    ]);
    // Besides the plugin's own, only core's (identity) operations are listed.
    const isCorePath = (p: string) =>
      Object.values(doc.body.paths[p]!).every((op) => (op as { tags?: string[] }).tags?.[0] === 'core');
    expect(paths.filter((p) => !p.startsWith('/api/v1/service-notes') && !isCorePath(p))).to.deep.equal([]);
    expect(Object.keys(doc.body.paths['/api/v1/service-notes/greetings']!)).to.include.members([
      'get',
      'post',
    ]);
    expect(doc.body.paths['/api/v1/service-notes']!.get!.tags).to.deep.equal([ID]);
  });

  it('stops the app on SIGTERM with exit code 0', async () => {
    const proc = need(child, 'running app');
    const exit = need(childExit, 'running app');
    expect(proc.kill('SIGTERM')).to.equal(true);
    const result = await Promise.race([
      exit,
      new Promise<never>((_resolve, reject) =>
        setTimeout(
          () => reject(new Error(`the app did not exit within 10 s of SIGTERM:\n${childOutput}`)),
          10_000,
        ).unref(),
      ),
    ]);
    expect(result, childOutput).to.deep.equal({ code: 0, signal: null });
    expect(childOutput).to.include('SIGTERM: finishing in-flight requests and stopping plugins');
  });
});
