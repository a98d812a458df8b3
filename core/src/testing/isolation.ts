import { randomBytes, randomUUID } from 'node:crypto';
import { QueryTypes } from 'sequelize';
import type { HttpMethod, RouteDefinition } from '../http/route.js';
import { sharedValidator, type JsonSchema } from '../validation/validator.js';
import {
  containsToken,
  harvest,
  isIdKey,
  isUuid,
  numbersByPath,
  type Answer,
  type Harvest,
  type Origin,
} from './isolation-harvest.js';
import { minimalInstance } from './schema-instance.js';
import type { TestSession, TestResponse } from './session.js';
import { demoPassword, type TestPortal } from './index.js';

/** A route as the harness sees it: where it is mounted and what it declares. */
export interface ProbedRoute {
  /** The plugin id, or `core`. */
  plugin: string;
  method: Uppercase<HttpMethod>;
  /** The full path template: `/api/v1/hello/greetings/:id`. */
  path: string;
  definition: RouteDefinition<never, never, never, unknown>;
}

export interface SeedAContext {
  portal: TestPortal;
  /** Logged-in sessions of A's users, in the order of `owners` (the most privileged first). */
  sessions: TestSession[];
}

export interface IsolationOptions {
  /** E-mail addresses of organisation A's users, the most privileged first. Default: Bergström's admin and user. */
  owners?: string[];
  /** E-mail address of the user of organisation B who tries A's resources. Default: Lindqvist's customer admin. */
  intruder?: string;
  /** Password of all of them. Default: the demo password of the test harness. */
  password?: string;
  /**
   * Creates rows that belong to A (as A's users, through the API), so the harness has ids to try.
   * May answer markers: distinctive strings of what it created that B must never see.
   */
  seedA?: (ctx: SeedAContext) => Promise<void | { markers?: string[] }>;
  /**
   * Also creates A's data on its own: every POST route without path parameters that needs a
   * login is called as A's first user with a minimal valid body whose free text is a unique
   * marker. Default true.
   */
  createAsA?: boolean;
  /** Markers that are legitimately shared (the supplier's name, say): never counted as a leak. */
  ignore?: Array<string | RegExp>;
  /** More keys whose values change on their own and are ignored when A's data is compared (besides lastSeenAt and the like). */
  volatile?: Array<string | RegExp>;
  /** Routes not to call at all. A last resort: say why where you use it. */
  skip?: (route: ProbedRoute) => boolean;
  /** Ids tried per path parameter (default 12) and parameter combinations per route (default 24). */
  maxIdsPerParam?: number;
  maxCombinations?: number;
  /** Progress lines, for debugging a slow or failing run. */
  log?: (line: string) => void;
}

export type IsolationFailureKind = 'status' | 'leak' | 'oracle' | 'changed' | 'error';

/** One way B reached A's data, or a route misbehaved while B tried. */
export interface IsolationFailure {
  kind: IsolationFailureKind;
  /** `DELETE /api/v1/hello/greetings/:id` */
  route: string;
  plugin: string;
  /** The URL as called, with A's ids filled in. */
  url: string;
  params: Record<string, string>;
  /** Which body was sent: `no body`, `minimal body`, `empty body`, `body with A's id in /orgId`. */
  body: string;
  status?: number;
  /** The marker of A that the answer contained, and where the harness found it in A's answers. */
  marker?: string;
  markerFrom?: string;
  detail: string;
}

export interface IsolationReport {
  ok: boolean;
  failures: IsolationFailure[];
  /** Routes enumerated, requests made as B, A's markers and ids known. */
  routes: number;
  calls: number;
  markers: number;
  ids: number;
  /** A's markers and where each was found; A's ids and whether B had seen them (not `owned`). */
  known: {
    markers: Array<{ value: string; from: string }>;
    ids: Array<{ value: string | number; owned: boolean }>;
  };
  /** Per route (`GET /api/v1/me`): requests made as B, and how many of them carried A's ids. */
  coverage: Record<string, { calls: number; withIdsOfA: number }>;
  /** Things worth knowing that are not failures (a route with nothing of A's to try, say). */
  notes: string[];
  /** The report as text: one line per failure, grouped by route. */
  text: string;
}

/** Config for a portal that the harness checks: lockout and rate limits must not stop its many logins. */
export const isolationPortalConfig = {
  auth: {
    lockout: { ipAttempts: 1_000_000, accountAttempts: 1_000_000 },
    rateLimit: { perMinute: 1_000_000 },
  },
} as const;

const acceptedStatuses = new Set([401, 403, 404, 405, 409, 415, 422, 429]);
const writingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const defaultVolatile: RegExp =
  /^(lastSeenAt|lastLoginAt|lastUsedAt|lastActiveAt|last_seen_at|last_login_at|last_used_at|csrfToken|requestId)$/;

interface Holder {
  email: string;
  session: TestSession;
}

interface Marker {
  value: string;
  /** The value as it appears inside a JSON string. */
  json: string;
  from: string;
}

