import { parseExpression } from '../../../shared/computed.js';
import { emptyContainer, newId, walk, type PointerIndex } from './document.js';
import type { BuilderField, BuilderForm, Choice, Container, FieldTexts, FieldType, Rule } from './types.js';

/** A property name usable in data, exports and computed expressions (`qty * price`). */
export const namePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** "Delivery address (street)" -> "deliveryAddressStreet"; never empty, always a valid name. */
export function nameFromLabel(label: string, fallback = 'field'): string {
  const words = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ø/gi, 'o')
    .replace(/æ/gi, 'ae')
    .replace(/ß/g, 'ss')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  let name = words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join('')
    .slice(0, 40);
  if (!name) name = fallback;
  if (!/^[A-Za-z_]/.test(name)) name = `${fallback}${name}`;
  return name;
}

/** `base`, or `base2`, `base3`... whichever no other field of the container has. */
export function uniqueName(container: Container, base: string, exceptId?: string): string {
  const taken = new Set(container.fields.filter((f) => f.id !== exceptId).map((f) => f.name));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** Where a field sits: its container, the section or table that holds it (null: the form), its index. */
export interface FieldPlace {
  field: BuilderField;
  container: Container;
  parentId: string | null;
  index: number;
}

export function findField(form: BuilderForm, id: string): FieldPlace | undefined {
  let found: FieldPlace | undefined;
  const visit = (c: Container, parentId: string | null) => {
    c.fields.forEach((f, index) => {
      if (found) return;
      if (f.id === id) found = { field: f, container: c, parentId, index };
      else if (f.group) visit(f.group, f.id);
    });
  };
  visit(form, null);
  return found;
}

/** The container of a section or table, or the form for null. */
export function containerOf(form: BuilderForm, parentId: string | null): Container | undefined {
  if (parentId === null) return form;
  return findField(form, parentId)?.field.group;
}

/** A new field of `type` as the palette adds it: a label to start from, sensible limits. */
export function createField(
  type: FieldType,
  label: string,
  options: { widget?: string; widgetSchema?: Record<string, unknown>; choices?: Choice[] } = {},
): BuilderField {
  const field: BuilderField = {
    id: newId(),
    name: nameFromLabel(label),
    autoName: true,
    type,
    label,
    required: false,
    schemaExtra: {},
    uiExtra: {},
  };
  if (type === 'choice' || type === 'multiChoice')
    field.choices = options.choices ?? [
      { value: 'option1', label: 'Option 1' },
      { value: 'option2', label: 'Option 2' },
    ];
  if (type === 'section' || type === 'table') field.group = emptyContainer();
  if (type === 'widget') {
    field.widget = options.widget;
    const { title: _title, ...schema } = options.widgetSchema ?? {};
    void _title;
    field.schemaExtra = schema;
  }
  return field;
}

const clone = <T>(v: T): T => structuredClone(v);

/** Adds `field` into the container of `parentId` (null: the form) at `index` (default: the end). */
export function addField(
  form: BuilderForm,
  field: BuilderField,
  parentId: string | null = null,
  index?: number,
): BuilderForm {
  const next = clone(form);
  const c = containerOf(next, parentId) ?? next;
  const f = { ...field, name: uniqueName(c, field.name) };
  c.fields.splice(index ?? c.fields.length, 0, f);
  return next;
}

/** Removes a field, and every rule of its container that watched it; it is no longer shown by any. */
export function removeField(form: BuilderForm, id: string): BuilderForm {
  const next = clone(form);
  const place = findField(next, id);
  if (!place) return form;
  place.container.fields.splice(place.index, 1);
  dropFromRules(place.container, id);
  return next;
}

function dropFromRules(c: Container, id: string) {
  c.rules = c.rules
    .filter((r) => r.when.fieldId !== id)
    .map((r) => ({ ...r, show: r.show.filter((s) => s !== id) }))
    .filter((r) => r.show.length > 0);
}

/** Whether `id` is `ancestorId` or lies inside it. */
function isInside(form: BuilderForm, id: string | null, ancestorId: string): boolean {
  let at = id;
  while (at !== null) {
    if (at === ancestorId) return true;
    at = findField(form, at)?.parentId ?? null;
  }
  return false;
}

/**
 * Moves a field to `index` in the container of `parentId`. A section never goes into itself;
 * leaving its container, a field leaves that container's rules (rules join siblings only).
 */
export function moveField(
  form: BuilderForm,
  id: string,
  parentId: string | null,
  index: number,
): BuilderForm {
  if (parentId !== null && isInside(form, parentId, id)) return form;
  const next = clone(form);
  const place = findField(next, id);
  const target = containerOf(next, parentId);
  if (!place || !target) return form;
  place.container.fields.splice(place.index, 1);
  if (place.container !== target) {
    dropFromRules(place.container, id);
    place.field.name = uniqueName(target, place.field.name);
  }
  target.fields.splice(Math.max(0, Math.min(index, target.fields.length)), 0, place.field);
  return next;
}

/** Changes a field. While its name follows the label, a new label gives a new (unique) name. */
export function updateField(form: BuilderForm, id: string, patch: Partial<BuilderField>): BuilderForm {
  const next = clone(form);
  const place = findField(next, id);
  if (!place) return form;
  const f = Object.assign(place.field, patch);
  if (patch.name !== undefined) f.autoName = false;
  else if (patch.label !== undefined && f.autoName)
    f.name = uniqueName(place.container, nameFromLabel(patch.label), f.id);
  for (const k of Object.keys(patch) as Array<keyof BuilderField>) if (patch[k] === undefined) delete f[k];
  return next;
}

/**
 * Sets a field's choices; `from[i]` says which old choice the new choice i was (-1: new), so
 * the translations of the labels follow the choices when they are reordered or removed.
 */
export function setChoices(form: BuilderForm, id: string, choices: Choice[], from: number[]): BuilderForm {
  const next = clone(form);
  const f = findField(next, id)?.field;
  if (!f) return form;
  f.choices = choices;
  // A choice's labels sit in its schema's oneOf, in the field's UI schema, or in its items' UI
  // schema for multiple choice.
  const key = (i: number) =>
    f.choiceStyle === 'oneOf'
      ? `s/oneOf/${i}/title`
      : f.type === 'multiChoice'
        ? `u/items/ui:enumNames/${i}`
        : `u/ui:enumNames/${i}`;
  const isLabel = (k: string) => /^(s\/oneOf\/\d+\/title|u\/(items\/)?ui:enumNames\/\d+)$/.test(k);
  for (const table of Object.values(f.texts ?? {})) {
    const old = { ...table };
    for (const k of Object.keys(table)) if (isLabel(k)) delete table[k];
    from.forEach((o, i) => {
      const text = o >= 0 ? old[key(o)] : undefined;
      if (text !== undefined) table[key(i)] = text;
    });
  }
  return next;
}

/** Adds or replaces a rule in the container of `parentId`. */
export function saveRule(form: BuilderForm, parentId: string | null, rule: Rule): BuilderForm {
  const next = clone(form);
  const c = containerOf(next, parentId);
  if (!c) return form;
  // A field is shown by one rule at most: this one takes it from any other.
  const exists = c.rules.some((r) => r.id === rule.id);
  c.rules = c.rules
    .map((r) => (r.id === rule.id ? rule : { ...r, show: r.show.filter((s) => !rule.show.includes(s)) }))
    .filter((r) => r.show.length > 0);
  if (!exists) c.rules.push(rule);
  return next;
}

export function removeRule(form: BuilderForm, parentId: string | null, ruleId: string): BuilderForm {
  const next = clone(form);
  const c = containerOf(next, parentId);
  if (!c) return form;
  c.rules = c.rules.filter((r) => r.id !== ruleId);
  return next;
}

/** The rule of `container` that shows `fieldId`, if any. */
export const ruleShowing = (container: Container, fieldId: string): Rule | undefined =>
  container.rules.find((r) => r.show.includes(fieldId));

/** A rule as the parts of a sentence, in the form's default language. */
export interface RuleSentence {
  targets: string[];
  field: string;
  op: Rule['when']['op'];
  values: string[];
}

/** The label of a choice value, or the value as text. */
export function valueText(field: BuilderField | undefined, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  const choice = field?.choices?.find((c) => c.value === value);
  return choice?.label || String(value);
}

export function describeRule(container: Container, rule: Rule): RuleSentence {
  const label = (id: string) => {
    const f = container.fields.find((x) => x.id === id);
    return f ? f.label || f.name : '?';
  };
  const watched = container.fields.find((f) => f.id === rule.when.fieldId);
  const raw = rule.when.value;
  const values =
    rule.when.op === 'filled' ? [] : (Array.isArray(raw) ? raw : [raw]).map((v) => valueText(watched, v));
  return { targets: rule.show.map(label), field: label(rule.when.fieldId), op: rule.when.op, values };
}

/** A problem the admin must fix before the form can be saved or published. */
export interface ModelProblem {
  fieldId: string | null;
  /** Translation key under "builder.problem." */
  code: 'nameInvalid' | 'nameTaken' | 'noChoices' | 'choiceTaken' | 'noColumns' | 'computed' | 'minMax';
  detail?: string;
}

/** What is wrong with the model, field by field (pattern checks need RE2 and are done apart). */
export function modelProblems(form: BuilderForm): ModelProblem[] {
  const out: ModelProblem[] = [];
  const check = (c: Container) => {
    const seen = new Set<string>();
    for (const f of c.fields) {
      if (!namePattern.test(f.name)) out.push({ fieldId: f.id, code: 'nameInvalid' });
      else if (seen.has(f.name)) out.push({ fieldId: f.id, code: 'nameTaken' });
      seen.add(f.name);
    }
  };
  check(form);
  walk(form, (f) => {
    if (f.group) check(f.group);
    if ((f.type === 'choice' || f.type === 'multiChoice') && !f.choices?.length)
      out.push({ fieldId: f.id, code: 'noChoices' });
    const values = (f.choices ?? []).map((c) => c.value);
    if (values.some((v, i) => !v || values.indexOf(v) !== i))
      out.push({ fieldId: f.id, code: 'choiceTaken' });
    if (f.type === 'table' && !f.group?.fields.length) out.push({ fieldId: f.id, code: 'noColumns' });
    if (f.min !== undefined && f.max !== undefined && f.min > f.max)
      out.push({ fieldId: f.id, code: 'minMax' });
    if (f.computed) {
      const error = expressionProblem(f.computed);
      if (error) out.push({ fieldId: f.id, code: 'computed', detail: error });
    }
  });
  return out;
}

/** Why a computed expression does not parse, or undefined. */
export function expressionProblem(expression: string): string | undefined {
  try {
    parseExpression(expression);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

/**
 * Sets the `language` text at `pointer` (a pointer of the written document, as collectTexts
 * lists them) on the field that holds it, so the translation follows the field from then on.
 * An empty text removes the translation.
 */
export function setTranslation(
  form: BuilderForm,
  pointers: PointerIndex,
  pointer: string,
  language: string,
  text: string,
): BuilderForm {
  let best: { id: string | null; rel: string; depth: number } | undefined;
  for (const [id, at] of pointers) {
    for (const [side, prefix] of [
      ['s', at.schema],
      ['u', at.ui],
    ] as const) {
      if ((pointer === prefix || pointer.startsWith(`${prefix}/`)) && (!best || prefix.length > best.depth))
        best = { id, rel: `${side}${pointer.slice(prefix.length)}`, depth: prefix.length };
    }
  }
  if (!best) return form;
  const next = clone(form);
  const holder: { texts?: FieldTexts } = best.id === null ? next : (findField(next, best.id)?.field ?? next);
  holder.texts ??= {};
  const table = (holder.texts[language] ??= {});
  if (text.trim()) table[best.rel] = text;
  else delete table[best.rel];
  return next;
}
