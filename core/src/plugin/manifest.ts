import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import semver from 'semver';
import { UserError } from '../kernel/user-error.js';
import { sharedValidator, formatFieldErrors, type JsonSchema } from '../validation/validator.js';

/** The static part of a plugin: the `portico` field of its package.json. Read without running plugin code. */
export interface PluginManifest {
  id: string;
  dependsOn: string[];
  core: string;
  displayName: Record<string, string>;
  description: Record<string, string>;
  /**
   * Top-level API paths the plugin owns besides `/api/v1/<id>`: `["structures"]` lets a route
   * declare `root: 'structures'` and be served at `/api/v1/structures/...`. Two plugins never
   * share one, and none may take another plugin's id.
   */
  apiRoots: string[];
}

/** A plugin found on disk: its manifest, package and where its server entry is. */
export interface ResolvedPlugin {
  manifest: PluginManifest;
  packageName: string;
  version: string;
  dir: string;
  /** Absolute file of the server entry ("." export). */
  entry: string;
  /** How config named it. */
  spec: string;
  optional: boolean;
  settings: Record<string, unknown>;
}

export class PluginLoadError extends UserError {
  constructor(message: string) {
    super(message);
    this.name = 'PluginLoadError';
  }
}

const manifestSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'core'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 40 },
    dependsOn: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$' },
      uniqueItems: true,
      default: [],
    },
    core: { type: 'string', minLength: 1 },
    displayName: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
    description: { type: 'object', additionalProperties: { type: 'string' }, default: {} },
    apiRoots: {
      type: 'array',
      items: { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 40 },
      uniqueItems: true,
      maxItems: 10,
      default: [],
    },
  },
};
const validator = sharedValidator('defaults');

export interface PluginEntryConfig {
  package: string;
  optional?: boolean;
  enabled?: boolean;
  settings?: Record<string, unknown>;
}

/** Finds the plugin's package directory, from the app root as Node would, and reads its manifest. */
export function resolvePlugin(root: string, entry: string | PluginEntryConfig): ResolvedPlugin {
  const spec = typeof entry === 'string' ? entry : entry.package;
  const isPath = spec.startsWith('.') || path.isAbsolute(spec) || spec.startsWith('file:');
  let dir: string | undefined;
  if (isPath) {
    dir = path.resolve(root, spec.replace(/^file:/, ''));
    if (!existsSync(path.join(dir, 'package.json'))) {
      throw new PluginLoadError(
        `Plugin "${spec}" not found: ${dir} has no package.json. Check the path in "plugins" in config.`,
      );
    }
  } else {
    const require = createRequire(path.join(root, 'package.json'));
    for (const base of require.resolve.paths(spec) ?? []) {
      if (existsSync(path.join(base, spec, 'package.json'))) {
        dir = path.join(base, spec);
        break;
      }
    }
    if (!dir) {
      throw new PluginLoadError(
        `Plugin package "${spec}" is not installed in ${root}. Run "npm install ${spec}" there, or remove it from "plugins" in config.`,
      );
    }
  }
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  const name = typeof pkg.name === 'string' ? pkg.name : spec;
  if (!pkg.portico || typeof pkg.portico !== 'object') {
    throw new PluginLoadError(
      `Package "${name}" is not a Portico plugin: its package.json has no "portico" field with id and core range. See docs/plugin-developers.md.`,
    );
  }
  const result = validator.validate<PluginManifest>(manifestSchema, pkg.portico);
  if (!result.ok) {
    throw new PluginLoadError(
      `Plugin "${name}" has an invalid "portico" manifest in package.json:\n${formatFieldErrors(result.errors)}`,
    );
  }
  if (result.value.id === 'core') {
    throw new PluginLoadError(
      `Plugin "${name}" uses the id "core", which is the kernel's own (its migrations and settings are kept under it). Choose another id.`,
    );
  }
  if (!semver.validRange(result.value.core)) {
    throw new PluginLoadError(
      `Plugin "${result.value.id}" (${name}) declares core range "${result.value.core}", which is not a semver range such as "^0.1".`,
    );
  }
  return {
    manifest: result.value,
    packageName: name,
    version: typeof pkg.version === 'string' ? pkg.version : '0.0.0',
    dir,
    entry: resolveEntry(dir, name, pkg),
    spec,
    optional: typeof entry === 'string' ? false : (entry.optional ?? false),
    settings: typeof entry === 'string' ? {} : (entry.settings ?? {}),
  };
}

