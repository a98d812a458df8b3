import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreVersion } from '../kernel/portal.js';
import { PluginLoadError } from '../plugin/manifest.js';

export interface CreatePluginOptions {
  /** Plugin id, kebab-case: `erp-odata`. */
  id: string;
  /** Directory the plugin folder is created in. */
  dir: string;
  /** npm package name; defaults to `@portico/plugin-<id>`. */
  packageName?: string;
}

/**
 * A refusal of `createPlugin` (bad id, bad package name, occupied folder). It extends
 * PluginLoadError so that the CLI prints just the message, as it does for other plugin problems.
 */
export class CreatePluginError extends PluginLoadError {
  constructor(message: string) {
    super(message);
    this.name = 'CreatePluginError';
  }
}

const TEMPLATE_PACKAGE = '@portico/plugin-hello';
const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** "core" owns the kernel's migrations namespace; a plugin with that id would share it. */
const RESERVED_IDS = new Set(['core']);
const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** Not copied from the template: build output, installs, and the README (written fresh below). */
const SKIP = new Set(['node_modules', 'dist', 'coverage', 'README.md']);
const TEXT_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|json|md)$/;
const SCRIPT_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;

/**
 * Versions of the tools the scaffold builds and tests with, as the Portico monorepo uses them.
 * Kept here because the scaffold must stand alone when core comes from npm.
 */
const TOOL_VERSIONS = {
  typescript: '~5.9.3',
  '@types/node': '^20.19.0',
  mocha: '^12.0.0',
  chai: '^6.2.0',
  tsx: '^4.20.6',
  '@types/mocha': '^10.0.10',
  '@types/chai': '^5.2.2',
};

const coreDir = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the reference plugin is: beside core in the monorepo, or the copy that core's `prepack`
 * script (scripts/copy-template.mjs) puts in `templates/` when core is packed for npm.
 */
export function templateDir(): string {
  const candidates = [path.join(coreDir, '../plugins/hello'), path.join(coreDir, 'templates/plugin-hello')];
  const found = candidates.find((c) => {
    const file = path.join(c, 'package.json');
    if (!existsSync(file)) return false;
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === TEMPLATE_PACKAGE;
  });
  if (!found)
    throw new CreatePluginError(
      `The plugin template is missing (looked in ${candidates.join(' and ')}). Reinstall @portico/core.`,
    );
  return found;
}

/** The names a plugin id turns into: `service-notes` gives ServiceNotes, serviceNotes, service_notes and "Service notes". */
export function pluginNames(id: string): {
  id: string;
  pascal: string;
  camel: string;
  snake: string;
  title: string;
} {
  const pascal = id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  return {
    id,
    pascal,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    snake: id.replace(/-/g, '_'),
    title: id.charAt(0).toUpperCase() + id.slice(1).replace(/-/g, ' '),
  };
}

/**
 * Scaffolds a plugin by copying the hello reference plugin and renaming it: package name, id,
 * table names (`<id_snake>_...`), permission keys and event names (`<id>.<resource>...`), service
 * token names, routes (`/api/v1/<id>`), locale namespaces (`<id>:...`) and identifiers
 * (`HelloSettings` → `<Pascal>Settings`). Writes a package.json, tsconfig.json, .mocharc.json,
 * .gitignore and README.md that let the folder build, test and pack on its own, with
 * @portico/core as a peer dependency. Returns the new folder.
 */
