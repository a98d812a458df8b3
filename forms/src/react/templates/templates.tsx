import AddOutlined from '@mui/icons-material/AddOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import {
  ariaDescribedByIds,
  examplesId,
  getInputProps,
  getUiOptions,
  orderProperties,
  titleId,
  type ArrayFieldItemTemplateProps,
  type ArrayFieldTemplateProps,
  type BaseInputTemplateProps,
  type FieldTemplateProps,
  type ObjectFieldTemplateProps,
  type RJSFSchema,
} from '@rjsf/utils';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type ChangeEvent,
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import { createPortal, flushSync } from 'react-dom';
import { conditionKey } from '../render-schema.js';
import {
  FieldPathContext,
  HeadingLevelContext,
  RowLayoutContext,
  SectionFormContext,
  SectionFormsHostContext,
  useFormRuntime,
  useSectionForm,
} from '../runtime.js';

const headingSize = (level: number) => (level <= 2 ? '1.25rem' : level === 3 ? '1.1rem' : '1rem');

function Heading(props: { id?: string; level: number; children: ReactNode }) {
  const level = Math.min(6, Math.max(2, props.level));
  return (
    <Typography
      id={props.id}
      component={`h${level}` as 'h2'}
      variant="h6"
      sx={{ fontSize: headingSize(level), fontWeight: 600, lineHeight: 1.35, mb: 1 }}
    >
      {props.children}
    </Typography>
  );
}

/**
 * Every field: the widget, its description, errors and help. Inside a table row on a wide
 * screen the row's own object adds nothing (its cells are the grid's children) and each cell's
 * widget is told to keep its label for screen readers only.
 */
export function FieldTemplate(props: FieldTemplateProps) {
  const layout = useContext(RowLayoutContext);
  const { children, hidden, rawErrors = [], errors, help, description, rawDescription } = props;
  const key = props.fieldPathId.path.join('\u0000');
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the path is the same while its key is
  const path = useMemo(() => props.fieldPathId.path, [key]);
  if (hidden) return <div style={{ display: 'none' }}>{children}</div>;
  if (layout === 'row')
    return <RowLayoutContext.Provider value="cells">{children}</RowLayoutContext.Provider>;
  const inner = layout === 'cells' ? 'cell' : 'none';
  const isCheckbox = getUiOptions(props.uiSchema).widget === 'checkbox';
  const leaf = props.schema.type !== 'object' && props.schema.type !== 'array';
  const showDescription = props.displayLabel && !!rawDescription && inner !== 'cell' && !isCheckbox;
  return (
    <RowLayoutContext.Provider value={inner}>
      <FieldPathContext.Provider value={path}>
        <FormControl
          fullWidth
          error={rawErrors.length > 0}
          required={props.required}
          className={props.classNames}
          style={props.style as CSSProperties | undefined}
          // A field's painting is its own: a keystroke repaints that field, not the whole form.
          sx={leaf ? { contain: 'layout paint' } : undefined}
        >
          {children}
          {showDescription ? (
            <Typography component="div" variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
              {description}
            </Typography>
          ) : null}
          {errors}
          {help}
        </FormControl>
      </FieldPathContext.Provider>
    </RowLayoutContext.Provider>
  );
}

/**
 * The controls of a section (or a table) belong to a form element of their own, through their
 * `form` attribute: an empty, hidden form outside react-jsonschema-form's, rendered into
 * PorticoForm's host. After every change of a text field, Chromium's autofill reads the whole
 * form the field belongs to, and it caches that reading only for a form of at most 200 fields:
 * in one 300-control form that is about 7 ms per keystroke on a small machine, in a section's
 * form under 1 ms. It also lets autofill see an address section as an address. Data and
 * validation stay react-jsonschema-form's; Enter in a field still sends the whole form.
 */
function SectionForm(props: { id: string; children: ReactNode }) {
  // Until the host is there (the form's first render), the controls stay in the outer form; the
  // tree keeps its shape, so nothing is mounted twice when it arrives.
  const host = useContext(SectionFormsHostContext);
  return (
    <SectionFormContext.Provider value={host ? props.id : undefined}>
      {props.children}
      {host
        ? createPortal(
            <form id={props.id} noValidate aria-hidden onSubmit={(e) => e.preventDefault()} />,
            host,
          )
        : null}
    </SectionFormContext.Provider>
  );
}

