import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Typography from '@mui/material/Typography';
import { useBoot } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../CopyButton.js';

/**
 * Recovery codes, shown once: copy, download, and a confirmation that they are stored before
 * going on.
 */
export function RecoveryCodes(props: { codes: string[]; onDone(): void; doneLabel: string }) {
  const { t } = useTranslation();
  const boot = useBoot();
  const [stored, setStored] = useState(false);
  const text = props.codes.join('\n');
  function download() {
    const body = `${t('recovery.fileTitle', { portal: boot.portalName })}\n\n${text}\n`;
    const url = URL.createObjectURL(new Blob([body], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${boot.portalName.replace(/[^\p{L}\p{N}]+/gu, '-').toLowerCase()}-recovery-codes.txt`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return (
    <Box>
      <Alert severity="warning" sx={{ mb: 2 }}>
        {t('recovery.once')}
      </Alert>
      <Typography sx={{ mb: 1.5 }}>{t('recovery.explain')}</Typography>
      <Box
        component="ul"
        aria-label={t('recovery.listLabel')}
        sx={{
          listStyle: 'none',
          m: 0,
          p: 2,
          display: 'grid',
          gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
          gap: 1,
          borderRadius: 2,
          bgcolor: 'action.hover',
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: '1.05rem',
          textAlign: 'center',
        }}
      >
        {props.codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </Box>
      <Box sx={{ display: 'flex', gap: 1, mt: 1.5, flexWrap: 'wrap' }}>
        <CopyButton text={text} label={t('recovery.copy')} />
        <Button variant="outlined" startIcon={<DownloadOutlined />} onClick={download}>
          {t('recovery.download')}
        </Button>
      </Box>
      <FormControlLabel
        sx={{ mt: 2, display: 'flex' }}
        control={<Checkbox checked={stored} onChange={(e) => setStored(e.target.checked)} />}
        label={t('recovery.stored')}
      />
      <Button
        variant="contained"
        size="large"
        fullWidth
        disabled={!stored}
        onClick={props.onDone}
        sx={{ mt: 1 }}
      >
        {props.doneLabel}
      </Button>
    </Box>
  );
}
