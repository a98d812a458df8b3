import { expect } from 'chai';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { call, databaseName, fixture, waitFor } from './support.js';
import { assertBuilt, exited, helloDir, readyUrl, tempApp, type TempApp } from './cli-support.js';
import { coreMigrations } from '../src/migrations/index.js';

// Core's migrations and hello's one: counted, so that a new core migration needs no edit here.
const all = coreMigrations.length + 2;

describe(`portico CLI (${databaseName})`, function () {
  this.timeout(120_000);
  before(assertBuilt);

  describe('migrate', () => {
    let app: TempApp;
    before(async () => {
      app = await tempApp([helloDir]);
    });
    after(() => app.remove());

    it('lists pending migrations of core and every plugin on an empty database', () => {
      const r = app.run(['migrate', 'status']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/pending\s+core\s+20261123090000-create-outbox/);
      expect(r.stdout).to.match(/pending\s+hello\s+20261123120000-create-greetings/);
      expect(r.stdout).to.include(`0 ran, ${all} pending. Run "portico migrate up" to apply them.`);
    });

    it('runs them with progress, and a second run has nothing to do', () => {
      const r = app.run(['migrate', 'up']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stderr).to.include('migrating hello: 20261123120000-create-greetings');
      expect(r.stdout).to.include(`Ran ${all} migration(s).`);
      expect(app.run(['migrate', 'up']).stdout).to.include('Nothing to migrate');
      expect(app.run(['migrate', 'status']).stdout).to.include(`${all} ran, 0 pending.`);
    });

    it("reverts one plugin's migration and runs it again", () => {
      const down = app.run(['migrate', 'down', '--plugin', 'hello']);
      expect(down.status, down.stderr).to.equal(0);
      expect(down.stdout).to.include('Reverted 1 migration(s).');
      expect(app.run(['migrate', 'status']).stdout).to.match(
        /pending\s+hello\s+20261124090000-add-greeting-organization/,
      );
      expect(app.run(['migrate', 'up']).stdout).to.include('Ran 1 migration(s).');
    });

    it('reverts everything down to an empty schema and back up again', () => {
      expect(app.run(['migrate', 'down', '--steps', '10']).stdout).to.include(
        `Reverted ${all} migration(s).`,
      );
      expect(app.run(['migrate', 'status']).stdout).to.include(`0 ran, ${all} pending.`);
      expect(app.run(['migrate', 'up']).stdout).to.include(`Ran ${all} migration(s).`);
    });

    it('seeds the demo idempotently', () => {
      expect(app.run(['seed', 'demo']).stdout).to.include('Demo data seeded.');
      expect(app.run(['seed', 'demo']).status).to.equal(0);
    });

    it('explains a wrong argument and what is allowed', () => {
      const r = app.run(['migrate', 'down', '--steps', 'many']);
      expect(r.status).to.not.equal(0);
      expect(r.stderr).to.include('give a whole number of 1 or more');
      expect(app.run(['seed', 'everything']).stderr).to.include('only "demo" can be seeded');
      const unknown = app.run(['migrate', 'down', '--plugin', 'helo']);
      expect(unknown.status).to.equal(1);
      expect(unknown.stderr).to.include('No loaded plugin has the id "helo". Choose one of: core, hello.');
    });
  });

  it('adds a plugin created in a workspace to the root build', async () => {
    const app = await tempApp([]);
    try {
      writeFileSync(
        path.join(app.root, 'tsconfig.json'),
        JSON.stringify({ files: [], references: [{ path: 'core' }] }),
      );
      mkdirSync(path.join(app.root, 'plugins'));
      const r = app.run(['create-plugin', 'service-notes']);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.stdout).to.include('added it to the workspace build');
      const tsconfig = JSON.parse(readFileSync(path.join(app.root, 'tsconfig.json'), 'utf8')) as {
        references: Array<{ path: string }>;
      };
      expect(tsconfig.references).to.deep.equal([{ path: 'core' }, { path: 'plugins/service-notes' }]);
      const pluginTsconfig = JSON.parse(
        readFileSync(path.join(app.root, 'plugins/service-notes/tsconfig.json'), 'utf8'),
      ) as { compilerOptions: { composite: boolean } };
      expect(pluginTsconfig.compilerOptions.composite).to.equal(true);
    } finally {
      await app.remove();
    }
  });

  it('refuses to start on invalid config, naming the key, the value and the fix', async () => {
    const app = await tempApp([helloDir], { http: { bodyLimit: 'huge' } });
    try {
      const r = app.run(['start']);
      expect(r.status).to.equal(1);
      expect(r.stderr)
        .to.include('http.bodyLimit = "huge" (from config/default.json)')
        .and.include('Fix these keys and start again.');
      expect(r.stderr).to.not.include('    at '); // no stack trace for a config mistake
    } finally {
      await app.remove();
    }
  });

  it('starts, serves, and on SIGTERM lets an in-flight request finish before exiting 0', async () => {
    const app = await tempApp([helloDir, fixture('slow')], {
      http: { shutdownTimeoutMs: 5000 },
      log: { level: 'info' },
    });
    const child = app.start();
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const url = await readyUrl(child);
      expect((await call(`${url}/api/v1/hello`)).status).to.equal(200);
      const slow = call<{ waited: number }>(`${url}/api/v1/slow/wait?ms=1500`, {
        headers: { 'x-request-id': 'trace-42' },
      });
      // SIGTERM once the request is being handled, not before.
      await waitFor(
        async () => (await call<{ waiting: number }>(`${url}/api/v1/slow/waiting`)).body.waiting === 1,
        'the slow request to arrive',
      );
      child.kill('SIGTERM');
      const res = await slow;
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ waited: 1500 });
      expect(await exited(child)).to.equal(0);
      // Every log line of the request carries its id: the plugin's own line and the access line.
      const lines = stdout
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const traced = lines.filter((l) => l.requestId === 'trace-42');
      expect(traced.map((l) => l.msg)).to.include.members(['waiting', 'request']);
      expect(traced.find((l) => l.msg === 'waiting')).to.include({ plugin: 'slow', ms: 1500 });
      let refused = false;
      await fetch(`${url}/healthz`).catch(() => (refused = true));
      expect(refused, 'new connections are refused after stop').to.equal(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await app.remove();
    }
  });
});
