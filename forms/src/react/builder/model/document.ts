import { collectTexts } from '../../../shared/translate.js';
import type {
  BuilderField,
  BuilderForm,
  Choice,
  Condition,
  Container,
  FieldTexts,
  FormDocument,
  JsonObject,
  Rule,
} from './types.js';

/** The keyword of a structure's indexed field (forms/src/structures/indexes.ts). */
export const indexKeyword = 'x-portico-index';

let sequence = 0;
/** A fresh id for a field or rule, unique in this page. */
export const newId = (prefix = 'f'): string => `${prefix}${(++sequence).toString(36)}`;

const isObject = (v: unknown): v is JsonObject => !!v && typeof v === 'object' && !Array.isArray(v);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
const without = (o: JsonObject, keys: readonly string[]): JsonObject => {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k)) out[k] = v;
  return out;
};
/** `[{ const: 'a', title: 'A' }, ...]`: choices as JSON Schema writes them, nothing else in them. */
const isConstList = (v: unknown): v is Array<{ const: string; title?: string }> =>
  Array.isArray(v) &&
  v.length > 0 &&
  v.every(
    (o) =>
      isObject(o) &&
      typeof o.const === 'string' &&
      (o.title === undefined || typeof o.title === 'string') &&
      Object.keys(o).every((k) => k === 'const' || k === 'title'),
  );
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Where each field sits in a document: the JSON pointers of its schema and of its UI schema. */
interface Placement {
  field: BuilderField | null;
  schema: string;
  ui: string;
}

export interface ReadOptions {
  /** Names of plugin widgets (`ui:widget`) the palette offers; their fields are of type "widget". */
  widgets?: Iterable<string>;
}

/** Reads a stored version into the builder's model. Nothing the builder does not manage is lost. */
export function fromDocument(doc: Partial<FormDocument>, options: ReadOptions = {}): BuilderForm {
  const widgets = new Set(options.widgets ?? []);
  const placements: Placement[] = [];
  const schema = isObject(doc.schema) ? doc.schema : { type: 'object', properties: {} };
  const ui = isObject(doc.uiSchema) ? doc.uiSchema : {};
  const root = readContainer(schema, ui, '/schema', '/uiSchema', widgets, placements);
  const form: BuilderForm = root;
  placements.push({ field: null, schema: '/schema', ui: '/uiSchema' });
  // Each translated text belongs to the deepest field whose schema or UI schema holds it.
  for (const [lang, table] of Object.entries(doc.translations ?? {})) {
    if (!isObject(table)) continue;
    for (const [pointer, text] of Object.entries(table)) {
      if (typeof text !== 'string') continue;
      let best: { p: Placement; rel: string; depth: number } | undefined;
      for (const p of placements) {
        for (const [side, prefix] of [
          ['s', p.schema],
          ['u', p.ui],
        ] as const) {
          if (pointer === prefix || pointer.startsWith(`${prefix}/`)) {
            if (!best || prefix.length > best.depth)
              best = { p, rel: `${side}${pointer.slice(prefix.length)}`, depth: prefix.length };
          }
        }
      }
      if (!best) continue;
      const holder: { texts?: FieldTexts } = best.p.field ?? form;
      holder.texts ??= {};
      (holder.texts[lang] ??= {})[best.rel] = text;
    }
  }
  return form;
}

