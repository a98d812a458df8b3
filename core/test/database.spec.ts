import { expect } from 'chai';
import { startTestPortal, type TestPortal } from '@portico/core/testing';
import { databaseName } from './support.js';

describe(`database (${databaseName})`, function () {
  this.timeout(60_000);
  let t: TestPortal;

  before(async () => {
    t = await startTestPortal({ start: false });
    await t.portal.db.sequelize.query('CREATE TABLE test_concurrent (id INTEGER PRIMARY KEY, v VARCHAR(20))');
  });
  after(() => t?.stop());

  it('commits many concurrent transactions without lock timeouts, each exactly once', async () => {
    const { db } = t.portal;
    const started = Date.now();
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        db.transactional(async () => {
          await db.sequelize.query('INSERT INTO test_concurrent (id, v) VALUES (?, ?)', {
            replacements: [i + 1, `row ${i + 1}`],
          });
          await db.sequelize.query('SELECT COUNT(*) AS n FROM test_concurrent');
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).to.deep.equal([]);
    const [rows] = await db.sequelize.query('SELECT COUNT(*) AS n FROM test_concurrent');
    expect(Number((rows as Array<{ n: number }>)[0]!.n)).to.equal(40);
    // Before transactions were queued on SQLite, this took 35 s and most of them failed.
    expect(Date.now() - started).to.be.below(8000);
  });

  it('rolls back a failed transaction without holding up the ones after it', async () => {
    const { db } = t.portal;
    const failed = db.transactional(async () => {
      await db.sequelize.query("INSERT INTO test_concurrent (id, v) VALUES (1000, 'doomed')");
      throw new Error('simulated failure');
    });
    const next = db.transactional(() =>
      db.sequelize.query("INSERT INTO test_concurrent (id, v) VALUES (1001, 'kept')"),
    );
    const outcome = await Promise.allSettled([failed, next]);
    expect(outcome.map((o) => o.status)).to.deep.equal(['rejected', 'fulfilled']);
    const [rows] = await db.sequelize.query('SELECT v FROM test_concurrent WHERE id >= 1000 ORDER BY id');
    expect(rows).to.deep.equal([{ v: 'kept' }]);
  });
});