/** A section's height before it was first laid out: about one text field per field. */
const sectionHeightGuess = (fields: number) => 80 + 80 * Math.max(1, fields);

/**
 * The root object (its fields, one under the other), a section (an object with a title: a
 * headed, outlined group), an address (its parts in a compact grid) or the cells of a table row.
 */
export function ObjectFieldTemplate(props: ObjectFieldTemplateProps) {
  const layout = useContext(RowLayoutContext);
  const level = useContext(HeadingLevelContext);
  const { properties, title, description, fieldPathId, uiSchema } = props;
  if (layout === 'cells') {
    return (
      <>
        {properties
          .filter((p) => !p.hidden)
          .map((p) => (
            <Box key={p.name} role="cell" sx={{ minWidth: 0 }}>
              {p.content}
            </Box>
          ))}
        {properties.filter((p) => p.hidden).map((p) => p.content)}
      </>
    );
  }
  const address = uiSchema?.['ui:portico'] === 'address';
  const fields = address ? (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: 'minmax(6.5rem, 1fr) minmax(0, 2fr)',
        // street and country span the row; postal code and city share one
        '& > [data-part]': { gridColumn: '1 / -1' },
        '& > [data-part="postal-code"]': { gridColumn: 'auto' },
        '& > [data-part="address-level2"]': { gridColumn: 'auto' },
      }}
    >
      {properties.map((p) =>
        p.hidden ? (
          p.content
        ) : (
          <Box
            key={p.name}
            data-part={
              ((uiSchema?.[p.name] as Record<string, unknown> | undefined)?.['ui:autocomplete'] as string) ??
              'other'
            }
          >
            {p.content}
          </Box>
        ),
      )}
    </Box>
  ) : (
    <Stack spacing={2.5}>
      {properties.map((p) => (p.hidden ? p.content : <Box key={p.name}>{p.content}</Box>))}
    </Stack>
  );
  const inner = <RowLayoutContext.Provider value="none">{fields}</RowLayoutContext.Provider>;
  const isRoot = fieldPathId.path.length === 0;
  // A row of a table has its own heading ("Row 2"), not the list's title again.
  const isRow = typeof fieldPathId.path[fieldPathId.path.length - 1] === 'number';
  if (isRoot || isRow || !title) {
    return (
      <>
        {!isRoot && description ? (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
            {description}
          </Typography>
        ) : null}
        {inner}
      </>
    );
  }
  const headingId = titleId(fieldPathId);
  const body = (
    <>
      <Heading id={headingId} level={level}>
        {title}
      </Heading>
      {description ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          {description}
        </Typography>
      ) : null}
      <HeadingLevelContext.Provider value={level + 1}>{inner}</HeadingLevelContext.Provider>
    </>
  );
  return level <= 2 ? (
    <Paper
      component="section"
      variant="outlined"
      aria-labelledby={headingId}
      sx={{
        p: { xs: 2, sm: 3 },
        borderRadius: 2,
        // A section off screen costs the browser no style, layout or paint while the user types
        // elsewhere: in a long form that is most of a keystroke's work. It stays in the
        // accessibility tree and in find-in-page; its height is remembered once it was seen.
        contentVisibility: 'auto',
        containIntrinsicSize: `auto ${sectionHeightGuess(properties.length)}px`,
      }}
    >
      <SectionForm id={`${headingId}__form`}>{body}</SectionForm>
    </Paper>
  ) : (
    <Box component="section" aria-labelledby={headingId}>
      <SectionForm id={`${headingId}__form`}>{body}</SectionForm>
    </Box>
  );
}

interface TableMode {
  mode: 'table' | 'cards' | 'list';
  columns: string;
  level: number;
}
const TableModeContext = createContext<TableMode>({ mode: 'list', columns: '', level: 3 });

