import { ProblemError } from '@portico/core';

/**
 * Files attached to submissions: recognised by their bytes, never by the name or Content-Type the
 * browser sent, checked against the types and size the form's field allows (its UI schema's
 * `ui:options.accept` and `ui:options.maxSize`) within what the forms settings allow.
 */

/** Types the engine recognises by their bytes, with the extensions people know them by. */
export const knownUploadTypes: Record<string, string[]> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'text/plain': ['txt'],
  'text/csv': ['csv'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
};

/** What an upload may be sent as: any known type, and the generic type some browsers send. */
export const uploadContentTypes = [...Object.keys(knownUploadTypes), 'application/octet-stream'];

export function uploadRefused(detail: string, path = '/'): ProblemError {
  return new ProblemError(422, {
    title: 'Not a file this form accepts',
    detail,
    errors: [{ in: 'body', path, message: detail }],
  });
}

const has = (b: Buffer, text: string) => b.includes(Buffer.from(text, 'latin1'));

/**
 * The type of a file by its bytes, or undefined when it is none the engine knows. Text is
 * recognised as UTF-8 without control characters; whether it is CSV is said by the name or the
 * declared type.
 */
export function sniffType(bytes: Buffer, name: string, declared: string): string | undefined {
  if (bytes.length >= 5 && bytes.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex')))
    return 'image/png';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(bytes.toString('latin1', 0, 6))) return 'image/gif';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) {
    // OOXML: a ZIP whose entry names (stored uncompressed in its headers) say what it is.
    if (!has(bytes, '[Content_Types].xml')) return undefined;
    if (has(bytes, 'word/document.xml'))
      return 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    if (has(bytes, 'xl/workbook.xml'))
      return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    if (has(bytes, 'ppt/presentation.xml'))
      return 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    return undefined;
  }
  if (isPlainText(bytes)) {
    return declared === 'text/csv' || /\.csv$/i.test(name) ? 'text/csv' : 'text/plain';
  }
  return undefined;
}

function isPlainText(bytes: Buffer): boolean {
  if (!bytes.length) return false;
  // Tab, line feed and carriage return are text; other control characters (and NUL) are not.
  for (const b of bytes) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) || b === 0x7f) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The content types an `accept` list allows, of `allowed`: MIME types (`application/pdf`),
 * wildcards (`image/*`) and extensions (`.pdf`), as in an HTML file input.
 */
export function acceptedTypes(accept: unknown, allowed: readonly string[]): string[] {
  const items = (Array.isArray(accept) ? accept : typeof accept === 'string' ? accept.split(',') : [])
    .filter((a): a is string => typeof a === 'string')
    .map((a) => a.trim().toLowerCase())
    .filter(Boolean);
  if (!items.length) return [...allowed];
  return allowed.filter((type) =>
    items.some((a) =>
      a.startsWith('.')
        ? (knownUploadTypes[type] ?? []).includes(a.slice(1))
        : a.endsWith('/*')
          ? type.startsWith(a.slice(0, -1))
          : a === type,
    ),
  );
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => !!v && typeof v === 'object' && !Array.isArray(v);
const unescape = (s: string) => s.replace(/~1/g, '/').replace(/~0/g, '~');

/** The schema nodes that may describe a property of an object node (its branches included). */
function propertyCandidates(root: Node, node: Node, name: string, depth = 0): Node[] {
  if (depth > 8) return [];
  const here = deref(root, node);
  const out: Node[] = [];
  if (isNode(here.properties) && isNode(here.properties[name])) out.push(deref(root, here.properties[name]));
  const more: unknown[] = [
    ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) =>
      Array.isArray(here[k]) ? (here[k] as unknown[]) : [],
    ),
    here.then,
    here.else,
    ...(isNode(here.dependentSchemas) ? Object.values(here.dependentSchemas) : []),
  ];
  for (const b of more) if (isNode(b)) out.push(...propertyCandidates(root, b, name, depth + 1));
  return out;
}

function deref(root: Node, node: Node): Node {
  let at: Node = node;
  for (let i = 0; i < 8 && typeof at.$ref === 'string' && at.$ref.startsWith('#/'); i++) {
    let target: unknown = root;
    for (const part of at.$ref.slice(2).split('/'))
      target = isNode(target) ? target[unescape(part)] : undefined;
    if (!isNode(target)) break;
    at = target;
  }
  return at;
}

/** The limits of a file field: the types it accepts and its largest size. */
export interface FieldLimits {
  types: string[];
  maxBytes: number;
}

/**
 * The limits of the file field at `pointer` (a JSON pointer into the data: `/photo`,
 * `/lines/0/drawing`), or undefined when the form has no file field there. A field is a file
 * field when its schema (or its items') has `format: "portico-file"`.
 */
export function fieldLimits(
  schema: unknown,
  uiSchema: unknown,
  pointer: string,
  settings: { types: readonly string[]; maxBytes: number },
): FieldLimits | undefined {
  if (!isNode(schema)) return undefined;
  const parts = pointer.split('/').slice(1).map(unescape);
  let nodes: Node[] = [schema];
  let ui: unknown = uiSchema;
  for (const part of parts) {
    const numeric = /^\d+$/.test(part);
    const next: Node[] = [];
    for (const n of nodes) {
      const here = deref(schema, n);
      if (numeric && isNode(here.items)) next.push(deref(schema, here.items));
      else if (!numeric) next.push(...propertyCandidates(schema, here, part));
    }
    nodes = next;
    ui = isNode(ui) ? ui[numeric ? 'items' : part] : undefined;
    if (!nodes.length) return undefined;
  }
  const isFile = (n: Node) =>
    n.format === 'portico-file' || (isNode(n.items) && deref(schema, n.items).format === 'portico-file');
  if (!nodes.some(isFile)) return undefined;
  const options = isNode(ui) && isNode(ui['ui:options']) ? ui['ui:options'] : {};
  const maxSize =
    typeof options.maxSize === 'number' && options.maxSize > 0 ? options.maxSize : settings.maxBytes;
  return {
    types: acceptedTypes(options.accept, settings.types),
    maxBytes: Math.min(maxSize, settings.maxBytes),
  };
}

/** A file name safe to show and to put in Content-Disposition: no folders, no control characters. */
export function cleanFileName(name: string): string {
  return name
    .replace(/^.*[\\/]/, '')
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** Content-Disposition for a download: the name as ASCII for old clients and as UTF-8 for the rest. */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/[\\"]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** 5242880 → "5 MB"; 1536 → "1.5 kB". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  const [value, unit] = n < 1024 * 1024 ? [n / 1024, 'kB'] : [n / (1024 * 1024), 'MB'];
  return `${Number(value.toFixed(1))} ${unit}`;
}
