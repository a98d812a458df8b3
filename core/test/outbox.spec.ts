import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryTypes } from 'sequelize';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { call, databaseName, fixture, waitFor } from './support.js';

interface Deliveries {
  attempts: Array<{ eventId: string; attempt: number }>;
  delivered: Array<{ eventId: string; amount: number }>;
}

describe(`domain events through the outbox (${databaseName})`, () => {
  let t: TestPortal;
  before(async () => {
    t = await startTestPortal({
      plugins: [fixture('ledger')],
      config: { events: { maxAttempts: 3, backoffBaseMs: 20, pollIntervalMs: 50 } },
    });
  });
  after(() => t.stop());

  const deliveries = async () => (await call<Deliveries>(`${t.url}/api/v1/ledger/deliveries`)).body;
  const deliveryRows = () =>
    t.portal.db.sequelize.query<{ status: string; attempts: number; last_error: string | null }>(
      'SELECT status, attempts, last_error FROM portico_event_deliveries ORDER BY id',
      { type: QueryTypes.SELECT },
    );

  it('delivers an event to its subscriber after the change commits', async () => {
    const res = await call(`${t.url}/api/v1/ledger/entries`, { body: { amount: 5, note: 'first' } });
    expect(res.status).to.equal(201);
    const seen = await waitFor(
      async () => ((await deliveries()).delivered.length === 1 ? deliveries() : undefined),
      'the delivery',
    );
    expect(seen.delivered[0]!.amount).to.equal(5);
    expect(seen.attempts).to.have.length(1);
  });

  it('retries a failing subscriber with backoff until it succeeds, and the effect happens exactly once', async () => {
    await call(`${t.url}/api/v1/ledger/entries`, { body: { amount: 6, note: 'flaky', failTimes: 2 } });
    const seen = await waitFor(async () => {
      const d = await deliveries();
      return d.delivered.some((x) => x.amount === 6) ? d : undefined;
    }, 'the third attempt');
    const eventId = seen.delivered.find((x) => x.amount === 6)!.eventId;
    expect(seen.attempts.filter((a) => a.eventId === eventId).map((a) => a.attempt)).to.deep.equal([1, 2, 3]);
    expect(seen.delivered.filter((x) => x.eventId === eventId)).to.have.length(1);
    const rows = await deliveryRows();
    expect(rows[rows.length - 1]).to.include({ status: 'done', attempts: 3, last_error: null });
  });

  it('gives up after the configured attempts and keeps the last error', async () => {
    await call(`${t.url}/api/v1/ledger/entries`, { body: { amount: 7, note: 'hopeless', failTimes: 5 } });
    const row = await waitFor(
      async () => (await deliveryRows()).find((r) => r.status === 'dead'),
      'the delivery to be given up',
    );
    expect(row.attempts).to.equal(3);
    expect(row.last_error).to.include('simulated subscriber failure 3');
  });

  it('delivers an event committed just before the process died, at the next start', async function () {
    this.timeout(60_000);
    const root = mkdtempSync(path.join(tmpdir(), 'portico-crash-'));
    let database = 'sqlite';
    if (process.env.PORTICO_TEST_DATABASE_URL) {
      const u = new URL(process.env.PORTICO_TEST_DATABASE_URL);
      u.pathname = `/portico_test_crash_${Date.now().toString(36)}`;
      database = u.toString();
    }
    const script = fileURLToPath(new URL('./fixtures/crash-after-commit.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--conditions=@portico/source', '--import=tsx/esm', script, root, database],
      { encoding: 'utf8', timeout: 30_000, env: { ...process.env, PORTICO_TEST_LOG_LEVEL: 'silent' } },
    );
    expect(child.stdout, child.stderr).to.include('COMMITTED 201');
    expect(child.signal).to.equal('SIGKILL');

    const again = await startTestPortal({ plugins: [fixture('ledger')], root, database });
    try {
      const d = await waitFor(async () => {
        const body = (await call<Deliveries>(`${again.url}/api/v1/ledger/deliveries`)).body;
        return body.delivered.length ? body : undefined;
      }, 'the event from before the crash');
      expect(d.delivered).to.deep.equal([{ eventId: d.delivered[0]!.eventId, amount: 99 }]);
    } finally {
      await again.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('delivers each event once when two instances dispatch from the same database', async function () {
    this.timeout(60_000);
    const a = await startTestPortal({
      plugins: [fixture('ledger')],
      keepData: true,
      config: { events: { pollIntervalMs: 20 } },
    });
    // b shares a's folder and database, and removes both when it stops.
    const root = path.dirname(a.sameData.dataDir as string);
    const database = (a.sameData.database as { url: string | null }).url ?? 'sqlite';
    const b = await startTestPortal({
      plugins: [fixture('ledger')],
      root,
      database,
      config: { dataDir: a.sameData.dataDir, events: { pollIntervalMs: 20 } },
    });
    try {
      for (let i = 1; i <= 20; i++) {
        const target = i % 2 ? a : b;
        expect(
          (await call(`${target.url}/api/v1/ledger/entries`, { body: { amount: i, note: `n${i}` } })).status,
        ).to.equal(201);
      }
      const d = await waitFor(async () => {
        const body = (await call<Deliveries>(`${a.url}/api/v1/ledger/deliveries`)).body;
        return body.delivered.length === 20 && body.attempts.length >= 20 ? body : undefined;
      }, '20 deliveries');
      expect(new Set(d.delivered.map((x) => x.eventId)).size).to.equal(20);
      // Each delivery was attempted once, by one of the two instances.
      const rows = await a.portal.db.sequelize.query<{ status: string; attempts: number }>(
        'SELECT status, attempts FROM portico_event_deliveries',
        { type: QueryTypes.SELECT },
      );
      expect(rows).to.have.length(20);
      expect(rows.every((r) => r.status === 'done' && Number(r.attempts) === 1)).to.equal(true);
      expect(d.attempts).to.have.length(20);
    } finally {
      await a.stop();
      await b.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an event name that does not follow <plugin>.<object>.<verb>', async () => {
    let message = '';
    await t.portal.outbox.emit('Ledger recorded!', {}).catch((err: Error) => (message = err.message));
    expect(message).to.include('must look like <plugin>.<object>.<verb>');
  });
});
