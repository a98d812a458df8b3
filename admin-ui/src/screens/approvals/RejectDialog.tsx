import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import { ApiError, ProblemAlert, useApi } from '@portico/core/react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountRequest } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';

/** Rejects a request; the reason, if given, is quoted in the polite mail the person gets. */
export function RejectDialog(props: {
  request: AccountRequest | undefined;
  onClose(): void;
  onRejected(request: AccountRequest): void;
  onGone(): void;
}) {
  const { request } = props;
  const { t } = useTranslation();
  const api = useApi();
  const titleId = useId();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const gone = error instanceof ApiError && error.status === 409;
  useEffect(() => {
    setNote('');
    setError(undefined);
  }, [request]);
  const close = () => {
    if (busy) return;
    if (gone) props.onGone();
    props.onClose();
  };
  const reject = async () => {
    if (!request) return;
    setBusy(true);
    setError(undefined);
    try {
      const done = await api.post<AccountRequest>(
        `/account-requests/${request.id}/reject`,
        note.trim() ? { note: note.trim() } : {},
      );
      props.onRejected(done);
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={!!request} onClose={close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{t('approvals.rejectTitle', { name: request?.name ?? '' })}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t('approvals.rejectText', { email: request?.email ?? '' })}</DialogContentText>
        <TextField
          label={t('approvals.reasonLabel')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          multiline
          minRows={3}
          slotProps={{ htmlInput: { maxLength: 2000 } }}
          {...fieldProps(fieldErrorsOf(error), '/note', t('approvals.reasonHelp'))}
        />
        <ProblemAlert error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {gone ? t('kit.close') : t('kit.cancel')}
        </Button>
        <Button color="error" variant="contained" onClick={() => void reject()} disabled={busy || gone}>
          {t('approvals.rejectAction')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
