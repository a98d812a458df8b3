/**
 * What the isolation harness learns from JSON answers: id-like values to put into other routes'
 * path parameters, and the strings and ids that belong to one organisation (its markers), found
 * without knowing any route's shape.
 */

/** Where a value was found: the route that answered it and the JSON path inside the answer. */
export interface Origin {
  /** `GET /api/v1/hello/greetings` */
  route: string;
  /** `items[].id` */
  path: string;
  /** The property name holding the value (`id`, `organizationId`). */
  key: string;
  /** The property name of the object holding it (`items`, `user`), or '' at the top. */
  parentKey: string;
}

export interface HarvestedId {
  value: string | number;
  origins: Origin[];
}

export interface HarvestedString {
  value: string;
  /** Found inside an object that belongs to the organisation (see `ownsObject`). */
  owned: boolean;
  /**
   * A property of the organisation's own record or of one of its users' records (an object whose
   * `id` is one of the refs `harvest` started from): names, e-mails, the customer number.
   */
  identity: boolean;
  /** Found under a key that names or identifies something (name, email, title, id ...). */
  identifying: boolean;
  origins: Origin[];
}

/** One answer to harvest: the route label and the parsed JSON body of a 2xx answer. */
export interface Answer {
  route: string;
  body: unknown;
}

export interface Harvest {
  ids: Map<string, HarvestedId>;
  strings: Map<string, HarvestedString>;
  /** Every string id of a row that belongs to the organisation (uuids above all). */
  ownedRefs: Set<string>;
  /** Numeric ids of rows that belong to the organisation, by `route|path`. */
  ownedNumbers: Map<string, Set<number>>;
  /** Every primitive value seen anywhere, as a string. */
  seen: Set<string>;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}|$)/;

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && uuidPattern.test(v);
}

/** Keys whose values identify a row: `id`, `userId`, `organization_id`, `key`, `roleKey`, `slug`. */
export function isIdKey(key: string): boolean {
  return (
    key === 'id' ||
    key === 'key' ||
    key === 'slug' ||
    key === 'ref' ||
    /[a-z0-9](Id|_id|ID|Key|_key)$/.test(key) ||
    /^(id|key)s$/.test(key)
  );
}

/** Keys of a property that points at another row by id (`organizationId`, `author_user_id`). */
function isRefKey(key: string): boolean {
  return key === 'id' || /[a-z0-9](Id|_id|ID)$/.test(key);
}

/** Keys whose values are drawn from a small shared vocabulary, never one organisation's. */
const lowEntropyKey =
  /^(ip|ipAddress|clientIp|remoteAddress|userAgent|user_agent|language|lang|locale|languages|timeZone|timezone|tz|status|state|kind|type|method|scope|contactMethod|currency|format|mimeType|contentType|role|roles|permission|permissions|group|groups|icon|area|purpose|action|event|version|sort|order|direction|level|severity|unit|country|countryCode)$/i;
const timeKey = /(At|_at|Date|_date|Time|_time)$/;
const identifyingKey =
  /(^|[a-z_])(name|Name|email|Email|title|Title|message|Message|text|Text|body|Body|subject|Subject|description|Description|phone|Phone|number|Number|domain|Domain|url|Url|label|Label|comment|Comment|note|Note)s?$/;

/** Whether a string at `key` can mark one organisation's data (names, e-mails, texts, ids). */
export function isMarkerString(key: string, value: string): boolean {
  if (value.length < 4) return false;
  if (isoDate.test(value)) return false;
  if (lowEntropyKey.test(key) || timeKey.test(key)) return false;
  if (/^(true|false|null|undefined)$/i.test(value)) return false;
  // Addresses of the test machine show up in everyone's sessions.
  if (/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-f:]*::[0-9a-f:.]*$/i.test(value)) return false;
  return true;
}

/** True when an object belongs to the organisation: its id, or one of its `...Id` references, is one of `refs`. */
export function ownsObject(obj: Record<string, unknown>, refs: ReadonlySet<string>): boolean {
  for (const [k, v] of Object.entries(obj))
    if (typeof v === 'string' && isRefKey(k) && refs.has(v)) return true;
  return false;
}

/**
 * Harvests `answers` of one organisation's users. `refs` are ids known to be the organisation's
 * (its own id and its users'); an object that carries one of them (as `id`, `organizationId`,
 * `userId` ...) belongs to it, with everything nested in it, and its own `id` becomes a ref too,
 * until nothing new is found. (Ids of objects nested in such a row, such as the roles of a user,
 * are not refs: they may be shared by everyone.)
 */