function readContainer(
  schema: JsonObject,
  ui: JsonObject,
  sPtr: string,
  uPtr: string,
  widgets: ReadonlySet<string>,
  placements: Placement[],
): Container {
  const props = isObject(schema.properties) ? schema.properties : {};
  const required = strings(schema.required);
  const allOf = Array.isArray(schema.allOf) ? schema.allOf : [];
  // Which allOf entries are rules the builder understands: "show these fields when ...".
  const candidates: Array<{ index: number; entry: JsonObject; names: string[] }> = [];
  const targeted = new Set<string>();
  const rawRules: unknown[] = [];
  allOf.forEach((entry, index) => {
    const names = ruleTargets(entry, props, targeted);
    if (names) {
      names.forEach((n) => targeted.add(n));
      candidates.push({ index, entry: entry as JsonObject, names });
    } else rawRules.push(entry);
  });
  const known = new Set([...Object.keys(props), ...targeted]);
  const accepted = candidates.filter((c) => {
    const cond = readCondition((c.entry as { if: unknown }).if);
    if (cond && known.has(cond.name) && !c.names.includes(cond.name)) return true;
    rawRules.push(c.entry);
    c.names.forEach((n) => targeted.delete(n));
    return false;
  });
  // A rule the builder keeps raw stays where it was relative to the other raw ones; the rules it
  // understands are written after them.
  rawRules.sort((a, b) => allOf.indexOf(a) - allOf.indexOf(b));

  const byName = new Map<string, BuilderField>();
  for (const [name, s] of Object.entries(props)) {
    byName.set(
      name,
      readField(
        name,
        s,
        ui[name],
        `${sPtr}/properties/${escape(name)}`,
        `${uPtr}/${escape(name)}`,
        required.includes(name),
        widgets,
        placements,
      ),
    );
  }
  const rules: Rule[] = [];
  for (const c of accepted) {
    const then = c.entry.then as JsonObject;
    const thenProps = then.properties as JsonObject;
    const thenRequired = strings(then.required);
    for (const name of c.names) {
      byName.set(
        name,
        readField(
          name,
          thenProps[name],
          ui[name],
          `${sPtr}/allOf/${c.index}/then/properties/${escape(name)}`,
          `${uPtr}/${escape(name)}`,
          thenRequired.includes(name),
          widgets,
          placements,
        ),
      );
    }
  }
  for (const c of accepted) {
    const cond = readCondition((c.entry as { if: unknown }).if)!;
    rules.push({
      id: newId('r'),
      when: {
        fieldId: byName.get(cond.name)!.id,
        op: cond.op,
        ...('value' in cond ? { value: cond.value } : {}),
      },
      show: c.names.map((n) => byName.get(n)!.id),
    });
  }
  const order = strings(ui['ui:order']).filter((n) => byName.has(n));
  const rest = [...byName.keys()].filter((n) => !order.includes(n));
  const fields = [...order, ...rest].map((n) => byName.get(n)!);
  const schemaExtra = without(schema, ['type', 'properties', 'required', 'allOf']);
  if (rawRules.length) schemaExtra.allOf = rawRules;
  const uiExtra = without(ui, ['ui:order', ...byName.keys()]);
  return { fields, rules, schemaExtra, uiExtra };
}

/** The names an allOf entry shows, when it is `{ if, then: { properties, required? } }` over new fields. */
function ruleTargets(entry: unknown, props: JsonObject, taken: ReadonlySet<string>): string[] | undefined {
  if (!isObject(entry) || !isObject(entry.if) || !isObject(entry.then)) return undefined;
  if (Object.keys(entry).some((k) => k !== 'if' && k !== 'then')) return undefined;
  const then = entry.then;
  if (Object.keys(then).some((k) => k !== 'properties' && k !== 'required')) return undefined;
  if (!isObject(then.properties)) return undefined;
  const names = Object.keys(then.properties);
  if (!names.length) return undefined;
  if (names.some((n) => Object.hasOwn(props, n) || taken.has(n))) return undefined;
  if (strings(then.required).some((n) => !names.includes(n))) return undefined;
  return names;
}

type ReadCondition = { name: string; op: Condition['op']; value?: unknown };

/** Reads the `if` of a rule written by {@link conditionSchema}; undefined for any other shape. */
function readCondition(cond: unknown): ReadCondition | undefined {
  if (!isObject(cond)) return undefined;
  const keys = Object.keys(cond).sort().join(',');
  if (keys === 'not' && isObject(cond.not)) {
    const inner = readCondition(cond.not);
    return inner?.op === 'is' ? { ...inner, op: 'isNot' } : undefined;
  }
  const req = strings(cond.required);
  if (req.length !== 1 || (Array.isArray(cond.required) && cond.required.length !== 1)) return undefined;
  const name = req[0]!;
  if (keys === 'required') return { name, op: 'filled' };
  if (keys !== 'properties,required' || !isObject(cond.properties)) return undefined;
  const names = Object.keys(cond.properties);
  if (names.length !== 1 || names[0] !== name) return undefined;
  const test = cond.properties[name];
  if (!isObject(test)) return undefined;
  const tk = Object.keys(test).join(',');
  if (tk === 'const') return { name, op: 'is', value: test.const };
  if (tk === 'contains' && isObject(test.contains) && Object.keys(test.contains).join(',') === 'const')
    return { name, op: 'is', value: test.contains.const };
  if (tk === 'enum' && Array.isArray(test.enum)) return { name, op: 'oneOf', value: test.enum };
  if (tk === 'minItems' && test.minItems === 1) return { name, op: 'filled' };
  return undefined;
}

