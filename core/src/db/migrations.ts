import { DataTypes, QueryTypes, type QueryInterface, type Sequelize } from 'sequelize';
import type { Umzug, UmzugStorage } from 'umzug';
import type { Database } from './database.js';

/** What a migration's `up` and `down` receive. */
export interface MigrationContext {
  queryInterface: QueryInterface;
  sequelize: Sequelize;
  DataTypes: typeof DataTypes;
  dialect: Database['dialect'];
}

/**
 * One schema change. Name it `<yyyymmddhhmmss>-<what>`, for example
 * `20261123120000-create-greetings`; names sort in the order they run.
 */
export interface Migration {
  name: string;
  up(ctx: MigrationContext): Promise<void>;
  down(ctx: MigrationContext): Promise<void>;
}

export interface MigrationSet {
  /** Plugin id, or `core`. Namespaces the migration names. */
  owner: string;
  migrations: readonly Migration[];
}

export interface MigrationStatus {
  owner: string;
  name: string;
  executed: boolean;
  executedAt?: Date;
}

const TABLE = 'portico_migrations';

/** Keeps which migrations ran, one row per (owner, name), in `portico_migrations`. */
class OwnerStorage implements UmzugStorage<MigrationContext> {
  constructor(
    private readonly db: Database,
    private readonly owner: string,
  ) {}
  async logMigration({ name }: { name: string }): Promise<void> {
    await this.db.sequelize
      .getQueryInterface()
      .bulkInsert(TABLE, [{ owner: this.owner, name, executed_at: new Date() }]);
    // `id` grows with every run, so `down` reverts in exactly the reverse order of running.
  }
  async unlogMigration({ name }: { name: string }): Promise<void> {
    await this.db.sequelize.getQueryInterface().bulkDelete(TABLE, { owner: this.owner, name });
  }
  async executed(): Promise<string[]> {
    const rows = await this.db.sequelize.query<{ name: string }>(
      `SELECT name FROM ${TABLE} WHERE owner = ? ORDER BY name`,
      {
        replacements: [this.owner],
        type: QueryTypes.SELECT,
      },
    );
    return rows.map((r) => r.name);
  }
}

export class MigrationRunner {
  constructor(
    private readonly db: Database,
    private readonly sets: readonly MigrationSet[],
  ) {}

  private context(): MigrationContext {
    return {
      queryInterface: this.db.sequelize.getQueryInterface(),
      sequelize: this.db.sequelize,
      DataTypes,
      dialect: this.db.dialect,
    };
  }

  /** umzug is loaded only when there is something to run: a start with nothing pending skips it. */
  private async umzug(set: MigrationSet): Promise<Umzug<MigrationContext>> {
    const { Umzug } = await import('umzug');
    const sorted = [...set.migrations].sort((a, b) => a.name.localeCompare(b.name));
    return new Umzug<MigrationContext>({
      migrations: sorted.map((m) => ({
        name: m.name,
        up: ({ context }) => m.up(context),
        down: ({ context }) => m.down(context),
      })),
      context: () => this.context(),
      storage: new OwnerStorage(this.db, set.owner),
      logger: undefined,
    });
  }

  /** Set once the table is known to exist, so later calls (every plugin at start, /readyz) skip the look-up. */
  private tableReady = false;

  async ensureTable(): Promise<void> {
    if (this.tableReady) return;
    const qi = this.db.sequelize.getQueryInterface();
    const tables = (await qi.showAllTables()).map((t) =>
      typeof t === 'string' ? t : (t as { tableName: string }).tableName,
    );
    if (tables.includes(TABLE)) {
      this.tableReady = true;
      return;
    }
    await qi.createTable(TABLE, {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      owner: { type: DataTypes.STRING(100), allowNull: false },
      name: { type: DataTypes.STRING(200), allowNull: false },
      executed_at: { type: DataTypes.DATE(3), allowNull: false },
    });
    await qi.addIndex(TABLE, ['owner', 'name'], { unique: true, name: 'portico_migrations_owner_name' });
    this.tableReady = true;
  }

