import Alert, { type AlertColor } from '@mui/material/Alert';
import { ProblemAlert } from '@portico/core/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { asApiError, commonProblemText } from '../errors.js';

/**
 * An error of an API call: `message` (a sentence of this screen, in the user's language) when the
 * screen knows what happened, else a common one (offline, too many requests, server trouble),
 * else the server's own words with the request id (ProblemAlert).
 */
export function ErrorNotice(props: {
  error: unknown;
  message?: string | undefined;
  severity?: AlertColor;
  children?: ReactNode;
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  if (!props.error) return null;
  const text = props.message ?? commonProblemText(t, props.error);
  if (!text)
    return <ProblemAlert error={props.error} {...(props.onClose ? { onClose: props.onClose } : {})} />;
  const requestId = asApiError(props.error)?.problem.requestId;
  return (
    <Alert
      severity={props.severity ?? 'error'}
      role="alert"
      sx={{ my: 2 }}
      {...(props.onClose ? { onClose: props.onClose } : {})}
    >
      {text}
      {props.children}
      {requestId && (asApiError(props.error)?.status ?? 0) >= 500 ? (
        <div style={{ fontSize: '0.8em', opacity: 0.8 }}>{t('requestId', { id: requestId })}</div>
      ) : null}
    </Alert>
  );
}