function readField(
  name: string,
  s: unknown,
  u: unknown,
  sPtr: string,
  uPtr: string,
  required: boolean,
  widgets: ReadonlySet<string>,
  placements: Placement[],
): BuilderField {
  const ui = isObject(u) ? u : {};
  const field: BuilderField = {
    id: newId(),
    name,
    type: 'custom',
    label: '',
    required,
    schemaExtra: {},
    uiExtra: {},
  };
  placements.push({ field, schema: sPtr, ui: uPtr });
  if (!isObject(s)) {
    field.schemaExtra = { ...(s === undefined ? {} : { $value: s }) };
    field.uiExtra = ui;
    return field;
  }
  const managedSchema = ['type', 'title', 'description', 'default', indexKeyword];
  if (s[indexKeyword] === true) field.indexed = true;
  const managedUi = ['ui:help', 'ui:placeholder', 'ui:computed'];
  field.label = str(s.title) ?? '';
  if (str(s.description) !== undefined) field.description = str(s.description);
  if (s.default !== undefined) field.default = s.default;
  if (str(ui['ui:help']) !== undefined) field.help = str(ui['ui:help']);
  if (str(ui['ui:placeholder']) !== undefined) field.placeholder = str(ui['ui:placeholder']);
  if (str(ui['ui:computed']) !== undefined) field.computed = str(ui['ui:computed']);
  const widget = str(ui['ui:widget']);
  const items = isObject(s.items) ? s.items : undefined;
  const choicesOf = (values: unknown[], where: JsonObject = ui): Choice[] => {
    const names = Array.isArray(where['ui:enumNames']) ? where['ui:enumNames'] : [];
    return values.map((v, i) => ({ value: String(v), label: str(names[i]) ?? String(v) }));
  };
  const allStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

  // A plugin's widget is named by "ui:widget", a plugin's field (a whole subtree) by "ui:field";
  // either stays in the UI schema as the plugin wrote it.
  const pluginWidget = [widget, str(ui['ui:field'])].find((w) => w !== undefined && widgets.has(w));
  if (pluginWidget) {
    field.type = 'widget';
    field.widget = pluginWidget;
    managedSchema.splice(managedSchema.indexOf('type'), 1);
  } else if (s.type === 'object' && (isObject(s.properties) || !('additionalProperties' in s))) {
    field.type = 'section';
    field.group = readContainer(s, ui, sPtr, uPtr, widgets, placements);
    field.schemaExtra = {};
    // The container kept the section's other keywords; the field keeps only its own texts.
    for (const k of ['title', 'description', 'default']) delete field.group.schemaExtra[k];
    for (const k of managedUi) delete field.group.uiExtra[k];
    return field;
  } else if (s.type === 'array' && items?.type === 'object') {
    field.type = 'table';
    field.group = readContainer(
      items,
      isObject(ui.items) ? ui.items : {},
      `${sPtr}/items`,
      `${uPtr}/items`,
      widgets,
      placements,
    );
    if (num(s.minItems) !== undefined) field.min = num(s.minItems);
    if (num(s.maxItems) !== undefined) field.max = num(s.maxItems);
    managedSchema.push('items', 'minItems', 'maxItems');
    managedUi.push('items');
  } else if (
    s.type === 'array' &&
    items &&
    items.type === 'string' &&
    allStrings(items.enum) &&
    Object.keys(items).length === 2
  ) {
    field.type = 'multiChoice';
    // RJSF reads the labels of a list's choices from the UI schema of its items.
    const itemsUi = isObject(ui.items) ? ui.items : {};
    field.choices = choicesOf(items.enum, Array.isArray(itemsUi['ui:enumNames']) ? itemsUi : ui);
    if (isObject(ui.items)) {
      managedUi.push('items');
      const rest = without(itemsUi, ['ui:enumNames']);
      if (Object.keys(rest).length) field.uiExtra.items = rest;
    }
    if (num(s.minItems) !== undefined) field.min = num(s.minItems);
    if (num(s.maxItems) !== undefined) field.max = num(s.maxItems);
    managedSchema.push('items', 'minItems', 'maxItems', 'uniqueItems');
    managedUi.push('ui:enumNames');
    if (widget === 'checkboxes') managedUi.push('ui:widget');
  } else if ((s.type === 'string' || s.type === undefined) && isConstList(s.oneOf)) {
    // Choices written the JSON Schema way, `oneOf: [{ const, title }]`: kept that way.
    field.type = 'choice';
    field.choiceStyle = 'oneOf';
    field.choices = s.oneOf.map((o) => ({ value: o.const, label: o.title ?? o.const }));
    const options = isObject(ui['ui:options']) ? ui['ui:options'] : undefined;
    if (widget === 'radio') field.display = 'radio';
    else if (widget === 'select' || options?.widgetStyle === 'select') field.display = 'select';
    managedSchema.splice(managedSchema.indexOf('type'), 1);
    managedSchema.push('oneOf');
    if (widget === 'radio' || widget === 'select') managedUi.push('ui:widget');
    if (options && 'widgetStyle' in options) {
      managedUi.push('ui:options');
      const rest = without(options, ['widgetStyle']);
      if (Object.keys(rest).length) field.uiExtra['ui:options'] = rest;
    }
  } else if (s.type === 'string' && allStrings(s.enum)) {
    field.type = 'choice';
    field.choices = choicesOf(s.enum);
    // No display: the renderer shows radio buttons for a few choices, a drop-down for many.
    const options = isObject(ui['ui:options']) ? ui['ui:options'] : undefined;
    if (widget === 'radio') field.display = 'radio';
    else if (widget === 'select' || options?.widgetStyle === 'select') field.display = 'select';
    managedSchema.push('enum');
    managedUi.push('ui:enumNames');
    if (widget === 'radio' || widget === 'select') managedUi.push('ui:widget');
    if (options && 'widgetStyle' in options) {
      managedUi.push('ui:options');
      const rest = without(options, ['widgetStyle']);
      if (Object.keys(rest).length) field.uiExtra['ui:options'] = rest;
    }
  } else if (s.type === 'string' && s.format === 'date') {
    field.type = 'date';
    managedSchema.push('format');
  } else if (s.type === 'string' && s.format === 'portico-file') {
    field.type = 'file';
    managedSchema.push('format');
    const options = isObject(ui['ui:options']) ? ui['ui:options'] : undefined;
    if (options) {
      if (str(options.accept) !== undefined) field.accept = str(options.accept);
      if (num(options.maxSize) !== undefined) field.maxSize = num(options.maxSize);
      const rest = without(options, ['accept', 'maxSize']);
      managedUi.push('ui:options');
      if (Object.keys(rest).length) field.uiExtra['ui:options'] = rest;
    }
  } else if (s.type === 'string') {
    field.type = widget === 'textarea' ? 'longText' : 'text';
    if (widget === 'textarea') managedUi.push('ui:widget');
    if (num(s.minLength) !== undefined) field.min = num(s.minLength);
    if (num(s.maxLength) !== undefined) field.max = num(s.maxLength);
    if (str(s.pattern) !== undefined) field.pattern = str(s.pattern);
    managedSchema.push('minLength', 'maxLength', 'pattern');
  } else if (s.type === 'number' || s.type === 'integer') {
    field.type = 'number';
    field.integer = s.type === 'integer';
    if (num(s.minimum) !== undefined) field.min = num(s.minimum);
    if (num(s.maximum) !== undefined) field.max = num(s.maximum);
    managedSchema.push('minimum', 'maximum');
  } else if (s.type === 'boolean') {
    field.type = 'yesNo';
    // Yes and no as two radio buttons (Portico's "yesno" widget): a checkbox cannot say "not answered".
    if (widget === 'yesno') managedUi.push('ui:widget');
  } else {
    // Unknown to the builder: everything but the texts stays as written.
    managedSchema.splice(managedSchema.indexOf('type'), 1);
  }
  field.schemaExtra = without(s, managedSchema);
  field.uiExtra = { ...without(ui, managedUi), ...field.uiExtra };
  return field;
}

