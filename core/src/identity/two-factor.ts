import { randomInt } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { generateSecret, generateURI, verify } from 'otplib';
import { QueryTypes } from 'sequelize';
import { ProblemError } from '../http/problem.js';
import { anonymousActor, currentActor, type Actor } from '../kernel/request-context.js';
import type { UserRow } from './directory.js';
import { retryAfterSeconds } from './rate-limiter.js';
import { digest } from './secrets.js';
import type { IdentityService } from './service.js';

/** Seconds per TOTP code (RFC 6238's default, what every authenticator app uses). */
const PERIOD = 30;
const RECOVERY_CODES = 10;
// No 0/o, 1/l/i: recovery codes are read off paper and typed by hand.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A second factor someone gives: a code from their app, or one of their recovery codes. */
export interface SecondFactorProof {
  code?: string;
  recoveryCode?: string;
}

interface TotpState {
  totp_secret: string | null;
  totp_enabled_at: Date | string | null;
  totp_last_step: number | string | null;
}

const failed = Symbol('failed');

/**
 * TOTP (RFC 6238, otplib) and recovery codes for one portal. Secrets are stored encrypted with the
 * identity's SecretBox (bound to the user id); recovery codes only as digests. Wrong codes count
 * toward a lockout per account, like wrong passwords.
 */
export class TwoFactor {
  constructor(private readonly identity: IdentityService) {}

  private get db() {
    return this.identity.db;
  }

  /** Name shown in authenticator apps. */
  get issuer(): string {
    return this.identity.config.auth.totp.issuer ?? this.identity.config.portalName;
  }

  private async state(userId: string): Promise<TotpState | undefined> {
    const rows = await this.db.sequelize.query<TotpState>(
      'SELECT totp_secret, totp_enabled_at, totp_last_step FROM portico_users WHERE id = ?',
      { replacements: [userId], type: QueryTypes.SELECT },
    );
    return rows[0];
  }

  private async update(sql: string, replacements: unknown[]): Promise<number> {
    const [, changed] = await this.db.sequelize.query(sql, { replacements, type: QueryTypes.UPDATE });
    return changed as unknown as number;
  }

  /**
   * Starts setting up TOTP: a new secret, stored encrypted but not yet enabled (a second start
   * replaces it). 409 when TOTP is on already: an enabled secret is never replaced this way.
   */
  async start(user: UserRow): Promise<{ secret: string; otpauthUrl: string }> {
    const secret = generateSecret();
    const changed = await this.update(
      'UPDATE portico_users SET totp_secret = ?, totp_last_step = NULL, updated_at = ? WHERE id = ? AND totp_enabled_at IS NULL',
      [this.identity.secretBox.seal(secret, user.id), new Date(), user.id],
    );
    if (changed !== 1)
      throw new ProblemError(409, {
        title: 'Two-factor authentication is already on',
        detail:
          'Two-factor authentication is already on for this account. Turn it off first to set up a new app.',
      });
    return { secret, otpauthUrl: generateURI({ issuer: this.issuer, label: user.email, secret }) };
  }

