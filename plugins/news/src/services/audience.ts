/**
 * Who an article is for. Each dimension is a list; an empty or missing list does not restrict.
 * A reader matches when, for every dimension that is set, they have at least one of its values:
 * `{ groups: ['gold-customers'], languages: ['sv'] }` is for Swedish-speaking readers in a
 * gold-customers organisation. An audience with nothing set is everyone.
 */
export interface Audience {
  /** Access group keys (`gold-customers`). */
  groups?: string[];
  /** Organisation ids. */
  organizations?: string[];
  /** Role keys (`customer-admin`). */
  roles?: string[];
  /** Language codes of the reader's preferred language (`sv`). */
  languages?: string[];
}

/** What the audience check needs to know about a reader. */
export interface Reader {
  userId?: string;
  organizationId?: string;
  groups: readonly string[];
  roles: readonly string[];
  language?: string;
}

/** The audience rule: every set dimension must match (see Audience). */
export function matchesAudience(audience: Audience, reader: Reader): boolean {
  const set = (list: string[] | undefined): list is string[] => !!list && list.length > 0;
  if (set(audience.groups) && !audience.groups.some((g) => reader.groups.includes(g))) return false;
  if (
    set(audience.organizations) &&
    !(reader.organizationId && audience.organizations.includes(reader.organizationId))
  )
    return false;
  if (set(audience.roles) && !audience.roles.some((r) => reader.roles.includes(r))) return false;
  if (set(audience.languages) && !(reader.language && audience.languages.includes(reader.language)))
    return false;
  return true;
}

/** The audience without empty dimensions, so "everyone" is always `{}`. */
export function normalizeAudience(audience: Audience | undefined): Audience {
  const out: Audience = {};
  for (const key of ['groups', 'organizations', 'roles', 'languages'] as const) {
    const list = audience?.[key];
    if (list && list.length) out[key] = [...new Set(list)].sort();
  }
  return out;
}
