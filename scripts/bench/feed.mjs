// News feed: GET /api/v1/news/feed for a customer user, with 1,000 published articles and 50
// access groups, as a ratio to GET /api/v1/hello in the same run (the method of identity.mjs:
// autocannon, alternating rounds, medians of req/s and p99).
//
// One portal process (NODE_ENV=production, SQLite, the plugins of config/default.json, the demo
// tenant seeded on first start). Before measuring, the bench writes through the API:
// - 50 access groups `bench-group-01` ... `-50`; the reader's organisation (Bergström) is a member
//   of 5 of them, Lindqvist of 5 others;
// - 1,000 articles, published, with audiences spread over the dimensions (a seeded random choice,
//   the same every run): 30 % everyone, 40 % 1-3 groups, 10 % one organisation, 10 % roles, 10 %
//   a language (half of those also a group); every third article in English and Swedish, the
//   rest English only; 5 pinned.
// The reader is user@bergstrombygg.example (customer-user, Swedish). Targets measured:
// hello (no cookie, as in identity.mjs), the feed's first page (limit 20, the portal's page) and,
// informational, its 10th page (a cursor from walking 9 pages first).
//
// Run alone: node scripts/bench/feed.mjs [--duration 10] [--rounds 3] [--warmup 3]
//   [--connections 50] [--articles 1000] [--groups 50] [--no-build]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { alternate, summarise } from './identity.mjs';
import {
  apiSession,
  build,
  environment,
  isMain,
  parseArgs,
  root,
  round,
  startDemoPortal,
  stopChild,
  table,
  writeResults,
} from './lib.mjs';

const DEMO_PASSWORD = 'Bench-demo-password-2026';
const READER = 'user@bergstrombygg.example';
const browserish = { 'accept-encoding': 'gzip, deflate, br' };

/** A small seeded generator (mulberry32), so every run writes the same articles. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool(items, n, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}

const groupKey = (i) => `bench-group-${String(i + 1).padStart(2, '0')}`;

/** The audience of article `i`: the spread described at the top of this file. */
function audienceOf(i, rnd, organizationIds, groups) {
  const pickGroups = (n) => [
    ...new Set(Array.from({ length: n }, () => groupKey(Math.floor(rnd() * groups)))),
  ];
  const kind = i % 10;
  if (kind <= 2) return {};
  if (kind <= 6) return { groups: pickGroups(1 + Math.floor(rnd() * 3)) };
  if (kind === 7) return { organizations: [organizationIds[Math.floor(rnd() * organizationIds.length)]] };
  if (kind === 8) return { roles: rnd() < 0.5 ? ['customer-admin'] : ['customer-user', 'customer-admin'] };
  const languages = [rnd() < 0.5 ? 'sv' : 'en'];
  return rnd() < 0.5 ? { languages, groups: pickGroups(1) } : { languages };
}

function articleOf(i, rnd, organizationIds, groups) {
  const body = `<p>${'Deliveries, prices and news from your supplier. '.repeat(12)}</p><ul><li>One</li><li>Two</li></ul>`;
  const en = {
    language: 'en',
    title: `Bench article ${i + 1}`,
    lead: `What article ${i + 1} is about, in short.`,
    bodyHtml: body,
  };
  const sv = {
    language: 'sv',
    title: `Testartikel ${i + 1}`,
    lead: `Vad artikel ${i + 1} handlar om, i korthet.`,
    bodyHtml: body,
  };
  return {
    defaultLanguage: 'en',
    pinned: i % 200 === 0,
    tags: [['prices', 'deliveries', 'portal', 'products'][i % 4]],
    audience: audienceOf(i, rnd, organizationIds, groups),
    translations: i % 3 === 0 ? [en, sv] : [en],
  };
}