interface Candidate {
  value: string | number;
  origins: Origin[];
  /** A's (not seen by B): a 2xx answer to B with it is a failure. */
  owned: boolean;
}

interface BodyVariant {
  label: string;
  payload?: string | Uint8Array | Record<string, unknown> | unknown[];
  headers?: Record<string, string>;
}

/**
 * Checks that a user of organisation B cannot reach organisation A's data through any route of
 * any loaded plugin or of core, without a list of routes:
 *
 * 1. Logs in as A's users, lets `seedA` (and, unless `createAsA: false`, every POST route) create
 *    A's rows, and calls every GET route without path parameters as A. Every id-like value and
 *    every distinctive string of A's rows (objects that carry A's organisation or user ids, and
 *    what was created as A) in the answers becomes one of A's markers.
 * 2. Calls every route as B: routes with path parameters with A's ids filled in (ranked by how
 *    well they fit the parameter, a bounded number of combinations), with a minimal valid body
 *    built from the route's schema and with an empty one. Unless the route is public or
 *    `scope: 'global'`, B must get 401, 403, 404, 405, 409, 415, 422 or 429, never a 2xx; and
 *    exactly what an id that does not exist gets, so A's ids cannot be probed.
 * 3. Fails when any answer to B (list routes included) contains one of A's markers, and when a
 *    writing route changed what A sees (A's answers are compared before and after, without
 *    volatile fields such as lastSeenAt).
 *
 * B's own data never counts as a leak, nor anything in `ignore`. Start the portal with the demo
 * tenant and `isolationPortalConfig`: `startTestPortal({ demo: true, config: isolationPortalConfig })`.
 */
export async function checkIsolation(
  t: TestPortal,
  options: IsolationOptions = {},
): Promise<IsolationReport> {
  return new IsolationRun(t, options).run();
}

class IsolationRun {
  private readonly password: string;
  private readonly maxIds: number;
  private readonly maxCombos: number;
  private readonly log: (line: string) => void;
  private readonly failures: IsolationFailure[] = [];
  private readonly notes: string[] = [];
  private calls = 0;
  private lastCall = 'logging in';
  private readonly coverage: Record<string, { calls: number; withIdsOfA: number }> = {};
  private readonly nonce = randomBytes(3).toString('hex');
  private tokenCount = 0;
  private readonly aTokens = new Set<string>();
  private readonly bTokens = new Set<string>();
  private a: Holder[] = [];
  private b!: Holder;
  private markers: Marker[] = [];
  private numericMarkers = new Map<string, Set<number>>();
  private candidates: Candidate[] = [];
  /** A's GET answers: their harvest, and what the snapshot re-reads. */
  private readonly aAnswers: Answer[] = [];
  private readonly snapshotCalls: Array<{ who: number; url: string }> = [];
  private baseline = new Map<string, string>();

  constructor(
    private readonly t: TestPortal,
    private readonly options: IsolationOptions,
  ) {
    this.password = options.password ?? demoPassword;
    this.maxIds = options.maxIdsPerParam ?? 12;
    this.maxCombos = options.maxCombinations ?? 24;
    this.log = options.log ?? (() => undefined);
  }