/**
 * A list. A list of objects is a table of rows: cards, one under the other, on a phone; a table
 * with a column per field on a wide screen. Rows are added and removed with buttons (keyboard
 * and screen readers included); a new row's first field takes the focus.
 */
export function ArrayFieldTemplate(props: ArrayFieldTemplateProps) {
  const { items, canAdd, onAddClick, schema, uiSchema, fieldPathId, disabled, readonly, registry } = props;
  const { t } = useFormRuntime();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const level = useContext(HeadingLevelContext);
  const rowsRef = useRef<HTMLDivElement>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const count = useRef(items.length);
  const added = useRef(false);
  const itemSchema = (
    schema.items && typeof schema.items === 'object' && !Array.isArray(schema.items)
      ? registry.schemaUtils.retrieveSchema(schema.items as RJSFSchema)
      : undefined
  ) as RJSFSchema | undefined;
  const isTable = !!itemSchema && itemSchema.type === 'object' && !!itemSchema.properties;
  const itemsUi = (uiSchema?.items ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const columns = isTable
    ? orderProperties(Object.keys(itemSchema.properties ?? {}), itemsUi['ui:order'] as unknown as string[])
        .filter((name) => itemsUi[name]?.['ui:widget'] !== 'hidden')
        .map((name) => {
          const prop = itemSchema.properties?.[name];
          const title = typeof prop === 'object' && prop ? prop.title : undefined;
          return { name, title: (itemsUi[name]?.['ui:title'] as string | undefined) ?? title ?? name };
        })
    : [];
  const mode: TableMode['mode'] = isTable ? (wide ? 'table' : 'cards') : 'list';
  const gridColumns = `${columns.map(() => 'minmax(7rem, 1fr)').join(' ')} 3rem`;
  const inactive = disabled || readonly;

  useEffect(() => {
    const before = count.current;
    count.current = items.length;
    if (added.current && items.length > before) {
      added.current = false;
      const rows = rowsRef.current?.querySelectorAll('[data-row]');
      const last = rows?.[rows.length - 1];
      last?.querySelector<HTMLElement>('input:not([type=hidden]), select, textarea')?.focus();
    } else if (items.length < before && document.activeElement === document.body) {
      // The removed row had the focus: keep it in the table.
      addRef.current?.focus();
    }
  }, [items.length]);

  const title = (uiSchema?.['ui:title'] as string | undefined) ?? schema.title ?? props.title;
  const headingId = titleId(fieldPathId);
  return (
    <Box role="group" aria-labelledby={title ? headingId : undefined}>
      {title ? (
        <Heading id={headingId} level={level}>
          {title}
        </Heading>
      ) : null}
      {schema.description ? (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {schema.description}
        </Typography>
      ) : null}
      <SectionForm id={`${headingId}__form`}>
        <TableModeContext.Provider value={{ mode, columns: gridColumns, level: level + 1 }}>
          {mode === 'table' ? (
            <Box sx={{ overflowX: 'auto' }}>
              <Box
                role="table"
                aria-labelledby={title ? headingId : undefined}
                sx={{ minWidth: 'min-content' }}
              >
                <Box role="rowgroup">
                  <Box
                    role="row"
                    sx={{
                      display: 'grid',
                      gridTemplateColumns: gridColumns,
                      gap: 1.5,
                      pb: 1,
                      borderBottom: 1,
                      borderColor: 'divider',
                    }}
                  >
                    {columns.map((c) => (
                      <Typography key={c.name} role="columnheader" variant="body2" sx={{ fontWeight: 600 }}>
                        {c.title}
                      </Typography>
                    ))}
                    <Box role="columnheader" sx={{ position: 'relative' }}>
                      <Box
                        component="span"
                        sx={{
                          position: 'absolute',
                          width: 1,
                          height: 1,
                          overflow: 'hidden',
                          clip: 'rect(0 0 0 0)',
                        }}
                      >
                        {t('renderer.actions')}
                      </Box>
                    </Box>
                  </Box>
                </Box>
                <Box role="rowgroup" ref={rowsRef}>
                  {items}
                </Box>
              </Box>
            </Box>
          ) : (
            <Stack spacing={2} ref={rowsRef}>
              {items}
            </Stack>
          )}
        </TableModeContext.Provider>
      </SectionForm>
      {items.length === 0 && isTable ? (
        <Typography color="text.secondary" sx={{ my: 1 }}>
          {t('renderer.noRows')}
        </Typography>
      ) : null}
      {canAdd && !inactive ? (
        <Button
          ref={addRef}
          variant="outlined"
          startIcon={<AddOutlined aria-hidden />}
          onClick={() => {
            added.current = true;
            onAddClick();
          }}
          sx={{ mt: 2 }}
        >
          {isTable ? t('renderer.addRow') : t('renderer.rjsf.AddItemButton')}
        </Button>
      ) : null}
    </Box>
  );
}

/** One row of a table (a grid row, or a card on a phone), or one entry of a plain list. */
export function ArrayFieldItemTemplate(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, index, disabled, readonly } = props;
  const { mode, columns, level } = useContext(TableModeContext);
  const { t } = useFormRuntime();
  const canRemove = buttonsProps.hasRemove && !disabled && !readonly;
  const remove = canRemove ? (
    <IconButton aria-label={t('renderer.removeRow', { n: index + 1 })} onClick={buttonsProps.onRemoveItem}>
      <DeleteOutlined aria-hidden />
    </IconButton>
  ) : null;
  if (mode === 'table') {
    return (
      <Box
        data-row
        role="row"
        sx={{
          display: 'grid',
          gridTemplateColumns: columns,
          gap: 1.5,
          alignItems: 'start',
          py: 1.5,
          borderBottom: 1,
          borderColor: 'divider',
        }}
      >
        <RowLayoutContext.Provider value="row">{children}</RowLayoutContext.Provider>
        <Box role="cell" sx={{ pt: 0.5 }}>
          {remove}
        </Box>
      </Box>
    );
  }
  if (mode === 'cards') {
    const headingId = `${buttonsProps.fieldPathId.$id}__row`;
    return (
      <Paper
        data-row
        component="section"
        variant="outlined"
        aria-labelledby={headingId}
        sx={{ p: 2, borderRadius: 2 }}
      >
        <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
          <Heading id={headingId} level={level}>
            {t('renderer.row', { n: index + 1 })}
          </Heading>
          {remove}
        </Stack>
        <HeadingLevelContext.Provider value={level + 1}>{children}</HeadingLevelContext.Provider>
      </Paper>
    );
  }
  return (
    <Stack data-row direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
      <Box sx={{ flex: 1, minWidth: 0 }}>{children}</Box>
      {canRemove ? (
        <IconButton
          aria-label={`${t('renderer.rjsf.RemoveButton')} ${index + 1}`}
          onClick={buttonsProps.onRemoveItem}
        >
          <DeleteOutlined aria-hidden />
        </IconButton>
      ) : null}
    </Stack>
  );
}

