import CheckOutlined from '@mui/icons-material/CheckOutlined';
import ContentCopyOutlined from '@mui/icons-material/ContentCopyOutlined';
import Button, { type ButtonProps } from '@mui/material/Button';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Copies `text` to the clipboard and says so (visibly and to screen readers). */
export function CopyButton(props: { text: string; label?: string } & Omit<ButtonProps, 'onClick'>) {
  const { t } = useTranslation();
  const { text, label, ...rest } = props;
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  }
  return (
    <Button
      variant="outlined"
      startIcon={state === 'copied' ? <CheckOutlined /> : <ContentCopyOutlined />}
      onClick={() => void copy()}
      {...rest}
    >
      <span aria-live="polite">
        {state === 'copied'
          ? t('copy.done')
          : state === 'failed'
            ? t('copy.failed')
            : (label ?? t('copy.label'))}
      </span>
    </Button>
  );
}
