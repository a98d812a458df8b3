import OpenInNewOutlined from '@mui/icons-material/OpenInNewOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Collapse from '@mui/material/Collapse';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../CopyButton.js';
import { CodeField } from './CodeField.js';
import { QrCode } from './QrCode.js';

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, '$1 ').trim();
}

function Step(props: { n: number; title: string; heading: 'h2' | 'h3'; children?: ReactNode }) {
  return (
    <Box component="li" sx={{ display: 'grid', gridTemplateColumns: '32px 1fr', gap: 1.5, mb: 2.5 }}>
      <Box
        aria-hidden
        sx={{
          width: 28,
          height: 28,
          borderRadius: '50%',
          bgcolor: 'primary.main',
          color: 'primary.contrastText',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
          fontSize: '0.9rem',
        }}
      >
        {props.n}
      </Box>
      <Box sx={{ minWidth: 0 }}>
        <Typography component={props.heading} variant="subtitle1" sx={{ fontWeight: 700, lineHeight: 1.75 }}>
          {props.title}
        </Typography>
        {props.children}
      </Box>
    </Box>
  );
}

/**
 * Setting up an authenticator app: install, scan (or type the key, or open the otpauth link on the
 * phone itself), then confirm with the first code. `onConfirm` throws to show an error.
 */
export function AuthenticatorSetup(props: {
  setup: TotpSetup;
  busy: boolean;
  codeProblem?: string | undefined;
  onConfirm(code: string): void;
  /** Shown above the confirm button (an error alert). */
  notice?: ReactNode;
  /** The level of the steps' headings under the page's (h2 under the login card's h1). */
  heading?: 'h2' | 'h3';
}) {
  const heading = props.heading ?? 'h3';
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [showKey, setShowKey] = useState(false);
  // On a phone the app is on this very device: a link opens it (scanning its own screen cannot work).
  const touch = useMediaQuery('(pointer: coarse)', { noSsr: true });
  function submit(e: FormEvent) {
    e.preventDefault();
    props.onConfirm(code);
  }
  return (
    <Box component="ol" sx={{ listStyle: 'none', p: 0, m: 0 }}>
      <Step n={1} heading={heading} title={t('setup.install')}>
        <Typography variant="body2" color="text.secondary">
          {t('setup.installHint')}
        </Typography>
      </Step>
      <Step n={2} heading={heading} title={t('setup.scan')}>
        <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', alignItems: 'flex-start', mt: 1 }}>
          <QrCode text={props.setup.otpauthUrl} label={t('setup.qrLabel')} size={168} />
          <Box sx={{ flex: '1 1 180px', minWidth: 0 }}>
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              {touch ? t('setup.onThisPhone') : t('setup.scanHint')}
            </Typography>
            {touch ? (
              <Button
                component="a"
                href={props.setup.otpauthUrl}
                variant="outlined"
                size="small"
                endIcon={<OpenInNewOutlined />}
                sx={{ mb: 1.5 }}
              >
                {t('setup.openApp')}
              </Button>
            ) : null}
            <Typography variant="body2">
              <Link
                component="button"
                type="button"
                onClick={() => setShowKey((s) => !s)}
                aria-expanded={showKey}
                sx={{ fontWeight: 600 }}
              >
                {showKey ? t('setup.hideKey') : t('setup.typeKey')}
              </Link>
            </Typography>
          </Box>
        </Box>
        <Collapse in={showKey}>
          <Box sx={{ mt: 1.5, p: 1.5, borderRadius: 2, bgcolor: 'action.hover' }}>
            <Typography variant="body2" color="text.secondary">
              {t('setup.key')}
            </Typography>
            <Typography
              sx={{
                fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                fontSize: '1.05rem',
                wordBreak: 'break-all',
                my: 0.5,
              }}
            >
              {groupedSecret(props.setup.secret)}
            </Typography>
            <CopyButton text={props.setup.secret} size="small" label={t('setup.copyKey')} />
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
              {t('setup.otpauth')}
            </Typography>
            <Typography
              variant="body2"
              sx={{
                fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                wordBreak: 'break-all',
              }}
            >
              {props.setup.otpauthUrl}
            </Typography>
          </Box>
        </Collapse>
      </Step>
      <Step n={3} heading={heading} title={t('setup.confirm')}>
        <Box component="form" onSubmit={submit} noValidate>
          <CodeField value={code} onChange={setCode} problem={props.codeProblem} required />
          {props.notice}
          <Button
            type="submit"
            variant="contained"
            size="large"
            fullWidth
            disabled={props.busy || code.length !== 6}
            sx={{ mt: 1 }}
          >
            {t('setup.turnOn')}
          </Button>
        </Box>
      </Step>
    </Box>
  );
}
