// Summarises a V8 .cpuprofile: self time per function, self time per package/area, and the
// inclusive time of the portal's own code and of the middleware packages, for a quick
// "where does a request's time go" without opening DevTools.
import { readFileSync } from 'node:fs';
import { root, table } from './lib.mjs';

const special = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

function shortUrl(url) {
  if (!url) return '';
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(root)) u = u.slice(root.length);
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) u = u.slice(nm + 'node_modules/'.length);
  return u;
}

/** The area a frame belongs to: the kernel, a plugin, an npm package, Node itself, or V8 states. */
export function areaOf(frame) {
  const name = frame.functionName;
  if (special.has(name)) return name;
  const url = frame.url ?? '';
  if (!url) return '(native / V8 builtins)';
  if (url.startsWith('node:')) return 'node internals';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 'node_modules/'.length).split('/');
    const pkg = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return pkg.startsWith('@portico/') ? `${pkg} (workspace)` : `npm: ${pkg}`;
  }
  if (u.includes('/core/dist/') || u.includes('/core/src/')) return '@portico/core (kernel)';
  if (u.includes('/plugins/')) return 'plugin';
  if (u.includes('/scripts/bench/')) return 'bench hook';
  return 'other';
}

function keyOf(frame) {
  const fn = frame.functionName || '(anonymous)';
  const url = shortUrl(frame.url);
  return url ? `${fn}  ${url}:${frame.lineNumber + 1}` : fn;
}

/**
 * Returns { totalMs, busyMs, idlePct, topSelf, areas, areasInclusive, inclusive } from a .cpuprofile. Percentages
 * are of busy time (everything but idle).
 */
export function summariseProfile(file, { top = 25 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map();
  const inclusive = new Map();
  const areas = new Map();
  const areasInclusive = new Map();
  let totalUs = 0;
  let idleUs = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the gap before sample i; the time until the next sample belongs to sample i.
    const dt = Math.max(0, deltas[i + 1] ?? 0);
    const node = byId.get(samples[i]);
    if (!node) continue;
    totalUs += dt;
    if (node.callFrame.functionName === '(idle)') {
      idleUs += dt;
      continue;
    }
    const k = keyOf(node.callFrame);
    const area = areaOf(node.callFrame);
    const s = self.get(k) ?? { fn: k, area, us: 0 };
    s.us += dt;
    self.set(k, s);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    // Inclusive time: each distinct function (and area) on the stack once per sample.
    const seen = new Set();
    const seenAreas = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const f = byId.get(id).callFrame;
      if (special.has(f.functionName)) continue;
      const fa = areaOf(f);
      if (!seenAreas.has(fa)) {
        seenAreas.add(fa);
        areasInclusive.set(fa, (areasInclusive.get(fa) ?? 0) + dt);
      }
      const key = keyOf(f);
      if (seen.has(key)) continue;
      seen.add(key);
      const e = inclusive.get(key) ?? { fn: key, area: areaOf(f), us: 0 };
      e.us += dt;
      inclusive.set(key, e);
    }
  }
  const busyUs = totalUs - idleUs || 1;
  const pct = (us) => Number(((100 * us) / busyUs).toFixed(1));
  const ms = (us) => Number((us / 1000).toFixed(1));
  const sorted = (m) => [...m.values()].sort((a, b) => b.us - a.us);
  const interesting = (a) => a === '@portico/core (kernel)' || a === 'plugin' || a.startsWith('npm: ');
  return {
    totalMs: ms(totalUs),
    busyMs: ms(busyUs),
    idlePct: Number(((100 * idleUs) / (totalUs || 1)).toFixed(1)),
    topSelf: sorted(self)
      .slice(0, top)
      .map((e) => ({ fn: e.fn, area: e.area, selfMs: ms(e.us), selfPct: pct(e.us) })),
    areas: [...areas.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, selfMs: ms(us), selfPct: pct(us) })),
    areasInclusive: [...areasInclusive.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([area, us]) => ({ area, totalMs: ms(us), totalPct: pct(us) })),
    inclusive: sorted(inclusive)
      .filter((e) => interesting(e.area))
      .slice(0, top)
      .map((e) => ({ fn: e.fn, area: e.area, totalMs: ms(e.us), totalPct: pct(e.us) })),
  };
}

/** The "top functions by self time" table both benchmarks print under a profile summary. */
export function topSelfTable(summary, n) {
  return table(
    ['% busy', 'self ms', 'function  location', 'area'],
    summary.topSelf.slice(0, n).map((f) => [f.selfPct, f.selfMs, f.fn, f.area]),
  );
}

/**
 * The lines printed under a load benchmark's CPU profile (throughput, identity): what was
 * profiled, self time by area, the top functions, and kernel/package functions by inclusive time.
 */
export function loadProfileReport(p, { heading, inclusiveTitle, inclusiveRows }) {
  return [
    '',
    `${heading}, ${p.reqPerSecWhileProfiling} req/s while profiling;`,
    `main thread busy ${p.busyMs} ms over ${p.requestsProfiled} requests = ${p.busyUsPerRequest} us per request (idle ${p.idlePct} %); ${p.file}`,
    '',
    'Self time by area:',
    table(
      ['area', 'self ms', '% of busy'],
      p.areas.slice(0, 15).map((a) => [a.area, a.selfMs, a.selfPct]),
    ),
    '',
    'Top functions by self time:',
    topSelfTable(p, 25),
    '',
    inclusiveTitle,
    table(
      ['% busy', 'total ms', 'function  location', 'area'],
      p.inclusive.slice(0, inclusiveRows).map((f) => [f.totalPct, f.totalMs, f.fn, f.area]),
    ),
  ];
}
