/**
 * Decides whether V8's own (backtracking) RegExp runs a pattern in linear time, so the validator
 * can use it instead of RE2, which is several times slower in JavaScript (re2js). Only patterns
 * that are provably safe qualify; everything else stays on RE2. The rule:
 *
 * - The pattern is a sequence of single-character items (a literal, an escape such as `\d`, a
 *   class such as `[A-Z0-9 ]` or `[^,]`, or `.`), each with an optional greedy quantifier
 *   (`?`, `*`, `+`, `{n}`, `{n,}`, `{n,m}`), optionally between `^` and `$`. No groups, no
 *   alternation, no lazy quantifiers, no backreferences or lookaround, no case-insensitive flag.
 * - Every item whose count may vary is followed by something it cannot consume: its characters
 *   are disjoint from the characters that may come next (the following items up to and including
 *   the first mandatory one). Then giving back a character never lets the rest match, so each
 *   give-back fails at once and the total work is linear in the input.
 * - The pattern starts with `^`, so V8 tries one starting position only (an unanchored pattern is
 *   tried at every position: quadratic). An unanchored pattern qualifies only when no count may
 *   vary and it matches at most `maxFixedLength` characters: then each position costs a constant.
 *
 * `^[0-9]{3} ?[0-9]{2}$`, `^[A-Z]{2}-[0-9]{4,6}$` and `^\+?[0-9 ]+$` qualify; `^(a+)+$`,
 * `^a*a*$`, `^[a-z]+[a-z0-9]*$` and `[a-z]+1` do not.
 */
export function isLinearInV8(pattern: string, flags = ''): boolean {
  if (/[^u]/.test(flags)) return false;
  const parsed = parse(pattern);
  if (!parsed) return false;
  const { items, start } = parsed;
  if (!start) {
    if (items.some((it) => it.min !== it.max)) return false;
    return items.reduce((n, it) => n + it.max, 0) <= maxFixedLength;
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (item.min === item.max) continue;
    for (let j = i + 1; j < items.length; j++) {
      if (intersects(item.set, items[j]!.set)) return false;
      if (items[j]!.min > 0) break;
    }
  }
  return true;
}

const maxFixedLength = 256;
const maxCodePoint = 0x10ffff;

/** A set of code points as sorted, disjoint, inclusive ranges. */
type CharSet = Array<[number, number]>;

interface Item {
  set: CharSet;
  min: number;
  max: number;
}

const range = (from: string, to = from): [number, number] => [from.codePointAt(0)!, to.codePointAt(0)!];

function normalize(ranges: CharSet): CharSet {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const out: CharSet = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function complement(set: CharSet): CharSet {
  const out: CharSet = [];
  let next = 0;
  for (const [a, b] of normalize(set)) {
    if (a > next) out.push([next, a - 1]);
    next = b + 1;
  }
  if (next <= maxCodePoint) out.push([next, maxCodePoint]);
  return out;
}

function intersects(x: CharSet, y: CharSet): boolean {
  for (const [a, b] of x) for (const [c, d] of y) if (a <= d && c <= b) return true;
  return false;
}

const digit: CharSet = [range('0', '9')];
const word: CharSet = normalize([range('0', '9'), range('A', 'Z'), range('_'), range('a', 'z')]);
// What \s matches in JavaScript.
const space: CharSet = normalize([
  [0x09, 0x0d],
  [0x20, 0x20],
  [0xa0, 0xa0],
  [0x1680, 0x1680],
  [0x2000, 0x200a],
  [0x2028, 0x2029],
  [0x202f, 0x202f],
  [0x205f, 0x205f],
  [0x3000, 0x3000],
  [0xfeff, 0xfeff],
]);
const lineTerminators: CharSet = [
  [0x0a, 0x0a],
  [0x0d, 0x0d],
  [0x2028, 0x2029],
];

const classEscapes: Record<string, CharSet> = {
  d: digit,
  D: complement(digit),
  w: word,
  W: complement(word),
  s: space,
  S: complement(space),
};
const controlEscapes: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, v: 0x0b };
// Escaped punctuation that stands for itself (what the `u` flag allows).
const syntaxCharacters = new Set([...'^$\\.*+?()[]{}|/-']);

