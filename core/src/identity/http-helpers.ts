import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * The client's address, honouring `http.trustProxy` the way express does (proxy-addr): behind a
 * trusted load balancer, the address it puts in X-Forwarded-For; otherwise the socket's.
 */
export function clientAddressResolver(
  trustProxy: boolean | number | string,
): (req: IncomingMessage) => string {
  let trust: (addr: string, i: number) => boolean;
  if (trustProxy === true) trust = () => true;
  else if (trustProxy === false) trust = () => false;
  else if (typeof trustProxy === 'number') trust = (_a, i) => i < trustProxy;
  else
    trust = proxyAddr.compile(
      trustProxy
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  return (req) => proxyAddr(req as Parameters<typeof proxyAddr>[0], trust) ?? 'unknown';
}

/** Reads one cookie from the Cookie header. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value.replace(/^"(.*)"$/, '$1'));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure over https. */
export function sessionCookie(name: string, value: string, options: CookieOptions): string {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${options.maxAge}`,
  ];
  if (options.maxAge === 0) parts.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** The User-Agent header, cut to what the sessions table keeps. */
export function userAgentOf(req: IncomingMessage): string | null {
  const ua = req.headers['user-agent'];
  return typeof ua === 'string' ? ua.slice(0, 255) : null;
}
