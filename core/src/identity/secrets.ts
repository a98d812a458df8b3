import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh secret of `bytes` random bytes, base64url (32 bytes: 256 bits). */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * The SHA-256 digest (hex) stored in place of a high-entropy secret (session id, one-time token,
 * API token, recovery code). A leaked table then cannot be used to log in.
 */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two strings in constant time (for CSRF tokens and digests). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
