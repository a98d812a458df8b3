import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../kernel/user-error.js';
import type { PorticoConfig } from './config-types.js';
import configSchema from './config.schema.json' with { type: 'json' };
import { sharedValidator, type JsonSchema } from '../validation/validator.js';

export type { PorticoConfig } from './config-types.js';
export { configSchema };

/** A config refusal: names the key, the value and what is allowed. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A config section after defaults: every key with a default is present, all the way down. */
export type Defaulted<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]-?: Defaulted<Exclude<T[K], undefined>> }
    : T;

/** The fully defaulted, validated config plus where the app lives. */
export interface ResolvedConfig extends PorticoConfig {
  auth: Defaulted<NonNullable<PorticoConfig['auth']>>;
  mail: Defaulted<NonNullable<PorticoConfig['mail']>>;
  files: Defaulted<NonNullable<PorticoConfig['files']>>;
  http: Required<NonNullable<PorticoConfig['http']>>;
  database: Required<NonNullable<PorticoConfig['database']>>;
  redis: Required<NonNullable<PorticoConfig['redis']>>;
  log: Required<NonNullable<PorticoConfig['log']>>;
  events: Required<NonNullable<PorticoConfig['events']>>;
  demo: Required<NonNullable<PorticoConfig['demo']>>;
  plugins: NonNullable<PorticoConfig['plugins']>;
  dataDir: string;
  portalName: string;
  defaultLanguage: string;
  ui: Required<NonNullable<PorticoConfig['ui']>>;
  /** Absolute directory of the app: where config/ is and relative paths start. */
  root: string;
}

export interface LoadConfigOptions {
  /** App root; defaults to PORTICO_ROOT or the current directory. */
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Applied over the files and under the environment; used by tests and the CLI. */
  overrides?: Record<string, unknown>;
}

/** Environment variables with a name of their own; any other key is `PORTICO_<PATH>` (see below). */
const namedEnv: Record<string, string> = {
  PORT: 'http.port',
  DATABASE_URL: 'database.url',
  REDIS_URL: 'redis.url',
  PORTICO_DATA_DIR: 'dataDir',
  PORTICO_DEMO_PASSWORD: 'demo.password',
};

/**
 * Loads config in layers: built-in defaults, `config/default.json`, `config/<NODE_ENV>.json`,
 * `overrides`, then the environment. `PORTICO_HTTP__BODY_LIMIT=2mb` sets `http.bodyLimit`:
 * `__` separates levels and SNAKE_CASE becomes camelCase. Values are parsed as JSON where the
 * schema wants a number, boolean, array or object.
 */
