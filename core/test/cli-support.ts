import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@portico/core/testing';

export const cliBin = fileURLToPath(new URL('../bin/portico.js', import.meta.url));
export const helloDir = fileURLToPath(new URL('../../plugins/hello', import.meta.url));

/** The compiled CLI is what users run; `npm test` builds it first. */
export function assertBuilt(): void {
  if (!existsSync(fileURLToPath(new URL('../dist/cli/main.js', import.meta.url)))) {
    throw new Error('core is not built: run "npm run build" (npm test does it) before these tests.');
  }
}

export interface TempApp {
  root: string;
  env: NodeJS.ProcessEnv;
  run(args: string[]): { status: number | null; stdout: string; stderr: string };
  start(args?: string[], extraEnv?: NodeJS.ProcessEnv): ChildProcessWithoutNullStreams;
  remove(): Promise<void>;
}

/**
 * A throwaway app folder with config/default.json listing `plugins`, on a fresh SQLite file or a
 * fresh MariaDB database when PORTICO_TEST_DATABASE_URL is set.
 */
export async function tempApp(plugins: unknown[], config: Record<string, unknown> = {}): Promise<TempApp> {
  const root = mkdtempSync(path.join(tmpdir(), 'portico-app-'));
  mkdirSync(path.join(root, 'config'));
  writeFileSync(
    path.join(root, 'config', 'default.json'),
    JSON.stringify({ plugins, log: { level: 'warn' }, ...config }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, PORTICO_ROOT: root, NODE_ENV: '', PORT: '0' };
  delete env.DATABASE_URL;
  let drop: (() => Promise<void>) | undefined;
  const server = process.env.PORTICO_TEST_DATABASE_URL;
  if (server) {
    const db = await createTestDatabase(server);
    env.DATABASE_URL = db.url;
    drop = db.drop;
  }
  return {
    root,
    env,
    run: (args) => {
      const r = spawnSync(process.execPath, [cliBin, ...args], { env, encoding: 'utf8', timeout: 60_000 });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    start: (args = [], extraEnv = {}) =>
      spawn(process.execPath, [cliBin, 'start', ...args], { env: { ...env, ...extraEnv } }),
    remove: async () => {
      await drop?.();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Resolves with the URL once the started portal prints that it is ready. */
export function readyUrl(child: ChildProcessWithoutNullStreams, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`portal not ready after ${timeoutMs} ms:\n${out}\n${err}`)),
      timeoutMs,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /is ready at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code} before it was ready:\n${out}\n${err}`));
    });
  });
}

export function exited(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}