/** Where each field and the form itself landed in the written document (for translations). */
export type PointerIndex = Map<string | null, { schema: string; ui: string }>;

/** Writes the model as a version: schema, UI schema and translations (only of texts that exist). */
export function toDocument(form: BuilderForm): FormDocument & { pointers: PointerIndex } {
  const pointers: PointerIndex = new Map();
  pointers.set(null, { schema: '/schema', ui: '/uiSchema' });
  const { schema, ui } = writeContainer(form, '/schema', '/uiSchema', pointers);
  const translations: Record<string, Record<string, string>> = {};
  const put = (holder: { texts?: FieldTexts }, at: { schema: string; ui: string }) => {
    for (const [lang, table] of Object.entries(holder.texts ?? {})) {
      for (const [rel, text] of Object.entries(table)) {
        if (!text.trim()) continue;
        const pointer = rel.startsWith('s') ? at.schema + rel.slice(1) : at.ui + rel.slice(1);
        (translations[lang] ??= {})[pointer] = text;
      }
    }
  };
  put(form, pointers.get(null)!);
  walk(form, (f) => put(f, pointers.get(f.id)!));
  // Only texts that are there: a translation of help text that was removed is not stored.
  const present = new Set(collectTexts(schema, ui).map((t) => t.pointer));
  for (const [lang, table] of Object.entries(translations)) {
    for (const pointer of Object.keys(table)) if (!present.has(pointer)) delete table[pointer];
    if (!Object.keys(table).length) delete translations[lang];
  }
  return { schema, uiSchema: ui, translations, pointers };
}