export function harvest(answers: readonly Answer[], refs: Iterable<string>): Harvest {
  const initial = new Set(refs);
  const known = new Set(initial);
  for (let round = 0; round < 6; round++) {
    const h = walkAll(answers, known, initial);
    const before = known.size;
    for (const r of h.ownedRefs) known.add(r);
    if (known.size === before) return h;
  }
  return walkAll(answers, known, initial);
}

function walkAll(
  answers: readonly Answer[],
  refs: ReadonlySet<string>,
  initial: ReadonlySet<string>,
): Harvest {
  const h: Harvest = {
    ids: new Map(),
    strings: new Map(),
    ownedRefs: new Set(refs),
    ownedNumbers: new Map(),
    seen: new Set(),
  };
  const top = { path: '', key: '', parentKey: '', owned: false, identity: false };
  for (const a of answers) walk(h, refs, initial, a.body, { ...top, route: a.route });
  return h;
}

interface WalkContext extends Origin {
  owned: boolean;
  identity: boolean;
}

function walk(
  h: Harvest,
  refs: ReadonlySet<string>,
  initial: ReadonlySet<string>,
  node: unknown,
  ctx: WalkContext,
): void {
  if (Array.isArray(node)) {
    for (const item of node) walk(h, refs, initial, item, { ...ctx, path: `${ctx.path}[]`, identity: false });
    return;
  }
  if (!node || typeof node !== 'object') return;
  const obj = node as Record<string, unknown>;
  const direct = ownsObject(obj, refs);
  const owned = ctx.owned || direct;
  const identity = typeof obj.id === 'string' && initial.has(obj.id);
  for (const [k, v] of Object.entries(obj)) {
    const path = ctx.path ? `${ctx.path}.${k}` : k;
    const here = { route: ctx.route, path, key: k, parentKey: ctx.key, owned, identity };
    if (v && typeof v === 'object') {
      walk(h, refs, initial, v, { ...here, parentKey: k, identity: false });
      // Arrays of plain values (emailDomains, ids) count as values of their key.
      if (Array.isArray(v))
        for (const item of v)
          if (typeof item !== 'object' || item === null) record(h, item, { ...here, path: `${path}[]` });
      continue;
    }
    record(h, v, here);
    if (direct && k === 'id') {
      if (typeof v === 'string') h.ownedRefs.add(v);
      else if (typeof v === 'number') {
        const where = `${ctx.route}|${path}`;
        let set = h.ownedNumbers.get(where);
        if (!set) h.ownedNumbers.set(where, (set = new Set()));
        set.add(v);
      }
    }
  }
}

function record(h: Harvest, v: unknown, ctx: WalkContext): void {
  if (typeof v !== 'string' && typeof v !== 'number') return;
  h.seen.add(String(v));
  const origin: Origin = { route: ctx.route, path: ctx.path, key: ctx.key, parentKey: ctx.parentKey };
  const idLike =
    (isIdKey(ctx.key) && (typeof v === 'string' ? v.length > 0 && v.length <= 200 : Number.isInteger(v))) ||
    isUuid(v);
  if (idLike) {
    const k = String(v);
    const found = h.ids.get(k);
    if (found) found.origins.push(origin);
    else h.ids.set(k, { value: v, origins: [origin] });
  }
  if (typeof v === 'string' && isMarkerString(ctx.key, v)) {
    const found = h.strings.get(v);
    const identifying = idLike || identifyingKey.test(ctx.key);
    if (found) {
      found.owned ||= ctx.owned;
      found.identity ||= ctx.identity;
      found.identifying ||= identifying;
      found.origins.push(origin);
    } else
      h.strings.set(v, {
        value: v,
        owned: ctx.owned,
        identity: ctx.identity,
        identifying,
        origins: [origin],
      });
  }
}

/** Every `path` → value pair of numbers under id keys in a JSON answer, for structural comparison. */
export function numbersByPath(
  body: unknown,
  path = '',
  out = new Map<string, Set<number>>(),
): Map<string, Set<number>> {
  if (Array.isArray(body)) for (const item of body) numbersByPath(item, `${path}[]`, out);
  else if (body && typeof body === 'object')
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (typeof v === 'number' && k === 'id') {
        let set = out.get(p);
        if (!set) out.set(p, (set = new Set()));
        set.add(v);
      } else if (v && typeof v === 'object') numbersByPath(v, p, out);
    }
  return out;
}

/**
 * Finds `marker` in `text` as a whole token: the characters around it are not letters or digits,
 * so "10001" is not found inside a uuid and "Anna" not inside "Annabel".
 */
export function containsToken(text: string, marker: string): boolean {
  let from = 0;
  for (;;) {
    const i = text.indexOf(marker, from);
    if (i === -1) return false;
    const before = i > 0 ? text[i - 1]! : '';
    const after = text[i + marker.length] ?? '';
    if (!/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after)) return true;
    from = i + 1;
  }
}
