/**
 * CSV export of submissions: RFC 4180 (fields quoted when they hold a comma, a quote or a line
 * break; quotes doubled; CRLF between records), UTF-8 with a byte order mark so that Excel reads
 * å, ä and ö, and safe to open in a spreadsheet: a text cell that starts like a formula
 * (= + - @, or a tab or carriage return) gets a leading apostrophe, so it is shown, never run.
 */

/** A column of submitted data: where its value is in the data (`contact.name` → ['contact', 'name']). */
export interface DataColumn {
  header: string;
  path: string[];
}

const maxDepth = 32;

/**
 * One column per leaf field of the schemas, in the order they first appear: properties of
 * nested objects (groups) become `group.field`; a table (array) is one column holding its rows
 * as JSON. Fields of conditional branches (if/then/else, dependentSchemas, allOf/anyOf/oneOf)
 * and local `$ref`s count too. Several schemas (the versions of a form) give their union.
 */
export function leafColumns(schemas: readonly unknown[]): DataColumn[] {
  const out: DataColumn[] = [];
  const seen = new Set<string>();
  for (const schema of schemas) {
    walk(schema, schema, [], 0, (path) => {
      const header = path.join('.');
      if (!seen.has(header)) {
        seen.add(header);
        out.push({ header, path });
      }
    });
  }
  return out;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);

function resolveRef(root: unknown, node: Node): Node | undefined {
  const ref = node.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    at = isNode(at) ? at[key] : undefined;
  }
  return isNode(at) ? at : undefined;
}

/** The object-shaped branches of a schema node whose properties sit at the same level. */
function branches(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    const list = node[key];
    if (Array.isArray(list)) out.push(...list.filter(isNode));
  }
  for (const key of ['then', 'else']) if (isNode(node[key])) out.push(node[key]);
  if (isNode(node.dependentSchemas)) out.push(...Object.values(node.dependentSchemas).filter(isNode));
  return out;
}

function walk(
  root: unknown,
  node: unknown,
  path: string[],
  depth: number,
  leaf: (path: string[]) => void,
): void {
  if (!isNode(node) || depth > maxDepth) return;
  const target = resolveRef(root, node) ?? node;
  const visit = (n: Node, d: number): void => {
    if (d > maxDepth) return;
    if (isNode(n.properties)) {
      for (const [name, child] of Object.entries(n.properties)) {
        const resolved = isNode(child) ? (resolveRef(root, child) ?? child) : child;
        if (isNode(resolved) && isGroup(resolved)) walk(root, resolved, [...path, name], depth + 1, leaf);
        else leaf([...path, name]);
      }
    }
    for (const b of branches(n)) visit(resolveRef(root, b) ?? b, d + 1);
  };
  visit(target, depth);
}

/** An object with fields of its own (a section of the form), not a leaf. */
function isGroup(node: Node): boolean {
  return (node.type === 'object' || node.type === undefined) && isNode(node.properties);
}

/** The value at a column's path in a submission's data, or undefined. */
export function valueAt(data: unknown, path: readonly string[]): unknown {
  let at = data;
  for (const part of path) {
    if (!isNode(at) || !Object.hasOwn(at, part)) return undefined;
    at = at[part];
  }
  return at;
}

/** A value as one CSV cell: text as it is, numbers and yes/no as written, tables and lists as JSON. */
export function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Quotes one field per RFC 4180, after defusing what a spreadsheet would run as a formula. */
export function csvField(text: string, { text: isText = true }: { text?: boolean } = {}): string {
  let s = text;
  if (isText && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One CSV record (without its line break). Numbers are written as they are; text is defused. */
export function csvRecord(values: readonly unknown[]): string {
  return values.map((v) => csvField(cellText(v), { text: typeof v !== 'number' })).join(',');
}

/** The UTF-8 byte order mark that tells spreadsheets the encoding. */
export const bom = '\uFEFF';
