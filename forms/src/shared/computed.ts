import type { UiSchema } from './types.js';

/**
 * Computed values, declared in the UI schema as `"ui:computed": "<expression>"` on a field: a
 * line total (`qty * price`), a sum over a table (`sum(lines.total)`), a count (`count(lines)`).
 * An expression reads the fields beside it (the object that holds the computed field); a dotted
 * path walks into groups and, through a table, into every row. Nothing else is reachable: there
 * is no `eval`, no property of JavaScript objects, no function but those below.
 *
 * Server and browser run the same code: the portal shows the value as the user types, and the
 * server computes it again on submission, so a submitted value is never trusted.
 */

type Node =
  | { t: 'num'; v: number }
  | { t: 'path'; parts: string[] }
  | { t: 'neg'; e: Node }
  | { t: 'bin'; op: '+' | '-' | '*' | '/'; a: Node; b: Node }
  | { t: 'call'; fn: string; args: Node[] };

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
  ) {
    super(`${message} in "${expression}"`);
    this.name = 'ExpressionError';
  }
}

const functions = new Set(['sum', 'count', 'min', 'max', 'round', 'avg']);
const maxLength = 500;
const cache = new Map<string, Node>();

/** Parses an expression (cached), or throws an ExpressionError that says what is wrong and where. */
export function parseExpression(source: string): Node {
  const hit = cache.get(source);
  if (hit) return hit;
  if (source.length > maxLength)
    throw new ExpressionError(`Longer than ${maxLength} characters`, source.slice(0, 40));
  const tokens =
    source.match(/\s*(\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*|[-+*/(),]|\S)/g) ??
    [];
  let i = 0;
  const peek = () => tokens[i]?.trim();
  const next = () => tokens[i++]?.trim();
  const expect = (s: string) => {
    const got = next();
    if (got !== s)
      throw new ExpressionError(`Expected "${s}" but found ${got ? `"${got}"` : 'the end'}`, source);
  };
  const expr = (): Node => {
    let a = term();
    while (peek() === '+' || peek() === '-') a = { t: 'bin', op: next() as '+' | '-', a, b: term() };
    return a;
  };
  const term = (): Node => {
    let a = factor();
    while (peek() === '*' || peek() === '/') a = { t: 'bin', op: next() as '*' | '/', a, b: factor() };
    return a;
  };
  const factor = (): Node => {
    const tok = next();
    if (tok === undefined) throw new ExpressionError('Unexpected end', source);
    if (tok === '-') return { t: 'neg', e: factor() };
    if (tok === '(') {
      const e = expr();
      expect(')');
      return e;
    }
    if (/^\d/.test(tok)) return { t: 'num', v: Number(tok) };
    if (/^[A-Za-z_]/.test(tok)) {
      if (peek() === '(') {
        if (!functions.has(tok))
          throw new ExpressionError(`Unknown function "${tok}" (use ${[...functions].join(', ')})`, source);
        next();
        const args: Node[] = [];
        if (peek() !== ')') {
          args.push(expr());
          while (peek() === ',') {
            next();
            args.push(expr());
          }
        }
        expect(')');
        return { t: 'call', fn: tok, args };
      }
      const parts = tok.split('.');
      if (parts.some((p) => p === '__proto__' || p === 'constructor' || p === 'prototype'))
        throw new ExpressionError(`"${tok}" is not a field name`, source);
      return { t: 'path', parts };
    }
    throw new ExpressionError(`Unexpected "${tok}"`, source);
  };
  const node = expr();
  if (i < tokens.length) throw new ExpressionError(`Unexpected "${peek()}"`, source);
  if (cache.size > 5000) cache.clear();
  cache.set(source, node);
  return node;
}

type Value = number | undefined | Value[];

function resolve(scope: unknown, parts: readonly string[]): Value {
  let values: unknown[] = [scope];
  for (const part of parts) {
    const nextValues: unknown[] = [];
    for (const v of values) {
      if (Array.isArray(v)) {
        for (const row of v)
          if (row && typeof row === 'object' && Object.hasOwn(row, part))
            nextValues.push((row as Record<string, unknown>)[part]);
      } else if (v && typeof v === 'object' && Object.hasOwn(v, part))
        nextValues.push((v as Record<string, unknown>)[part]);
    }
    values = nextValues;
  }
  const toValue = (v: unknown): Value =>
    Array.isArray(v)
      ? v.map(toValue)
      : typeof v === 'number' && Number.isFinite(v)
        ? v
        : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))
          ? Number(v)
          : undefined;
  const crossedArray = values.length !== 1 || parts.length === 0;
  return crossedArray ? values.map(toValue) : toValue(values[0]);
}

