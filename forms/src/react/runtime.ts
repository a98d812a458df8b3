import type { i18n as I18n, TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';

/** What an upload answers: POST /api/v1/forms/:key/files. */
export interface UploadedFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/** Sends a file the user chose for the field at `pointer`; answers what the server stored. */
export type UploadFile = (file: File, pointer: string) => Promise<UploadedFile>;

/**
 * The form's data as the user sees it: what react-jsonschema-form holds, plus the text typed
 * into inputs that have not handed it over yet (see BaseInputTemplate), with computed values
 * filled in. Computed fields subscribe to their own value (a keystroke re-renders the totals it
 * changes, nothing else); PorticoForm subscribes to report every change to its parent.
 */
export class ComputedStore {
  data: unknown;
  private raw: unknown;
  private readonly pending = new Map<string, { path: ReadonlyArray<string | number>; value: unknown }>();
  private readonly listeners = new Set<() => void>();

  /** `compute` fills computed values in (a copy); null when the form has none. */
  constructor(
    data: unknown,
    private readonly compute: ((data: unknown) => unknown) | null,
  ) {
    this.raw = data;
    this.data = compute ? compute(data) : data;
  }

  /** The form's own data changed. */
  set(raw: unknown): void {
    this.raw = raw;
    this.refresh();
  }

  /** A field is being typed in: its value, before the form has it. */
  setPending(path: ReadonlyArray<string | number>, value: unknown): void {
    this.pending.set(path.join('\u0000'), { path, value });
    this.refresh();
  }

  /** The field hands its value to the form (which then calls `set`). */
  clearPending(path: ReadonlyArray<string | number>): void {
    this.pending.delete(path.join('\u0000'));
  }

  private refresh(): void {
    let data = this.raw;
    if (this.pending.size) {
      data = data && typeof data === 'object' ? structuredClone(data) : {};
      for (const { path, value } of this.pending.values()) setAt(data, path, value);
    }
    this.data = this.compute ? this.compute(data) : data;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

function setAt(root: unknown, path: ReadonlyArray<string | number>, value: unknown): void {
  let at = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const next = at[path[i]!];
    if (!next || typeof next !== 'object') return;
    at = next as Record<string | number, unknown>;
  }
  const last = path[path.length - 1];
  if (last !== undefined) at[last] = value;
}

/** What Portico's widgets and templates need besides RJSF's props; stable for a form's life. */
export interface FormRuntime {
  language: string;
  /** The renderer's strings (namespace "forms", key "renderer.*") in the form's language. */
  t: TFunction;
  computed: ComputedStore;
  uploadFile?: UploadFile;
  /** Names of files known in this session (uploaded here, or given with the data), by id. */
  fileNames: Map<string, string>;
  /** The heading level of the form's first sections (the page's h1 is the form's title). */
  headingLevel: number;
  /** Inputs with typed text the form does not have yet: each hands it over when called. */
  pendingInputs: Set<() => void>;
  /** Fields a condition reads (`conditionKey`s): their inputs hand text over while the user types. */
  conditionFields: ReadonlySet<string>;
}

export const FormRuntimeContext = createContext<FormRuntime | null>(null);

export function useFormRuntime(): FormRuntime {
  const runtime = useContext(FormRuntimeContext);
  if (!runtime) throw new Error('Portico form widgets render inside <PorticoForm>.');
  return runtime;
}

/**
 * Where a field sits in a table of rows on a wide screen: 'row' is the object of one row,
 * 'cells' its properties, 'cell' the field in one cell (its label is read, not shown).
 */
export type RowLayout = 'none' | 'row' | 'cells' | 'cell';
export const RowLayoutContext = createContext<RowLayout>('none');

/** The data path of the field being drawn (set by FieldTemplate for its widget). */
/**
 * The id of the form element that the controls of the current section or table belong to (their
 * `form` attribute; see SectionForm in templates.tsx), and where those form elements are put.
 */
export const SectionFormContext = createContext<string | undefined>(undefined);
export const SectionFormsHostContext = createContext<HTMLElement | null>(null);

/** The `form` attribute for a control of the current section: `{ form: id }`, or nothing. */
export function useSectionForm(): { form?: string } {
  const form = useContext(SectionFormContext);
  return form ? { form } : {};
}

export const FieldPathContext = createContext<ReadonlyArray<string | number> | undefined>(undefined);

/** How deep in sections a field sits: its heading is h(level). */
export const HeadingLevelContext = createContext(2);

const added = new WeakSet<I18n>();

/** Makes the renderer's strings available in `i18n` (the apps load them too; the builder may not). */
export function ensureStrings(i18n: I18n): void {
  if (added.has(i18n)) return;
  added.add(i18n);
  for (const [lang, bundle] of Object.entries({ en, sv }))
    if (!i18n.hasResourceBundle(lang, 'forms')) i18n.addResourceBundle(lang, 'forms', bundle, true, false);
    else if (!i18n.exists('renderer.submit', { lng: lang, ns: 'forms' }))
      i18n.addResourceBundle(lang, 'forms', bundle, true, false);
}