  async run(): Promise<IsolationReport> {
    const routes = this.routes();
    const owners = this.options.owners ?? ['admin@bergstrombygg.example', 'user@bergstrombygg.example'];
    const intruder = this.options.intruder ?? 'admin@lindqvist.example';
    this.a = await Promise.all(owners.map(async (email) => ({ email, session: await this.login(email) })));
    this.b = { email: intruder, session: await this.login(intruder) };
    const aWho = await Promise.all(this.a.map((h) => this.whoAmI(h.session)));
    const bWho = await this.whoAmI(this.b.session);
    if (aWho.some((w) => w.organizationId === bWho.organizationId))
      throw new Error(`The intruder ${intruder} belongs to the same organisation as ${owners.join(', ')}.`);

    // 1. A's data: seeded, created through the API, then read back.
    const seeded = await this.options.seedA?.({ portal: this.t, sessions: this.a.map((h) => h.session) });
    if (this.options.createAsA !== false) await this.createAsA(routes);
    await this.settle();
    const getRoutes = routes.filter((r) => r.method === 'GET');
    for (const [who, holder] of this.a.entries())
      for (const r of getRoutes.filter((r) => !paramNames(r.path).length && !this.skipped(r))) {
        const url = withQuery(r.path, r.definition);
        const res = await this.callAs(holder, 'GET', url);
        if (res.status >= 200 && res.status < 300 && typeof res.body === 'object') {
          this.aAnswers.push({ route: label(r), body: res.body });
          this.snapshotCalls.push({ who, url });
        }
      }
    const aRefs = aWho.flatMap((w) => [w.organizationId, w.userId]);
    let hA = harvest(this.aAnswers, aRefs);

    // B's own view, to tell A's data from what everyone sees and from B's own data. (These
    // answers are checked for A's markers below, when every route is called as B.)
    const bAnswers: Answer[] = [];
    for (const r of getRoutes.filter((r) => !paramNames(r.path).length && !this.skipped(r))) {
      const res = await this.callAs(this.b, 'GET', withQuery(r.path, r.definition));
      if (res.status >= 200 && res.status < 300 && typeof res.body === 'object')
        bAnswers.push({ route: label(r), body: res.body });
    }
    const hB = harvest(bAnswers, [bWho.organizationId, bWho.userId]);
    const bOwn = new Set<string>([...hB.ownedRefs, ...this.bTokens]);
    for (const s of hB.strings.values()) if (s.owned) bOwn.add(s.value);

    // A's ids, then one more level: GET routes with path parameters, as A, with A's ids.
    this.classify(hA, hB, bOwn);
    const sharedWithB: Answer[] = [];
    for (const [who, holder] of this.a.entries())
      for (const r of getRoutes.filter((r) => paramNames(r.path).length && !this.skipped(r)))
        for (const combo of this.combinations(r, 3, 6).filter(
          // A's ids, or the keys of shared things A's rows live under (a structure's key).
          (c) => c.owned || paramNames(r.path).every(isKeyName),
        )) {
          const url = withQuery(fill(r.path, combo.params), r.definition);
          const res = await this.callAs(holder, 'GET', url);
          if (res.status >= 200 && res.status < 300 && typeof res.body === 'object') {
            this.aAnswers.push({ route: label(r), body: res.body });
            this.snapshotCalls.push({ who, url });
            // A shared thing under a key (a published form) answers B the same: what B is shown
            // there is everyone's, not A's.
            if (!combo.owned && who === 0) {
              const asB = await this.callAs(this.b, 'GET', url);
              if (asB.status >= 200 && asB.status < 300 && typeof asB.body === 'object')
                sharedWithB.push({ route: label(r), body: asB.body });
            }
          }
        }
    if (sharedWithB.length) {
      for (const value of harvest(sharedWithB, []).seen) bOwn.add(value);
    }
    hA = harvest(this.aAnswers, aRefs);
    this.classify(hA, hB, bOwn);
    this.buildMarkers(hA, bAnswers, bOwn, seeded ? (seeded.markers ?? []) : []);
    this.log(
      `isolation: ${routes.length} routes, ${this.markers.length} markers and ${this.candidates.length} ids of A`,
    );

    this.baseline = await this.stableSnapshot();

    // 2. and 3. Every route as B.
    const order: Record<string, number> = { GET: 0, POST: 1, PUT: 2, PATCH: 3, DELETE: 4 };
    const sorted = [...routes].sort(
      (x, y) => order[x.method]! - order[y.method]! || x.path.localeCompare(y.path),
    );
    for (const r of sorted) {
      if (this.skipped(r)) {
        this.notes.push(`${label(r)}: skipped by the options`);
        continue;
      }
      await this.probe(r);
      if (writingMethods.has(r.method)) await this.compareWithBaseline(r);
    }

    const failures = this.failures;
    return {
      ok: failures.length === 0,
      failures,
      routes: routes.length,
      calls: this.calls,
      markers: this.markers.length,
      ids: this.candidates.length,
      known: {
        markers: this.markers.map(({ value, from }) => ({ value, from })),
        ids: this.candidates.map(({ value, owned }) => ({ value, owned })),
      },
      coverage: this.coverage,
      notes: this.notes,
      text: formatReport(failures, {
        routes: routes.length,
        calls: this.calls,
        markers: this.markers.length,
        ids: this.candidates.length,
      }),
    };
  }

  // ------------------------------------------------------------------ routes

  private routes(): ProbedRoute[] {
    const out: ProbedRoute[] = [];
    for (const rt of this.t.portal.runtimes) {
      if (rt.state !== 'started') continue;
      for (const definition of rt.routes) {
        // A route with a root is served at /api/v1/<root>, as route-handler mounts it.
        const base = definition.root ? `/api/v1/${definition.root}` : rt.mount;
        const path = `${base}${definition.path === '/' ? '' : definition.path}` || '/';
        out.push({
          plugin: rt.builtin ? 'core' : rt.id,
          method: definition.method.toUpperCase() as Uppercase<HttpMethod>,
          path,
          definition,
        });
      }
    }
    return out;
  }

  private skipped(r: ProbedRoute): boolean {
    return this.options.skip?.(r) ?? false;
  }

  // ------------------------------------------------------------------ sessions

  private async login(email: string): Promise<TestSession> {
    try {
      return await this.t.login(email, this.password);
    } catch (err) {
      throw new Error(
        `The isolation harness could not log in as ${email}: ${(err as Error).message}. ` +
          'Start the portal with the demo tenant and isolationPortalConfig (lockout and rate limits off).',
      );
    }
  }

