import { fromDocument, type ReadOptions } from './document.js';
import { describeRule, type RuleSentence } from './edit.js';
import type { BuilderField, Container, FieldType, FormDocument, Rule } from './types.js';

/** One property of a field that differs, as text both sides. */
export interface PropertyChange {
  property: string;
  before?: string;
  after?: string;
}

export interface DiffEntry {
  kind: 'added' | 'removed' | 'changed' | 'reordered';
  subject: 'field' | 'rule' | 'order';
  /** Labels from the form down to the field (or the container, for order and rules). */
  labels: string[];
  /** Names from the form down, "contact/email"; "" for the form itself. */
  path: string;
  fieldType?: FieldType;
  changes?: PropertyChange[];
  rule?: RuleSentence;
  ruleBefore?: RuleSentence;
}

export interface TranslationChange {
  language: string;
  added: number;
  changed: number;
  removed: number;
}

export interface VersionDiff {
  entries: DiffEntry[];
  translations: TranslationChange[];
  /** Nothing differs that a person filling the form would notice. */
  same: boolean;
}

interface Flat {
  field: BuilderField;
  labels: string[];
  path: string;
}

function flatten(c: Container, labels: string[] = [], path = '', out = new Map<string, Flat>()) {
  for (const f of c.fields) {
    const p = path ? `${path}/${f.name}` : f.name;
    const l = [...labels, f.label || f.name];
    out.set(p, { field: f, labels: l, path: p });
    if (f.group) flatten(f.group, l, p, out);
  }
  return out;
}

function containers(
  c: Container,
  labels: string[] = [],
  path = '',
  out = new Map<string, { c: Container; labels: string[] }>(),
) {
  out.set(path, { c, labels });
  for (const f of c.fields) {
    if (f.group)
      containers(f.group, [...labels, f.label || f.name], path ? `${path}/${f.name}` : f.name, out);
  }
  return out;
}

const text = (v: unknown): string | undefined =>
  v === undefined || v === '' ? undefined : typeof v === 'string' ? v : JSON.stringify(v);

/** The properties of a field a diff compares, as text. */
function properties(f: BuilderField): Record<string, string | undefined> {
  return {
    type: f.type === 'number' && f.integer ? 'integer' : f.type,
    label: text(f.label),
    description: text(f.description),
    help: text(f.help),
    placeholder: text(f.placeholder),
    required: f.required ? 'yes' : undefined,
    min: text(f.min),
    max: text(f.max),
    pattern: text(f.pattern),
    choices: f.choices?.map((c) => (c.label === c.value ? c.value : `${c.label} (${c.value})`)).join(', '),
    display: f.type === 'choice' ? (f.display ?? 'auto') : undefined,
    default: text(f.default),
    computed: text(f.computed),
    accept: text(f.accept),
    maxSize: text(f.maxSize),
    widget: text(f.widget),
    indexed: f.indexed ? 'yes' : undefined,
    other:
      Object.keys(f.schemaExtra).length || Object.keys(f.uiExtra).length
        ? JSON.stringify({ ...f.schemaExtra, ...f.uiExtra })
        : undefined,
  };
}

const ruleKey = (c: Container, r: Rule) =>
  r.show
    .map((id) => c.fields.find((f) => f.id === id)?.name ?? id)
    .sort()
    .join(',');
const conditionKey = (c: Container, r: Rule) =>
  JSON.stringify([c.fields.find((f) => f.id === r.when.fieldId)?.name, r.when.op, r.when.value]);

/** Texts in other languages, per language, keyed by field path and place in the field. */
function textsOf(c: Container & { texts?: BuilderField['texts'] }): Map<string, string> {
  const out = new Map<string, string>();
  const put = (texts: BuilderField['texts'], at: string) => {
    for (const [lang, table] of Object.entries(texts ?? {}))
      for (const [rel, t] of Object.entries(table)) out.set(`${lang}\u0000${at}\u0000${rel}`, t);
  };
  put(c.texts, '');
  for (const { field, path } of flatten(c).values()) put(field.texts, path);
  return out;
}

