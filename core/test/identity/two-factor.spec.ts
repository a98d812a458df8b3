import { expect } from 'chai';
import { generate } from 'otplib';
import { QueryTypes } from 'sequelize';
import { demoPassword, startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';
import { hashPassword } from '../../src/identity/password.js';

interface Problem {
  detail: string;
  errors?: Array<{ path: string }>;
}
interface LoginAnswer {
  status: string;
  challenge?: string;
  csrfToken?: string;
  recoveryCodes?: string[];
}

const epoch = () => Math.floor(Date.now() / 1000);
/** The code an authenticator app shows now, or `steps` periods of 30 s from now. */
const codeOf = (secret: string, steps = 0) => generate({ secret, epoch: epoch() + steps * 30 });

/** A code that is right for none of the steps the server accepts now. */
async function wrongCode(secret: string): Promise<string> {
  const right = new Set(await Promise.all([-2, -1, 0, 1, 2].map((s) => codeOf(secret, s))));
  for (let n = 0; ; n++) {
    const c = String(n).padStart(6, '0');
    if (!right.has(c)) return c;
  }
}

describe('identity: second factor (TOTP and recovery codes)', function () {
  this.timeout(60_000);
  let t: TestPortal;
  let people = 0;

  before(async () => {
    t = await startTestPortal({
      demo: true,
      config: { auth: { lockout: { accountAttempts: 3, ipAttempts: 1000 }, rateLimit: { perMinute: 1000 } } },
    });
  });
  after(() => t?.stop());

  const db = () => t.portal.identity.service().db;
  const select = <T extends object>(sql: string, replacements: unknown[]) =>
    db().sequelize.query<T>(sql, { replacements, type: QueryTypes.SELECT });

  /**
   * A new active person with the demo password: each test gets its own, because a code once used
   * cannot be used again and the server accepts only the codes of the next half minute or so.
   */
  async function person(organization = 'Bergström Bygg AB', role = 'customer-user'): Promise<string> {
    const identity = t.portal.identity.service();
    const [org] = await select<{ id: string }>('SELECT id FROM portico_organizations WHERE name = ?', [
      organization,
    ]);
    const email = `person${++people}@${organization.startsWith('Lindqvist') ? 'lindqvist' : 'bergstrombygg'}.example`;
    const user = await identity.directory.createUser({
      organizationId: org!.id,
      email,
      name: `Person ${people}`,
      status: 'active',
      passwordHash: await hashPassword(demoPassword, identity.config.auth.scrypt),
    });
    await identity.directory.assignRole(user.id, (await identity.directory.role(role))!.id);
    return email;
  }

  /** Logs in and turns TOTP on through /me/two-factor (using the code of the current step). */
  async function withTotp(
    email: string,
  ): Promise<{ s: TestSession; secret: string; recoveryCodes: string[] }> {
    const s = await t.login(email);
    const start = await s.post<{ secret: string; otpauthUrl: string }>('/api/v1/me/two-factor');
    expect(start.status).to.equal(200);
    const secret = start.body.secret;
    const confirm = await s.post<{ recoveryCodes: string[] }>('/api/v1/me/two-factor/confirm', {
      code: await codeOf(secret),
    });
    expect(confirm.status).to.equal(200);
    return { s, secret, recoveryCodes: confirm.body.recoveryCodes };
  }

  async function challengeOf(email: string, status = 'two-factor-required'): Promise<string> {
    const r = await t.anonymous().post<LoginAnswer>('/api/v1/auth/login', { email, password: demoPassword });
    expect(r.status).to.equal(200);
    expect(r.body.status).to.equal(status);
    return r.body.challenge!;
  }

  async function audit(type: string, email: string): Promise<number> {
    const rows = await select<{ n: number }>(
      'SELECT COUNT(*) AS n FROM portico_audit_log a JOIN portico_users u ON u.id = a.target_id WHERE a.type = ? AND u.email = ?',
      [type, email],
    );
    return Number(rows[0]!.n);
  }

  it('turns TOTP on for a logged-in user, after which a login needs a code from the app', async () => {
    const email = await person();
    const s = await t.login(email);
    const start = await s.post<{ secret: string; otpauthUrl: string }>('/api/v1/me/two-factor');
    expect(start.status).to.equal(200);
    expect(start.headers.get('cache-control')).to.equal('no-store');
    expect(start.body.secret).to.match(/^[A-Z2-7]{32}$/);
    expect(start.body.otpauthUrl).to.match(/^otpauth:\/\/totp\/.+\?secret=[A-Z2-7]+&issuer=/);
    expect(start.body.otpauthUrl).to.include(encodeURIComponent(email));
    // Not on until confirmed: the login still needs no code.
    expect((await t.login(email)).cookie).to.be.a('string');

    const confirm = await s.post<{ recoveryCodes: string[] }>('/api/v1/me/two-factor/confirm', {
      code: await codeOf(start.body.secret),
    });
    expect(confirm.status).to.equal(200);
    expect(confirm.body.recoveryCodes).to.have.length(10);
    expect(new Set(confirm.body.recoveryCodes).size).to.equal(10);
    expect(await audit('auth.totp-enabled', email)).to.equal(1);
    const state = await s.get<{ enabled: boolean; required: boolean; recoveryCodesLeft: number }>(
      '/api/v1/me/two-factor',
    );
    expect(state.body).to.deep.equal({ enabled: true, required: false, recoveryCodesLeft: 10 });

    const challenge = await challengeOf(email);
    const anon = t.anonymous();
    const done = await anon.post<LoginAnswer>('/api/v1/auth/two-factor', {
      challenge,
      code: await codeOf(start.body.secret, 1),
    });
    expect(done.status).to.equal(200);
    expect(done.body.status).to.equal('ok');
    expect(done.headers.getSetCookie()[0]).to.match(/^portico_session=/);
    const me = await anon.get<{ user: { email: string; twoFactorEnabled: boolean } }>('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user).to.include({ email, twoFactorEnabled: true });
    // The challenge worked once.
    const again = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
      challenge,
      code: await codeOf(start.body.secret, 1),
    });
    expect(again.status).to.equal(400);
  });

  it('stores the TOTP secret encrypted, never as the app gets it', async () => {
    const email = await person();
    const { secret } = await withTotp(email);
    const [row] = await select<{ id: string; totp_secret: string }>(
      'SELECT id, totp_secret FROM portico_users WHERE email = ?',
      [email],
    );
    expect(row!.totp_secret).to.match(/^v1\./);
    expect(row!.totp_secret).to.not.include(secret);
    expect(Buffer.from(row!.totp_secret.slice(3), 'base64url').toString('latin1')).to.not.include(secret);
    // The portal's own key opens it, for this user only.
    const box = t.portal.identity.service().secretBox;
    expect(box.open(row!.totp_secret, row!.id)).to.equal(secret);
    expect(() => box.open(row!.totp_secret, 'another-user')).to.throw(/cannot be decrypted/);
  });

  it('refuses a wrong code with 401 and locks the account after repeated wrong codes', async () => {
    const email = await person();
    const { secret } = await withTotp(email);
    const challenge = await challengeOf(email);
    for (let i = 0; i < 3; i++) {
      const r = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
        challenge,
        code: await wrongCode(secret),
      });
      expect(r.status).to.equal(401);
      expect(r.body.errors?.[0]?.path).to.equal('/code');
    }
    const locked = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
      challenge,
      code: await codeOf(secret, 1),
    });
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
    expect(await audit('auth.login-failed', email)).to.equal(3);
    expect(await audit('auth.lockout', email)).to.equal(1);
    // Recovery codes are locked out too.
    const recovery = await t
      .anonymous()
      .post('/api/v1/auth/two-factor', { challenge, recoveryCode: 'abcde-fghjk' });
    expect(recovery.status).to.equal(429);
  });

  it('refuses a code that was used already, even within its half minute', async () => {
    const email = await person();
    const { secret } = await withTotp(email);
    // The code that confirmed the setup does not log in.
    const first = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      code: await codeOf(secret),
    });
    expect(first.status).to.equal(401);
    const next = await codeOf(secret, 1);
    const ok = await t
      .anonymous()
      .post('/api/v1/auth/two-factor', { challenge: await challengeOf(email), code: next });
    expect(ok.status).to.equal(200);
    const replay = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      code: next,
    });
    expect(replay.status).to.equal(401);
    expect(replay.body.detail).to.match(/used already/);
  });

  it('accepts each recovery code once, typed with or without the dash, and audits its use', async () => {
    const email = await person();
    const { recoveryCodes } = await withTotp(email);
    const first = await t.anonymous().post('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      recoveryCode: recoveryCodes[0],
    });
    expect(first.status).to.equal(200);
    expect(await audit('auth.recovery-code-used', email)).to.equal(1);
    const again = await t.anonymous().post('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      recoveryCode: recoveryCodes[0],
    });
    expect(again.status).to.equal(401);
    const s = t.anonymous();
    const typed = await s.post('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      recoveryCode: ` ${recoveryCodes[1]!.replace('-', '').toUpperCase()} `,
    });
    expect(typed.status).to.equal(200);
    const state = await s.get<{ recoveryCodesLeft: number }>('/api/v1/me/two-factor');
    expect(state.body.recoveryCodesLeft).to.equal(8);
    const [row] = await select<{ code_hash: string }>(
      'SELECT c.code_hash FROM portico_recovery_codes c JOIN portico_users u ON u.id = c.user_id WHERE u.email = ? LIMIT 1',
      [email],
    );
    expect(row!.code_hash).to.match(/^[0-9a-f]{64}$/);
  });

  it('replaces the recovery codes on request; the old ones stop working', async () => {
    const email = await person();
    const { s, secret, recoveryCodes } = await withTotp(email);
    const wrong = await s.post('/api/v1/me/two-factor/recovery-codes', { code: await wrongCode(secret) });
    expect(wrong.status).to.equal(401);
    const r = await s.post<{ recoveryCodes: string[] }>('/api/v1/me/two-factor/recovery-codes', {
      code: await codeOf(secret, 1),
    });
    expect(r.status).to.equal(200);
    expect(r.body.recoveryCodes).to.have.length(10);
    expect(r.body.recoveryCodes).to.not.include.members([recoveryCodes[0]]);
    const old = await t.anonymous().post('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      recoveryCode: recoveryCodes[0],
    });
    expect(old.status).to.equal(401);
    const fresh = await t.anonymous().post('/api/v1/auth/two-factor', {
      challenge: await challengeOf(email),
      recoveryCode: r.body.recoveryCodes[0],
    });
    expect(fresh.status).to.equal(200);
  });

  it('turns TOTP off with the password and a code, after which a login needs no code', async () => {
    const email = await person();
    const { s, secret, recoveryCodes } = await withTotp(email);
    const wrongPassword = await s.request<Problem>('DELETE', '/api/v1/me/two-factor', {
      password: 'not the password',
      code: await codeOf(secret, 1),
    });
    expect(wrongPassword.status).to.equal(422);
    expect(wrongPassword.body.errors?.[0]?.path).to.equal('/password');
    const noCode = await s.request<Problem>('DELETE', '/api/v1/me/two-factor', { password: demoPassword });
    expect(noCode.status).to.equal(422);
    const off = await s.request('DELETE', '/api/v1/me/two-factor', {
      password: demoPassword,
      code: await codeOf(secret, 1),
    });
    expect(off.status).to.equal(204);
    expect(await audit('auth.totp-disabled', email)).to.equal(1);
    const [row] = await select<{ totp_secret: string | null; n: number }>(
      `SELECT totp_secret, (SELECT COUNT(*) FROM portico_recovery_codes c WHERE c.user_id = u.id) AS n
         FROM portico_users u WHERE email = ?`,
      [email],
    );
    expect(row).to.deep.include({ totp_secret: null });
    expect(Number(row!.n)).to.equal(0);
    await t.login(email);
    // Turning it on again starts from scratch: the old recovery codes are gone for good.
    const again = await withTotp(email);
    expect(again.recoveryCodes).to.not.include.members([recoveryCodes[2]]);
  });

  it('makes the users of an organisation that requires it set up TOTP at login, ending with a session and recovery codes', async () => {
    const admin = await t.login('admin@nordicsupply.example');
    const email = await person('Lindqvist Industri AB');
    const before = await t.login(email);
    const [org] = await select<{ id: string }>('SELECT id FROM portico_organizations WHERE name = ?', [
      'Lindqvist Industri AB',
    ]);
    const put = await admin.put<{ required: boolean; loggedOut: number }>(
      `/api/v1/organizations/${org!.id}/two-factor`,
      { required: true },
    );
    expect(put.status).to.equal(200);
    expect(put.body.required).to.equal(true);
    expect(put.body.loggedOut).to.be.at.least(1);
    // A session begun before the rule ends with it.
    expect((await before.get('/api/v1/me')).status).to.equal(401);

    const challenge = await challengeOf(email, 'two-factor-setup-required');
    // Logging in is not possible without the setup.
    const skip = await t.anonymous().post('/api/v1/auth/two-factor', { challenge, code: '123456' });
    expect(skip.status).to.equal(409);
    const setup = await t
      .anonymous()
      .post<{ secret: string; otpauthUrl: string }>('/api/v1/auth/two-factor/setup', { challenge });
    expect(setup.status).to.equal(200);
    const wrong = await t.anonymous().post('/api/v1/auth/two-factor/setup/confirm', {
      challenge,
      code: await wrongCode(setup.body.secret),
    });
    expect(wrong.status).to.equal(401);
    const s = t.anonymous();
    const done = await s.post<LoginAnswer>('/api/v1/auth/two-factor/setup/confirm', {
      challenge,
      code: await codeOf(setup.body.secret),
    });
    expect(done.status).to.equal(200);
    expect(done.body.status).to.equal('ok');
    expect(done.body.csrfToken).to.be.a('string');
    expect(done.body.recoveryCodes).to.have.length(10);
    expect(done.headers.get('cache-control')).to.equal('no-store');
    const me = await s.get<{ user: { twoFactorEnabled: boolean } }>('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user.twoFactorEnabled).to.equal(true);
    // The challenge is spent, and the setup cannot be started over it to replace the app.
    const replace = await t.anonymous().post('/api/v1/auth/two-factor/setup', { challenge });
    expect(replace.status).to.equal(400);
    // From now on the login asks for the code.
    await challengeOf(email, 'two-factor-required');

    // While the organisation requires it, the user cannot turn it off.
    const off = await s.request<Problem>('DELETE', '/api/v1/me/two-factor', {
      password: demoPassword,
      code: await codeOf(setup.body.secret, 1),
    });
    expect(off.status).to.equal(409);
    expect(off.body.detail).to.match(/requires two-factor/);
    expect((await s.get<{ required: boolean }>('/api/v1/me/two-factor')).body.required).to.equal(true);

    const lift = await admin.put(`/api/v1/organizations/${org!.id}/two-factor`, { required: false });
    expect(lift.status).to.equal(200);
  });

  it('refuses to set up a new app over a login challenge when TOTP is on already', async () => {
    const email = await person();
    await withTotp(email);
    const challenge = await challengeOf(email);
    const r = await t.anonymous().post<Problem>('/api/v1/auth/two-factor/setup', { challenge });
    expect(r.status).to.equal(409);
    const confirm = await t
      .anonymous()
      .post('/api/v1/auth/two-factor/setup/confirm', { challenge, code: '123456' });
    expect(confirm.status).to.equal(409);
  });

  it('makes the holders of a role that requires it set up TOTP at login', async () => {
    const admin = await t.login('admin@nordicsupply.example');
    const email = await person('Bergström Bygg AB', 'customer-admin');
    const customerAdmin = await t.login(email);
    const refused = await customerAdmin.put('/api/v1/roles/customer-admin/two-factor', { required: true });
    expect(refused.status).to.equal(403);
    const put = await admin.put<{ required: boolean }>('/api/v1/roles/customer-admin/two-factor', {
      required: true,
    });
    expect(put.status).to.equal(200);
    try {
      expect((await customerAdmin.get('/api/v1/me')).status).to.equal(401);
      await challengeOf(email, 'two-factor-setup-required');
      // A customer user of the same company is not affected.
      await t.login('user@bergstrombygg.example');
    } finally {
      await admin.put('/api/v1/roles/customer-admin/two-factor', { required: false });
    }
    await t.login(email);
    expect((await admin.put('/api/v1/roles/no-such-role/two-factor', { required: true })).status).to.equal(
      404,
    );
  });

  it('requires TOTP of the roles listed in auth.totp.requiredForRoles', async () => {
    const other = await startTestPortal({
      demo: true,
      config: { auth: { totp: { requiredForRoles: ['editor'] } } },
    });
    try {
      const r = await other.anonymous().post<LoginAnswer>('/api/v1/auth/login', {
        email: 'editor@nordicsupply.example',
        password: demoPassword,
      });
      expect(r.body.status).to.equal('two-factor-setup-required');
      await other.login('support@nordicsupply.example');
    } finally {
      await other.stop();
    }
  });

  it("lets an admin reset a user's lost second factor, in their own organisation only", async () => {
    const email = await person();
    const { s } = await withTotp(email);
    const [user] = await select<{ id: string }>('SELECT id FROM portico_users WHERE email = ?', [email]);
    const foreign = await t.login('admin@lindqvist.example');
    expect((await foreign.delete(`/api/v1/users/${user!.id}/two-factor`)).status).to.equal(404);
    const plain = await t.login('user@bergstrombygg.example');
    expect((await plain.delete(`/api/v1/users/${user!.id}/two-factor`)).status).to.equal(403);
    const admin = await t.login('admin@bergstrombygg.example');
    const reset = await admin.delete(`/api/v1/users/${user!.id}/two-factor`);
    expect(reset.status).to.equal(204);
    expect(await audit('auth.totp-reset', email)).to.equal(1);
    expect((await s.get('/api/v1/me')).status).to.equal(401);
    await t.login(email);
    expect((await admin.delete(`/api/v1/users/${user!.id}/two-factor`)).status).to.equal(409);
  });

  it('refuses bad input with field paths and changes nothing', async () => {
    const email = await person();
    const { s, secret } = await withTotp(email);
    const challenge = await challengeOf(email);
    const cases: Array<[unknown, string]> = [
      [{ challenge, code: '12345' }, '/code'],
      [{ challenge, code: 123456 }, '/code'],
      [{ challenge }, '/code'],
      [{ challenge, code: '123456', recoveryCode: 'abcde-fghjk' }, '/code'],
      [{ code: '123456' }, '/challenge'],
      [{ challenge, code: '123456', remember: true }, '/remember'],
    ];
    for (const [body, path] of cases) {
      const r = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', body);
      expect(r.status, JSON.stringify(body)).to.equal(422);
      expect(r.body.errors?.map((e) => e.path)).to.include(path);
    }
    const forged = await t.anonymous().post<Problem>('/api/v1/auth/two-factor', {
      challenge: 'forged-challenge-forged-challenge',
      code: '123456',
    });
    expect(forged.status).to.equal(400);
    expect(forged.body.errors?.[0]?.path).to.equal('/challenge');
    expect((await s.post('/api/v1/me/two-factor/confirm', { code: 'abcdef' })).status).to.equal(422);
    expect((await s.post('/api/v1/me/two-factor')).status).to.equal(409);
    // None of that spent the challenge, the code, or a lockout attempt.
    const ok = await t
      .anonymous()
      .post('/api/v1/auth/two-factor', { challenge, code: await codeOf(secret, 1) });
    expect(ok.status).to.equal(200);
  });
});
