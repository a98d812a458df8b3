import Form from '@rjsf/mui';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';
import { applyComputed } from '../../shared/computed.js';
import { localizeForm } from '../../shared/translate.js';
import type { FormTranslations } from '../../shared/types.js';

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
      uiSchema={{ ...(localized.uiSchema as UiSchema), 'ui:submitButtonOptions': { norender: true } }}
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
