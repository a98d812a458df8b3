import { PorticoForm } from '../react/PorticoForm.js';
import type { FormTranslations } from '../shared/types.js';

/** A version rendered read-only (a submission with the version it was filled in). Loaded apart: it brings RJSF. */
export default function ReadOnlyForm(props: {
  version: {
    schema: Record<string, unknown>;
    uiSchema?: Record<string, unknown>;
    translations?: FormTranslations;
  };
  language: string;
  data: Record<string, unknown>;
}) {
  return (
    <PorticoForm
      schema={props.version.schema}
      uiSchema={props.version.uiSchema ?? {}}
      translations={props.version.translations ?? {}}
      language={props.language}
      formData={props.data}
      readOnly
      idPrefix="readonly"
    />
  );
}