  private async whoAmI(s: TestSession): Promise<{ userId: string; organizationId: string }> {
    const r = await s.get<{ userId?: string; organizationId?: string }>('/api/v1/auth/session');
    if (!r.body?.userId || !r.body.organizationId)
      throw new Error(`GET /api/v1/auth/session did not name the user: ${JSON.stringify(r.body)}`);
    return { userId: r.body.userId, organizationId: r.body.organizationId };
  }

  private async alive(s: TestSession): Promise<boolean> {
    if (!s.cookie) return false;
    const r = await s.get<{ authenticated?: boolean }>('/api/v1/auth/session');
    return r.status === 200 && r.body?.authenticated === true;
  }

  /** Logs in again when a call ended the session (logout, log out everywhere, a password change). */
  private async revive(h: Holder): Promise<boolean> {
    if (await this.alive(h.session)) return false;
    try {
      h.session = await this.t.login(h.email, this.password);
    } catch (err) {
      throw new Error(
        `The isolation harness could not log in again as ${h.email} after ${this.lastCall}: ${(err as Error).message}. ` +
          'If that route turned on something that stops a password login (a second factor), skip it with the skip option and say why.',
      );
    }
    return true;
  }

  private async callAs(
    h: Holder,
    method: string,
    url: string,
    variant: BodyVariant = { label: 'no body' },
  ): Promise<TestResponse> {
    if (!h.session.cookie) await this.revive(h);
    this.lastCall = `${method} ${url}`;
    let res = await send(h.session, method, url, variant);
    if (res.status === 401 && (await this.revive(h))) res = await send(h.session, method, url, variant);
    else if (!h.session.cookie || (writingMethods.has(method) && res.status < 300)) await this.revive(h);
    return res;
  }

  /** Calls a route as B and checks the answer for A's markers. */
  private async callB(
    r: ProbedRoute,
    url: string,
    params: Record<string, string>,
    variant: BodyVariant,
    withIdsOfA = false,
  ): Promise<TestResponse | undefined> {
    this.calls++;
    const c = (this.coverage[label(r)] ??= { calls: 0, withIdsOfA: 0 });
    c.calls++;
    if (withIdsOfA) c.withIdsOfA++;
    let res: TestResponse;
    try {
      res = await this.callAs(this.b, r.method, url, variant);
    } catch (err) {
      this.fail('error', r, url, params, variant, undefined, `the request failed: ${(err as Error).message}`);
      return undefined;
    }
    if (res.status >= 500)
      this.fail('error', r, url, params, variant, res.status, `answered ${res.status}: ${excerpt(res.body)}`);
    this.scan(r, url, params, variant, res);
    return res;
  }

  // ------------------------------------------------------------------ A's data

  private token(side: 'a' | 'b'): string {
    const t = `isolation-${side}-${this.nonce}-${++this.tokenCount}`;
    (side === 'a' ? this.aTokens : this.bTokens).add(t);
    return t;
  }

  /** Calls every POST route without path parameters as A's first user, so A owns rows of every kind. */
  private async createAsA(routes: ProbedRoute[]): Promise<void> {
    const [first] = this.a;
    if (!first) return;
    for (const r of routes) {
      if (
        r.method !== 'POST' ||
        paramNames(r.path).length ||
        r.definition.access === 'public' ||
        this.skipped(r)
      )
        continue;
      const variant = this.bodies(r, 'a', false)[0] ?? { label: 'no body' };
      const res = await this.callAs(first, 'POST', withQuery(r.path, r.definition), variant);
      this.log(`isolation: created as A through ${label(r)}: ${res.status}`);
    }
  }

  /**
   * Splits harvested ids into A's (B never saw them, or they are ids of A's rows) and the rest,
   * which only serve when nothing of A's fits a parameter.
   */
  private classify(hA: Harvest, hB: Harvest, bOwn: Set<string>): void {
    const ownedNumbers = new Set<number>();
    for (const set of hA.ownedNumbers.values()) for (const n of set) ownedNumbers.add(n);
    this.candidates = [...hA.ids.values()]
      .filter((c) => !this.ignored(String(c.value)) && !bOwn.has(String(c.value)))
      .map((c) => ({
        value: c.value,
        origins: c.origins,
        owned:
          typeof c.value === 'number'
            ? ownedNumbers.has(c.value)
            : hA.ownedRefs.has(c.value) || !hB.seen.has(c.value),
      }));
  }