/**
 * Text, number, date, e-mail...: an MUI text field, with three differences from @rjsf/mui's.
 * - Typing costs no render. The input holds its own text (uncontrolled): a keystroke renders
 *   nothing, not even this field, and react-jsonschema-form (whose every change renders all its
 *   fields, slow on large forms: RJSF issues 3715, 4695, 4203) gets the text when the input
 *   loses the focus, on Enter, and before the form is sent; for a field a condition reads, also
 *   after a pause in typing, so what the condition shows follows the typing. Computed values
 *   and the form's onChange still follow each key: the form's store gets the text at once.
 * - In a table cell its label is for screen readers only.
 * - A read-only form shows read-only inputs (readable) rather than disabled ones (greyed out).
 */
/** How long typing in a field that a condition reads pauses before the form gets the text. */
const conditionDelayMs = 250;

export function BaseInputTemplate(props: BaseInputTemplateProps) {
  const { id, schema, options, label, required, disabled, readonly, rawErrors = [], value } = props;
  const inCell = useContext(RowLayoutContext) === 'cell';
  const path = useContext(FieldPathContext);
  const sectionForm = useSectionForm();
  const runtime = useFormRuntime();
  const input = useRef<HTMLInputElement | HTMLTextAreaElement>(null);
  const pending = useRef<string | null>(null);
  const latest = useRef(props);
  useEffect(() => {
    latest.current = props;
  });
  const text = value || value === 0 ? String(value) : '';

  const conditionTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const commit = useCallback(() => {
    clearTimeout(conditionTimer.current);
    runtime.pendingInputs.delete(commit);
    const typed = pending.current;
    if (typed === null) return;
    pending.current = null;
    if (path) runtime.computed.clearPending(path);
    const { onChange, options } = latest.current;
    onChange(typed === '' ? options.emptyValue : typed);
  }, [runtime, path]);
  // Whatever is still typed goes to the form when the input goes away (a row removed, a page left).
  useEffect(() => () => commit(), [commit]);
  // A value from elsewhere (not typed here) replaces the text, unless the user is typing.
  useLayoutEffect(() => {
    const el = input.current;
    if (el && pending.current === null && el.value !== text) el.value = text;
  }, [text]);

  const onInput = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const typed = e.target.value;
    pending.current = typed;
    if (path) {
      const numeric = schema.type === 'number' || schema.type === 'integer';
      runtime.computed.setPending(
        path,
        typed === '' ? undefined : numeric && Number.isFinite(Number(typed)) ? Number(typed) : typed,
      );
    }
    runtime.pendingInputs.add(commit);
    // A condition reads this field: the fields it shows or hides follow a pause in typing.
    if (path && runtime.conditionFields.has(conditionKey(path))) {
      clearTimeout(conditionTimer.current);
      conditionTimer.current = setTimeout(commit, conditionDelayMs);
    }
  };
  // Enter sends the form: the form must have the text first. An input of a section belongs to
  // the section's form (SectionForm), so it asks the whole form, its ancestor, to send.
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Enter' || props.multiline || e.nativeEvent.isComposing) return;
    if (pending.current !== null) flushSync(commit);
    if (sectionForm.form) {
      e.preventDefault();
      input.current?.closest('form')?.requestSubmit();
    }
  };

  const readOnlyView = readonly && !disabled;
  const { step, min, max, accept, autoCapitalize, type, ...rest } = getInputProps(
    schema,
    props.type,
    options,
  );
  const hideLabel = props.hideLabel || inCell || !label;
  const examples = Array.isArray(schema.examples) ? (schema.examples as unknown[]) : undefined;
  return (
    <>
      <TextField
        id={id}
        name={props.htmlName || id}
        inputRef={input}
        defaultValue={text}
        type={type}
        label={hideLabel ? undefined : label}
        placeholder={props.placeholder}
        autoFocus={props.autofocus}
        required={required}
        disabled={disabled || (readonly && !readOnlyView)}
        error={rawErrors.length > 0}
        multiline={props.multiline as boolean | undefined}
        rows={props.rows as number | undefined}
        autoComplete={
          (props.autocomplete as string | undefined) ?? (options.autocomplete as string | undefined)
        }
        fullWidth
        onChange={onInput}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          commit();
          latest.current.onBlur(id, e.target.value);
        }}
        onFocus={(e) => props.onFocus(id, e.target.value)}
        slotProps={{
          inputLabel: shrinkTypes.has(type) ? { shrink: true } : undefined,
          input: readOnlyView ? { readOnly: true } : undefined,
          htmlInput: {
            ...rest,
            step,
            min,
            max,
            accept,
            ...(autoCapitalize === undefined ? {} : { autoCapitalize }),
            ...(examples ? { list: examplesId(id) } : {}),
            ...(hideLabel && label ? { 'aria-label': label } : {}),
            'aria-describedby': ariaDescribedByIds(id, !!examples),
            ...sectionForm,
          },
        }}
      />
      {examples ? (
        <datalist id={examplesId(id)}>
          {examples.map((x) => (
            <option key={String(x)} value={String(x)} />
          ))}
        </datalist>
      ) : null}
    </>
  );
}

const shrinkTypes = new Set(['date', 'datetime-local', 'file', 'time']);

/** The list of errors above the form is not drawn: each error shows at its field, and PorticoForm says how many. */
export function ErrorListTemplate() {
  return null;
}
