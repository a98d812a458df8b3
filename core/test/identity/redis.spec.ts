import { createHash, randomBytes } from 'node:crypto';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { expect } from 'chai';
import { createClient } from 'redis';
import { QueryTypes } from 'sequelize';
import { demoPassword, startTestPortal, type TestPortal, type TestSession } from '@portico/core/testing';

const redisUrl = process.env.PORTICO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The session id behind a TestSession's cookie: the digest of the secret the browser holds. */
function sessionIdOf(s: TestSession): string {
  const secret = decodeURIComponent(s.cookie!.split('=')[1]!);
  return createHash('sha256').update(secret).digest('hex');
}

async function rows(t: TestPortal, sql: string): Promise<number> {
  const [r] = await t.portal.db.sequelize.query<{ n: number }>(sql, { type: QueryTypes.SELECT });
  return Number(r!.n);
}

/** Polls `check` until it holds, for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A TCP proxy to Redis that a test can cut and restore, to play a Redis that goes away. */
async function redisProxy(target: URL) {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = createConnection(Number(target.port || 6379), target.hostname);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s)).on('error', () => undefined);
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    url: () => `redis://127.0.0.1:${port}`,
    cut: async () => {
      const closed = new Promise((resolve) => server!.close(resolve));
      for (const s of sockets) s.destroy();
      await closed;
    },
    restore: listen,
  };
}