  /**
   * A's markers. Certain: what was written as A, what seedA named, the ids of A and its users, and
   * the properties of their own records (names, e-mails). Likely: other strings of A's rows, unless
   * B sees them outside A's rows too (a role's name in a user row, say). Possible: names and ids
   * in A's answers outside any row of A, unless B sees them at all.
   */
  private buildMarkers(hA: Harvest, bAnswers: Answer[], bOwn: Set<string>, seeded: string[]): void {
    const hB = harvest(bAnswers, []);
    const bOutsideA = harvest(bAnswers, hA.ownedRefs);
    const seenOutsideA = new Set<string>();
    for (const s of bOutsideA.strings.values()) if (!s.owned) seenOutsideA.add(s.value);
    const out = new Map<string, string>();
    const describe = (o: Origin | undefined) => (o ? `${o.route} at ${o.path}` : 'A');
    for (const s of hA.strings.values()) {
      if (s.identity) out.set(s.value, describe(s.origins[0]));
      else if (s.owned && !seenOutsideA.has(s.value)) out.set(s.value, describe(s.origins[0]));
      else if (!s.owned && s.identifying && !hB.seen.has(s.value)) out.set(s.value, describe(s.origins[0]));
    }
    for (const ref of hA.ownedRefs) if (ref.length >= 4 && !out.has(ref)) out.set(ref, 'an id of A');
    for (const m of seeded) out.set(m, 'seedA');
    for (const m of this.aTokens) out.set(m, 'text written as A');
    this.markers = [...out]
      .filter(([value]) => !bOwn.has(value) && !this.bTokens.has(value) && !this.ignored(value))
      .map(([value, from]) => ({ value, json: JSON.stringify(value).slice(1, -1), from }));
    this.numericMarkers = hA.ownedNumbers;
  }

  private ignored(value: string): boolean {
    return (this.options.ignore ?? []).some((i) => (typeof i === 'string' ? i === value : i.test(value)));
  }

  // ------------------------------------------------------------------ probing

  private async probe(r: ProbedRoute): Promise<void> {
    const names = paramNames(r.path);
    if (!names.length) {
      for (const variant of this.bodies(r, 'b', true))
        await this.callB(r, withQuery(r.path, r.definition), {}, variant, variant.label.includes("A's id"));
      return;
    }
    const combos = this.combinations(r, this.maxIds, this.maxCombos);
    if (!combos.some((c) => c.owned))
      this.notes.push(
        `${label(r)}: no id of A fits its parameters; called with ${combos.length} other value(s)`,
      );
    const enforce = r.definition.access !== 'public' && r.definition.scope !== 'global';
    const fake = enforce ? this.fakeParams(r, combos[0]?.params) : undefined;
    for (const variant of this.bodies(r, 'b', false)) {
      let expected: { combo: Record<string, string>; answer: string } | undefined;
      if (fake) {
        const url = withQuery(fill(r.path, fake), r.definition);
        const res = await this.callB(r, url, fake, variant);
        if (res) expected = { combo: fake, answer: comparable(res, Object.values(fake)) };
      }
      for (const combo of combos) {
        const url = withQuery(fill(r.path, combo.params), r.definition);
        const res = await this.callB(r, url, combo.params, variant, combo.owned);
        if (!res || !enforce || !combo.owned) continue;
        if (!acceptedStatuses.has(res.status)) {
          this.fail(
            'status',
            r,
            url,
            combo.params,
            variant,
            res.status,
            `B got ${res.status} for A's ${describeParams(combo.params)}; only 401, 403, 404, 405, 409, 415, 422 or 429 are allowed: ${excerpt(res.body)}`,
          );
        } else if (expected && comparable(res, Object.values(combo.params)) !== expected.answer) {
          this.fail(
            'oracle',
            r,
            url,
            combo.params,
            variant,
            res.status,
            `B can tell that A's ${describeParams(combo.params)} exists: it answers ${comparable(res, Object.values(combo.params))} but ${expected.answer} for ${describeParams(expected.combo)}, which does not exist`,
          );
        }
      }
    }
  }

  /** Bodies to send: a minimal valid one, an empty one, and (without path parameters) ones carrying A's ids. */
  private bodies(r: ProbedRoute, side: 'a' | 'b', withIds: boolean): BodyVariant[] {
    const d = r.definition;
    const type = d.bodyType ?? 'json';
    if (typeof type === 'object') {
      const mime = type.raw[0] ?? 'application/octet-stream';
      return [
        {
          label: `a small ${mime} body`,
          payload: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
          headers: { 'content-type': mime },
        },
        { label: 'no body' },
      ];
    }
    if (!d.body) return [{ label: 'no body' }];
    const text = this.token(side);
    const minimal = minimalInstance(d.body, { text, emailLocalPart: text });
    if (type === 'form') {
      const form = (v: unknown) =>
        new URLSearchParams(
          Object.entries((v ?? {}) as Record<string, unknown>).map(([k, x]): [string, string] => [
            k,
            String(x),
          ]),
        ).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      return [
        { label: 'minimal body', payload: form(minimal), headers },
        { label: 'empty body', payload: '', headers },
      ];
    }
    const out: BodyVariant[] = [
      { label: 'minimal body', payload: minimal as Record<string, unknown> },
      { label: 'empty body', payload: {} },
    ];
    if (withIds && minimal && typeof minimal === 'object' && !Array.isArray(minimal)) {
      const props = ((d.body as Record<string, unknown>).properties ?? {}) as Record<string, JsonSchema>;
      for (const [name, schema] of Object.entries(props)) {
        if (!isIdKey(name) && (schema as Record<string, unknown>).format !== 'uuid') continue;
        for (const c of this.ranked(name, '', schema)
          .filter((c) => c.owned)
          .slice(0, 3))
          out.push({
            label: `body with A's id in /${name}`,
            payload: { ...(minimal as Record<string, unknown>), [name]: typedFor(schema, c.value) },
          });
      }
    }
    return out;
  }

