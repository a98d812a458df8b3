import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { QueryTypes } from 'sequelize';
import type { ResolvedConfig } from '../config/load-config.js';
import type { Lazy } from '../container/container.js';
import type { Database } from '../db/database.js';
import { ProblemError, type FieldError } from '../http/problem.js';
import { reply } from '../http/route.js';
import type { IdentityService } from '../identity/service.js';
import { kebabKeySchema } from '../identity/routes/admin-input.js';
import type { RegisterContext, Translated } from '../plugin/define-plugin.js';
import type { JsonSchema } from '../validation/validator.js';
import type { PluginAdmin, Rollout, StoredSettings } from './plugin-admin.js';
import type { PluginRuntime } from './plugin-runtime.js';
import { settingsValidatorModule } from './settings-validator-module.js';
import type { Actor } from './request-context.js';

/** What the plugin routes need of the kernel. */
export interface PluginAdminHost {
  admin: PluginAdmin;
  /** The loaded plugins (core's built-in modules left out). */
  plugins(): readonly PluginRuntime[];
  identity: Lazy<IdentityService>;
  config: Lazy<ResolvedConfig>;
}

const translatedText: JsonSchema = { type: 'string' };
const rolloutSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['everyone', 'groups', 'unknownGroups', 'updatedAt'],
  properties: {
    everyone: { type: 'boolean' },
    groups: { type: 'array', items: { type: 'string' } },
    unknownGroups: {
      type: 'array',
      items: { type: 'string' },
      description: 'Keys of the rollout that no access group has any more (deleted since)',
    },
    updatedAt: { type: ['string', 'null'] },
  },
};
const pluginSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'id',
    'package',
    'version',
    'displayName',
    'description',
    'optional',
    'dependsOn',
    'state',
    'error',
    'health',
    'permissions',
    'rollout',
    'hasSettings',
  ],
  properties: {
    id: { type: 'string' },
    package: { type: 'string' },
    version: { type: 'string' },
    displayName: translatedText,
    description: translatedText,
    optional: { type: 'boolean' },
    dependsOn: { type: 'array', items: { type: 'string' } },
    state: { enum: ['loaded', 'registered', 'migrated', 'started', 'failed', 'stopped'] },
    error: { type: ['string', 'null'] },
    health: {
      type: 'object',
      additionalProperties: false,
      required: ['status', 'failedEvents', 'retryingEvents', 'lastError'],
      description:
        'failed: the plugin did not start; degraded: events to its subscribers failed for good in the last 7 days (failedEvents) or are being retried (retryingEvents)',
      properties: {
        status: { enum: ['ok', 'degraded', 'failed'] },
        failedEvents: { type: 'integer' },
        retryingEvents: { type: 'integer' },
        lastError: { type: ['string', 'null'] },
      },
    },
    permissions: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['key', 'description', 'providerOnly', 'grantTo'],
        properties: {
          key: { type: 'string' },
          description: translatedText,
          providerOnly: { type: 'boolean' },
          grantTo: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    rollout: rolloutSchema,
    hasSettings: { type: 'boolean' },
  },
};

const settingsViewSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['pluginId', 'displayName', 'schema', 'values', 'stored', 'locked', 'writeOnly', 'updatedAt'],
  properties: {
    pluginId: { type: 'string' },
    displayName: { type: 'string' },
    schema: {
      type: 'object',
      description:
        "The plugin's settings schema (JSON Schema 2020-12), titles and descriptions in the caller's language where the plugin translates them",
    },
    values: {
      type: 'object',
      description: 'The values the plugin runs with now (write-only ones left out)',
    },
    stored: {
      type: 'array',
      items: { type: 'string' },
      description: 'Settings an admin set (the others have their default or come from config)',
    },
    locked: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Settings that config gives (a config file or the environment): they win and cannot be changed here',
    },
    writeOnly: {
      type: 'array',
      items: { type: 'string' },
      description:
        'Settings the schema marks writeOnly (secrets): never answered; leave one out of PUT to keep it',
    },
    updatedAt: { type: ['string', 'null'] },
  },
};

/** ?lang= picks the language of names, descriptions and settings titles (the app's current one). */
const langQuery: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    lang: {
      type: 'string',
      pattern: '^[a-z]{2}(-[A-Z]{2})?$',
      description: "Language of display names and descriptions; defaults to the caller's profile language",
    },
  },
};

const idParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 40 } },
};

/** A translated text in the language asked for, else the default language, else English, else any. */
function pick(text: Translated | undefined, language: string, fallback: string): string {
  if (!text) return '';
  return text[language] ?? text[fallback] ?? text.en ?? Object.values(text)[0] ?? '';
}

function problem422(errors: FieldError[], detail?: string): ProblemError {
  const first = errors[0]!;
  return new ProblemError(422, {
    title: 'Invalid request body',
    detail:
      detail ??
      `body ${first.path}: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    errors,
  });
}

/** Number of rows an UPDATE matched, as each dialect reports it. */
function affectedRows(meta: unknown): number {
  if (typeof meta === 'number') return meta;
  const m = meta as { affectedRows?: number; changes?: number } | undefined;
  return m?.affectedRows ?? m?.changes ?? 0;
}

/** Updates the row of `pluginId` in `table`, or inserts it. Runs in the request's transaction. */
async function upsert(
  db: Database,
  table: string,
  pluginId: string,
  values: Record<string, unknown>,
): Promise<void> {
  const columns = Object.keys(values);
  const [, meta] = await db.sequelize.query(
    `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE plugin_id = ?`,
    { replacements: [...columns.map((c) => values[c]), pluginId], type: QueryTypes.UPDATE },
  );
  if (affectedRows(meta) > 0) return;
  try {
    await db.sequelize.query(
      `INSERT INTO ${table} (plugin_id, ${columns.join(', ')}) VALUES (?, ${columns.map(() => '?').join(', ')})`,
      { replacements: [pluginId, ...columns.map((c) => values[c])] },
    );
  } catch (err) {
    if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError')
      throw new ProblemError(409, {
        detail: 'Someone else changed this plugin at the same moment. Load it again and repeat your change.',
      });
    throw err;
  }
}

function afterCommit(db: Database, fn: () => void): void {
  const transaction = db.currentTransaction();
  if (transaction) transaction.afterCommit(() => fn());
  else fn();
}

/** How far back event deliveries that gave up count against a plugin's health. */
const failedEventsWindowMs = 7 * 24 * 3_600_000;

type SchemaObject = Record<string, unknown> & { properties?: Record<string, Record<string, unknown>> };

/**
 * Plugins as the supplier's staff manage them (issue 4's admin "Plugins" page): what is loaded
 * and how it is doing, the pilot rollout of each to access groups, and the settings each
 * declares, stored in the database and effective without a restart.
 */
export function registerPluginAdminRoutes(ctx: RegisterContext, host: PluginAdminHost): void {
  /** The language asked for (?lang=, the app's), else the caller's profile language, else the portal's default. */
  const languageOf = (actor: Actor, asked?: string) =>
    asked ?? actor.language ?? host.config().defaultLanguage;

  const find = (id: string): PluginRuntime => {
    const rt = host.plugins().find((r) => r.id === id);
    if (!rt) throw new ProblemError(404, { detail: `No plugin with the id "${id}" is loaded.` });
    return rt;
  };

  const groupKeys = async (): Promise<Set<string>> =>
    new Set(
      (
        await ctx.db().sequelize.query<{ key: string }>('SELECT `key` FROM portico_groups', {
          type: QueryTypes.SELECT,
        })
      ).map((r) => r.key),
    );

  /** Failed and retried deliveries of each plugin's event subscriptions. */
  const eventHealth = async (): Promise<
    Map<string, { failed: number; retrying: number; lastError: string | null }>
  > => {
    const db = ctx.db();
    // Deliveries that gave up in the last week (an old failure that was dealt with does not mark a
    // plugin degraded for ever), and those waiting for a retry.
    const trouble = "((status = 'dead' AND next_attempt_at >= ?) OR (status = 'pending' AND attempts > 0))";
    const since = new Date(Date.now() - failedEventsWindowMs);
    const counts = await db.sequelize.query<{ subscriber: string; status: string; n: number | string }>(
      `SELECT subscriber, status, COUNT(*) AS n FROM portico_event_deliveries WHERE ${trouble} GROUP BY subscriber, status`,
      { replacements: [since], type: QueryTypes.SELECT },
    );
    const out = new Map<string, { failed: number; retrying: number; lastError: string | null }>();
    const of = (subscriber: string) => {
      const plugin = subscriber.split(':')[0]!;
      let h = out.get(plugin);
      if (!h) out.set(plugin, (h = { failed: 0, retrying: 0, lastError: null }));
      return h;
    };
    for (const c of counts) {
      const h = of(c.subscriber);
      if (c.status === 'dead') h.failed += Number(c.n);
      else h.retrying += Number(c.n);
    }
    if (out.size) {
      const errors = await db.sequelize.query<{ subscriber: string; last_error: string }>(
        `SELECT subscriber, last_error FROM portico_event_deliveries WHERE ${trouble} AND last_error IS NOT NULL ORDER BY id DESC LIMIT 50`,
        { replacements: [since], type: QueryTypes.SELECT },
      );
      for (const e of errors) {
        const h = of(e.subscriber);
        // The message, not the stack trace the outbox keeps.
        h.lastError ??= e.last_error.split('\n')[0]!.slice(0, 500);
      }
    }
    return out;
  };

  const rolloutView = (rollout: Rollout, known: Set<string>) => ({
    everyone: rollout.everyone,
    groups: rollout.groups,
    unknownGroups: rollout.groups.filter((g) => !known.has(g)),
    updatedAt: rollout.updatedAt,
  });

  const pluginView = (
    rt: PluginRuntime,
    actor: Actor,
    known: Set<string>,
    health: Awaited<ReturnType<typeof eventHealth>>,
    asked?: string,
  ) => {
    const language = languageOf(actor, asked);
    const fallback = host.config().defaultLanguage;
    const events = health.get(rt.id);
    const failed = rt.state === 'failed';
    return {
      id: rt.id,
      package: rt.resolved.packageName,
      version: rt.resolved.version,
      displayName: pick(rt.resolved.manifest.displayName, language, fallback) || rt.id,
      description: pick(rt.resolved.manifest.description, language, fallback),
      optional: rt.resolved.optional,
      dependsOn: [...rt.resolved.manifest.dependsOn],
      state: rt.state,
      error: rt.error?.message ?? null,
      health: {
        status: failed ? 'failed' : events && (events.failed || events.retrying) ? 'degraded' : 'ok',
        failedEvents: events?.failed ?? 0,
        retryingEvents: events?.retrying ?? 0,
        lastError: events?.lastError ?? null,
      },
      permissions: rt.permissions.map((p) => ({
        key: p.key,
        description: pick(p.description, language, fallback),
        providerOnly: !!p.providerOnly,
        grantTo: [...(p.grantTo ?? [])],
      })),
      rollout: rolloutView(host.admin.rollout(rt.id), known),
      hasSettings: !!rt.settingsSchema,
    };
  };

  /** Top-level properties of the schema marked writeOnly: secrets never sent back. */
  const writeOnlyKeys = (rt: PluginRuntime): string[] =>
    Object.entries((rt.settingsSchema as SchemaObject | undefined)?.properties ?? {})
      .filter(([, p]) => typeof p === 'object' && p !== null && p.writeOnly === true)
      .map(([k]) => k);

  /** The schema with titles and descriptions from the plugin's translations (`settings.<key>.title`). */
  const localizedSchema = (rt: PluginRuntime, language: string): JsonSchema => {
    const schema = structuredClone(rt.settingsSchema ?? {}) as SchemaObject;
    const texts = (lang: string) =>
      (rt.translations[lang]?.settings ?? {}) as Record<string, { title?: unknown; description?: unknown }>;
    const own = texts(language);
    const fallback = texts(host.config().defaultLanguage);
    for (const [key, prop] of Object.entries(schema.properties ?? {})) {
      if (typeof prop !== 'object' || prop === null) continue;
      const title = own[key]?.title ?? fallback[key]?.title;
      const description = own[key]?.description ?? fallback[key]?.description;
      if (typeof title === 'string') prop.title = title;
      if (typeof description === 'string') prop.description = description;
    }
    return schema;
  };

  /** The settings view; `stored` is passed while the change that stored it has not committed yet. */
  const settingsView = (
    rt: PluginRuntime,
    actor: Actor,
    stored: StoredSettings = host.admin.storedSettings(rt.id),
    asked?: string,
  ) => {
    if (!rt.settingsSchema)
      throw new ProblemError(404, { detail: `The plugin "${rt.id}" declares no settings.` });
    const secret = new Set(writeOnlyKeys(rt));
    const current = rt.settingsWith(stored.values);
    const values = current.ok ? current.value : (rt.settingsValue ?? {});
    return {
      pluginId: rt.id,
      displayName:
        pick(rt.resolved.manifest.displayName, languageOf(actor, asked), host.config().defaultLanguage) ||
        rt.id,
      schema: localizedSchema(rt, languageOf(actor, asked)),
      values: Object.fromEntries(Object.entries(values).filter(([k]) => !secret.has(k))),
      stored: Object.keys(stored.values).sort(),
      locked: rt.lockedSettings.sort(),
      writeOnly: [...secret].sort(),
      updatedAt: stored.updatedAt,
    };
  };

  ctx.route<unknown, { lang?: string }, unknown, unknown>({
    method: 'get',
    path: '/plugins',
    summary: 'The loaded plugins: version, state and health, permissions, rollout',
    description:
      "Display names and descriptions in the caller's language. `health` counts the plugin's event deliveries that failed for good or are being retried.",
    access: { permission: 'core.plugin.read' },
    query: langQuery,
    responses: {
      200: {
        description: 'The plugins, in the order they start',
        schema: {
          type: 'object',
          required: ['items'],
          properties: { items: { type: 'array', items: pluginSchema } },
        },
      },
    },
    async handler({ actor, query }) {
      const [known, health] = [await groupKeys(), await eventHealth()];
      return { items: host.plugins().map((rt) => pluginView(rt, actor, known, health, query.lang)) };
    },
  });

  ctx.route<{ id: string }, { lang?: string }, unknown, unknown>({
    method: 'get',
    path: '/plugins/:id',
    summary: 'One plugin: version, state and health, permissions, rollout',
    access: { permission: 'core.plugin.read' },
    params: idParams,
    query: langQuery,
    responses: {
      200: { description: 'The plugin', schema: pluginSchema },
      404: { description: 'No such plugin is loaded' },
    },
    async handler({ params, actor, query }) {
      const rt = find(params.id);
      return pluginView(rt, actor, await groupKeys(), await eventHealth(), query.lang);
    },
  });

  ctx.route<{ id: string }, unknown, { everyone?: boolean; groups?: string[] }, unknown>({
    method: 'put',
    path: '/plugins/:id/rollout',
    summary: 'Roll a plugin out to everyone, or to some access groups first (pilot)',
    description:
      '`{ "everyone": true }`, or `{ "groups": ["gold-customers"] }`: then only customer users who (or whose organisation) belong to one of the groups may use the plugin; its routes answer 404 to everyone else, and GET /me leaves it out of `plugins`. The supplier\'s staff always may (to prepare the rollout). An empty list limits the plugin to the supplier\'s staff. Applies at once on this instance and within a few seconds on the others.',
    access: { permission: 'core.plugin.manage' },
    params: idParams,
    body: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        everyone: { type: 'boolean' },
        groups: { type: 'array', uniqueItems: true, maxItems: 200, items: kebabKeySchema },
      },
    },
    responses: {
      200: { description: 'The plugin with its new rollout', schema: pluginSchema },
      404: { description: 'No such plugin is loaded' },
      422: { description: 'Neither or both of everyone and groups, or a group that does not exist' },
    },
    async handler({ params, body, actor, raw }) {
      const rt = find(params.id);
      const db = ctx.db();
      const everyone = body.everyone === true;
      if (everyone && body.groups?.length)
        throw problem422(
          [{ in: 'body', path: '/groups', message: 'must be left out when everyone is true' }],
          'Choose everyone, or some access groups; not both.',
        );
      if (!everyone && !body.groups)
        throw problem422(
          [{ in: 'body', path: '/groups', message: 'is required unless everyone is true' }],
          'Name the access groups to roll the plugin out to, or set everyone to true.',
        );
      const groups = everyone ? [] : [...new Set(body.groups)].sort();
      const known = await groupKeys();
      const unknown = groups.map((g) => ({ g, i: body.groups!.indexOf(g) })).filter(({ g }) => !known.has(g));
      if (unknown.length)
        throw problem422(
          unknown.map(({ i }) => ({ in: 'body', path: `/groups/${i}`, message: 'is not an access group' })),
          `There is no access group ${unknown.map(({ g }) => `"${g}"`).join(', ')}. Choose among: ${[...known].sort().join(', ') || '(none yet)'}.`,
        );
      const now = new Date();
      await upsert(db, 'portico_plugin_rollouts', rt.id, {
        everyone,
        group_keys: JSON.stringify(groups),
        updated_at: now,
        updated_by: actor.userId ?? null,
      });
      const identity = host.identity();
      await identity.audit.record({
        type: 'plugin.rollout-changed',
        targetType: 'plugin',
        targetId: rt.id,
        ip: identity.clientAddress(raw),
        details: { everyone, groups },
      });
      await ctx.events.emit('core.plugin-rollout.changed', { pluginId: rt.id, everyone, groups });
      const rollout: Rollout = { everyone, groups, updatedAt: now.toISOString() };
      afterCommit(db, () => host.admin.setRollout(rt.id, rollout));
      return {
        ...pluginView(rt, actor, known, await eventHealth()),
        rollout: rolloutView(rollout, known),
      };
    },
  });

  ctx.route<{ id: string }, { lang?: string }, unknown, unknown>({
    method: 'get',
    path: '/plugins/:id/settings',
    summary: "A plugin's settings: schema, current values, what config locks",
    description:
      'Config (a config file or the environment) wins over the database: the keys in `locked` come from config and cannot be changed here. The others are what an admin stored, else the schema default.',
    access: { permission: 'core.plugin.read' },
    params: idParams,
    query: langQuery,
    responses: {
      200: { description: 'The settings', schema: settingsViewSchema },
      404: { description: 'No such plugin is loaded, or it declares no settings' },
    },
    handler({ params, actor, query }) {
      return settingsView(find(params.id), actor, undefined, query.lang);
    },
  });

  /** Generated validator modules by plugin and language (schemas do not change while running). */
  const validatorModules = new Map<string, { code: string; etag: string }>();

  ctx.route<{ id: string }, { lang?: string }, unknown, unknown>({
    method: 'get',
    path: '/plugins/:id/settings/validator.js',
    summary: "A browser module that validates a plugin's settings (for the admin app's settings form)",
    description:
      "JavaScript (an ES module) generated with the kernel's JSON Schema validator from the settings schema as GET /plugins/:id/settings answers it (same `lang`). Its default export takes a `require` for Ajv's runtime helpers and returns the validate function. The admin app loads it with import(): the portal's Content Security Policy lets no page compile code itself.",
    access: { permission: 'core.plugin.read' },
    params: idParams,
    query: langQuery,
    responses: {
      200: { description: 'The module, text/javascript' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such plugin is loaded, or it declares no settings' },
    },
    handler({ params, query, actor, raw }) {
      const rt = find(params.id);
      if (!rt.settingsSchema)
        throw new ProblemError(404, { detail: `The plugin "${rt.id}" declares no settings.` });
      const language = languageOf(actor, query.lang);
      const key = `${rt.id}\u0000${language}`;
      let module = validatorModules.get(key);
      if (!module) {
        const code = settingsValidatorModule(localizedSchema(rt, language));
        module = { code, etag: `"${createHash('sha256').update(code).digest('base64url').slice(0, 27)}"` };
        validatorModules.set(key, module);
      }
      const headers = { ETag: module.etag, 'Cache-Control': 'private, no-cache' };
      if (raw.headers['if-none-match'] === module.etag) return reply(304, undefined, headers);
      return reply(200, module.code, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' });
    },
  });

  ctx.route<{ id: string }, { lang?: string }, Record<string, unknown>, unknown>({
    method: 'put',
    path: '/plugins/:id/settings',
    summary: "Change a plugin's settings (effective without a restart)",
    description:
      "The body holds the settings an admin sets, validated against the plugin's schema (422 with the path of each wrong field). A setting left out goes back to its default; a write-only one (a secret) left out keeps its value. Settings that config gives may be sent only unchanged. The plugin's `settings()` answers the new values at once on this instance and within a few seconds on the others, and the event core.plugin-settings.changed is emitted.",
    access: { permission: 'core.plugin.manage' },
    params: idParams,
    query: langQuery,
    body: { type: 'object' },
    responses: {
      200: { description: 'The new settings', schema: settingsViewSchema },
      404: { description: 'No such plugin is loaded, or it declares no settings' },
      422: { description: 'A value the schema refuses, or a change of a setting config gives' },
    },
    async handler({ params, query, body, actor, raw }) {
      const rt = find(params.id);
      if (!rt.settingsSchema)
        throw new ProblemError(404, { detail: `The plugin "${rt.id}" declares no settings.` });
      const db = ctx.db();
      const before = host.admin.storedSettings(rt.id);
      const locked = new Set(rt.lockedSettings);
      const current = rt.settingsWith(before.values);
      const errors: FieldError[] = [];
      const values: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(body)) {
        if (!locked.has(key)) values[key] = value;
        else if (!isDeepStrictEqual(value, current.value[key]))
          errors.push({
            in: 'body',
            path: `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`,
            message: 'is set in config (plugins[].settings) and cannot be changed here',
          });
      }
      for (const key of writeOnlyKeys(rt))
        if (!(key in body) && key in before.values) values[key] = before.values[key];
      const next = rt.settingsWith(values);
      errors.push(...next.errors.map((e) => ({ in: 'body' as const, ...e })));
      if (errors.length) throw problem422(errors);
      const changed = Object.keys({ ...next.value, ...current.value })
        .filter((k) => !isDeepStrictEqual(next.value[k], current.value[k]))
        .sort();
      const now = new Date();
      await upsert(db, 'portico_plugin_settings', rt.id, {
        value: JSON.stringify(values),
        updated_at: now,
        updated_by: actor.userId ?? null,
      });
      const identity = host.identity();
      // The keys only: values may be secrets.
      await identity.audit.record({
        type: 'plugin.settings-changed',
        targetType: 'plugin',
        targetId: rt.id,
        ip: identity.clientAddress(raw),
        details: { changed, stored: Object.keys(values).sort() },
      });
      if (changed.length) await ctx.events.emit('core.plugin-settings.changed', { pluginId: rt.id, changed });
      const stored = { values, updatedAt: now.toISOString() };
      afterCommit(db, () => host.admin.applySettings(rt.id, stored));
      return settingsView(rt, actor, stored, query.lang);
    },
  });

  ctx.route<{ id: string }, { lang?: string }, unknown, unknown>({
    method: 'delete',
    path: '/plugins/:id/settings',
    summary: "Reset a plugin's settings to their defaults (config's stay)",
    access: { permission: 'core.plugin.manage' },
    params: idParams,
    query: langQuery,
    responses: {
      200: { description: 'The settings after the reset', schema: settingsViewSchema },
      404: { description: 'No such plugin is loaded, or it declares no settings' },
    },
    async handler({ params, query, actor, raw }) {
      const rt = find(params.id);
      if (!rt.settingsSchema)
        throw new ProblemError(404, { detail: `The plugin "${rt.id}" declares no settings.` });
      const db = ctx.db();
      const before = host.admin.storedSettings(rt.id);
      const current = rt.settingsWith(before.values);
      const next = rt.settingsWith({});
      const changed = Object.keys({ ...next.value, ...current.value })
        .filter((k) => !isDeepStrictEqual(next.value[k], current.value[k]))
        .sort();
      await db.sequelize.query('DELETE FROM portico_plugin_settings WHERE plugin_id = ?', {
        replacements: [rt.id],
      });
      const identity = host.identity();
      await identity.audit.record({
        type: 'plugin.settings-changed',
        targetType: 'plugin',
        targetId: rt.id,
        ip: identity.clientAddress(raw),
        details: { changed, stored: [], reset: true },
      });
      if (changed.length) await ctx.events.emit('core.plugin-settings.changed', { pluginId: rt.id, changed });
      const stored = { values: {}, updatedAt: null };
      afterCommit(db, () => host.admin.applySettings(rt.id, stored));
      return settingsView(rt, actor, stored, query.lang);
    },
  });
}
