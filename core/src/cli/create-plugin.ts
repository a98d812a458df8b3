import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreVersion } from '../kernel/portal.js';

export interface CreatePluginOptions {
  /** Plugin id, kebab-case: `erp-odata`. */
  id: string;
  /** Directory the plugin folder is created in. */
  dir: string;
  /** npm package name; defaults to `@portico/plugin-<id>`. */
  packageName?: string;
}

const skip = new Set(['node_modules', 'dist', 'coverage']);

/**
 * Where the reference plugin is: beside core in the monorepo, or the copy packed into core's
 * `templates/` when core is installed from npm.
 */
export function templateDir(): string {
  const coreDir = fileURLToPath(new URL('../../', import.meta.url));
  const candidates = [path.join(coreDir, '../plugins/hello'), path.join(coreDir, 'templates/plugin-hello')];
  const found = candidates.find((c) => existsSync(path.join(c, 'package.json')));
  if (!found) throw new Error(`The plugin template is missing (looked in ${candidates.join(' and ')}). Reinstall @portico/core.`);
  return found;
}

/** Scaffolds a plugin by copying the hello plugin and renaming it. Returns the new folder. */
export function createPlugin(options: CreatePluginOptions): string {
  const { id } = options;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id) || id.length > 40) {
    throw new Error(`"${id}" is not a valid plugin id: use kebab-case letters and digits, for example "service-agreements".`);
  }
  const target = path.resolve(options.dir, id);
  if (existsSync(target) && readdirSync(target).length) {
    throw new Error(`${target} already exists and is not empty. Choose another id or --dir.`);
  }
  const packageName = options.packageName ?? `@portico/plugin-${id}`;
  const pascal = id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
  const snake = id.replace(/-/g, '_');
  const rename = (text: string) =>
    text
      .replace(/@portico\/plugin-hello/g, packageName)
      .replace(/\bhello_/g, `${snake}_`)
      .replace(/\bHello\b/g, pascal)
      .replace(/\bhello\b/g, id);

  const source = templateDir();
  mkdirSync(target, { recursive: true });
  const copy = (from: string, to: string): void => {
    for (const name of readdirSync(from)) {
      if (skip.has(name) || name.endsWith('.tsbuildinfo')) continue;
      const src = path.join(from, name);
      const dst = path.join(to, rename(name));
      if (statSync(src).isDirectory()) {
        mkdirSync(dst, { recursive: true });
        copy(src, dst);
      } else if (/\.(ts|tsx|json|md|js|mjs)$/.test(name)) {
        writeFileSync(dst, rename(readFileSync(src, 'utf8')));
      } else {
        cpSync(src, dst);
      }
    }
  };
  copy(source, target);

  // The copy stands alone: its own tsconfig and scripts, core as a peer dependency.
  const pkgFile = path.join(target, 'package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as Record<string, unknown>;
  delete pkg.private;
  pkg.version = '0.1.0';
  pkg.scripts = { build: 'tsc -p tsconfig.json', prepack: 'npm run build', test: 'mocha' };
  pkg.peerDependencies = { '@portico/core': `^${coreVersion}` };
  pkg.devDependencies = { '@portico/core': `^${coreVersion}`, typescript: '~5.9.3', '@types/node': '^20.19.0' };
  writeFileSync(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
  writeFileSync(
    path.join(target, 'tsconfig.json'),
    `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          declaration: true,
          sourceMap: true,
          resolveJsonModule: true,
          skipLibCheck: true,
          verbatimModuleSyntax: true,
          rootDir: 'src',
          outDir: 'dist',
          types: ['node'],
        },
        include: ['src/**/*'],
      },
      null,
      2,
    )}\n`,
  );
  return target;
}