describe('identity with Redis: sessions, rate limits and cache invalidation shared by instances', function () {
  this.timeout(60_000);
  // One prefix per run, so runs (and the two databases) never see each other's keys.
  const prefix = `portico-test:${Date.now().toString(36)}${randomBytes(3).toString('hex')}:`;
  const redis = createClient({ url: redisUrl });
  let a: TestPortal;
  let b: TestPortal;

  const config = {
    redis: { url: redisUrl, keyPrefix: prefix },
    // A minute of actor cache: only the broadcast can make instance B notice a change in time.
    auth: { session: { actorCacheMs: 60_000 }, lockout: { accountAttempts: 3, ipAttempts: 1000 } },
  };

  before(async () => {
    await redis.connect();
    a = await startTestPortal({ demo: true, config });
    // The same database (SQLite file or MariaDB database) and the same Redis: a second instance.
    b = await startTestPortal({ database: 'sqlite', config: { ...config, ...a.sameData } });
  });

  after(async () => {
    await b?.stop();
    await a?.stop();
    for await (const batch of redis.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      const keys = ([] as string[]).concat(batch);
      if (keys.length) await redis.del(keys);
    }
    await redis.close();
  });

  it('keeps a session in Redis, not in portico_sessions, under the digest of its secret', async () => {
    const s = await a.login('user@bergstrombygg.example');
    const id = sessionIdOf(s);
    const hash = await redis.hGetAll(`${prefix}sess:${id}`);
    const me = await s.get<{ user: { id: string } }>('/api/v1/me');
    expect(hash).to.include({ userId: me.body.user.id, method: 'password' });
    const secret = decodeURIComponent(s.cookie!.split('=')[1]!);
    expect(JSON.stringify(hash)).to.not.include(secret);
    // It expires by itself at the absolute end of the session (720 hours by default).
    const ttl = await redis.pTTL(`${prefix}sess:${id}`);
    expect(ttl).to.be.within(719 * 3_600_000, 720 * 3_600_000);
    expect(await redis.sIsMember(`${prefix}user-sess:${me.body.user.id}`, id)).to.equal(1);
    expect(await rows(a, 'SELECT COUNT(*) AS n FROM portico_sessions')).to.equal(0);
  });

  it('serves a session started on one instance from the other, with its session list', async () => {
    const s = await a.login('admin@bergstrombygg.example');
    const onB = b.anonymous();
    onB.cookie = s.cookie;
    onB.csrfToken = s.csrfToken;
    const me = await onB.get<{ user: { email: string } }>('/api/v1/me');
    expect(me.status).to.equal(200);
    expect(me.body.user.email).to.equal('admin@bergstrombygg.example');
    const list = await onB.get<{ items: Array<{ current: boolean }> }>('/api/v1/me/sessions');
    expect(list.status).to.equal(200);
    expect(list.body.items.filter((i) => i.current)).to.have.length(1);
    // Writing requests work across instances too: the CSRF token lives with the session.
    expect((await onB.patch('/api/v1/me', { phone: '+46 70 000 00 01' })).status).to.equal(200);
  });

  it('ends a session on every instance at logout, however long they cache actors', async () => {
    const s = await a.login('user@lindqvist.example');
    const onB = b.anonymous();
    onB.cookie = s.cookie;
    expect((await onB.get('/api/v1/me')).status).to.equal(200);
    const id = sessionIdOf(s);
    expect((await s.post('/api/v1/auth/logout')).status).to.equal(204);
    expect((await onB.get('/api/v1/me')).status).to.equal(401);
    expect(await redis.exists(`${prefix}sess:${id}`)).to.equal(0);
  });

  it('logs out everywhere through instance A and instance B answers 401 at once', async () => {
    const first = await a.login('admin@lindqvist.example');
    const second = await b.login('admin@lindqvist.example');
    const firstOnB = b.anonymous();
    firstOnB.cookie = first.cookie;
    // Both sessions are now cached on B for a minute.
    expect((await firstOnB.get('/api/v1/me')).status).to.equal(200);
    expect((await second.get('/api/v1/me')).status).to.equal(200);
    const userId = (await second.get<{ user: { id: string } }>('/api/v1/me')).body.user.id;

    const r = await first.post<{ ended: number }>('/api/v1/auth/logout-everywhere');
    expect(r.status).to.equal(200);
    expect(r.body.ended).to.equal(2);
    expect((await second.get('/api/v1/me')).status).to.equal(401);
    expect((await firstOnB.get('/api/v1/me')).status).to.equal(401);
    expect(await redis.sCard(`${prefix}user-sess:${userId}`)).to.equal(0);
  });

  it('tells the other instance at once when a user changes (deactivation, roles)', async () => {
    const s = await a.login('editor@nordicsupply.example');
    const onB = b.anonymous();
    onB.cookie = s.cookie;
    const me = await onB.get<{ user: { id: string } }>('/api/v1/me');
    expect(me.status).to.equal(200);
    const userId = me.body.user.id;
    const db = a.portal.db.sequelize;
    await db.query("UPDATE portico_users SET status = 'deactivated' WHERE id = ?", {
      replacements: [userId],
    });
    try {
      // What an admin route does after deactivating someone: only A's cache hears it directly.
      a.portal.identity.service().userChanged(userId);
      await eventually(async () => (await onB.get('/api/v1/me')).status === 401);
    } finally {
      await db.query("UPDATE portico_users SET status = 'active' WHERE id = ?", { replacements: [userId] });
    }
  });

  it('counts failed logins in Redis, so a lockout holds on every instance', async () => {
    const email = 'user@bergstrombygg.example';
    const onA = a.anonymous();
    const onB = b.anonymous();
    try {
      for (const [s, i] of [
        [onA, 1],
        [onB, 2],
        [onA, 3],
      ] as const)
        expect((await s.post('/api/v1/auth/login', { email, password: `wrong-${i}` })).status).to.equal(401);
      expect(await redis.get(`${prefix}rl:login:acct:${email}`)).to.equal('3');
      expect(await redis.pTTL(`${prefix}rl:login:acct:${email}`)).to.be.greaterThan(0);
      expect(await rows(a, 'SELECT COUNT(*) AS n FROM portico_rate_limits')).to.equal(0);
      const locked = await onB.post('/api/v1/auth/login', { email, password: demoPassword });
      expect(locked.status).to.equal(429);
      expect(Number(locked.headers.get('retry-after'))).to.be.greaterThan(0);
      expect((await onA.post('/api/v1/auth/login', { email, password: demoPassword })).status).to.equal(429);
    } finally {
      await redis.del(`${prefix}rl:login:acct:${email}`);
    }
    // The window's counter gone (it expires by itself), the right password works again.
    expect((await onA.post('/api/v1/auth/login', { email, password: demoPassword })).status).to.equal(200);
  });

  it('answers 503 while Redis is away and recovers by itself when it is back', async () => {
    const proxy = await redisProxy(new URL(redisUrl));
    const c = await startTestPortal({
      database: 'sqlite',
      config: { ...config, ...a.sameData, redis: { url: proxy.url(), keyPrefix: prefix } },
    });
    try {
      const login = () =>
        c.anonymous().post<{ status: number; detail: string }>('/api/v1/auth/login', {
          email: 'admin@nordicsupply.example',
          password: demoPassword,
        });
      expect((await login()).status).to.equal(200);
      await proxy.cut();
      let down: Awaited<ReturnType<typeof login>> | undefined;
      await eventually(async () => (down = await login()).status === 503);
      expect(down!.headers.get('retry-after')).to.equal('5');
      expect(down!.body.detail).to.not.include('redis://');
      await proxy.restore();
      await eventually(async () => (await login()).status === 200, 10_000);
    } finally {
      await c.stop();
      await proxy.cut().catch(() => undefined);
    }
  });

  it('refuses to start when Redis cannot be reached, naming REDIS_URL', async () => {
    let error: Error | undefined;
    try {
      const t = await startTestPortal({
        database: 'sqlite',
        config: { redis: { url: 'redis://127.0.0.1:1' } },
      });
      await t.stop();
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.include('REDIS_URL').and.include('redis://127.0.0.1:1');
  });
});
