import type { TFunction } from 'i18next';
import { createContext, useContext } from 'react';
import type { FormKind } from '../../shared/types.js';
import type { BuilderForm, FormDocument, PointerIndex } from './model/index.js';
import type { PaletteWidget } from './widgets.js';

export interface BuilderState {
  form: BuilderForm;
  /** The form as written: what is saved, previewed and translated. */
  doc: FormDocument;
  pointers: PointerIndex;
  selectedId: string | null;
  select(id: string | null): void;
  /** Replaces the model (every edit goes through here: undo, autosave, preview). */
  change(next: BuilderForm): void;
  languages: readonly string[];
  defaultLanguage: string;
  /** What is built: a structure's fields can be indexed. */
  kind: FormKind;
  widgets: readonly PaletteWidget[];
  /** The builder's strings in a given language (new fields get the form's language, not the admin's). */
  tf(language: string): TFunction;
  /** Opens the rule editor for a container, an existing rule, or a field to show. */
  editRule(target: RuleTarget): void;
}

export interface RuleTarget {
  parentId: string | null;
  ruleId?: string;
  showId?: string;
}

export const BuilderContext = createContext<BuilderState | undefined>(undefined);

export function useBuilder(): BuilderState {
  const value = useContext(BuilderContext);
  if (!value) throw new Error('useBuilder() outside <FormBuilder>');
  return value;
}
