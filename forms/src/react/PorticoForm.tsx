import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { usePlugins, type FormWidgetContribution } from '@portico/core/react';
import type { IChangeEvent } from '@rjsf/core';
import MuiForm from '@rjsf/mui';
import {
  englishStringTranslator,
  TranslatableString,
  type ErrorTransformer,
  type RegistryFieldsType,
  type RegistryWidgetsType,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema as RjsfUiSchema,
} from '@rjsf/utils';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { applyComputed, listComputed } from '../shared/computed.js';
import { validationMessage } from '../shared/messages.js';
import { localizeForm } from '../shared/translate.js';
import type { FormFieldError, FormTranslations, JsonSchemaObject, UiSchema } from '../shared/types.js';
import { conditionFields, prepareForm } from './render-schema.js';
import { createFormValidator, errorSchemaOf } from './rjsf-validator.js';
import {
  ComputedStore,
  ensureStrings,
  FormRuntimeContext,
  HeadingLevelContext,
  SectionFormsHostContext,
  type FormRuntime,
  type UploadFile,
} from './runtime.js';
import {
  ArrayFieldItemTemplate,
  ArrayFieldTemplate,
  BaseInputTemplate,
  ErrorListTemplate,
  FieldTemplate,
  ObjectFieldTemplate,
} from './templates/templates.js';
import { ChoiceWidget, MultipleChoiceWidget, YesNoWidget } from './widgets/choice-widgets.js';
import { ComputedField } from './widgets/computed-field.js';
import { FileField } from './widgets/file-widget.js';

export interface PorticoFormProps {
  /** JSON Schema 2020-12 of the form (its texts in the form's default language). */
  schema: JsonSchemaObject;
  uiSchema?: UiSchema;
  /** Translations of the form's texts by JSON pointer (see `localizeForm`). */
  translations?: FormTranslations;
  /** The reader's language: texts, validation messages and the renderer's own words. */
  language: string;
  /**
   * The data shown first. Later changes come back through `onChange`; giving back the object
   * `onChange` gave changes nothing, giving another one (a restored draft) starts over with it.
   */
  formData?: unknown;
  /** Each change, with computed values filled in. */
  onChange?: (data: unknown) => void;
  /** Called with valid data (computed values filled in) when the user sends the form. */
  onSubmit?: (data: unknown) => void | Promise<void>;
  /** The server's field errors (a 422's `errors`), shown at their fields. */
  serverErrors?: readonly FormFieldError[];
  /** Shows the data without letting it change (a submission), and no button. */
  readOnly?: boolean;
  /** Greys the form out (while it is being sent). */
  disabled?: boolean;
  /** Widgets and fields besides those the plugins contribute (same shape, same names). */
  widgets?: Record<string, FormWidgetContribution>;
  /** Sends a chosen file (POST /api/v1/forms/:key/files); without it file fields say files are attached in the portal. */
  uploadFile?: UploadFile;
  /** Names of files already in the data, by id (file fields show them). */
  fileNames?: Record<string, string>;
  /** The submit button's text (default "Send"). */
  submitLabel?: string;
  /** Replaces the submit button (a page's own buttons; include a `type="submit"` one). */
  children?: ReactNode;
  /** The heading level of the form's sections (default 2: under the page's h1). */
  headingLevel?: number;
  /** Prefix of the fields' element ids (default "root"); two forms on one page need two. */
  idPrefix?: string;
}

const stringNames = new Map<string, string>(Object.entries(TranslatableString).map(([k, v]) => [v, k]));

/** The contributions as RJSF registries: widgets by name, fields by name. */
function registries(contributions: Array<Record<string, FormWidgetContribution> | undefined>): {
  widgets: RegistryWidgetsType;
  fields: RegistryFieldsType;
} {
  const widgets: RegistryWidgetsType = {};
  const fields: RegistryFieldsType = {};
  for (const group of contributions)
    for (const [name, c] of Object.entries(group ?? {})) {
      if (c.kind === 'field') fields[name] = c.component;
      else widgets[name] = c.component;
    }
  return { widgets, fields };
}

