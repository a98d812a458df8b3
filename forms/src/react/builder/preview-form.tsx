import Form from '@rjsf/mui';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';
import { applyComputed } from '../../shared/computed.js';
import { localizeForm } from '../../shared/translate.js';
import type { FormTranslations } from '../../shared/types.js';

/** Portico's own widget names as RJSF's plain ones (yes / no as radio buttons). */
function plainWidgets(ui: unknown): unknown {
  if (Array.isArray(ui)) return ui.map(plainWidgets);
  if (!ui || typeof ui !== 'object') return ui;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(ui))
    out[k] = k === 'ui:widget' && v === 'yesno' ? 'radio' : plainWidgets(v);
  return out;
}

/**
 * Stand-in for `PorticoForm` (@portico/forms/react) until the renderer lands: the same RJSF
 * theme, texts and computed values, without the portal's own widgets.
 */
export function PreviewForm(props: {
  schema: Record<string, unknown>;
  uiSchema: Record<string, unknown>;
  translations: FormTranslations;
  language: string;
  formData: Record<string, unknown>;
  onChange?(data: Record<string, unknown>): void;
  readOnly?: boolean;
}) {
  const localized = useMemo(
    () => localizeForm(props.schema, props.uiSchema, props.translations, props.language),
    [props.schema, props.uiSchema, props.translations, props.language],
  );
  return (
    <Form
      schema={localized.schema as RJSFSchema}
      uiSchema={{
        ...(plainWidgets(localized.uiSchema) as UiSchema),
        'ui:submitButtonOptions': { norender: true },
      }}
      validator={validator}
      formData={props.formData}
      readonly={props.readOnly}
      onChange={(e) =>
        props.onChange?.(applyComputed(props.uiSchema, (e.formData ?? {}) as Record<string, unknown>))
      }
      liveValidate={false}
    />
  );
}
