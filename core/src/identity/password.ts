import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** scrypt cost parameters (config `auth.scrypt`). */
export interface ScryptParams {
  cost: number;
  blockSize: number;
  parallelization: number;
  keyLength: number;
}

/** Password rules (config `auth.password`). */
export interface PasswordPolicy {
  minLength: number;
  maxLength: number;
  rejectCommon: boolean;
  historySize: number;
}

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  options: ScryptOptions,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

function optionsOf(p: Omit<ScryptParams, 'keyLength'>): ScryptOptions {
  // scrypt needs 128 * N * r bytes; leave headroom over Node's 32 MiB default.
  return {
    N: p.cost,
    r: p.blockSize,
    p: p.parallelization,
    maxmem: 256 * p.cost * p.blockSize + 1024 * 1024,
  };
}

/**
 * Hashes with a fresh 16-byte salt. The result carries its parameters
 * (`scrypt$N$r$p$salt$hash`, base64url), so changing config never breaks stored hashes.
 */
export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params.keyLength, optionsOf(params));
  return [
    'scrypt',
    params.cost,
    params.blockSize,
    params.parallelization,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$');
}

function parse(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [cost, blockSize, parallelization] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (!cost || !blockSize || !parallelization || !key.length) return undefined;
  return { params: { cost, blockSize, parallelization, keyLength: key.length }, salt, key };
}

/** Checks `password` against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await scryptAsync(password, parsed.salt, parsed.key.length, optionsOf(parsed.params));
  return timingSafeEqual(key, parsed.key);
}

/** True when a stored hash was made with other parameters than today's (rehash at next login). */
export function needsRehash(stored: string, params: ScryptParams): boolean {
  const parsed = parse(stored);
  return (
    !parsed ||
    parsed.params.cost !== params.cost ||
    parsed.params.blockSize !== params.blockSize ||
    parsed.params.parallelization !== params.parallelization ||
    parsed.params.keyLength !== params.keyLength
  );
}

let dummyHash: Promise<string> | undefined;
/**
 * Spends the time of a real verification when there is no user to verify against, so that the
 * response time does not tell whether an e-mail address has an account.
 */
export async function verifyAgainstNothing(password: string, params: ScryptParams): Promise<false> {
  dummyHash ??= hashPassword('portico-timing-equaliser', params);
  await verifyPassword(password, await dummyHash);
  return false;
}

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('../../data/common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'))
      .map((l) => l.trim().toLowerCase()),
  );
  return common;
}

/** A rule a password breaks, as a message for the user (and a code for the UI's translation). */
export interface PasswordProblem {
  code: 'too-short' | 'too-long' | 'common' | 'personal' | 'reused';
  message: string;
}

/**
 * Checks a new password against the policy: length, the shipped list of common passwords,
 * the user's own name and e-mail, and (given the stored hashes) the last N passwords.
 */
export async function checkPassword(
  password: string,
  policy: PasswordPolicy,
  user: { name?: string; email?: string; previousHashes?: string[] } = {},
): Promise<PasswordProblem[]> {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < policy.minLength)
    problems.push({ code: 'too-short', message: `must be at least ${policy.minLength} characters long` });
  if (length > policy.maxLength)
    problems.push({ code: 'too-long', message: `must be at most ${policy.maxLength} characters long` });
  if (policy.rejectCommon) {
    const lower = password.toLowerCase();
    if (
      commonPasswords().has(lower) ||
      /^(.)\1+$/.test(password) ||
      /^(?:0123456789|1234567890)+$/.test(password)
    )
      problems.push({
        code: 'common',
        message: 'is one of the most common passwords; choose something less guessable',
      });
    const personal = [user.email?.split('@')[0], ...(user.name?.split(/\s+/) ?? []), user.email]
      .filter((w): w is string => !!w && w.length >= 4)
      .map((w) => w.toLowerCase());
    if (personal.some((w) => lower === w || (lower.includes(w) && lower.length - w.length < 4)))
      problems.push({ code: 'personal', message: 'must not be built from your name or e-mail address' });
  }
  if (problems.length === 0 && policy.historySize > 0 && user.previousHashes?.length) {
    for (const h of user.previousHashes.slice(0, policy.historySize)) {
      if (await verifyPassword(password, h)) {
        problems.push({
          code: 'reused',
          message: `must differ from your last ${policy.historySize} passwords`,
        });
        break;
      }
    }
  }
  return problems;
}