export function createPlugin(options: CreatePluginOptions): string {
  const { id } = options;
  if (!ID_PATTERN.test(id) || id.length > 40) {
    throw new CreatePluginError(
      `"${id}" is not a valid plugin id: use lower-case letters and digits in kebab-case, starting with a letter, at most 40 characters, for example "service-agreements".`,
    );
  }
  if (RESERVED_IDS.has(id))
    throw new CreatePluginError(`"${id}" is reserved for the kernel; choose another plugin id.`);
  const packageName = options.packageName ?? `@portico/plugin-${id}`;
  if (!NPM_NAME.test(packageName) || packageName.length > 214) {
    throw new CreatePluginError(
      `"${packageName}" is not a valid npm package name: use lower case, for example "@acme/portico-plugin-${id}".`,
    );
  }
  const target = path.resolve(options.dir, id);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory())
      throw new CreatePluginError(`${target} already exists and is a file. Choose another id or --dir.`);
    if (readdirSync(target).length)
      throw new CreatePluginError(`${target} already exists and is not empty. Choose another id or --dir.`);
  }

  const names = pluginNames(id);
  // In strings, comments, JSON and file names `hello` is the id ('hello.greeting.create',
  // '/api/v1/hello', 'hello:nav.title'); in code it is an identifier (`const hello = ...`), which a
  // kebab-case id cannot be. The greeting word "Hello" in a string is content and stays.
  const renameAny = (text: string): string =>
    text
      .replace(/@portico\/plugin-hello\b/g, () => packageName)
      .replace(/\bhello_/g, `${names.snake}_`)
      .replace(/\bHello(?=[A-Z])/g, names.pascal)
      .replace(/\bhello(?=[A-Z])/g, names.camel);
  const renameText = (text: string): string => renameAny(text).replace(/\bhello\b/g, id);
  const renameCode = (text: string): string =>
    renameAny(text)
      .replace(/\bhello\b/g, names.camel)
      .replace(/\bHello\b/g, names.pascal);
  const renameFile = (name: string, text: string): string =>
    SCRIPT_FILE.test(name)
      ? splitScript(text)
          .map((seg) => (seg.code ? renameCode(seg.text) : renameText(seg.text)))
          .join('')
      : renameText(text);

  const source = templateDir();
  const created = !existsSync(target);
  try {
    mkdirSync(target, { recursive: true });
    const copy = (from: string, to: string): void => {
      for (const name of readdirSync(from)) {
        if (SKIP.has(name) || name.endsWith('.tsbuildinfo') || name.endsWith('.tgz')) continue;
        const src = path.join(from, name);
        const dst = path.join(to, renameText(name));
        if (statSync(src).isDirectory()) {
          mkdirSync(dst, { recursive: true });
          copy(src, dst);
        } else if (TEXT_FILE.test(name)) {
          writeFileSync(dst, renameFile(name, readFileSync(src, 'utf8')));
        } else {
          cpSync(src, dst);
        }
      }
    };
    copy(source, target);
    writeStandaloneFiles(target, names, packageName);
  } catch (err) {
    // Leave nothing half-written behind.
    if (created) rmSync(target, { recursive: true, force: true });
    throw err;
  }
  return target;
}

type Names = ReturnType<typeof pluginNames>;

/**
 * Splits TypeScript or JavaScript source into code and non-code (strings, template text, comments,
 * regular expressions), so that names can be renamed by what they are. A small lexer: enough for
 * the template, which it only has to tell identifiers from text in.
 */
export function splitScript(source: string): Array<{ code: boolean; text: string }> {
  const out: Array<{ code: boolean; text: string }> = [];
  let start = 0;
  let i = 0;
  const cut = (end: number, code: boolean): void => {
    if (end > start) out.push({ code, text: source.slice(start, end) });
    start = end;
  };
  /** Brace depth of each `${` we are inside; empty at top level. */
  const templates: number[] = [];
  let depth = 0;
  let last = ''; // last significant code character, to tell a regular expression from a division
  const skipQuoted = (from: number, quote: string): number => {
    let j = from + 1;
    while (j < source.length && source[j] !== quote && source[j] !== '\n') j += source[j] === '\\' ? 2 : 1;
    return Math.min(j + 1, source.length);
  };
  /** Scans template text from `from` (just after ` or }); returns where it ends and how. */
  const scanTemplate = (from: number): { end: number; closed: boolean } => {
    let j = from;
    while (j < source.length) {
      if (source[j] === '\\') j += 2;
      else if (source[j] === '`') return { end: j + 1, closed: true };
      else if (source[j] === '$' && source[j + 1] === '{') return { end: j + 2, closed: false };
      else j++;
    }
    return { end: source.length, closed: true };
  };
  const enterTemplate = (from: number): void => {
    const { end, closed } = scanTemplate(from);
    i = end;
    cut(i, false);
    if (!closed) {
      templates.push(depth);
      depth = 0;
    }
    last = closed ? '`' : '{';
  };
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      cut(i, true);
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      cut(i, false);
    } else if (c === '/' && next === '*') {
      cut(i, true);
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      cut(i, false);
    } else if (c === "'" || c === '"') {
      cut(i, true);
      i = skipQuoted(i, c);
      cut(i, false);
      last = c;
    } else if (c === '/' && (last === '' || '(,=:[!&|?{};+-*%<>~^'.includes(last))) {
      cut(i, true);
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== '\n' && (inClass || source[j] !== '/')) {
        if (source[j] === '\\') j++;
        else if (source[j] === '[') inClass = true;
        else if (source[j] === ']') inClass = false;
        j++;
      }
      i = j + 1;
      while (i < source.length && /[a-z]/.test(source[i]!)) i++;
      cut(i, false);
      last = '/';
    } else if (c === '`') {
      cut(i, true);
      enterTemplate(i + 1);
    } else if (c === '}' && depth === 0 && templates.length) {
      cut(i, true);
      depth = templates.pop()!;
      enterTemplate(i + 1);
    } else {
      if (c === '{') depth++;
      else if (c === '}') depth--;
      if (!/\s/.test(c)) last = c;
      i++;
    }
  }
  cut(source.length, true);
  return out;
}