  /**
   * The time step a code matches (the current one, or one step either side for clock drift), if
   * it is right and newer than the last code used. Changes nothing.
   */
  async matchingStep(
    userId: string,
    code: string,
    which: 'enabled' | 'pending',
  ): Promise<number | undefined> {
    const s = await this.state(userId);
    if (!s?.totp_secret || !!s.totp_enabled_at !== (which === 'enabled')) return undefined;
    const secret = this.identity.secretBox.open(s.totp_secret, userId);
    const last = s.totp_last_step === null ? undefined : Number(s.totp_last_step);
    const result = await verify({
      secret,
      token: code,
      period: PERIOD,
      epochTolerance: PERIOD,
      ...(last === undefined ? {} : { afterTimeStep: last }),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  }

  /**
   * Records `step` as used, atomically: false when it (or a later one) was used already, so two
   * requests racing with the same code cannot both pass. Call inside the transaction of the change.
   */
  async useStep(userId: string, step: number): Promise<boolean> {
    return (
      (await this.update(
        'UPDATE portico_users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)',
        [step, userId, step],
      )) === 1
    );
  }

  /** Turns on the pending secret; answers the new recovery codes (to show once). */
  async enable(userId: string): Promise<string[]> {
    const now = new Date();
    const changed = await this.update(
      'UPDATE portico_users SET totp_enabled_at = ?, updated_at = ? WHERE id = ? AND totp_enabled_at IS NULL AND totp_secret IS NOT NULL',
      [now, now, userId],
    );
    if (changed !== 1)
      throw new ProblemError(409, {
        detail: 'Two-factor authentication is already on, or its setup was not started.',
      });
    return this.replaceRecoveryCodes(userId);
  }

  /** Turns TOTP off: the secret and the recovery codes go. */
  async disable(userId: string): Promise<void> {
    await this.update(
      'UPDATE portico_users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL, updated_at = ? WHERE id = ?',
      [new Date(), userId],
    );
    await this.db.sequelize.query('DELETE FROM portico_recovery_codes WHERE user_id = ?', {
      replacements: [userId],
    });
  }

  /** A new set of recovery codes; the old ones stop working. */
  async replaceRecoveryCodes(userId: string): Promise<string[]> {
    await this.db.sequelize.query('DELETE FROM portico_recovery_codes WHERE user_id = ?', {
      replacements: [userId],
    });
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const now = new Date();
    await this.db.sequelize.getQueryInterface().bulkInsert(
      'portico_recovery_codes',
      codes.map((c) => ({
        user_id: userId,
        code_hash: digest(normalizeRecoveryCode(c)),
        used_at: null,
        created_at: now,
      })),
      { transaction: this.db.currentTransaction() },
    );
    return codes;
  }

  async recoveryCodesLeft(userId: string): Promise<number> {
    const [row] = await this.db.sequelize.query<{ n: number | string }>(
      'SELECT COUNT(*) AS n FROM portico_recovery_codes WHERE user_id = ? AND used_at IS NULL',
      { replacements: [userId], type: QueryTypes.SELECT },
    );
    return Number(row?.n ?? 0);
  }

  /** Uses a recovery code once; answers how many are left, or undefined for a wrong or used code. */
  async useRecoveryCode(userId: string, code: string): Promise<number | undefined> {
    const changed = await this.update(
      'UPDATE portico_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL',
      [new Date(), userId, digest(normalizeRecoveryCode(code))],
    );
    return changed === 0 ? undefined : this.recoveryCodesLeft(userId);
  }

  // ------------------------------------------------------------------ proving it, with lockout

  private lockKey(userId: string): string {
    return `2fa:acct:${userId}`;
  }

  /** 429 with Retry-After while the account is locked for wrong codes. */
  async assertNotLocked(userId: string): Promise<void> {
    const hit = await this.identity.limiter.peek(this.lockKey(userId));
    if (hit && hit.count >= this.identity.config.auth.lockout.accountAttempts) {
      const wait = retryAfterSeconds(hit);
      throw new ProblemError(429, {
        title: 'Too many wrong codes',
        detail: `Too many wrong codes for this account. Try again in ${Math.ceil(wait / 60)} minutes.`,
        headers: { 'Retry-After': String(wait) },
      });
    }
  }

  /**
   * Checks a proof and, only if it is right, runs `work` in one transaction with the code marked
   * used (or the recovery code spent). A wrong proof counts toward the lockout and answers 401.
   * Call outside a transaction (the route has `transaction: false`): a counted failure must
   * outlive the failed request.
   */
  async prove<T>(
    user: UserRow,
    proof: SecondFactorProof,
    req: IncomingMessage,
    options: { pending?: boolean; allowRecoveryCode?: boolean; field?: string },
    work: () => Promise<T>,
  ): Promise<T> {
    const { identity } = this;
    const ip = identity.clientAddress(req);
    await this.assertNotLocked(user.id);
    if (proof.recoveryCode !== undefined && !options.allowRecoveryCode)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: 'Give a code from your authenticator app; a recovery code does not work here.',
        errors: [{ in: 'body', path: '/recoveryCode', message: 'is not accepted here' }],
      });
    const step =
      proof.code === undefined
        ? undefined
        : await this.matchingStep(user.id, proof.code, options.pending ? 'pending' : 'enabled');
    const outcome = await identity.db.transactional(async () => {
      if (proof.code !== undefined) {
        if (step === undefined || !(await this.useStep(user.id, step))) return failed;
      } else {
        const left = await this.useRecoveryCode(user.id, proof.recoveryCode ?? '');
        if (left === undefined) return failed;
        await identity.audit.record({
          type: 'auth.recovery-code-used',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { left },
          actor: personActor(user),
        });
      }
      return { value: await work() };
    });
    if (outcome !== failed) {
      await identity.limiter.reset(this.lockKey(user.id));
      return outcome.value;
    }
    const { lockout } = identity.config.auth;
    const hit = await identity.limiter.hit(this.lockKey(user.id), lockout.windowMinutes * 60_000);
    await identity.db.transactional(async () => {
      await identity.audit.record({
        type: 'auth.login-failed',
        organizationId: user.organization_id,
        targetType: 'user',
        targetId: user.id,
        ip,
        details: { factor: proof.code !== undefined ? 'totp' : 'recovery-code' },
      });
      if (hit.count === lockout.accountAttempts)
        await identity.audit.record({
          type: 'auth.lockout',
          organizationId: user.organization_id,
          targetType: 'user',
          targetId: user.id,
          ip,
          details: { until: hit.resetAt.toISOString(), factor: 'second' },
        });
    });
    const field = options.field ?? (proof.code !== undefined ? '/code' : '/recoveryCode');
    throw new ProblemError(401, {
      title: 'Wrong code',
      detail:
        proof.code !== undefined
          ? 'The code is wrong or was used already. Enter the current code from your authenticator app.'
          : 'The recovery code is wrong or was used already.',
      errors: [{ in: 'body', path: field, message: 'is wrong or was used already' }],
    });
  }
}

const instances = new WeakMap<IdentityService, TwoFactor>();

/** The TwoFactor of an identity service (one per portal). */
export function twoFactorOf(identity: IdentityService): TwoFactor {
  let tf = instances.get(identity);
  if (!tf) instances.set(identity, (tf = new TwoFactor(identity)));
  return tf;
}

/** The person behind an audit entry of a login step, before they have a session. */
export function personActor(user: UserRow): Actor {
  const actor = currentActor();
  return actor.userId ? actor : { ...anonymousActor, userId: user.id, organizationId: user.organization_id };
}

/** `abcde-fghjk`: 50 bits from an unambiguous alphabet. */
function newRecoveryCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

/** People type recovery codes with or without the dash, in either case, with stray spaces. */
function normalizeRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}
