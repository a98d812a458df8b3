import UndoOutlined from '@mui/icons-material/UndoOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragStartEvent,
} from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FieldList, listId } from './Canvas.js';
import type { FormKind } from '../../shared/types.js';
import { BuilderContext, type BuilderState, type RuleTarget } from './context.js';
import { newField, type PaletteKey } from './field-types.js';
import { FieldProperties } from './FieldProperties.js';
import { JsonView } from './JsonView.js';
import {
  addField,
  containerOf,
  findField,
  fromDocument,
  modelProblems,
  moveField,
  toDocument,
  type BuilderForm,
  type FieldType,
  type FormDocument,
  type ModelProblem,
} from './model/index.js';
import { Palette } from './Palette.js';
import { RuleDialog, RulesTab } from './RuleEditor.js';
import { TranslationsTab } from './TranslationsTab.js';
import { usePluginWidgets } from './widgets.js';

// RJSF and its theme load only when the preview is opened.
const PreviewPane = lazy(() => import('./PreviewPane.js'));

export interface FormBuilderProps {
  /** The version being edited. A new value from outside (a load) replaces the builder's state. */
  value: Partial<FormDocument>;
  /** Every edit: the version as written, and what must be fixed before it can be saved. */
  onChange(doc: FormDocument, problems: ModelProblem[]): void;
  /** The portal's languages (translations tab, preview); the default language first or not. */
  languages: readonly string[];
  /** The language the schema's own texts are written in. */
  defaultLanguage: string;
  /** What is built (default "form"): a structure's top-level fields can be indexed. */
  kind?: FormKind;
}

type TabKey = 'build' | 'rules' | 'translations' | 'preview' | 'json';
const tabs: TabKey[] = ['build', 'rules', 'translations', 'preview', 'json'];

/**
 * The form builder: a palette, the fields in order (drag and drop, keyboard too), the selected
 * field's properties, rules as sentences, translations side by side, a live preview and the
 * JSON for power users. Edits {schema, uiSchema, translations}; an admin never types JSON.
 */
