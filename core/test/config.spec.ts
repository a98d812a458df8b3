import { expect } from 'chai';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '@portico/core';
import { configTypesUpToDate } from '../src/config/generate-config-types.js';

describe('config', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'portico-config-'));
    mkdirSync(path.join(root, 'config'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const write = (file: string, data: unknown) =>
    writeFileSync(path.join(root, 'config', file), typeof data === 'string' ? data : JSON.stringify(data));
  const failure = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).to.be.instanceOf(ConfigError);
      return (err as Error).message;
    }
    throw new Error('config was accepted, but should have been refused');
  };

  it('fills every default when there is no config file', () => {
    const c = loadConfig({ root, env: {} });
    expect(c.http).to.include({ port: 3000, bodyLimit: '1mb', validateResponses: false });
    expect(c.database.url).to.equal(null);
    expect(c.events.maxAttempts).to.equal(12);
    expect(c.root).to.equal(root);
  });

  it('layers default.json, <NODE_ENV>.json and the environment, in that order', () => {
    write('default.json', { portalName: 'Acme', http: { port: 4000, bodyLimit: '512kb' } });
    write('production.json', { http: { port: 5000 } });
    const c = loadConfig({
      root,
      env: {
        NODE_ENV: 'production',
        PORT: '6000',
        PORTICO_LOG__LEVEL: 'warn',
        PORTICO_EVENTS__MAX_ATTEMPTS: '3',
      },
    });
    expect(c.portalName).to.equal('Acme');
    expect(c.http.bodyLimit).to.equal('512kb');
    expect(c.http.port).to.equal(6000);
    expect(c.log.level).to.equal('warn');
    expect(c.events.maxAttempts).to.equal(3);
  });

  it('reads DATABASE_URL, REDIS_URL and PORTICO_DATA_DIR', () => {
    const c = loadConfig({
      root,
      env: {
        DATABASE_URL: 'mysql://root@127.0.0.1:3306/portal',
        REDIS_URL: 'redis://127.0.0.1:6379',
        PORTICO_DATA_DIR: '/srv/portico',
      },
    });
    expect(c.database.url).to.equal('mysql://root@127.0.0.1:3306/portal');
    expect(c.redis.url).to.equal('redis://127.0.0.1:6379');
    expect(c.dataDir).to.equal('/srv/portico');
  });

  it('reads a value that may be a boolean, a number or a string from the environment as what it looks like', () => {
    const at = (v: string) => loadConfig({ root, env: { PORTICO_HTTP__TRUST_PROXY: v } }).http.trustProxy;
    expect(at('true')).to.equal(true);
    expect(at('1')).to.equal(1);
    expect(at('loopback')).to.equal('loopback');
  });

  it('names the key, the value, where it came from and what is allowed', () => {
    write('default.json', { http: { port: 'eighty' } });
    const m = failure(() => loadConfig({ root, env: {} }));
    expect(m).to.include('http.port = "eighty" (from config/default.json): must be of type integer');

    const env = failure(() => loadConfig({ root: path.join(root, 'x'), env: { PORT: '70000' } }));
    expect(env).to.include('http.port = 70000 (from environment variable PORT): must be <= 65535');

    const pattern = failure(() =>
      loadConfig({ root: path.join(root, 'x'), env: { DATABASE_URL: 'postgres://db/portal' } }),
    );
    expect(pattern)
      .to.include('database.url = "postgres://db/portal"')
      .and.include('allowed: values matching ^(sqlite|mysql|mariadb):');
  });

  it('refuses an unknown key with a hint to check the spelling', () => {
    write('default.json', { htpp: { port: 1 } });
    expect(failure(() => loadConfig({ root, env: {} })))
      .to.include('htpp')
      .and.include('check the spelling');
  });

  it('refuses an environment variable that names no config key', () => {
    expect(failure(() => loadConfig({ root, env: { PORTICO_HTTP__PROT: '1' } }))).to.include(
      'PORTICO_HTTP__PROT sets "http.prot", which is not a config key',
    );
  });

  it('refuses a config file that is not JSON, naming the file', () => {
    write('default.json', '{ "portalName": ');
    expect(failure(() => loadConfig({ root, env: {} }))).to.include('default.json is not valid JSON');
  });

  it('keeps the generated TypeScript config type in step with the schema (run "portico types" after editing it)', async () => {
    expect(await configTypesUpToDate()).to.equal(true);
  });

  it("keeps config/schema.json, which editors use, in step with core's schema", () => {
    const repoSchema = JSON.parse(
      readFileSync(fileURLToPath(new URL('../../config/schema.json', import.meta.url)), 'utf8'),
    ) as unknown;
    const coreSchema = JSON.parse(
      readFileSync(fileURLToPath(new URL('../src/config/config.schema.json', import.meta.url)), 'utf8'),
    ) as unknown;
    expect(repoSchema).to.deep.equal(coreSchema);
  });

  it("accepts the repository's own config files", () => {
    const repo = fileURLToPath(new URL('../..', import.meta.url));
    expect(() => loadConfig({ root: repo, env: { NODE_ENV: 'test' } })).to.not.throw();
  });
});