export function loadConfig(options: LoadConfigOptions = {}): ResolvedConfig {
  const env = options.env ?? process.env;
  const root = path.resolve(options.root ?? env.PORTICO_ROOT ?? process.cwd());
  const configDir = path.join(root, 'config');
  let merged: Record<string, unknown> = {};
  const sources = new Map<string, string>();

  const layer = (file: string): void => {
    if (!existsSync(file)) return;
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new ConfigError(
        `Config file ${file} is not valid JSON: ${(err as Error).message}. Fix the file and start again.`,
      );
    }
    if (!isObject(data)) throw new ConfigError(`Config file ${file} must hold a JSON object.`);
    recordSources(data, '', path.relative(root, file), sources);
    merged = deepMerge(merged, data);
  };
  layer(path.join(configDir, 'default.json'));
  if (env.NODE_ENV) layer(path.join(configDir, `${env.NODE_ENV}.json`));
  if (options.overrides) {
    recordSources(options.overrides, '', 'overrides', sources);
    merged = deepMerge(merged, options.overrides);
  }

  for (const [name, raw] of Object.entries(env)) {
    if (raw === undefined || raw === '') continue;
    let key = namedEnv[name];
    // PORTICO_ROOT picks the app folder and PORTICO_TEST_* steer the test suite; neither is config.
    if (!key && name.startsWith('PORTICO_') && name !== 'PORTICO_ROOT' && !name.startsWith('PORTICO_TEST_')) {
      key = name
        .slice('PORTICO_'.length)
        .split('__')
        .map((part) => part.toLowerCase().replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase()))
        .join('.');
    }
    if (!key) continue;
    const segments = key.split('.');
    const type = schemaTypeAt(configSchema as JsonSchema, segments);
    if (type === undefined) {
      throw new ConfigError(
        `Environment variable ${name} sets "${key}", which is not a config key. ` +
          'See config/schema.json for the keys; separate levels with __ (PORTICO_HTTP__BODY_LIMIT).',
      );
    }
    let value: unknown = raw;
    if (type.includes('string') && raw !== 'null') {
      // A key that takes a string or something else (trustProxy: true, 1 or "loopback"):
      // JSON that yields one of the other allowed types wins, anything else stays a string.
      try {
        const parsed: unknown = JSON.parse(raw);
        const kind =
          typeof parsed === 'number'
            ? Number.isInteger(parsed)
              ? ['integer', 'number']
              : ['number']
            : [typeof parsed];
        if (kind.some((k) => k !== 'string' && type.includes(k))) value = parsed;
      } catch {
        // not JSON: a plain string
      }
    } else {
      try {
        value = JSON.parse(raw);
      } catch {
        throw new ConfigError(
          `Environment variable ${name} sets "${key}" to ${JSON.stringify(raw)}, which is not valid JSON for a ${type.join(' or ')}.`,
        );
      }
    }
    setPath(merged, segments, value);
    sources.set(key, `environment variable ${name}`);
  }

  const validator = sharedValidator('defaults');
  const result = validator.validate(configSchema as JsonSchema, merged);
  if (!result.ok) {
    const lines = result.errors.map((e) => {
      const key = e.path.replace(/^\//, '').replace(/\//g, '.');
      const value = getPath(merged, key.split('.'));
      const from = sourceOf(key, sources);
      return `  ${key || '(root)'} = ${JSON.stringify(value)}${from ? ` (from ${from})` : ''}: ${e.message}${allowedHint(e.keyword, e.params)}`;
    });
    throw new ConfigError(
      `Invalid config, the portal cannot start:\n${lines.join('\n')}\nFix these keys and start again.`,
    );
  }
  const config = merged as unknown as ResolvedConfig;
  config.root = root;
  return config;
}

function allowedHint(keyword: string | undefined, params: Record<string, unknown> | undefined): string {
  if (!params) return '';
  if (keyword === 'pattern') return ` (allowed: values matching ${String(params.pattern)})`;
  if (keyword === 'additionalProperties')
    return ' (remove it or check the spelling against config/schema.json)';
  return '';
}

function sourceOf(key: string, sources: Map<string, string>): string | undefined {
  const parts = key.split('.');
  for (let i = parts.length; i > 0; i--) {
    const s = sources.get(parts.slice(0, i).join('.'));
    if (s) return s;
  }
  return undefined;
}

function recordSources(
  data: Record<string, unknown>,
  prefix: string,
  source: string,
  out: Map<string, string>,
): void {
  for (const [k, v] of Object.entries(data)) {
    const key = prefix ? `${prefix}.${k}` : k;
    out.set(key, source);
    if (isObject(v)) recordSources(v, key, source, out);
  }
}

function schemaTypeAt(schema: JsonSchema, segments: string[]): string[] | undefined {
  let node: unknown = schema;
  for (const s of segments) {
    if (!isObject(node)) return undefined;
    const props = node.properties;
    if (!isObject(props) || !(s in props)) return undefined;
    node = props[s];
  }
  if (!isObject(node)) return undefined;
  if (Array.isArray(node.type)) return node.type as string[];
  if (typeof node.type === 'string') return [node.type];
  if (Array.isArray(node.enum)) return ['string'];
  return ['object'];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? deepMerge(prev, v) : v;
  }
  return out;
}

function setPath(target: Record<string, unknown>, segments: string[], value: unknown): void {
  let node = target;
  for (const s of segments.slice(0, -1)) {
    if (!isObject(node[s])) node[s] = {};
    node = node[s] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]!] = value;
}

function getPath(target: unknown, segments: string[]): unknown {
  let node = target;
  for (const s of segments) {
    if (!s) continue;
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[s];
  }
  return node;
}
