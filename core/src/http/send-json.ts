import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this many bytes compression costs more than it saves (the compression package agrees). */
const THRESHOLD = 1024;

/** The encoding to use for `req`: br, gzip or none, from its Accept-Encoding. */
function pickEncoding(req: IncomingMessage): 'br' | 'gzip' | undefined {
  const header = req.headers['accept-encoding'];
  if (typeof header !== 'string') return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return undefined;
}

/** A weak ETag of the body, in the form express uses: W/"<length hex>-<sha1 base64>". */
function weakEtag(body: string): string {
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').substring(0, 27);
  return `W/"${Buffer.byteLength(body, 'utf8').toString(16)}-${hash}"`;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

interface Serialised {
  text: string;
  bytes?: Buffer;
  etag?: string;
  /** A frozen answer's compressed bytes, made once per encoding (GET /me is over the threshold). */
  br?: Promise<Buffer>;
  gzip?: Promise<Buffer>;
}

/** Answers made immutable by deepFreeze, and their JSON once it is made. */
const deeplyFrozen = new WeakSet<object>();
const frozenAnswers = new WeakMap<object, Serialised>();

function serialise(payload: unknown): Serialised {
  if (payload === null || typeof payload !== 'object' || !deeplyFrozen.has(payload))
    return { text: JSON.stringify(payload) };
  let s = frozenAnswers.get(payload);
  if (!s) {
    const text = JSON.stringify(payload);
    s = { text, bytes: Buffer.from(text, 'utf8'), etag: weakEtag(text) };
    frozenAnswers.set(payload, s);
  }
  return s;
}

/**
 * Sends a JSON API answer: a weak ETag with 304 for a matching If-None-Match, no body for HEAD,
 * and brotli or gzip when the client accepts it and the body is large enough to gain. A payload
 * made immutable with `deepFreeze` is serialised once and its bytes and ETag reused.
 */
export async function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  payload: unknown,
  type = 'application/json; charset=utf-8',
): Promise<void> {
  const serialised = serialise(payload);
  const text = serialised.text;
  res.setHeader('Content-Type', type);
  res.setHeader('Vary', 'Accept-Encoding');
  const cacheable = (req.method === 'GET' || req.method === 'HEAD') && status === 200;
  if (cacheable) {
    const etag = serialised.etag ?? weakEtag(text);
    res.setHeader('ETag', etag);
    if (matches(req.headers['if-none-match'], etag)) {
      res.statusCode = 304;
      res.removeHeader('Content-Type');
      res.end();
      return;
    }
  }
  res.statusCode = status;
  let body: Buffer | string = serialised.bytes ?? text;
  if (text.length >= THRESHOLD) {
    const encoding = pickEncoding(req);
    if (encoding) {
      const compress = () =>
        encoding === 'br'
          ? brotli(text, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: 5,
                [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
              },
            })
          : gzipAsync(text);
      // A frozen answer is the same every time: compress it once (serialised.bytes marks one).
      let pending: Promise<Buffer>;
      if (serialised.bytes) {
        pending = serialised[encoding] ??= compress();
        // Never keep a failure: the next request tries again.
        pending.catch(() => {
          if (serialised[encoding] === pending) delete serialised[encoding];
        });
      } else pending = compress();
      body = await pending;
      res.setHeader('Content-Encoding', encoding);
    }
  }
  res.setHeader('Content-Length', typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length);
  if (req.method === 'HEAD') res.end();
  else res.end(body);
}

/**
 * Freezes an answer and everything in it, so that it can be cached and answered many times: the
 * kernel then serialises it once (see sendJson). Returns the same object.
 */
export function deepFreeze<T>(value: T): T {
  freezeAll(value);
  if (value !== null && typeof value === 'object') deeplyFrozen.add(value);
  return value;
}

function freezeAll(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  Object.freeze(value);
  for (const v of Object.values(value as Record<string, unknown>)) freezeAll(v);
}
