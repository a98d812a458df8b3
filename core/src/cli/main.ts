import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { configSchema } from '../config/load-config.js';
import { typeSourcePoint } from '../kernel/type-sources.js';
import { UserError } from '../kernel/user-error.js';
import { coreVersion, Portal, type ProgressListener } from '../kernel/portal.js';
import { addToWorkspaceBuild, createPlugin } from './create-plugin.js';
import { progressPrinter } from './progress.js';
import { buildUi } from '../ui/build-ui.js';

const program = new Command('portico')
  .description('Portico: the plugin-based customer portal. Run a command with --help for its options.')
  .version(coreVersion)
  .option(
    '--root <dir>',
    'the app directory, holding config/ (env PORTICO_ROOT)',
    process.env.PORTICO_ROOT ?? process.cwd(),
  )
  .showHelpAfterError();

const rootOf = (): string => path.resolve(program.opts<{ root: string }>().root);

program
  .command('start')
  .description('migrate, start every plugin and serve the portal')
  .option('-p, --port <port>', 'port to listen on (env PORT)', parsePort)
  .action(async (opts: { port?: number }) => {
    const progress = progressPrinter();
    const portal = Portal.create({
      root: rootOf(),
      ...(opts.port !== undefined ? { overrides: { http: { port: opts.port } } } : {}),
    });
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) {
        process.stderr.write(`${signal} again: exiting without waiting.\n`);
        process.exit(1);
      }
      stopping = true;
      process.stderr.write(`${signal}: finishing in-flight requests and stopping plugins...\n`);
      portal.stop().then(
        () => process.exit(0),
        (err: unknown) => {
          portal.log.error({ err }, 'stop failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', () => shutdown('SIGTERM'));
    process.on('SIGINT', () => shutdown('SIGINT'));
    await portal.start({ onProgress: progress });
    const url = await portal.listen();
    const plugins = portal.plugins
      .map((r) => `${r.id}${r.state === 'failed' ? ' (FAILED, see /readyz)' : ''}`)
      .join(', ');
    process.stdout.write(
      `\nPortico ${coreVersion} is ready at ${portal.config.http.publicUrl ?? url}\n` +
        `  database: ${portal.db.describe}\n  plugins:  ${plugins || 'none'}\n  API reference: ${url}/api/docs/\n\n` +
        portal.notes.map((n) => `${n}\n\n`).join(''),
    );
  });

/** Boots a portal without migrating or serving (enough for migration commands), runs `fn`, stops it. */
async function withBootedPortal<T>(
  progress: ProgressListener | undefined,
  fn: (portal: Portal) => Promise<T>,
): Promise<T> {
  const portal = Portal.create({ root: rootOf() });
  try {
    await portal.boot({ migrate: false, ...(progress ? { onProgress: progress } : {}) });
    return await fn(portal);
  } finally {
    await portal.stop();
  }
}

const migrate = program.command('migrate').description('run, revert or list database migrations');
migrate
  .command('up')
  .description('run every pending migration')
  .action(async () => {
    const progress = progressPrinter();
    await withBootedPortal(progress, async (portal) => {
      const n = await portal.migrations.up((owner, name) => progress('migrate', `${owner}: ${name}`));
      process.stdout.write(
        n ? `Ran ${n} migration(s).\n` : 'Nothing to migrate: the database is up to date.\n',
      );
    });
  });
migrate
  .command('down')
  .description('revert the most recent migration(s)')
  .option('--plugin <id>', 'only migrations of this plugin (or "core")')
  .option('--steps <n>', 'how many to revert', parsePositive, 1)
  .action(async (opts: { plugin?: string; steps: number }) => {
    const progress = progressPrinter();
    await withBootedPortal(progress, async (portal) => {
      if (opts.plugin && opts.plugin !== 'core' && !portal.plugin(opts.plugin)) {
        const ids = ['core', ...portal.plugins.map((r) => r.id)].join(', ');
        throw new UserError(`No loaded plugin has the id "${opts.plugin}". Choose one of: ${ids}.`);
      }
      const n = await portal.migrations.down(
        { steps: opts.steps, ...(opts.plugin ? { owner: opts.plugin } : {}) },
        (owner, name) => progress('revert', `${owner}: ${name}`),
      );
      process.stdout.write(n ? `Reverted ${n} migration(s).\n` : 'Nothing to revert.\n');
    });
  });
migrate
  .command('status')
  .description('list every migration and whether it ran')
  .action(async () => {
    await withBootedPortal(undefined, async (portal) => {
      const rows = await portal.migrations.status();
      for (const r of rows) {
        process.stdout.write(
          `${r.executed ? 'ran    ' : 'pending'}  ${r.owner.padEnd(16)} ${r.name}${r.executedAt ? `  (${r.executedAt.toISOString()})` : ''}\n`,
        );
      }
      const pending = rows.filter((r) => !r.executed).length;
      process.stdout.write(
        `\n${rows.length - pending} ran, ${pending} pending.${pending ? ' Run "portico migrate up" to apply them.' : ''}\n`,
      );
    });
  });

program
  .command('seed')
  .description('seed data; "demo" seeds the demo tenant (idempotent)')
  .argument('<what>', 'what to seed: demo', (v: string) => {
    if (v !== 'demo') throw new InvalidArgumentError('only "demo" can be seeded.');
    return v;
  })
  .action(async () => {
    const progress = progressPrinter();
    const portal = Portal.create({ root: rootOf() });
    try {
      await portal.start({ onProgress: progress });
      await portal.seedDemo(progress);
      process.stdout.write(`Demo data seeded.\n\n${portal.notes.map((n) => `${n}\n\n`).join('')}`);
    } finally {
      await portal.stop();
    }
  });

program
  .command('create-plugin')
  .description('scaffold a plugin from the hello reference plugin')
  .argument('<id>', 'plugin id in kebab-case, for example service-agreements')
  .option('--dir <dir>', 'folder to create it in (default: plugins/ if present, else the current folder)')
  .option('--package <name>', 'npm package name (default @portico/plugin-<id>)')
  .action((id: string, opts: { dir?: string; package?: string }) => {
    const dir =
      opts.dir ?? (existsSync(path.join(rootOf(), 'plugins')) ? path.join(rootOf(), 'plugins') : rootOf());
    const target = createPlugin({ id, dir, ...(opts.package ? { packageName: opts.package } : {}) });
    const packageName = opts.package ?? `@portico/plugin-${id}`;
    const inWorkspace = addToWorkspaceBuild(rootOf(), target);
    process.stdout.write(
      inWorkspace
        ? `Created plugin "${id}" in ${target} and added it to the workspace build (tsconfig.json).\n` +
            `Next: run "npm install" at the root to link it, add "${packageName}" to "plugins" in config/default.json, then "npm start".\n`
        : `Created plugin "${id}" in ${target}.\nNext: cd ${path.relative(process.cwd(), target) || '.'} && npm install && npm run build, ` +
            `then in your app "npm install <path to it or its tarball>" and add "${packageName}" to "plugins" in config/default.json.\n`,
    );
  });

program
  .command('types')
  .description(
    'write TypeScript types: of the config, and of what lives in the database (every published form and structure, custom fields) into generated/',
  )
  .option('--out <dir>', 'folder for the types from the database (default: generated/ in the app root)')
  .action(async (opts: { out?: string }) => {
    const progress = progressPrinter();
    // Loaded here, not at the top: json-schema-to-typescript pulls in prettier, which would slow every start.
    const { configTypesFile, generateConfigTypes } = await import('../config/generate-config-types.js');
    if (existsSync(path.dirname(configTypesFile))) {
      writeFileSync(configTypesFile, await generateConfigTypes());
      progress('wrote', path.relative(process.cwd(), configTypesFile));
    }
    const schemaFile = path.join(rootOf(), 'config', 'schema.json');
    if (existsSync(path.dirname(schemaFile))) {
      writeFileSync(schemaFile, `${JSON.stringify(configSchema, null, 2)}\n`);
      progress('wrote', path.relative(process.cwd(), schemaFile));
    }
    const { renderTypeSet } = await import('../types/generate-types.js');
    const out = path.resolve(opts.out ?? path.join(rootOf(), 'generated'));
    await withBootedPortal(progress, async (portal) => {
      const sources = portal.container.getAll(typeSourcePoint);
      if (!sources.length) return;
      const pending = await portal.migrations.pendingCount();
      if (pending)
        throw new UserError(
          `The database has ${pending} pending migration(s), so the forms in it cannot be read. Run "portico migrate up", then "portico types" again.`,
        );
      mkdirSync(out, { recursive: true });
      for (const source of sources) {
        const set = await source.types();
        const file = path.join(out, set.file);
        writeFileSync(file, await renderTypeSet(set));
        progress('wrote', `${path.relative(process.cwd(), file)} (${set.declarations.length} types)`);
      }
    });
  });

program
  .command('build')
  .description(
    'compile the TypeScript of the app and its workspace plugins (incremental), write the plugin index of the portal and admin apps and build them with Vite when their sources changed',
  )
  .option('--ui-only', 'only the apps, not the TypeScript')
  .option('--force', 'build the apps even when nothing changed')
  .action(async (opts: { uiOnly?: boolean; force?: boolean }) => {
    const progress = progressPrinter();
    const root = rootOf();
    const tsconfig = path.join(root, 'tsconfig.json');
    if (!opts.uiOnly && existsSync(tsconfig)) {
      progress('build', 'TypeScript (tsc -b)');
      const tsc = createRequire(tsconfig).resolve('typescript/bin/tsc');
      const code = await new Promise<number>((resolve) => {
        spawn(process.execPath, [tsc, '-b', tsconfig], { stdio: 'inherit' }).on('exit', (c) =>
          resolve(c ?? 1),
        );
      });
      if (code !== 0)
        throw new Error('TypeScript reported errors (above). Fix them and run "portico build" again.');
    }
    const portal = Portal.create({ root });
    const results = await buildUi(
      root,
      portal.plugins.map((r) => r.resolved),
      { force: !!opts.force, progress },
    );
    for (const r of results) progress('app', `${r.app}: ${r.built ? `built (${r.reason})` : r.reason}`);
    progress('build', 'done');
  });

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535.');
  return n;
}

function parsePositive(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('give a whole number of 1 or more.');
  return n;
}

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof UserError) {
    process.stderr.write(`\nportico: ${err.message}\n`);
  } else {
    process.stderr.write(
      `\nportico: ${(err as Error)?.stack ?? String(err)}\n\nIf this looks like a bug, report it with the lines above.\n`,
    );
  }
  process.exit(1);
});