export function FormBuilder(props: FormBuilderProps) {
  const { t, i18n } = useTranslation('forms');
  const widgets = usePluginWidgets();
  const widgetNames = useMemo(() => widgets.map((w) => w.name), [widgets]);
  const [form, setForm] = useState<BuilderForm>(() => fromDocument(props.value, { widgets: widgetNames }));
  const [past, setPast] = useState<BuilderForm[]>([]);
  const [selectedId, select] = useState<string | null>(null);
  const [tab, setTab] = useState<TabKey>('build');
  const [ruleTarget, setRuleTarget] = useState<RuleTarget | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const emitted = useRef<unknown>(undefined);
  const { onChange } = props;

  // A value that is not the one this builder just emitted comes from outside: read it.
  useEffect(() => {
    if (props.value !== emitted.current) setForm(fromDocument(props.value, { widgets: widgetNames }));
  }, [props.value, widgetNames]);

  const written = useMemo(() => toDocument(form), [form]);
  const emit = useCallback(
    (next: BuilderForm) => {
      const { schema, uiSchema, translations } = toDocument(next);
      const doc = { schema, uiSchema, translations };
      emitted.current = doc;
      onChange(doc, modelProblems(next));
    },
    [onChange],
  );
  const change = useCallback(
    (next: BuilderForm) => {
      setPast((p) => [...p.slice(-49), form]);
      setForm(next);
      emit(next);
    },
    [form, emit],
  );
  const undo = () => {
    const previous = past[past.length - 1];
    if (!previous) return;
    setPast(past.slice(0, -1));
    setForm(previous);
    emit(previous);
  };

  const tf = useCallback((language: string) => i18n.getFixedT(language, 'forms'), [i18n]);
  const state: BuilderState = {
    form,
    doc: written,
    pointers: written.pointers,
    selectedId,
    select,
    change,
    languages: props.languages,
    defaultLanguage: props.defaultLanguage,
    kind: props.kind ?? 'form',
    widgets,
    tf,
    editRule: setRuleTarget,
  };

  const create = (key: PaletteKey | `widget:${string}`) =>
    newField(key, tf, props.defaultLanguage, props.languages, widgets);
  /** Palette click: after the selected field, or into the selected section or table. */
  const addFromPalette = (key: PaletteKey | `widget:${string}`) => {
    const field = create(key);
    const place = selectedId ? findField(form, selectedId) : undefined;
    const next = !place
      ? addField(form, field)
      : place.field.group
        ? addField(form, field, place.field.id)
        : addField(form, field, place.parentId, place.index + 1);
    change(next);
    select(field.id);
  };

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 5 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  // Pointer: the innermost list or field under it (a field inside a section, not the section);
  // keyboard: the nearest corners, which moves across lists too.
  const collision: CollisionDetection = (args) => {
    const within = pointerWithin(args);
    if (!within.length) return closestCorners(args);
    const area = (id: string | number) => {
      const r = args.droppableRects.get(id);
      return r ? r.width * r.height : Infinity;
    };
    return [...within].sort((a, b) => area(a.id) - area(b.id));
  };
  const labelOf = (id: string | number | undefined) => {
    const s = String(id ?? '');
    if (s.startsWith('new:'))
      return t(`builder.type.${s.slice(4) as FieldType}`, { defaultValue: s.slice(4) });
    if (s.startsWith('list:')) {
      const p = s.slice(5);
      return p === 'root' ? t('builder.canvas.title') : (findField(form, p)?.field.label ?? p);
    }
    const f = findField(form, s)?.field;
    return f ? f.label || f.name : s;
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t('builder.dnd.start', { label: labelOf(active.id) }),
    // Over itself (as a drag starts) says nothing: "picked up" is the news.
    onDragOver: ({ active, over }) =>
      over?.id === active.id
        ? undefined
        : over
          ? t('builder.dnd.over', { label: labelOf(active.id), over: labelOf(over.id) })
          : t('builder.dnd.outside', { label: labelOf(active.id) }),
    onDragEnd: ({ active, over }) =>
      over
        ? t('builder.dnd.end', { label: labelOf(active.id), over: labelOf(over.id) })
        : t('builder.dnd.cancel', { label: labelOf(active.id) }),
    onDragCancel: ({ active }) => t('builder.dnd.cancel', { label: labelOf(active.id) }),
  };
  const onDragStart = (e: DragStartEvent) => setDragging(String(e.active.id));
  const onDragEnd = (e: DragEndEvent) => {
    setDragging(null);
    const { active, over } = e;
    if (!over) return;
    const overId = String(over.id);
    const activeId = String(active.id);
    let parentId: string | null;
    let index: number;
    if (overId.startsWith('list:')) {
      parentId = (over.data.current as { parentId?: string | null } | undefined)?.parentId ?? null;
      index = containerOf(form, parentId)?.fields.length ?? 0;
    } else {
      const place = findField(form, overId);
      if (!place) return;
      parentId = place.parentId;
      index = place.index;
    }
    if (activeId.startsWith('new:')) {
      const field = create(activeId.slice(4) as PaletteKey);
      change(addField(form, field, parentId, index));
      select(field.id);
    } else if (activeId !== overId && listId(activeId) !== overId) {
      const next = moveField(form, activeId, parentId, index);
      if (next !== form) change(next);
    }
  };

  const problems = modelProblems(form);
  return (
    <BuilderContext.Provider value={state}>
      <Stack spacing={1.5} data-testid="form-builder">
        <Stack
          direction="row"
          sx={{ alignItems: 'center', justifyContent: 'space-between', flexWrap: 'wrap' }}
        >
          <Tabs
            value={tab}
            onChange={(_, v: TabKey) => setTab(v)}
            variant="scrollable"
            aria-label={t('builder.title')}
          >
            {tabs.map((k) => (
              <Tab
                key={k}
                value={k}
                label={t(`builder.tabs.${k}`)}
                id={`builder-tab-${k}`}
                aria-controls={`builder-panel-${k}`}
              />
            ))}
          </Tabs>
          <Button size="small" startIcon={<UndoOutlined />} onClick={undo} disabled={!past.length}>
            {t('builder.undo')}
          </Button>
        </Stack>
        {problems.length ? (
          <Alert severity="warning">{t('builder.problems', { count: problems.length })}</Alert>
        ) : null}
        <Box role="tabpanel" id={`builder-panel-${tab}`} aria-labelledby={`builder-tab-${tab}`}>
          {tab === 'build' ? (
            <DndContext
              sensors={sensors}
              collisionDetection={collision}
              onDragStart={onDragStart}
              onDragEnd={onDragEnd}
              onDragCancel={() => setDragging(null)}
              accessibility={{
                announcements,
                screenReaderInstructions: { draggable: t('builder.dnd.instructions') },
              }}
            >
              <Box
                sx={{
                  display: 'grid',
                  gap: 2,
                  gridTemplateColumns: { xs: '1fr', md: '200px minmax(0, 1fr) 340px' },
                  alignItems: 'start',
                }}
              >
                <Paper variant="outlined" sx={{ p: 1.5 }}>
                  <Palette onAdd={addFromPalette} />
                </Paper>
                <Paper
                  variant="outlined"
                  sx={{ p: 1.5, minHeight: 200 }}
                  // A click beside the fields selects none: the palette then adds to the end of the form.
                  onClick={(e) => e.target === e.currentTarget && select(null)}
                >
                  <FieldList parentId={null} fields={form.fields} label={t('builder.canvas.title')} />
                </Paper>
                <Paper variant="outlined" sx={{ p: 1.5, position: { md: 'sticky' }, top: { md: 16 } }}>
                  <FieldProperties key={selectedId ?? 'none'} />
                </Paper>
              </Box>
              <DragOverlay>
                {dragging ? (
                  <Paper elevation={4} sx={{ p: 1, px: 2, display: 'inline-block' }}>
                    {labelOf(dragging)}
                  </Paper>
                ) : null}
              </DragOverlay>
            </DndContext>
          ) : tab === 'rules' ? (
            <RulesTab />
          ) : tab === 'translations' ? (
            <TranslationsTab />
          ) : tab === 'preview' ? (
            <Suspense fallback={null}>
              <PreviewPane />
            </Suspense>
          ) : (
            <JsonView
              onApply={(doc) => {
                const next = fromDocument(doc, { widgets: widgetNames });
                setPast((p) => [...p.slice(-49), form]);
                setForm(next);
                emitted.current = doc;
                onChange(doc, modelProblems(next));
              }}
            />
          )}
        </Box>
      </Stack>
      {ruleTarget ? <RuleDialog target={ruleTarget} onClose={() => setRuleTarget(null)} /> : null}
    </BuilderContext.Provider>
  );
}
