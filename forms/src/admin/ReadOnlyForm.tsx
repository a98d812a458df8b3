import { PreviewForm } from '../react/builder/preview-form.js';

/** A version rendered read-only (a submission with the version it was made with). Loaded apart: it brings RJSF. */
export default function ReadOnlyForm(props: {
  version: {
    schema: Record<string, unknown>;
    uiSchema?: Record<string, unknown>;
    translations?: Record<string, Record<string, string>>;
  };
  language: string;
  data: Record<string, unknown>;
}) {
  return (
    <PreviewForm
      schema={props.version.schema}
      uiSchema={props.version.uiSchema ?? {}}
      translations={props.version.translations ?? {}}
      language={props.language}
      formData={props.data}
      readOnly
    />
  );
}