function writeJson(file: string, data: unknown): void {
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

function writeStandaloneFiles(target: string, names: Names, packageName: string): void {
  const corePkg = JSON.parse(readFileSync(path.join(coreDir, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const coreRange = `^${coreVersion}`;
  const sequelizeRange = corePkg.dependencies?.sequelize ?? '^6.37.7';
  const hasTests =
    existsSync(path.join(target, 'test')) &&
    readdirSync(path.join(target, 'test'), { recursive: true }).some((f) => String(f).endsWith('.spec.ts'));

  // package.json: the template's exports and files, this plugin's names, core and sequelize as
  // peers (the plugin must share the app's single copy of each, not bring its own).
  const pkgFile = path.join(target, 'package.json');
  const template = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
  const manifest = (template.portico ?? {}) as Record<string, unknown>;
  const description = `${names.title}: a Portico plugin.`;
  const pkg: Record<string, unknown> = {
    name: packageName,
    version: '0.1.0',
    description,
    type: 'module',
    license: template.license ?? 'UNLICENSED',
    portico: {
      ...manifest,
      id: names.id,
      dependsOn: [],
      core: coreRange,
      displayName: { en: names.title, sv: names.title },
      description: { en: description, sv: `${names.title}: ett Portico-tillägg.` },
    },
    exports: template.exports,
    files: template.files ?? ['dist', 'src', 'locales', 'README.md'],
    scripts: {
      build: 'tsc -p tsconfig.json',
      prepack: 'npm run build',
      ...(hasTests ? { test: 'mocha' } : {}),
    },
    // The template's optional peers (React, MUI... for its ./portal and ./admin pages) come along.
    peerDependencies: {
      ...(template.peerDependencies as Record<string, string> | undefined),
      '@portico/core': coreRange,
      sequelize: sequelizeRange,
    },
    ...(template.peerDependenciesMeta ? { peerDependenciesMeta: template.peerDependenciesMeta } : {}),
    devDependencies: {
      '@portico/core': coreRange,
      sequelize: sequelizeRange,
      typescript: TOOL_VERSIONS.typescript,
      '@types/node': TOOL_VERSIONS['@types/node'],
      ...(hasTests
        ? {
            mocha: TOOL_VERSIONS.mocha,
            chai: TOOL_VERSIONS.chai,
            tsx: TOOL_VERSIONS.tsx,
            '@types/mocha': TOOL_VERSIONS['@types/mocha'],
            '@types/chai': TOOL_VERSIONS['@types/chai'],
          }
        : {}),
    },
  };
  writeJson(pkgFile, pkg);

  // The navigation title is the plugin's name in every language; translate the copies.
  const localesDir = path.join(target, 'locales');
  if (existsSync(localesDir)) {
    for (const file of readdirSync(localesDir).filter((f) => f.endsWith('.json'))) {
      const bundle = JSON.parse(readFileSync(path.join(localesDir, file), 'utf8')) as Record<string, unknown>;
      const nav = bundle.nav;
      if (nav && typeof nav === 'object' && 'title' in nav) {
        (nav as Record<string, unknown>).title = names.title;
        writeJson(path.join(localesDir, file), bundle);
      }
    }
  }

  // The monorepo's shared settings (tsconfig.base.json), written out: the scaffold has no parent.
  writeJson(path.join(target, 'tsconfig.json'), {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      noUncheckedIndexedAccess: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      esModuleInterop: true,
      resolveJsonModule: true,
      declaration: true,
      declarationMap: true,
      sourceMap: true,
      skipLibCheck: true,
      forceConsistentCasingInFileNames: true,
      verbatimModuleSyntax: true,
      // composite: a monorepo's root `tsc -b` can reference it (see addToWorkspaceBuild).
      composite: true,
      rootDir: 'src',
      outDir: 'dist',
      types: ['node'],
    },
    include: ['src/**/*', 'src/**/*.json'],
    // Browser code (./portal, ./admin and the form widgets both use) is compiled by the apps'
    // Vite build, not by tsc.
    exclude: ['src/portal/**', 'src/admin/**', 'src/widgets/**'],
  });
  if (hasTests) {
    // Tests run from TypeScript source: tsx compiles on the fly and the "@portico/source" export
    // condition points the plugin's own package at src/.
    writeJson(path.join(target, '.mocharc.json'), {
      'node-option': ['conditions=@portico/source', 'import=tsx/esm'],
      spec: ['test/**/*.spec.ts'],
      timeout: 20000,
      exit: true,
    });
  }
  writeFileSync(path.join(target, '.gitignore'), 'node_modules/\ndist/\n*.tsbuildinfo\n*.tgz\n');
  writeFileSync(path.join(target, 'README.md'), readme(names, packageName, coreRange, hasTests));
}

function readme(names: Names, packageName: string, coreRange: string, hasTests: boolean): string {
  const { id, snake, title } = names;
  return `# ${title}

A Portico plugin with the id \`${id}\`, published as \`${packageName}\`.
It was scaffolded by \`portico create-plugin ${id}\` from Portico's hello reference plugin, so it
starts out as a complete, working example of every kind of contribution (a guestbook of
greetings) under this plugin's names. Replace the greetings with your own resource and keep the
parts you need.

## Build

\`\`\`sh
npm install        # the devDependencies: TypeScript, @portico/core ${coreRange}, sequelize
npm run build      # tsc: src/ -> dist/
${hasTests ? 'npm test           # mocha: boots a real portal with just this plugin\n' : ''}\`\`\`

## Use it in a Portico app

Install the package in the app (from npm, a tarball made with \`npm pack\`, or a path), then list
it under \`"plugins"\` in the app's \`config/default.json\`:

\`\`\`sh
npm install ${packageName}
\`\`\`

\`\`\`json
{ "plugins": ["${packageName}"] }
\`\`\`

An entry can also be an object, \`{ "package": "${packageName}", "optional": true, "settings": { } }\`,
with the settings the plugin declares. Start the app with \`npx portico start\`; the plugin's API is
under \`/api/v1/${id}\` and its routes are in \`/api/openapi.json\`.

## What is where

| Part | Where | Names |
| --- | --- | --- |
| Manifest | \`package.json\`, field \`portico\` | id \`${id}\`, core range, display name and description per language |
| Entry | \`src/index.ts\` | \`export default definePlugin({ register, start, stop })\` |
| Models and migrations | \`src/models/\`, \`src/migrations/\` | tables start with \`${snake}_\`; migrations are namespaced by the id |
| Routes and schemas | \`src/routes/\`, \`src/schemas/\` | mounted at \`/api/v1/${id}\` |
| Permissions | \`src/index.ts\` | \`${id}.<resource>.<action>\` |
| Domain events | \`src/services/\`, \`src/index.ts\` | \`${id}.<resource>.<what happened>\` |
| Services for other plugins | \`src/index.ts\` | tokens named \`${id}.<name>Service\` |
| Translations | \`locales/<lang>.json\` | namespace \`${id}\`, for example \`${id}:nav.title\` |

The plugin's name in \`locales/sv.json\` and the manifest's Swedish display name and description
start out in English: translate them.

## Rules a plugin keeps

- \`register(ctx)\` only declares; do I/O in \`start\`.
- Talk to other plugins through their service tokens, extension points and domain events, never
  their models or files. Declare the plugins you need in \`portico.dependsOn\`.
- Mark personal data on models and provide a GDPR export/erase handler.
- \`@portico/core\` and \`sequelize\` are peer dependencies: the app provides one copy of each.
`;
}

/**
 * In a monorepo whose root tsconfig.json lists project references (as Portico's does), adds the
 * new plugin so `npm run build` and `npm start` compile it. Returns true if it was added.
 */
export function addToWorkspaceBuild(root: string, pluginDir: string): boolean {
  const file = path.join(root, 'tsconfig.json');
  if (!existsSync(file)) return false;
  let config: { references?: Array<{ path: string }> };
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as typeof config;
  } catch {
    return false; // a tsconfig with comments: leave it to the developer
  }
  if (!Array.isArray(config.references)) return false;
  const rel = path.relative(root, pluginDir).split(path.sep).join('/');
  if (rel.startsWith('..') || config.references.some((r) => r.path === rel)) return false;
  config.references.push({ path: rel });
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  return true;
}
