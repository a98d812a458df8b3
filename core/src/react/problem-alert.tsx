import Alert from '@mui/material/Alert';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api.js';

/** A sentence for an error from the API, in the server's words when it gave any. */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.problem.detail ?? error.problem.title ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/** An error shown to the user, with the request id support can look up. */
export function ProblemAlert(props: { error: unknown; onClose?: () => void }) {
  const { t } = useTranslation();
  if (!props.error) return null;
  const requestId = props.error instanceof ApiError ? props.error.problem.requestId : undefined;
  return (
    <Alert
      severity="error"
      role="alert"
      {...(props.onClose ? { onClose: props.onClose } : {})}
      sx={{ my: 2 }}
    >
      {problemText(props.error)}
      {requestId ? (
        <div style={{ fontSize: '0.8em', opacity: 0.8 }}>
          {t('requestId', { id: requestId, defaultValue: 'Request id: {{id}}' })}
        </div>
      ) : null}
    </Alert>
  );
}
