import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Below this many bytes compression costs more than it saves (the compression package agrees). */
const THRESHOLD = 1024;

/** The encoding to use for `req`: br, gzip or none, from its Accept-Encoding. */
function pickEncoding(req: Request): 'br' | 'gzip' | undefined {
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

/**
 * Sends JSON, compressed with brotli or gzip when the client accepts it and the body is large
 * enough to gain. API responses come here instead of through the generic compression
 * middleware, which wraps every response, small or not, and costs a third of a small request.
 */
export async function sendJson(req: Request, res: Response, status: number, payload: unknown, type = 'application/json; charset=utf-8'): Promise<void> {
  const text = JSON.stringify(payload);
  res.status(status);
  res.setHeader('Content-Type', type);
  res.setHeader('Vary', 'Accept-Encoding');
  if (text.length >= THRESHOLD) {
    const encoding = pickEncoding(req);
    if (encoding) {
      const body =
        encoding === 'br'
          ? await brotli(text, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } })
          : await gzipAsync(text);
      res.setHeader('Content-Encoding', encoding);
      res.send(body);
      return;
    }
  }
  res.send(text);
}