  /** Ids of A that fit a parameter (or body field), best first. */
  private ranked(name: string, resource: string, schema: JsonSchema | undefined): Candidate[] {
    const fits = (v: string | number) =>
      !schema || sharedValidator('coercing').validate(schema, typeof v === 'number' ? String(v) : v).ok;
    const stem = stemOf(name);
    const res = singular(resource);
    const score = (c: Candidate) => {
      let best = 0;
      for (const o of c.origins) {
        let s = 0;
        const keyStem = stemOf(o.key);
        if (stem && keyStem && (keyStem.startsWith(stem) || stem.startsWith(keyStem))) s += 4;
        if (o.key === 'id' && res && (o.route.includes(`/${resource}`) || singular(o.parentKey) === res))
          s += 4;
        if (o.key === 'id' && !stem) s += 1;
        if (res && keyStem && (keyStem.startsWith(res) || res.startsWith(keyStem))) s += 2;
        if (res && o.route.includes(`/${resource}`)) s += 1;
        best = Math.max(best, s);
      }
      return best + (c.owned ? 0.5 : 0);
    };
    return this.candidates
      .filter((c) => fits(c.value))
      .map((c, i) => ({ c, s: score(c), i }))
      .sort((x, y) => y.s - x.s || x.i - y.i)
      .map((x) => x.c);
  }

  /** Parameter combinations, best-ranked first; A's ids first, then anything that fits. */
  private combinations(
    r: ProbedRoute,
    perParam: number,
    limit: number,
  ): Array<{ params: Record<string, string>; owned: boolean }> {
    const names = paramNames(r.path);
    const props = (((r.definition.params ?? {}) as Record<string, unknown>).properties ?? {}) as Record<
      string,
      JsonSchema
    >;
    const lists = names.map((name) => {
      const schema = props[name];
      const all = this.ranked(name, resourceBefore(r.path, name), schema);
      // A parameter named like a key (`:key`, `:formKey`) takes values harvested under key names
      // when there are any: an id of A never names a form or a role, so trying ids there only
      // ever answers 404 and the route is never called with A's data behind it.
      const keyed = isKeyName(name) ? all.filter((c) => c.origins.some((o) => isKeyName(o.key))) : [];
      const ranked = keyed.length ? keyed : all;
      const owned = ranked.filter((c) => c.owned);
      const pick = (owned.length ? owned : ranked).slice(0, perParam);
      if (pick.length) return pick.map((c) => ({ value: String(c.value), owned: c.owned }));
      // Nothing harvested fits: a value made from the schema still shows how the route answers.
      const made = schema ? minimalInstance(schema) : 'x';
      return [{ value: String(made ?? 'x'), owned: false }];
    });
    const out: Array<{ params: Record<string, string>; owned: boolean }> = [];
    // Best first: by the sum of the ranks, so every parameter's best ids are combined early.
    const maxSum = lists.reduce((a, l) => a + l.length - 1, 0);
    for (let sum = 0; sum <= maxSum && out.length < limit; sum++) {
      const walk = (i: number, left: number, acc: Array<{ value: string; owned: boolean }>) => {
        if (out.length >= limit) return;
        if (i === lists.length) {
          if (left === 0)
            out.push({
              params: Object.fromEntries(names.map((n, j) => [n, acc[j]!.value])),
              owned: acc.some((x) => x.owned),
            });
          return;
        }
        for (let k = 0; k <= Math.min(left, lists[i]!.length - 1); k++)
          walk(i + 1, left - k, [...acc, lists[i]![k]!]);
      };
      walk(0, sum, []);
    }
    return out;
  }

  /** Parameters shaped like `like` that name nothing: what a missing row answers. */
  private fakeParams(
    r: ProbedRoute,
    like: Record<string, string> | undefined,
  ): Record<string, string> | undefined {
    if (!like) return undefined;
    const props = (((r.definition.params ?? {}) as Record<string, unknown>).properties ?? {}) as Record<
      string,
      JsonSchema
    >;
    const out: Record<string, string> = {};
    // The key of a shared thing beside an id (`/structures/:key/:id`) stays: the question is
    // whether B can tell A's row from a missing one under it, not whether the key exists.
    const keepKeys = Object.keys(like).some((name) => !isKeyName(name));
    for (const [name, value] of Object.entries(like)) {
      if (keepKeys && isKeyName(name)) {
        out[name] = value;
        continue;
      }
      const guesses = isUuid(value)
        ? [randomUUID()]
        : /^\d+$/.test(value)
          ? ['2147483646', '999999999', '987654', '9999']
          : [`none-${randomBytes(6).toString('hex')}`, randomUUID(), '987654'];
      const schema = props[name];
      const fit = guesses.find((g) => !schema || sharedValidator('coercing').validate(schema, g).ok);
      if (fit === undefined) return undefined;
      out[name] = fit;
    }
    return out;
  }