const flat = (v: Value): number[] => (Array.isArray(v) ? v.flatMap(flat) : v === undefined ? [] : [v]);

function evaluate(node: Node, scope: unknown): Value {
  switch (node.t) {
    case 'num':
      return node.v;
    case 'path':
      return resolve(scope, node.parts);
    case 'neg': {
      const v = evaluate(node.e, scope);
      return typeof v === 'number' ? -v : undefined;
    }
    case 'bin': {
      const a = evaluate(node.a, scope);
      const b = evaluate(node.b, scope);
      if (typeof a !== 'number' || typeof b !== 'number') return undefined;
      if (node.op === '+') return a + b;
      if (node.op === '-') return a - b;
      if (node.op === '*') return a * b;
      return b === 0 ? undefined : a / b;
    }
    case 'call': {
      const [first, second] = node.args;
      if (node.fn === 'count') return first?.t === 'path' ? resolveRows(scope, first.parts).length : 0;
      if (node.fn === 'round') {
        const v = first ? evaluate(first, scope) : undefined;
        const digits = second ? evaluate(second, scope) : 0;
        if (typeof v !== 'number' || typeof digits !== 'number') return undefined;
        const f = 10 ** Math.max(0, Math.min(10, Math.trunc(digits)));
        return Math.round(v * f) / f;
      }
      // sum(lines, qty * price): the second argument is computed in each row.
      const numbers =
        node.fn === 'sum' && first && second
          ? (() => {
              const rows = first.t === 'path' ? resolveRows(scope, first.parts) : [];
              return flat(rows.map((row) => evaluate(second, row)));
            })()
          : node.args.flatMap((a) => flat(evaluate(a, scope)));
      if (node.fn === 'sum') return numbers.reduce((s, n) => s + n, 0);
      if (!numbers.length) return undefined;
      if (node.fn === 'avg') return numbers.reduce((s, n) => s + n, 0) / numbers.length;
      return node.fn === 'min' ? Math.min(...numbers) : Math.max(...numbers);
    }
  }
}

function resolveRows(scope: unknown, parts: readonly string[]): unknown[] {
  let v: unknown = scope;
  for (const p of parts)
    v =
      v && typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, p)
        ? (v as Record<string, unknown>)[p]
        : undefined;
  return Array.isArray(v) ? v : [];
}

/** Evaluates an expression against the object that holds the computed field. */
export function evaluateExpression(source: string, scope: unknown): number | undefined {
  const v = evaluate(parseExpression(source), scope);
  if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
  // 0.1 + 0.2 shows as 0.3: money and quantities never need more than ten decimals.
  return Number(v.toFixed(10));
}

/** Every `ui:computed` expression of a UI schema with where it sits, for checks before publishing. */
export function listComputed(
  uiSchema: unknown,
  path: string[] = [],
): Array<{ path: string[]; expression: string }> {
  if (!uiSchema || typeof uiSchema !== 'object' || Array.isArray(uiSchema)) return [];
  const out: Array<{ path: string[]; expression: string }> = [];
  for (const [key, value] of Object.entries(uiSchema as Record<string, unknown>)) {
    if (key === 'ui:computed' && typeof value === 'string') out.push({ path, expression: value });
    else if (!key.startsWith('ui:')) out.push(...listComputed(value, [...path, key]));
  }
  return out;
}

/**
 * Returns a copy of `data` with every computed field filled in, rows before the totals that
 * sum them. A computed field whose inputs are missing is removed, so it is never stale.
 */
export function applyComputed<T>(uiSchema: UiSchema | undefined, data: T): T {
  if (!uiSchema || !data || typeof data !== 'object') return data;
  const copy = structuredClone(data);
  fill(uiSchema, copy);
  return copy;
}

function fill(ui: unknown, target: unknown): void {
  if (!ui || typeof ui !== 'object' || Array.isArray(ui) || !target || typeof target !== 'object') return;
  const node = ui as Record<string, unknown>;
  if (Array.isArray(target)) {
    // A table's rows share the `items` UI schema.
    for (const row of target) fill(node.items, row);
    return;
  }
  const obj = target as Record<string, unknown>;
  // Depth first: a row's line total exists before the grand total sums it.
  for (const [key, child] of Object.entries(node)) {
    if (!key.startsWith('ui:') && child && typeof child === 'object' && Object.hasOwn(obj, key))
      fill(child, obj[key]);
  }
  for (const [key, child] of Object.entries(node)) {
    if (key.startsWith('ui:') || !child || typeof child !== 'object') continue;
    const expression = (child as Record<string, unknown>)['ui:computed'];
    if (typeof expression !== 'string') continue;
    const value = evaluateExpression(expression, obj);
    if (value === undefined) delete obj[key];
    else obj[key] = value;
  }
}