  async status(): Promise<MigrationStatus[]> {
    await this.ensureTable();
    const rows = await this.db.sequelize.query<{ owner: string; name: string; executed_at: string | Date }>(
      `SELECT owner, name, executed_at FROM ${TABLE}`,
      {
        type: QueryTypes.SELECT,
      },
    );
    const ran = new Map(rows.map((r) => [`${r.owner}/${r.name}`, new Date(r.executed_at)]));
    return this.sets.flatMap((set) =>
      [...set.migrations]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => {
          const at = ran.get(`${set.owner}/${m.name}`);
          return {
            owner: set.owner,
            name: m.name,
            executed: at !== undefined,
            ...(at ? { executedAt: at } : {}),
          };
        }),
    );
  }

  /** How many migrations have not run, leaving out the owners in `except` (plugins that failed). */
  async pendingCount(except: ReadonlySet<string> = new Set()): Promise<number> {
    return (await this.status()).filter((s) => !s.executed && !except.has(s.owner)).length;
  }

  /** Runs every pending migration (or those of `owners`), owner by owner in load order. Reports each as it runs. */
  async up(onMigration?: (owner: string, name: string) => void, owners?: readonly string[]): Promise<number> {
    return this.withLock(async () => {
      await this.ensureTable();
      let count = 0;
      const pending = new Set((await this.status()).filter((s) => !s.executed).map((s) => s.owner));
      for (const set of this.sets) {
        if (!pending.has(set.owner) || (owners && !owners.includes(set.owner))) continue;
        const umzug = await this.umzug(set);
        umzug.on('migrating', ({ name }) => onMigration?.(set.owner, name));
        try {
          count += (await umzug.up()).length;
        } catch (err) {
          throw new Error(`Migration of "${set.owner}" failed: ${causeOf(err)}`, { cause: err });
        }
      }
      return count;
    });
  }

  /** Reverts the last `steps` executed migrations, newest first, optionally of one owner only. */
  async down(
    options: { steps?: number; owner?: string } = {},
    onMigration?: (owner: string, name: string) => void,
  ): Promise<number> {
    return this.withLock(async () => {
      await this.ensureTable();
      const rows = await this.db.sequelize.query<{ owner: string; name: string }>(
        `SELECT owner, name FROM ${TABLE}${options.owner ? ' WHERE owner = ?' : ''} ORDER BY id DESC`,
        { type: QueryTypes.SELECT, replacements: options.owner ? [options.owner] : [] },
      );
      const steps = options.steps ?? 1;
      let count = 0;
      for (const row of rows.slice(0, steps)) {
        const set = this.sets.find((s) => s.owner === row.owner);
        if (!set)
          throw new Error(
            `Migration ${row.owner}/${row.name} ran, but plugin "${row.owner}" is not loaded: enable it to revert its migrations.`,
          );
        onMigration?.(row.owner, row.name);
        await (await this.umzug(set)).down({ migrations: [row.name] });
        count++;
      }
      return count;
    });
  }

  /** Two instances starting together must not both migrate: MySQL holds a named lock meanwhile. */
  private async withLock<T>(fn: () => Promise<T>): Promise<T> {
    if (this.db.dialect !== 'mysql') return fn();
    const t = await this.db.sequelize.transaction();
    try {
      const [row] = await this.db.sequelize.query<{ locked: number }>(
        "SELECT GET_LOCK('portico_migrations', 120) AS locked",
        {
          type: QueryTypes.SELECT,
          transaction: t,
        },
      );
      if (row?.locked !== 1)
        throw new Error('Another instance has been migrating for 2 minutes; try again when it has finished.');
      try {
        return await fn();
      } finally {
        await this.db.sequelize.query("SELECT RELEASE_LOCK('portico_migrations')", { transaction: t });
      }
    } finally {
      await t.commit();
    }
  }
}

function causeOf(err: unknown): string {
  const e = err as { cause?: unknown; message?: string };
  if (e.cause) return causeOf(e.cause);
  return e.message ?? String(err);
}
