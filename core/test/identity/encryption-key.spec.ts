import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { generate } from 'otplib';
import type { Logger } from 'pino';
import { QueryTypes } from 'sequelize';
import { ConfigError, loadConfig } from '@portico/core';
import { demoPassword, startTestPortal, type TestPortal } from '@portico/core/testing';
import { openSecretBox, SecretBox } from '../../src/identity/secret-box.js';

const email = 'user@bergstrombygg.example';
const codeOf = (secret: string, steps = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + steps * 30 });

/** Turns TOTP on for the demo user; answers the secret. */
async function enableTotp(t: TestPortal): Promise<string> {
  const s = await t.login(email);
  const { secret } = (await s.post<{ secret: string }>('/api/v1/me/two-factor')).body;
  expect((await s.post('/api/v1/me/two-factor/confirm', { code: await codeOf(secret) })).status).to.equal(
    200,
  );
  return secret;
}

async function storedSecret(t: TestPortal): Promise<{ id: string; totp_secret: string }> {
  const [row] = await t.portal.identity.service().db.sequelize.query<{
    id: string;
    totp_secret: string;
  }>('SELECT id, totp_secret FROM portico_users WHERE email = ?', { replacements: [email], type: QueryTypes.SELECT });
  return row!;
}

describe('identity: the key that encrypts stored secrets', function () {
  this.timeout(60_000);

  it('generates a key file once, readable by its owner only, and reuses it after a restart', async () => {
    const a = await startTestPortal({ demo: true, keepData: true });
    const root = path.dirname(a.sameData.dataDir as string);
    const keyFile = path.join(a.sameData.dataDir as string, 'secrets', 'encryption.key');
    let b: TestPortal | undefined;
    try {
      const secret = await enableTotp(a);
      const key = readFileSync(keyFile, 'utf8');
      expect(Buffer.from(key.trim(), 'base64')).to.have.length(32);
      expect(statSync(keyFile).mode & 0o777).to.equal(0o600);
      await a.stop();

      const database = (a.sameData.database as { url: string | null }).url ?? 'sqlite';
      b = await startTestPortal({ root, database, config: { dataDir: a.sameData.dataDir } });
      expect(readFileSync(keyFile, 'utf8')).to.equal(key);
      const login = await b.anonymous().post<{ challenge: string }>('/api/v1/auth/login', {
        email,
        password: demoPassword,
      });
      const done = await b.anonymous().post('/api/v1/auth/two-factor', {
        challenge: login.body.challenge,
        code: await codeOf(secret, 1),
      });
      expect(done.status).to.equal(200);
    } finally {
      await a.stop().catch(() => undefined);
      await b?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('uses auth.encryptionKey when set, and writes no key file', async () => {
    const key = randomBytes(32).toString('base64');
    const t = await startTestPortal({ demo: true, config: { auth: { encryptionKey: key } } });
    try {
      const secret = await enableTotp(t);
      expect(existsSync(path.join(t.sameData.dataDir as string, 'secrets'))).to.equal(false);
      const row = await storedSecret(t);
      expect(new SecretBox(Buffer.from(key, 'base64')).open(row.totp_secret, row.id)).to.equal(secret);
      expect(() => new SecretBox(randomBytes(32)).open(row.totp_secret, row.id)).to.throw(
        /cannot be decrypted/,
      );
    } finally {
      await t.stop();
    }
  });

  it('warns at start when a generated key is used with MySQL or MariaDB', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'portico-key-'));
    try {
      const warnings: string[] = [];
      const log = { info: () => undefined, warn: (_o: unknown, msg: string) => warnings.push(msg) };
      const config = loadConfig({ root, env: {} });
      openSecretBox(config, 'sqlite', log as unknown as Logger);
      expect(warnings).to.deep.equal([]);
      openSecretBox(config, 'mysql', log as unknown as Logger);
      expect(warnings).to.have.length(1);
      expect(warnings[0]).to.include('PORTICO_AUTH__ENCRYPTION_KEY');
      const configured = loadConfig({
        root,
        env: { PORTICO_AUTH__ENCRYPTION_KEY: randomBytes(32).toString('base64') },
      });
      openSecretBox(configured, 'mysql', log as unknown as Logger);
      expect(warnings).to.have.length(1);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a key that is not 32 bytes in base64, naming the key', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'portico-key-'));
    try {
      expect(() => loadConfig({ root, env: { PORTICO_AUTH__ENCRYPTION_KEY: 'too-short' } }))
        .to.throw(ConfigError)
        .with.property('message')
        .that.includes('auth.encryptionKey');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
