import { isDeepStrictEqual } from 'node:util';
import { QueryTypes } from 'sequelize';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { fromJson, toBool, toIso } from '../identity/rows.js';
import type { PluginRuntime } from './plugin-runtime.js';
import type { Actor } from './request-context.js';

/** Who may use a plugin: everyone, or the members of some access groups (a pilot). */
export interface Rollout {
  everyone: boolean;
  /** Access group keys; a user is in when they or their organisation belong to one. Empty with everyone. */
  groups: string[];
  /** When an admin last changed it; null while it is the default (everyone). */
  updatedAt: string | null;
}

/** The settings admins stored for a plugin (config's settings are not in here). */
export interface StoredSettings {
  values: Record<string, unknown>;
  updatedAt: string | null;
}

const everyone: Rollout = Object.freeze({ everyone: true, groups: [], updatedAt: null }) as Rollout;

/**
 * How often each instance reads rollouts and stored settings again, so that a change made
 * through another instance reaches it. A change through this instance applies at once.
 */
export const pluginStateRefreshMs = 5_000;

/**
 * What admins decide about plugins at run time, held in memory so that the route check and
 * GET /me cost no query: rollouts (`portico_plugin_rollouts`) and stored settings
 * (`portico_plugin_settings`). Changes through this instance apply when their transaction
 * commits; every instance also reads both tables again every `pluginStateRefreshMs`.
 */
export class PluginAdmin {
  private rollouts = new Map<string, Rollout>();
  private settings = new Map<string, StoredSettings>();
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  /** Changes whenever a rollout changes: cached answers that list a user's plugins compare it. */
  version = 0;

  constructor(
    private readonly runtimes: () => readonly PluginRuntime[],
    private readonly log: Logger,
  ) {}

  rollout(pluginId: string): Rollout {
    return this.rollouts.get(pluginId) ?? everyone;
  }

  storedSettings(pluginId: string): StoredSettings {
    return this.settings.get(pluginId) ?? { values: {}, updatedAt: null };
  }

  /**
   * Whether the actor may use the plugin: everyone may unless it is limited to access groups;
   * then members of one of them may, and the supplier's staff always (they prepare the rollout).
   */
  allows(pluginId: string, actor: Actor): boolean {
    const r = this.rollouts.get(pluginId);
    if (!r || r.everyone) return true;
    if (actor.kind === 'system' || actor.organizationKind === 'provider') return true;
    return actor.groups.some((g) => r.groups.includes(g));
  }

  /** Ids of the running plugins the actor may use, and the rollout version they were made with. */
  pluginsFor(actor: Actor): { ids: string[]; version: number } {
    return {
      ids: this.runtimes()
        .filter((rt) => !rt.builtin && rt.state === 'started' && this.allows(rt.id, actor))
        .map((rt) => rt.id),
      version: this.version,
    };
  }

  /** Reads both tables and applies what changed; the first load happens before plugins start. */
  load(db: Database): Promise<void> {
    // One read at a time: a slow database must not pile up refreshes.
    this.loading ??= this.read(db).finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(db: Database): Promise<void> {
    const rolloutRows = await db.sequelize.query<{
      plugin_id: string;
      everyone: unknown;
      group_keys: unknown;
      updated_at: unknown;
    }>('SELECT plugin_id, everyone, group_keys, updated_at FROM portico_plugin_rollouts', {
      type: QueryTypes.SELECT,
    });
    const settingRows = await db.sequelize.query<{ plugin_id: string; value: unknown; updated_at: unknown }>(
      'SELECT plugin_id, value, updated_at FROM portico_plugin_settings',
      { type: QueryTypes.SELECT },
    );
    const rollouts = new Map<string, Rollout>();
    for (const r of rolloutRows) {
      const all = toBool(r.everyone);
      rollouts.set(r.plugin_id, {
        everyone: all,
        groups: all ? [] : fromJson<string[]>(r.group_keys, []),
        updatedAt: toIso(r.updated_at),
      });
    }
    this.applyRollouts(rollouts);
    const present = new Set<string>();
    for (const r of settingRows) {
      present.add(r.plugin_id);
      this.applySettings(r.plugin_id, {
        values: fromJson<Record<string, unknown>>(r.value, {}),
        updatedAt: toIso(r.updated_at),
      });
    }
    for (const id of [...this.settings.keys()])
      if (!present.has(id)) this.applySettings(id, { values: {}, updatedAt: null });
  }

  private applyRollouts(next: Map<string, Rollout>): void {
    const same =
      next.size === this.rollouts.size &&
      [...next].every(([id, r]) => isDeepStrictEqual(r, this.rollouts.get(id)));
    if (same) return;
    this.rollouts = next;
    this.version++;
  }

  /** Sets one plugin's rollout in memory (after the transaction that stored it committed). */
  setRollout(pluginId: string, rollout: Rollout): void {
    const next = new Map(this.rollouts);
    next.set(pluginId, rollout);
    this.applyRollouts(next);
  }

  /** Makes one plugin's stored settings effective in memory: its `settings()` answers them. */
  applySettings(pluginId: string, stored: StoredSettings): void {
    const before = this.settings.get(pluginId);
    if (before && isDeepStrictEqual(before, stored)) return;
    if (stored.updatedAt === null && !Object.keys(stored.values).length) this.settings.delete(pluginId);
    else this.settings.set(pluginId, stored);
    const rt = this.runtimes().find((r) => r.id === pluginId && !r.builtin);
    if (!rt || rt.state === 'failed') return;
    const ignored = rt.applyStoredSettings(stored.values);
    if (ignored.length)
      this.log.warn(
        { plugin: pluginId, ignored },
        `stored settings of plugin "${pluginId}" that its settings schema no longer accepts are ignored: ${ignored.join(', ')}. An admin can set them again in the admin app.`,
      );
  }

  /** Loads the state, then keeps reading it every `refreshMs`. */
  async start(db: Database, refreshMs = pluginStateRefreshMs): Promise<void> {
    await this.load(db);
    this.timer = setInterval(() => {
      this.load(db).catch((err: unknown) =>
        this.log.warn({ err }, 'reading plugin rollouts and settings failed; retrying at the next refresh'),
      );
    }, refreshMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.loading?.catch(() => undefined);
  }
}
