import Alert, { type AlertColor } from '@mui/material/Alert';
import Snackbar from '@mui/material/Snackbar';
import { useCallback, useMemo, useState, type ReactNode } from 'react';

interface Notice {
  key: number;
  message: string;
  severity: AlertColor;
}

/**
 * A short message after an action ("Saved", "Could not save"). Render `element` once in the
 * screen; `notify` shows a message, replacing the one before.
 */
export function useNotice(): { notify(message: string, severity?: AlertColor): void; element: ReactNode } {
  const [notice, setNotice] = useState<Notice | undefined>();
  const [open, setOpen] = useState(false);
  const notify = useCallback((message: string, severity: AlertColor = 'success') => {
    setNotice({ key: Date.now(), message, severity });
    setOpen(true);
  }, []);
  const element = useMemo(
    () => (
      <Snackbar
        key={notice?.key}
        open={open}
        autoHideDuration={notice?.severity === 'error' ? null : 5000}
        onClose={(_e, reason) => reason !== 'clickaway' && setOpen(false)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'center' }}
      >
        <Alert
          severity={notice?.severity ?? 'success'}
          variant="filled"
          onClose={() => setOpen(false)}
          sx={{ width: '100%' }}
        >
          {notice?.message}
        </Alert>
      </Snackbar>
    ),
    [notice, open],
  );
  return { notify, element };
}
