import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import { ProblemAlert } from '@portico/core/react';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Asks before something that cannot simply be undone (suspend, deactivate, delete). The dialog
 * stays open while the action runs and shows its error; it closes when the action succeeds.
 */
export function ConfirmDialog(props: {
  open: boolean;
  title: string;
  /** What will happen, in plain words. */
  message: ReactNode;
  confirmLabel: string;
  /** Red button for destructive actions. */
  destructive?: boolean;
  /** Extra fields (a reason, say). */
  children?: ReactNode;
  /** Disables the confirm button (a required field is empty). */
  confirmDisabled?: boolean;
  onConfirm(): Promise<unknown>;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const titleId = useId();
  const textId = useId();
  const close = () => {
    if (busy) return;
    setError(undefined);
    props.onClose();
  };
  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      open={props.open}
      onClose={close}
      aria-labelledby={titleId}
      aria-describedby={textId}
      maxWidth="sm"
      fullWidth
    >
      <DialogTitle id={titleId}>{props.title}</DialogTitle>
      <DialogContent>
        <DialogContentText id={textId} component="div">
          {props.message}
        </DialogContentText>
        {props.children}
        <ProblemAlert error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {t('kit.cancel')}
        </Button>
        <Button
          variant="contained"
          color={props.destructive ? 'error' : 'primary'}
          onClick={() => void confirm()}
          disabled={busy || props.confirmDisabled}
        >
          {props.confirmLabel}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
