import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';
import configSchema from './config.schema.json' with { type: 'json' };

/** Where the generated config type lives, in core's sources. */
export const configTypesFile = fileURLToPath(new URL('../../src/config/config-types.ts', import.meta.url));

/** The TypeScript source of `PorticoConfig`, generated from config.schema.json. */
export async function generateConfigTypes(): Promise<string> {
  const banner =
    '/* eslint-disable */\n// Generated from config.schema.json by `portico types`. Do not edit: edit the schema and run `npm run portico -- types`.\n';
  // A structured copy: json-schema-to-typescript annotates the schema object it is given.
  const schema = structuredClone(configSchema) as unknown as Parameters<typeof compile>[0];
  return compile(schema, 'PorticoConfig', {
    bannerComment: banner,
    additionalProperties: false,
    format: true,
    style: { singleQuote: true, printWidth: 110 },
  });
}

/** True when the committed config-types.ts matches the schema. */
export async function configTypesUpToDate(): Promise<boolean> {
  const [expected, actual] = await Promise.all([
    generateConfigTypes(),
    readFile(configTypesFile, 'utf8').catch(() => ''),
  ]);
  return expected === actual;
}