/** Calls `visit` for every field, depth first, in order. */
export function walk(container: Container, visit: (f: BuilderField, parent: Container) => void): void {
  for (const f of container.fields) {
    visit(f, container);
    if (f.group) walk(f.group, visit);
  }
}

/** The `if` schema of a condition on `watched`. */
export function conditionSchema(watched: BuilderField, cond: Condition): JsonObject {
  const name = watched.name;
  const many = watched.type === 'multiChoice';
  if (cond.op === 'filled')
    return many ? { properties: { [name]: { minItems: 1 } }, required: [name] } : { required: [name] };
  if (cond.op === 'oneOf') {
    const values = Array.isArray(cond.value) ? cond.value : [cond.value];
    return { properties: { [name]: { enum: values } }, required: [name] };
  }
  const is = {
    properties: { [name]: many ? { contains: { const: cond.value } } : { const: cond.value } },
    required: [name],
  };
  return cond.op === 'isNot' ? { not: is } : is;
}

function writeContainer(
  c: Container,
  sPtr: string,
  uPtr: string,
  pointers: PointerIndex,
): { schema: JsonObject; ui: JsonObject } {
  const byId = new Map(c.fields.map((f) => [f.id, f]));
  // allOf entries the builder does not understand stay first, as written.
  const raw = Array.isArray(c.schemaExtra.allOf) ? (c.schemaExtra.allOf as unknown[]) : [];
  // A field is shown by at most one rule; a rule without a watched field or targets is dropped.
  const shownBy = new Map<string, number>();
  const rules = c.rules.filter((r) => byId.has(r.when.fieldId));
  const live: Array<{ rule: Rule; targets: BuilderField[] }> = [];
  for (const rule of rules) {
    const targets = rule.show
      .filter((id) => id !== rule.when.fieldId && !shownBy.has(id))
      .map((id) => byId.get(id))
      .filter((f): f is BuilderField => !!f);
    if (!targets.length) continue;
    targets.forEach((t) => shownBy.set(t.id, live.length));
    live.push({ rule, targets });
  }
  const properties: JsonObject = {};
  const required: string[] = [];
  const entries = live.map(({ rule }) => ({
    if: conditionSchema(byId.get(rule.when.fieldId)!, rule.when),
    then: { properties: {} as JsonObject, required: [] as string[] },
  }));
  const ui: JsonObject = { ...c.uiExtra };
  for (const f of c.fields) {
    const r = shownBy.get(f.id);
    const at =
      r === undefined
        ? `${sPtr}/properties/${escape(f.name)}`
        : `${sPtr}/allOf/${raw.length + r}/then/properties/${escape(f.name)}`;
    const w = writeField(f, at, `${uPtr}/${escape(f.name)}`, pointers);
    if (r === undefined) {
      properties[f.name] = w.schema;
      if (f.required) required.push(f.name);
    } else {
      entries[r]!.then.properties[f.name] = w.schema;
      if (f.required) entries[r]!.then.required.push(f.name);
    }
    if (Object.keys(w.ui).length) ui[f.name] = w.ui;
  }
  if (c.fields.length) ui['ui:order'] = [...c.fields.map((f) => f.name), '*'];
  const allOf = [
    ...raw,
    ...entries.map((e) => ({
      if: e.if,
      then: e.then.required.length ? e.then : { properties: e.then.properties },
    })),
  ];
  const schema: JsonObject = { type: 'object', ...without(c.schemaExtra, ['allOf']), properties };
  if (required.length) schema.required = required;
  if (allOf.length) schema.allOf = allOf;
  return { schema, ui };
}

