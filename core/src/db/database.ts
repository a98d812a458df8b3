import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction, type Options } from 'sequelize';
import type { Logger } from 'pino';
import type { ResolvedConfig } from '../config/load-config.js';

export type Dialect = 'sqlite' | 'mysql';

/**
 * Sequelize finds the current transaction through a CLS namespace. This one is built on
 * AsyncLocalStorage, so every query inside `transactional()` joins its transaction without the
 * transaction being passed down by hand.
 */
// Kept on globalThis: if a second copy of core is ever loaded (a plugin bundling its own), both
// copies must share one namespace, because Sequelize holds only one.
const globalKey = Symbol.for('portico.core.clsStorage');
const globals = globalThis as unknown as Record<symbol, AsyncLocalStorage<Map<string, unknown>> | undefined>;
const clsStorage = (globals[globalKey] ??= new AsyncLocalStorage<Map<string, unknown>>());
const alsNamespace = {
  run(fn: (ctx: Map<string, unknown>) => void): void {
    const ctx = new Map<string, unknown>();
    clsStorage.run(ctx, () => fn(ctx));
  },
  get(key: string): unknown {
    return clsStorage.getStore()?.get(key);
  },
  set(key: string, value: unknown): void {
    clsStorage.getStore()?.set(key, value);
  },
  bind<F>(fn: F): F {
    return fn;
  },
};
Sequelize.useCLS(alsNamespace);

export interface Database {
  sequelize: Sequelize;
  dialect: Dialect;
  /** Human-readable target without password, for logs. */
  describe: string;
  /**
   * Runs `fn` in a transaction: joins the current one if there is one, else begins one that
   * commits when `fn` resolves and rolls back when it throws.
   */
  transactional<T>(fn: (t: Transaction) => Promise<T>): Promise<T>;
  /** The transaction of the current async context, if any. */
  currentTransaction(): Transaction | undefined;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database named by config: SQLite under dataDir by default, MySQL/MariaDB by URL. */
export function openDatabase(config: ResolvedConfig, log: Logger): Database {
  const url = config.database.url;
  const logging: Options['logging'] = config.database.logging
    ? (sql: string) => log.debug({ sql }, 'sql')
    : false;
  let sequelize: Sequelize;
  let dialect: Dialect;
  let describe: string;
  if (!url || url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    let storage = url
      ? url.slice('sqlite:'.length).replace(/^\/\//, '')
      : path.join(config.dataDir, 'portico.sqlite');
    if (storage !== ':memory:') {
      storage = path.resolve(config.root, storage);
      mkdirSync(path.dirname(storage), { recursive: true });
    }
    describe = `sqlite:${storage}`;
    sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable on
    // power loss too, not only on a process crash (R10: nothing lost on a crash).
    sequelize.addHook('afterConnect', async (connection) => {
      const db = connection as unknown as {
        configure(option: 'busyTimeout', ms: number): void;
        exec(sql: string, cb: (err: Error | null) => void): void;
      };
      db.configure('busyTimeout', 10_000);
      await new Promise<void>((resolve, reject) =>
        db.exec('PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;', (err) =>
          err ? reject(err) : resolve(),
        ),
      );
    });
  } else {
    dialect = 'mysql';
    const parsed = new URL(url.replace(/^mariadb:/, 'mysql:'));
    describe = `mysql://${parsed.username}@${parsed.host}${parsed.pathname}`;
    sequelize = new Sequelize(parsed.toString(), {
      dialect: 'mysql',
      logging,
      timezone: '+00:00',
      pool: { max: config.database.poolMax, min: 0, idle: 10_000 },
      dialectOptions: { charset: 'utf8mb4', supportBigNumbers: true, bigNumberStrings: false },
      define: { charset: 'utf8mb4', collate: 'utf8mb4_unicode_ci' },
    });
  }

  const currentTransaction = (): Transaction | undefined =>
    (alsNamespace.get('transaction') as Transaction | null | undefined) ?? undefined;
  if (dialect === 'sqlite') oneTransactionAtATime(sequelize, () => currentTransaction() !== undefined);

  return {
    sequelize,
    dialect,
    describe,
    currentTransaction,
    async transactional<T>(fn: (t: Transaction) => Promise<T>): Promise<T> {
      const existing = currentTransaction();
      if (existing) return fn(existing);
      return sequelize.transaction((t) => fn(t));
    },
    async ping() {
      await sequelize.query('SELECT 1');
    },
    async close() {
      await sequelize.close();
    },
  };
}

/**
 * SQLite has one writer, and sequelize gives each transaction a connection of its own whose
 * BEGIN IMMEDIATE waits for the write lock inside a libuv worker thread (the busy timeout). A few
 * such waiters fill the thread pool, the transaction that holds the lock gets no thread to commit
 * on, and every waiter fails after the busy timeout (30 concurrent writing requests took 35 s and
 * 25 of them failed). So a process begins its SQLite transactions one at a time, queued in
 * JavaScript. A separate transaction begun inside another is not queued: it would wait for itself.
 */
function oneTransactionAtATime(sequelize: Sequelize, inTransaction: () => boolean): void {
  // sequelize.transaction is overloaded (managed with a callback, unmanaged without); only the
  // managed form has an end the queue can wait for.
  const original = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  let queue: Promise<unknown> = Promise.resolve();
  (sequelize as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (
    ...args: unknown[]
  ) => {
    if (typeof args[args.length - 1] !== 'function' || inTransaction()) return original(...args);
    const run = queue.then(() => original(...args));
    queue = run.catch(() => undefined);
    return run;
  };
}
