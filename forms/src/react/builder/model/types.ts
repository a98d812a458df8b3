/**
 * The builder's model of a form: a tree of fields with rules, kept beside the JSON Schema it
 * stands for. No React here: the model converts to and from `{ schema, uiSchema, translations }`
 * and is tested on its own (forms/test/builder-model.spec.ts).
 */

export type JsonObject = Record<string, unknown>;

/** What the palette offers. "custom" holds any schema the builder does not know, untouched. */
export type FieldType =
  | 'text'
  | 'longText'
  | 'number'
  | 'date'
  | 'choice'
  | 'multiChoice'
  | 'yesNo'
  | 'file'
  | 'section'
  | 'table'
  | 'widget'
  | 'custom';

export interface Choice {
  value: string;
  label: string;
}

/** How a rule compares the value of the field it watches. */
export type ConditionOp = 'is' | 'isNot' | 'oneOf' | 'filled';

export interface Condition {
  /** The watched field (a sibling of the fields the rule shows). */
  fieldId: string;
  op: ConditionOp;
  /** A single value for is / is not, a list for "is one of", nothing for "is filled". */
  value?: unknown;
}

/** "Show <fields> when <condition>": one `if`/`then` in the container's `allOf`. */
export interface Rule {
  id: string;
  when: Condition;
  /** Ids of the fields (or sections) shown only when the condition holds. */
  show: string[];
}

/**
 * Texts of one field in other languages than the default, by language and by where they sit
 * relative to the field: "s/title" (its schema's title), "u/ui:help", "u/ui:enumNames/2". They
 * follow the field when it moves, which translations keyed by JSON pointer alone would not.
 */
export type FieldTexts = Record<string, Record<string, string>>;

/** An object of fields: the form itself, a section, or the row of a table. */
export interface Container {
  fields: BuilderField[];
  rules: Rule[];
  /**
   * Schema keywords of the object the builder does not manage, kept as they are; its `allOf`
   * holds the entries that are not rules the builder understands.
   */
  schemaExtra: JsonObject;
  /** UI schema options of the object the builder does not manage. */
  uiExtra: JsonObject;
}

export interface BuilderField {
  /** Stable in the builder (drag and drop, selection); never stored. */
  id: string;
  /** The property name: the key in the submitted data and in exports. */
  name: string;
  /** The name still follows the label (a new field whose key nobody chose). */
  autoName?: boolean;
  type: FieldType;
  label: string;
  description?: string;
  help?: string;
  placeholder?: string;
  required: boolean;
  /** Number: smallest and largest value; text: length; table and multiple choice: rows or picks. */
  min?: number;
  max?: number;
  /** Numbers: whole numbers only. */
  integer?: boolean;
  pattern?: string;
  choices?: Choice[];
  /** Choice: its choices are `oneOf: [{ const, title }]` rather than `enum` with `ui:enumNames`. */
  choiceStyle?: 'oneOf';
  /** Choice: always a drop-down list, always radio buttons, or (none) radio buttons for a few choices and a list for many. */
  display?: 'select' | 'radio';
  default?: unknown;
  /** `ui:computed` expression (forms/src/shared/computed.ts). */
  computed?: string;
  /** File: accepted types, as in `<input accept>`: ".pdf,image/*". */
  accept?: string;
  /** File: largest size in bytes. */
  maxSize?: number;
  /** Structures: records can be filtered and sorted by this field (`x-portico-index`). */
  indexed?: boolean;
  /** Plugin widget name (`ui:widget`), for type "widget". */
  widget?: string;
  /** Section: its fields; table: the columns of a row. */
  group?: Container;
  schemaExtra: JsonObject;
  uiExtra: JsonObject;
  texts?: FieldTexts;
}

export interface BuilderForm extends Container {
  /** Texts of the form's own schema (a root title, say) in other languages. */
  texts?: FieldTexts;
}

/** What the builder edits and the API stores. */
export interface FormDocument {
  schema: JsonObject;
  uiSchema: JsonObject;
  translations: Record<string, Record<string, string>>;
}
