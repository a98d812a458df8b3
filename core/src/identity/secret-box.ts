import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { ConfigError, type ResolvedConfig } from '../config/load-config.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Encrypts secrets that must be read back (TOTP secrets), unlike passwords and tokens, which are
 * only ever compared and so are stored as hashes. AES-256-GCM with a fresh nonce per value;
 * `context` (say the user id) is bound in as associated data, so a sealed value copied to another
 * row does not open there.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== KEY_BYTES)
      throw new Error(`A SecretBox key has ${KEY_BYTES} bytes, not ${key.length}.`);
    this.key = key;
  }

  /** `v1.<base64url of nonce, tag and ciphertext>`. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  /** The plaintext of a sealed value; throws when the key or the context differ, or it was altered. */
  open(sealed: string, context: string): string {
    const [version, data] = sealed.split('.');
    if (version !== VERSION || !data) throw new SecretBoxError('is not a value this portal encrypted');
    const raw = Buffer.from(data, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('is truncated');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new SecretBoxError(
        'cannot be decrypted: auth.encryptionKey is not the key it was encrypted with, or the value was altered',
      );
    }
  }
}

/** A stored secret that does not open; an operator problem (wrong or lost key), never the user's. */
export class SecretBoxError extends Error {
  constructor(reason: string) {
    super(`An encrypted secret ${reason}.`);
    this.name = 'SecretBoxError';
  }
}

/** Where the generated key lives when `auth.encryptionKey` is not set. */
export function keyFilePath(config: ResolvedConfig): string {
  return path.resolve(config.root, config.dataDir, 'secrets', 'encryption.key');
}

/**
 * The box for this portal: the key from `auth.encryptionKey`, else from the key file, which is
 * generated on first use. Several instances on one database need one key; a generated key lives
 * on one machine's disk, so with MySQL/MariaDB this warns until the key is set in config.
 */
export function openSecretBox(config: ResolvedConfig, dialect: string, log: Logger): SecretBox {
  const configured = config.auth.encryptionKey;
  if (configured) return new SecretBox(Buffer.from(configured, 'base64'));
  const file = keyFilePath(config);
  const { key, created } = readOrCreateKeyFile(file);
  if (created) log.info({ file }, 'generated the encryption key for stored secrets');
  if (dialect === 'mysql')
    log.warn(
      { file },
      `auth.encryptionKey is not set, so stored secrets (TOTP) are encrypted with the key generated in ${file}. ` +
        'Every instance on this database needs the same key: set PORTICO_AUTH__ENCRYPTION_KEY to the content of that file on all of them, and back it up.',
    );
  return new SecretBox(key);
}

function readOrCreateKeyFile(file: string): { key: Buffer; created: boolean } {
  const existing = readKeyFile(file);
  if (existing) return { key: existing, created: false };
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Written aside, then linked into place: link fails if the file exists, so two processes
  // starting at once both end up with whichever key was linked first, never a half-written file.
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(temp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  let created = true;
  try {
    linkSync(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    rmSync(temp, { force: true });
  }
  return { key: readKeyFile(file)!, created };
}

function readKeyFile(file: string): Buffer | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new ConfigError(
      `The encryption key file ${file} does not hold ${KEY_BYTES} bytes in base64. Restore it from a backup, or set auth.encryptionKey (PORTICO_AUTH__ENCRYPTION_KEY) to the key.`,
    );
  return key;
}