  // ------------------------------------------------------------------ leaks

  private scan(
    r: ProbedRoute,
    url: string,
    params: Record<string, string>,
    variant: BodyVariant,
    res: TestResponse,
  ): void {
    const isJson = res.body !== undefined && typeof res.body === 'object';
    const text = `${isJson ? JSON.stringify(res.body) : String(res.body ?? '')}\n${res.headers.get('location') ?? ''}`;
    // What B sent itself (an id of A in the path or body) may be echoed back: that tells B nothing.
    const payload = variant.payload;
    const sent = `${url}\n${typeof payload === 'string' ? payload : payload instanceof Uint8Array ? '' : JSON.stringify(payload ?? '')}`;
    for (const m of this.markers) {
      if (!containsToken(text, isJson ? m.json : m.value)) continue;
      if (containsToken(sent, m.value) || containsToken(sent, encodeURIComponent(m.value))) continue;
      this.fail(
        'leak',
        r,
        url,
        params,
        variant,
        res.status,
        `the answer to B contains A's marker "${m.value}" (from ${m.from})`,
        m,
      );
      return;
    }
    if (isJson && r.method === 'GET') {
      for (const [path, values] of numbersByPath(res.body)) {
        const theirs = this.numericMarkers.get(`${label(r)}|${path}`);
        const hit = theirs ? [...values].find((v) => theirs.has(v)) : undefined;
        if (hit === undefined) continue;
        this.fail(
          'leak',
          r,
          url,
          params,
          variant,
          res.status,
          `the answer to B lists A's row ${path} = ${hit}`,
          {
            value: String(hit),
            json: String(hit),
            from: `${label(r)} at ${path}`,
          },
        );
        return;
      }
    }
  }

  // ------------------------------------------------------------------ A's data unchanged

  /** Waits (bounded) until the outbox has delivered what is due, so A's view is settled. */
  private async settle(): Promise<void> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const [row] = await this.t.portal.db.sequelize.query<{ n: number | string }>(
        "SELECT COUNT(*) AS n FROM portico_event_deliveries WHERE status = 'pending'",
        { type: QueryTypes.SELECT },
      );
      if (Number(row?.n ?? 0) === 0 || Date.now() > deadline) return;
      await new Promise((resolve) => setTimeout(resolve, 25)); // poll, bounded by the deadline
    }
  }

  private async snapshot(): Promise<Map<string, string>> {
    await this.settle();
    const out = new Map<string, string>();
    for (const { who, url } of this.snapshotCalls) {
      const holder = this.a[who]!;
      const res = await this.callAs(holder, 'GET', url);
      out.set(`${holder.email} GET ${url}`, `${res.status} ${JSON.stringify(this.stable(res.body))}`);
    }
    return out;
  }

  private async stableSnapshot(): Promise<Map<string, string>> {
    let last = await this.snapshot();
    for (let i = 0; i < 5; i++) {
      const next = await this.snapshot();
      if (sameMaps(last, next)) return next;
      last = next;
    }
    this.notes.push(
      "A's answers kept changing on their own; the comparison after writing routes may be noisy",
    );
    return last;
  }

  private stable(v: unknown): unknown {
    const volatile = this.options.volatile ?? [];
    const isVolatile = (k: string) =>
      defaultVolatile.test(k) || volatile.some((x) => (typeof x === 'string' ? x === k : x.test(k)));
    const strip = (x: unknown): unknown => {
      if (Array.isArray(x)) return x.map(strip);
      if (x && typeof x === 'object')
        return Object.fromEntries(
          Object.entries(x as Record<string, unknown>)
            .filter(([k]) => !isVolatile(k))
            .map(([k, y]) => [k, strip(y)]),
        );
      return x;
    };
    return strip(v);
  }

  private async compareWithBaseline(r: ProbedRoute): Promise<void> {
    const now = await this.snapshot();
    const changed = [...this.baseline.keys()].filter((k) => now.get(k) !== this.baseline.get(k));
    if (!changed.length) return;
    const key = changed[0]!;
    this.failures.push({
      kind: 'changed',
      route: label(r),
      plugin: r.plugin,
      url: r.path,
      params: {},
      body: 'any',
      detail: `after B's calls to ${label(r)}, what A sees changed: ${key}\n      before: ${excerpt(this.baseline.get(key))}\n      after:  ${excerpt(now.get(key))}${changed.length > 1 ? `\n      (and ${changed.length - 1} more answers of A)` : ''}`,
    });
    // A's sessions may have been ended; the next routes are compared with the new state.
    for (const h of this.a) await this.revive(h);
    this.baseline = await this.stableSnapshot();
  }

  private fail(
    kind: IsolationFailureKind,
    r: ProbedRoute,
    url: string,
    params: Record<string, string>,
    variant: BodyVariant,
    status: number | undefined,
    detail: string,
    marker?: Marker,
  ): void {
    this.failures.push({
      kind,
      route: label(r),
      plugin: r.plugin,
      url,
      params,
      body: variant.label,
      ...(status !== undefined ? { status } : {}),
      ...(marker ? { marker: marker.value, markerFrom: marker.from } : {}),
      detail,
    });
  }
}