/**
 * The one renderer of admin-built forms: the portal's fill and submission pages, the builder's
 * live preview and any plugin render with it. react-jsonschema-form with the MUI theme and
 * Portico's widgets (yes/no, choice, multiple choice, file, address, section, table of rows,
 * computed values) and templates, the plugins' widgets, texts in the reader's language and the
 * server's validation rules and messages.
 *
 * Typing stays fast on large forms (RJSF is known to lag on them: its every change renders every
 * field): a text input keeps what is typed and hands it to RJSF when the user leaves it, the form
 * keeps its own data and is not re-rendered by its parent, nothing is validated while typing (on
 * sending, then on leaving a field once the user has tried to send), and computed values update
 * only the fields that show them. See scripts/bench/forms-keystroke.mjs.
 */
export function PorticoForm(props: PorticoFormProps) {
  const { schema, uiSchema, translations, language, readOnly, disabled } = props;
  const { i18n } = useTranslation();
  ensureStrings(i18n);
  const t = useMemo(() => i18n.getFixedT(language, 'forms'), [i18n, language]);
  const plugins = usePlugins();

  const prepared = useMemo(() => {
    const localized = localizeForm(schema, uiSchema ?? {}, translations, language);
    return { ...prepareForm(localized.schema, localized.uiSchema), validationSchema: localized.schema };
  }, [schema, uiSchema, translations, language]);
  const validator = useMemo(
    () => createFormValidator(prepared.validationSchema, language),
    [prepared, language],
  );
  const hasComputed = useMemo(() => listComputed(prepared.uiSchema).length > 0, [prepared]);
  const withComputed = useCallback(
    (data: unknown) => (hasComputed ? applyComputed(prepared.uiSchema, data) : data),
    [hasComputed, prepared],
  );

  // The data the form started from; replaced only by a formData that onChange did not give.
  const emitted = useRef<unknown>(undefined);
  const [start, setStart] = useState(() => ({ data: props.formData, generation: 0 }));
  if (props.formData !== start.data && props.formData !== emitted.current)
    setStart({ data: props.formData, generation: start.generation + 1 });

  const runtime = useMemo<FormRuntime>(
    () => ({
      language,
      t,
      computed: new ComputedStore(
        start.data,
        hasComputed ? (data) => applyComputed(prepared.uiSchema, data) : null,
      ),
      uploadFile: props.uploadFile,
      fileNames: new Map(Object.entries(props.fileNames ?? {})),
      headingLevel: props.headingLevel ?? 2,
      pendingInputs: new Set(),
      conditionFields: conditionFields(prepared.schema),
    }),
    // fileNames: only the first ones matter, the field adds those uploaded later.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [language, t, props.uploadFile, props.headingLevel, start, prepared, hasComputed],
  );

  const onChangeRef = useRef(props.onChange);
  const onSubmitRef = useRef(props.onSubmit);
  useEffect(() => {
    onChangeRef.current = props.onChange;
    onSubmitRef.current = props.onSubmit;
  });

  const [triedToSend, setTriedToSend] = useState(false);
  const [summary, setSummary] = useState(0);
  const serverErrors = props.serverErrors;
  useEffect(() => setSummary(serverErrors?.length ?? 0), [serverErrors]);
  const extraErrors = useMemo(
    () => (serverErrors?.length ? errorSchemaOf(serverErrors) : undefined),
    [serverErrors],
  );
  const formBox = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // The first field the server refused takes the focus, as RJSF does with its own errors.
    if (serverErrors?.length)
      formBox.current?.querySelector<HTMLElement>('[aria-invalid="true"], .Mui-error input')?.focus();
  }, [serverErrors]);

  const transformErrors = useCallback<ErrorTransformer>(
    (errors: RJSFValidationError[]) =>
      errors.map((e) =>
        e.name ? { ...e, message: validationMessage(language, e.name, e.params ?? {}), stack: e.stack } : e,
      ),
    [language],
  );
  const translateString = useCallback(
    (text: TranslatableString, params?: string[]) => {
      const english = englishStringTranslator(text, params);
      const name = stringNames.get(text);
      return name ? t(`renderer.rjsf.${name}`, { defaultValue: english }) : english;
    },
    [t],
  );

  const { widgets, fields } = useMemo(() => {
    const contributed = registries([...plugins.map((p) => p.formWidgets), props.widgets]);
    return {
      widgets: {
        yesno: YesNoWidget,
        choice: ChoiceWidget,
        checkboxes: MultipleChoiceWidget,
        ...contributed.widgets,
      } as RegistryWidgetsType,
      fields: { porticoComputed: ComputedField, porticoFile: FileField, ...contributed.fields },
    };
  }, [plugins, props.widgets]);

  const templates = useMemo(
    () => ({
      FieldTemplate,
      ObjectFieldTemplate,
      ArrayFieldTemplate,
      ArrayFieldItemTemplate,
      BaseInputTemplate,
      ErrorListTemplate,
    }),
    [],
  );

  // Every change the user sees (typed text included) goes to the parent, computed values filled in.
  useEffect(
    () =>
      runtime.computed.subscribe(() => {
        emitted.current = runtime.computed.data;
        onChangeRef.current?.(runtime.computed.data);
      }),
    [runtime],
  );
  const handleChange = useCallback((e: IChangeEvent) => runtime.computed.set(e.formData), [runtime]);
  const handleSubmit = useCallback(
    (e: IChangeEvent) => {
      setSummary(0);
      void onSubmitRef.current?.(withComputed(e.formData));
    },
    [withComputed],
  );
  const handleError = useCallback((errors: RJSFValidationError[]) => {
    setTriedToSend(true);
    setSummary(errors.length);
  }, []);

  const [sectionForms, setSectionForms] = useState<HTMLDivElement | null>(null);
  const submitLabel = props.submitLabel ?? t('renderer.submit');
  const children = props.children;
  const form = useMemo(
    () => (
      <MuiForm
        key={start.generation}
        schema={prepared.schema as RJSFSchema}
        uiSchema={prepared.uiSchema as RjsfUiSchema}
        validator={validator}
        initialFormData={start.data}
        onChange={handleChange}
        onSubmit={handleSubmit}
        onError={handleError}
        widgets={widgets}
        fields={fields}
        templates={templates}
        extraErrors={extraErrors}
        transformErrors={transformErrors}
        translateString={translateString}
        liveValidate={triedToSend ? 'onBlur' : undefined}
        showErrorList={false}
        focusOnFirstError
        noHtml5Validate
        omitExtraData
        readonly={readOnly}
        disabled={disabled}
        idPrefix={props.idPrefix ?? 'root'}
      >
        {readOnly ? (
          <></>
        ) : (
          (children ?? (
            <Box sx={{ mt: 3 }}>
              <Button type="submit" variant="contained" size="large" disabled={disabled}>
                {submitLabel}
              </Button>
            </Box>
          ))
        )}
      </MuiForm>
    ),
    [
      start,
      prepared,
      validator,
      handleChange,
      handleSubmit,
      handleError,
      widgets,
      fields,
      templates,
      extraErrors,
      transformErrors,
      translateString,
      triedToSend,
      readOnly,
      disabled,
      props.idPrefix,
      children,
      submitLabel,
    ],
  );

  return (
    <FormRuntimeContext.Provider value={runtime}>
      <HeadingLevelContext.Provider value={runtime.headingLevel}>
        <Box
          ref={formBox}
          onSubmitCapture={() => {
            // Text still being typed goes to the form before it reads its data.
            if (runtime.pendingInputs.size)
              flushSync(() => {
                for (const commit of [...runtime.pendingInputs]) commit();
              });
          }}
        >
          {summary > 0 ? (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {t('renderer.errorSummary', { count: summary })}
            </Alert>
          ) : null}
          <SectionFormsHostContext.Provider value={sectionForms}>{form}</SectionFormsHostContext.Provider>
          {/* The (empty) form elements of the sections: see SectionForm in templates.tsx. */}
          <div ref={setSectionForms} hidden />
        </Box>
      </HeadingLevelContext.Provider>
    </FormRuntimeContext.Provider>
  );
}
