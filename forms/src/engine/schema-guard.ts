import { patternProblem } from './regexp.js';

/** A problem with an admin-authored schema: a JSON pointer into it and what is wrong. */
export interface SchemaProblem {
  path: string;
  message: string;
}

export interface SchemaLimits {
  /** Largest schema, in bytes of JSON. */
  maxBytes: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most objects and arrays in the whole schema. */
  maxNodes: number;
  /** Longest `pattern`. */
  maxPatternLength: number;
}

export const defaultSchemaLimits: SchemaLimits = {
  maxBytes: 512 * 1024,
  maxDepth: 32,
  maxNodes: 20_000,
  maxPatternLength: 1_000,
};

const knownFormats = new Set([
  'date',
  'time',
  'date-time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
  'portico-file',
]);

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Checks a schema written by a business admin before anything compiles it. Admin schemas are
 * untrusted input: the checks keep compile time and validation time bounded and keep the
 * server from fetching anything. Refused: remote or non-local `$ref` / `$dynamicRef`, `$id`
 * (it would register the schema globally), another dialect than 2020-12, schemas too large or
 * too deep, unknown formats, and `pattern`s that RE2 cannot run in linear time. The walk itself
 * is iterative, so a hostile depth cannot overflow the stack.
 */
export function checkSchema(schema: unknown, limits: SchemaLimits = defaultSchemaLimits): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(schema) ?? '');
  } catch (err) {
    // Data parsed from JSON has no cycles: a failing stringify means nesting too deep for the stack.
    if (err instanceof RangeError)
      return [{ path: '/', message: `The schema nests deeper than ${limits.maxDepth} levels.` }];
    return [{ path: '/', message: 'The schema is not plain JSON data.' }];
  }
  if (bytes > limits.maxBytes) {
    return [{ path: '/', message: `The schema is ${bytes} bytes; at most ${limits.maxBytes} are allowed.` }];
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return [{ path: '/', message: 'The schema must be a JSON object (type "object" with its properties).' }];
  }
  let nodes = 0;
  const stack: Array<{ node: unknown; path: string; depth: number; parentKey?: string }> = [
    { node: schema, path: '', depth: 1 },
  ];
  while (stack.length) {
    const { node, path, depth, parentKey } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (++nodes > limits.maxNodes) {
      problems.push({
        path: '/',
        message: `The schema has more than ${limits.maxNodes} parts; split it into several forms.`,
      });
      break;
    }
    if (depth > limits.maxDepth) {
      problems.push({
        path: path || '/',
        message: `The schema nests deeper than ${limits.maxDepth} levels.`,
      });
      continue;
    }
    const entries = Array.isArray(node) ? node.map((v, i) => [String(i), v] as const) : Object.entries(node);
    // Under these keywords the keys are names chosen by the admin, not keywords.
    const keysAreNames =
      parentKey === 'properties' ||
      parentKey === '$defs' ||
      parentKey === 'patternProperties' ||
      parentKey === 'dependentSchemas' ||
      parentKey === 'dependentRequired';
    for (const [key, value] of entries) {
      const at = `${path}/${escape(key)}`;
      if (!Array.isArray(node) && !keysAreNames) {
        if (
          (key === '$ref' || key === '$dynamicRef') &&
          typeof value === 'string' &&
          !value.startsWith('#')
        ) {
          problems.push({
            path: at,
            message: `Only references inside the form itself ("#/$defs/...") are allowed, not "${value.slice(0, 100)}".`,
          });
        }
        if (key === '$id' || key === '$anchor' || key === '$dynamicAnchor' || key === '$vocabulary') {
          problems.push({ path: at, message: `"${key}" is not allowed in a form schema.` });
        }
        if (key === '$schema' && value !== 'https://json-schema.org/draft/2020-12/schema') {
          problems.push({
            path: at,
            message: 'Forms use JSON Schema 2020-12 ("https://json-schema.org/draft/2020-12/schema").',
          });
        }
        if (key === 'pattern' && typeof value === 'string') checkPattern(value, at, limits, problems);
        if (key === 'format' && typeof value === 'string' && !knownFormats.has(value)) {
          problems.push({
            path: at,
            message: `Unknown format "${value.slice(0, 50)}"; use one of ${[...knownFormats].join(', ')}.`,
          });
        }
      }
      if (parentKey === 'patternProperties' && !Array.isArray(node)) checkPattern(key, at, limits, problems);
      if (value && typeof value === 'object')
        stack.push({ node: value, path: at, depth: depth + 1, parentKey: keysAreNames ? undefined : key });
    }
  }
  return problems;
}

function checkPattern(pattern: string, path: string, limits: SchemaLimits, problems: SchemaProblem[]): void {
  if (pattern.length > limits.maxPatternLength) {
    problems.push({ path, message: `The pattern is longer than ${limits.maxPatternLength} characters.` });
    return;
  }
  const why = patternProblem(pattern);
  if (why) {
    problems.push({
      path,
      message: `The pattern cannot be used (${why}). Patterns may not use backreferences or lookaround.`,
    });
  }
}