/**
 * What publishing `after` changes for the people filling the form, against `before` (the
 * published version; undefined for a first publication): fields added, removed and changed
 * property by property, rules as sentences, order, and translations counted per language.
 */
export function diffVersions(
  before: Partial<FormDocument> | undefined,
  after: Partial<FormDocument>,
  options: ReadOptions = {},
): VersionDiff {
  const a = fromDocument(before ?? { schema: { type: 'object', properties: {} } }, options);
  const b = fromDocument(after, options);
  const entries: DiffEntry[] = [];
  const fa = flatten(a);
  const fb = flatten(b);
  for (const [path, x] of fb) {
    const old = fa.get(path);
    const parent = path.split('/').slice(0, -1).join('/');
    if (!old) {
      // The fields of a new section come with it: the section is the change.
      if (parent && !fa.has(parent)) continue;
      entries.push({ kind: 'added', subject: 'field', labels: x.labels, path, fieldType: x.field.type });
      continue;
    }
    const pa = properties(old.field);
    const pb = properties(x.field);
    const changes = Object.keys(pb)
      .filter((k) => pa[k] !== pb[k])
      .map((k) => ({
        property: k,
        ...(pa[k] !== undefined ? { before: pa[k] } : {}),
        ...(pb[k] !== undefined ? { after: pb[k] } : {}),
      }));
    if (changes.length)
      entries.push({
        kind: 'changed',
        subject: 'field',
        labels: x.labels,
        path,
        fieldType: x.field.type,
        changes,
      });
  }
  for (const [path, x] of fa) {
    const parent = path.split('/').slice(0, -1).join('/');
    if (!fb.has(path) && !(parent && !fb.has(parent)))
      entries.push({ kind: 'removed', subject: 'field', labels: x.labels, path, fieldType: x.field.type });
  }

  const ca = containers(a);
  for (const [path, { c, labels }] of containers(b)) {
    const old = ca.get(path);
    const oldRules = new Map((old?.c.rules ?? []).map((r) => [ruleKey(old!.c, r), r]));
    for (const r of c.rules) {
      const key = ruleKey(c, r);
      const was = oldRules.get(key);
      oldRules.delete(key);
      if (!was) entries.push({ kind: 'added', subject: 'rule', labels, path, rule: describeRule(c, r) });
      else if (conditionKey(old!.c, was) !== conditionKey(c, r))
        entries.push({
          kind: 'changed',
          subject: 'rule',
          labels,
          path,
          rule: describeRule(c, r),
          ruleBefore: describeRule(old!.c, was),
        });
    }
    for (const r of oldRules.values())
      entries.push({ kind: 'removed', subject: 'rule', labels, path, rule: describeRule(old!.c, r) });
    if (old) {
      const names = new Set(old.c.fields.map((f) => f.name));
      const now = c.fields.map((f) => f.name).filter((n) => names.has(n));
      const then = old.c.fields.map((f) => f.name).filter((n) => now.includes(n));
      if (now.join('/') !== then.join('/'))
        entries.push({ kind: 'reordered', subject: 'order', labels, path });
    }
  }
  for (const [path, { c, labels }] of ca)
    if (!containers(b).has(path))
      for (const r of c.rules)
        entries.push({ kind: 'removed', subject: 'rule', labels, path, rule: describeRule(c, r) });

  const ta = textsOf(a);
  const tb = textsOf(b);
  const counts = new Map<string, TranslationChange>();
  const count = (key: string, what: 'added' | 'changed' | 'removed') => {
    const language = key.split('\u0000')[0]!;
    const c = counts.get(language) ?? { language, added: 0, changed: 0, removed: 0 };
    c[what]++;
    counts.set(language, c);
  };
  for (const [k, v] of tb) {
    const old = ta.get(k);
    if (old === undefined) count(k, 'added');
    else if (old !== v) count(k, 'changed');
  }
  for (const k of ta.keys()) if (!tb.has(k)) count(k, 'removed');
  const translations = [...counts.values()].sort((x, y) => x.language.localeCompare(y.language));
  return { entries, translations, same: !entries.length && !translations.length };
}