/** The items of a pattern in the safe subset, or undefined when it is outside it. */
function parse(pattern: string): { items: Item[]; start: boolean } | undefined {
  const chars = [...pattern];
  let i = 0;
  let start = false;
  if (chars[0] === '^') {
    start = true;
    i = 1;
  }
  let stop = chars.length;
  // A final `$` only ends the match; it needs no item of its own.
  if (stop > i && chars[stop - 1] === '$' && !escapedAt(chars, stop - 1)) stop--;
  const items: Item[] = [];
  while (i < stop) {
    const c = chars[i]!;
    let set: CharSet | undefined;
    if (c === '\\') {
      const e = chars[i + 1];
      if (e === undefined) return undefined;
      if (classEscapes[e]) set = classEscapes[e];
      else if (controlEscapes[e] !== undefined) set = [[controlEscapes[e], controlEscapes[e]]];
      else if (syntaxCharacters.has(e)) set = [range(e)];
      else return undefined;
      i += 2;
    } else if (c === '[') {
      const parsed = parseClass(chars, i + 1, stop);
      if (!parsed) return undefined;
      set = parsed.set;
      i = parsed.next;
    } else if (c === '.') {
      set = complement(lineTerminators);
      i++;
    } else if ('^$()|*+?{}]'.includes(c)) {
      return undefined;
    } else {
      set = [range(c)];
      i++;
    }
    let min = 1;
    let max = 1;
    const q = chars[i];
    if (q === '?' || q === '*' || q === '+') {
      min = q === '+' ? 1 : 0;
      max = q === '?' ? 1 : Infinity;
      i++;
    } else if (q === '{') {
      const m = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(chars.slice(i, stop).join(''));
      if (!m) return undefined;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] ? Number(m[3]) : Infinity;
      if (max < min) return undefined;
      i += m[0].length;
    }
    // A lazy or possessive-looking suffix, or a quantifier on a quantifier.
    if (i < stop && '?*+{'.includes(chars[i]!) && (min !== 1 || max !== 1)) return undefined;
    items.push({ set: normalize(set), min, max });
  }
  return { items, start };
}

function escapedAt(chars: readonly string[], at: number): boolean {
  let n = 0;
  for (let j = at - 1; j >= 0 && chars[j] === '\\'; j--) n++;
  return n % 2 === 1;
}

/** A class `[...]` from after its `[`: its set and the index after its `]`, or undefined. */
function parseClass(
  chars: readonly string[],
  from: number,
  stop: number,
): { set: CharSet; next: number } | undefined {
  let i = from;
  let negated = false;
  if (chars[i] === '^') {
    negated = true;
    i++;
  }
  const ranges: CharSet = [];
  const single = (): CharSet | number | undefined => {
    const c = chars[i];
    if (c === undefined || i >= stop) return undefined;
    if (c === '\\') {
      const e = chars[i + 1];
      if (e === undefined) return undefined;
      i += 2;
      if (classEscapes[e]) return classEscapes[e];
      if (controlEscapes[e] !== undefined) return controlEscapes[e];
      if (syntaxCharacters.has(e)) return e.codePointAt(0)!;
      return undefined;
    }
    if (c === '[') return undefined;
    i++;
    return c.codePointAt(0)!;
  };
  while (i < stop && chars[i] !== ']') {
    const a = single();
    if (a === undefined) return undefined;
    if (typeof a !== 'number') {
      ranges.push(...a);
      continue;
    }
    if (chars[i] === '-' && chars[i + 1] !== ']' && i + 1 < stop) {
      i++;
      const b = single();
      if (typeof b !== 'number' || b < a) return undefined;
      ranges.push([a, b]);
    } else ranges.push([a, a]);
  }
  if (chars[i] !== ']' || !ranges.length) return undefined;
  return { set: negated ? complement(ranges) : normalize(ranges), next: i + 1 };
}