/** Writes the groups and articles through the API; answers how many articles the reader sees. */
async function seed(base, { articles, groups, log }) {
  const admin = await apiSession(base, 'admin@nordicsupply.example', DEMO_PASSWORD);
  const editor = await apiSession(base, 'editor@nordicsupply.example', DEMO_PASSWORD);
  const orgs = (await admin.request('GET', '/api/v1/organizations?limit=100')).items;
  const orgId = (prefix) => orgs.find((o) => o.name.startsWith(prefix)).id;
  log(`  writing ${groups} access groups...`);
  for (let g = 0; g < groups; g++) {
    await admin.request('POST', '/api/v1/groups', { key: groupKey(g), name: `Bench group ${g + 1}` });
    // Bergström (the reader's organisation) in groups 1-5, Lindqvist in 6-10.
    const member = g < 5 ? orgId('Bergström') : g < 10 ? orgId('Lindqvist') : null;
    if (member)
      await admin.request('POST', `/api/v1/groups/${groupKey(g)}/members`, {
        type: 'organization',
        id: member,
      });
  }
  log(`  writing and publishing ${articles} articles...`);
  const rnd = random(20261125);
  const inputs = Array.from({ length: articles }, (_, i) =>
    articleOf(
      i,
      rnd,
      orgs.map((o) => o.id),
      groups,
    ),
  );
  const t0 = performance.now();
  await pool(inputs, 4, async (input) => {
    const a = await editor.request('POST', '/api/v1/news/admin/articles', input);
    await editor.request('POST', `/api/v1/news/admin/articles/${a.id}/publish`, {});
  });
  log(`  written in ${round((performance.now() - t0) / 1000, 1)} s`);
  const reader = await apiSession(base, READER, DEMO_PASSWORD);
  let visible = 0;
  let cursor = null;
  let tenthPage = null;
  for (let page = 1; ; page++) {
    const q = `/api/v1/news/feed?limit=20${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    if (page === 10) tenthPage = q;
    const r = await reader.request('GET', q);
    visible += r.items.length;
    cursor = r.nextCursor;
    if (!cursor) break;
  }
  return { cookie: reader.cookie, visible, tenthPage };
}

export async function runFeed({
  duration = 10,
  rounds = 3,
  warmup = 3,
  connections = 50,
  articles = 1000,
  groups = 50,
  log = () => {},
} = {}) {
  const tmpRoot = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-feed-'));
  let server;
  try {
    log('  starting the portal (first start: migrations and the demo seed)...');
    server = await startDemoPortal({ dataDir: path.join(tmpRoot, 'data'), password: DEMO_PASSWORD });
    const { cookie, visible, tenthPage } = await seed(server.base, { articles, groups, log });
    log(`  ${READER} sees ${visible} of the ${articles + 4} articles (the demo's 4 included)`);
    const withCookie = { ...browserish, cookie };
    const targets = [
      { label: 'GET /api/v1/hello', request: { url: `${server.base}/api/v1/hello`, headers: browserish } },
      {
        label: 'GET /api/v1/news/feed',
        request: { url: `${server.base}/api/v1/news/feed`, headers: withCookie },
      },
      ...(tenthPage
        ? [
            {
              label: 'GET /api/v1/news/feed (page 10)',
              request: { url: `${server.base}${tenthPage}`, headers: withCookie },
            },
          ]
        : []),
    ];
    const feedBytes = (await (await fetch(`${server.base}/api/v1/news/feed`, { headers: { cookie } })).text())
      .length;
    const samples = await alternate(server, targets, {
      warmup,
      duration,
      connections,
      rounds,
      labelWidth: 32,
      log,
    });
    const summary = targets.map((t) => summarise(t.label, samples.get(t.label)));
    const hello = summary[0];
    for (const s of summary) {
      s.ratioToHello = round(s.medianReqPerSec / hello.medianReqPerSec, 3);
      s.p99RatioToHello = round(s.medianLatencyP99Ms / hello.medianLatencyP99Ms, 2);
    }
    return {
      what: `GET /api/v1/news/feed (session of ${READER}) with ${articles} published articles and ${groups} access groups, against GET /api/v1/hello; autocannon, ${connections} connections, ${rounds} alternating rounds of ${duration} s after ${warmup} s warm-up each`,
      articles,
      groups,
      visibleToReader: visible,
      feedBytes,
      ratio: summary[1].ratioToHello,
      valid: summary.every((s) => s.failed === 0),
      targets: summary,
      settings: { duration, rounds, warmup, connections },
    };
  } finally {
    if (server) await stopChild(server.child);
    rmSync(tmpRoot, { recursive: true, force: true });
  }
}

export function formatFeed(result) {
  const out = [
    `News feed with ${result.articles} articles and ${result.groups} access groups (${result.visibleToReader} visible to the reader) against GET /api/v1/hello`,
    table(
      [
        'target',
        'median req/s',
        'rounds req/s',
        'p50 ms',
        'p99 ms',
        'server CPU %',
        'CPU us/req',
        'ratio req/s',
        'ratio p99',
        'failed',
      ],
      result.targets.map((s) => [
        s.target,
        s.medianReqPerSec,
        s.reqPerSec.join(' / '),
        s.medianLatencyP50Ms,
        s.medianLatencyP99Ms,
        s.medianServerCpuPct,
        s.medianCpuUsPerRequest,
        s.ratioToHello,
        s.p99RatioToHello,
        s.failed,
      ]),
    ),
    '',
    `Ratio feed/hello: ${result.ratio} of the req/s (the feed's first page answers ${result.feedBytes} bytes before compression)`,
  ];
  if (!result.valid)
    out.push('WARNING: some requests failed (errors, timeouts or non-2xx): the figures are not comparable.');
  return out.join('\n');
}

export function feedOptions(args) {
  return {
    duration: Number(args.duration ?? 10),
    rounds: Number(args.rounds ?? 3),
    warmup: Number(args.warmup ?? 3),
    connections: Number(args.connections ?? 50),
    articles: Number(args.articles ?? 1000),
    groups: Number(args.groups ?? 50),
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('Feed...');
  const result = await runFeed({ ...feedOptions(args), log: (l) => console.log(l) });
  const file = writeResults('feed.json', { environment: environment(), feed: result });
  console.log('\n' + formatFeed(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