function writeField(
  f: BuilderField,
  sPtr: string,
  uPtr: string,
  pointers: PointerIndex,
): { schema: JsonObject; ui: JsonObject } {
  pointers.set(f.id, { schema: sPtr, ui: uPtr });
  let schema: JsonObject;
  let ui: JsonObject = { ...f.uiExtra };
  const set = (o: JsonObject, k: string, v: unknown) => {
    if (v !== undefined && v !== '') o[k] = v;
  };
  const head = (type?: string): JsonObject => {
    const o: JsonObject = type ? { type } : {};
    set(o, 'title', f.label);
    set(o, 'description', f.description);
    return o;
  };
  const names = (choices: Choice[] | undefined) =>
    choices?.some((c) => c.label !== c.value) ? choices.map((c) => c.label || c.value) : undefined;
  switch (f.type) {
    case 'section': {
      const inner = writeContainer(f.group ?? emptyContainer(), sPtr, uPtr, pointers);
      const { type, ...rest } = inner.schema;
      schema = { type, ...head(), ...rest };
      ui = { ...inner.ui, ...ui };
      break;
    }
    case 'table': {
      const inner = writeContainer(f.group ?? emptyContainer(), `${sPtr}/items`, `${uPtr}/items`, pointers);
      schema = { ...head('array'), ...f.schemaExtra, items: inner.schema };
      set(schema, 'minItems', f.min);
      set(schema, 'maxItems', f.max);
      if (Object.keys(inner.ui).length) ui.items = inner.ui;
      break;
    }
    case 'text':
    case 'longText':
      schema = { ...head('string'), ...f.schemaExtra };
      set(schema, 'minLength', f.min);
      set(schema, 'maxLength', f.max);
      set(schema, 'pattern', f.pattern);
      if (f.type === 'longText') ui['ui:widget'] = 'textarea';
      break;
    case 'number':
      schema = { ...head(f.integer ? 'integer' : 'number'), ...f.schemaExtra };
      set(schema, 'minimum', f.min);
      set(schema, 'maximum', f.max);
      break;
    case 'date':
      schema = { ...head('string'), format: 'date', ...f.schemaExtra };
      break;
    case 'choice':
      if (f.choiceStyle === 'oneOf')
        schema = {
          ...head(),
          ...f.schemaExtra,
          oneOf: (f.choices ?? []).map((c) => ({ const: c.value, title: c.label || c.value })),
        };
      else {
        schema = { ...head('string'), ...f.schemaExtra, enum: (f.choices ?? []).map((c) => c.value) };
        set(ui, 'ui:enumNames', names(f.choices));
      }
      if (f.display === 'radio') ui['ui:widget'] = 'radio';
      if (f.display === 'select')
        ui['ui:options'] = { ...((ui['ui:options'] as JsonObject | undefined) ?? {}), widgetStyle: 'select' };
      break;
    case 'multiChoice':
      schema = {
        ...head('array'),
        ...f.schemaExtra,
        items: { type: 'string', enum: (f.choices ?? []).map((c) => c.value) },
        uniqueItems: true,
      };
      set(schema, 'minItems', f.min);
      set(schema, 'maxItems', f.max);
      if (names(f.choices))
        ui.items = { ...((ui.items as JsonObject | undefined) ?? {}), 'ui:enumNames': names(f.choices) };
      ui['ui:widget'] = 'checkboxes';
      break;
    case 'yesNo':
      schema = { ...head('boolean'), ...f.schemaExtra };
      if (ui['ui:widget'] === undefined) ui['ui:widget'] = 'yesno';
      break;
    case 'file': {
      schema = { ...head('string'), format: 'portico-file', ...f.schemaExtra };
      const options: JsonObject = { ...((ui['ui:options'] as JsonObject | undefined) ?? {}) };
      set(options, 'accept', f.accept);
      set(options, 'maxSize', f.maxSize);
      if (Object.keys(options).length) ui['ui:options'] = options;
      break;
    }
    case 'widget':
      schema = { ...f.schemaExtra, ...head() };
      if (ui['ui:widget'] === undefined && ui['ui:field'] === undefined) set(ui, 'ui:widget', f.widget);
      break;
    case 'custom':
      if ('$value' in f.schemaExtra) return { schema: f.schemaExtra.$value as JsonObject, ui };
      schema = { ...f.schemaExtra, ...head() };
      break;
  }
  if (f.default !== undefined && f.default !== '') schema.default = f.default;
  if (f.indexed) schema[indexKeyword] = true;
  set(ui, 'ui:help', f.help);
  set(ui, 'ui:placeholder', f.placeholder);
  set(ui, 'ui:computed', f.computed);
  return { schema, ui };
}

export const emptyContainer = (): Container => ({
  fields: [],
  rules: [],
  schemaExtra: {},
  uiExtra: {},
});