/**
 * The file of the package's "." export. Node's resolver picks it so that user conditions apply
 * (tests run workspace plugins from source with `--conditions=@portico/source`).
 */
function resolveEntry(dir: string, name: string, pkg: Record<string, unknown>): string {
  const require = createRequire(path.join(dir, 'package.json'));
  try {
    // Self-reference: a package with "exports" can resolve its own name, with the active conditions.
    if (pkg.exports) return require.resolve(name);
  } catch {
    // An ESM-only package exports "." under "import" only, which require.resolve does not match.
  }
  const exp = pkg.exports as unknown;
  const pick = (node: unknown): string | undefined => {
    if (typeof node === 'string') return node;
    if (node && typeof node === 'object' && !Array.isArray(node)) {
      const obj = node as Record<string, unknown>;
      if ('.' in obj) return pick(obj['.']);
      for (const cond of ['import', 'node', 'default']) if (cond in obj) return pick(obj[cond]);
    }
    return undefined;
  };
  const target = pick(exp) ?? (typeof pkg.main === 'string' ? pkg.main : undefined);
  if (!target)
    throw new PluginLoadError(
      `Plugin package "${name}" has no server entry: set "exports" "." (or "main") in its package.json.`,
    );
  return path.resolve(dir, target);
}

/**
 * Orders plugins so that each comes after what it depends on, and refuses a missing dependency,
 * a cycle or a core version outside a plugin's range, naming the plugin and the fix.
 */
export function orderPlugins(plugins: ResolvedPlugin[], coreVersion: string): ResolvedPlugin[] {
  const byId = new Map<string, ResolvedPlugin>();
  for (const p of plugins) {
    const dup = byId.get(p.manifest.id);
    if (dup)
      throw new PluginLoadError(
        `Two plugins have the id "${p.manifest.id}": ${dup.packageName} and ${p.packageName}. Remove one from "plugins" in config.`,
      );
    byId.set(p.manifest.id, p);
  }
  const rootOwner = new Map<string, ResolvedPlugin>();
  for (const p of plugins) {
    for (const root of p.manifest.apiRoots ?? []) {
      const other = rootOwner.get(root) ?? (root !== p.manifest.id ? byId.get(root) : undefined);
      if (other)
        throw new PluginLoadError(
          `Plugin "${p.manifest.id}" (${p.packageName}) claims the API path /api/v1/${root}, which plugin "${other.manifest.id}" (${other.packageName}) already owns. Remove one of them from "plugins" in config.`,
        );
      rootOwner.set(root, p);
    }
  }
  for (const p of plugins) {
    if (!semver.satisfies(coreVersion, p.manifest.core, { includePrerelease: true })) {
      throw new PluginLoadError(
        `Plugin "${p.manifest.id}" (${p.packageName}@${p.version}) works with @portico/core ${p.manifest.core}, but this is core ${coreVersion}. ` +
          'Install a version of the plugin made for this core, or remove it from "plugins" in config.',
      );
    }
    for (const dep of p.manifest.dependsOn) {
      if (!byId.has(dep)) {
        throw new PluginLoadError(
          `Plugin "${p.manifest.id}" depends on plugin "${dep}", which is not in "plugins" in config. Add the package that provides "${dep}" to config, or remove "${p.manifest.id}".`,
        );
      }
    }
  }
  const ordered: ResolvedPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: ResolvedPlugin, trail: string[]): void => {
    const s = state.get(p.manifest.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(p.manifest.id)), p.manifest.id];
      throw new PluginLoadError(
        `Plugins depend on each other in a circle: ${cycle.join(' -> ')}. Remove one of these dependencies from "dependsOn".`,
      );
    }
    state.set(p.manifest.id, 'visiting');
    for (const dep of p.manifest.dependsOn) visit(byId.get(dep)!, [...trail, p.manifest.id]);
    state.set(p.manifest.id, 'done');
    ordered.push(p);
  };
  for (const p of plugins) visit(p, []);
  return ordered;
}