// -------------------------------------------------------------------- helpers

function label(r: ProbedRoute): string {
  return `${r.method} ${r.path}`;
}

/** `:id` and `:orgId` of a path template (find-my-way's `:name(regex)` too). */
export function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
}

function fill(path: string, params: Record<string, string>): string {
  return path.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_m, name: string) =>
    encodeURIComponent(params[name] ?? ''),
  );
}

/** The path with a query string of the route's required query parameters (minimal values). */
function withQuery(path: string, d: RouteDefinition<never, never, never, unknown>): string {
  if (!d.query) return path;
  const q = minimalInstance(d.query);
  if (!q || typeof q !== 'object' || !Object.keys(q).length) return path;
  return `${path}?${new URLSearchParams(Object.entries(q as Record<string, unknown>).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** The static path segment before `:name`: `users` in `/orgs/:orgId/users/:id`. */
function resourceBefore(path: string, name: string): string {
  const parts = path.split('/');
  const i = parts.findIndex((p) => p.startsWith(`:${name}`));
  for (let j = i - 1; j >= 0; j--) if (parts[j] && !parts[j]!.startsWith(':')) return parts[j]!;
  return '';
}

/** `key`, `slug`, `formKey`, `form_key`: names of keys, as opposed to ids. */
function isKeyName(name: string): boolean {
  return /^(key|slug)$/.test(name) || /[a-z0-9](Key|_key)$/.test(name);
}

function stemOf(key: string): string {
  return key
    .replace(/(Id|_id|ID|Key|_key)$/, '')
    .replace(/^(id|key)$/, '')
    .toLowerCase();
}

function singular(word: string): string {
  const w = word.toLowerCase();
  if (w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('ses')) return w.slice(0, -2);
  if (w.endsWith('s')) return w.slice(0, -1);
  return w;
}

function typedFor(schema: JsonSchema, value: string | number): string | number {
  const type = typeof schema === 'object' ? schema.type : undefined;
  const numeric =
    type === 'integer' || type === 'number' || (Array.isArray(type) && type.includes('integer'));
  return numeric ? Number(value) : String(value);
}

function describeParams(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

/** Status, title and detail of an answer with the probed values blanked out, for comparing answers. */
function comparable(res: TestResponse, values: string[]): string {
  const body = res.body as { title?: unknown; detail?: unknown } | undefined;
  let text = '';
  if (res.status >= 400 && body && typeof body === 'object')
    text = `${String(body.title ?? '')}: ${String(body.detail ?? '')}`;
  for (const v of values)
    text = text.replace(
      new RegExp(`(?<![\\p{L}\\p{N}])${v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'gu'),
      '<id>',
    );
  return JSON.stringify(`${res.status}${text ? ` ${text}` : ''}`);
}

function excerpt(v: unknown, max = 300): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? '(empty)' : s.length > max ? `${s.slice(0, max)}...` : s;
}

function sameMaps(x: Map<string, string>, y: Map<string, string>): boolean {
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (y.get(k) !== v) return false;
  return true;
}

function send(s: TestSession, method: string, url: string, variant: BodyVariant): Promise<TestResponse> {
  return s.request(method, url, variant.payload, variant.headers);
}

function formatReport(
  failures: IsolationFailure[],
  counts: { routes: number; calls: number; markers: number; ids: number },
): string {
  const head = `Isolation: ${counts.routes} routes, ${counts.calls} requests as B, ${counts.markers} markers and ${counts.ids} ids of A`;
  if (!failures.length) return `${head}: no leaks.`;
  const byRoute = new Map<string, IsolationFailure[]>();
  for (const f of failures) byRoute.set(f.route, [...(byRoute.get(f.route) ?? []), f]);
  const lines = [`${head}: ${failures.length} failure(s) on ${byRoute.size} route(s).`];
  for (const [route, list] of byRoute) {
    lines.push(`  ${route}`);
    for (const f of list.slice(0, 5)) {
      const params = Object.keys(f.params).length ? ` params {${describeParams(f.params)}}` : '';
      lines.push(
        `    ${f.kind.toUpperCase()}${f.status !== undefined ? ` ${f.status}` : ''}  ${f.url}${params} (${f.body}): ${f.detail}`,
      );
    }
    if (list.length > 5) lines.push(`    ... and ${list.length - 5} more`);
  }
  return lines.join('\n');
}
