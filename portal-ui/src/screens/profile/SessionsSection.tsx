import ComputerOutlined from '@mui/icons-material/ComputerOutlined';
import DevicesOutlined from '@mui/icons-material/DevicesOutlined';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import SmartphoneOutlined from '@mui/icons-material/SmartphoneOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Skeleton from '@mui/material/Skeleton';
import { useApi, useApiData, useSession } from '@portico/core/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { SectionCard } from '../../components/SectionCard.js';
import { useFormat } from '../../format.js';
import { describeUserAgent } from './user-agent.js';

interface SessionView {
  id: string;
  current: boolean;
  method?: string;
  ip?: string | null;
  userAgent?: string | null;
  createdAt: string;
  lastSeenAt: string;
}

/** Sessions listed before "show all". */
const shown = 5;

/** Where the user is logged in, and "log out everywhere" (POST /auth/logout-everywhere). */
export function SessionsSection(props: { version: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const { logout } = useSession();
  const navigate = useNavigate();
  const format = useFormat();
  const sessions = useApiData<{ items: SessionView[] }>('/me/sessions');
  const { reload } = sessions;
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (props.version) reload();
  }, [props.version, reload]);

  async function everywhere() {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/auth/logout-everywhere');
      await logout().catch(() => undefined);
      void navigate('/login', { replace: true });
    } catch (err) {
      setError(err);
      setBusy(false);
      setConfirming(false);
    }
  }

  const method = (m: string | undefined) =>
    m && ['password', 'saml', 'invitation', 'password-reset'].includes(m) ? t(`sessions.methods.${m}`) : m;
  return (
    <SectionCard
      id="sessions"
      title={t('sessions.title')}
      icon={<DevicesOutlined />}
      description={t('sessions.intro')}
    >
      <ErrorNotice error={sessions.error ?? error} />
      {sessions.loading && !sessions.data ? (
        <Box role="status" aria-label={t('loading')}>
          <Skeleton height={56} />
          <Skeleton height={56} />
        </Box>
      ) : (
        <List disablePadding>
          {(all ? (sessions.data?.items ?? []) : (sessions.data?.items ?? []).slice(0, shown)).map((s) => {
            const ua = describeUserAgent(s.userAgent);
            const device =
              ua.browser && ua.os
                ? t('sessions.browserOn', { browser: ua.browser, os: ua.os })
                : (ua.browser ?? ua.os ?? t('sessions.unknownDevice'));
            return (
              <ListItem key={s.id} divider disableGutters sx={{ alignItems: 'flex-start' }}>
                <ListItemIcon sx={{ minWidth: 44, mt: 0.75 }}>
                  {ua.mobile ? <SmartphoneOutlined /> : <ComputerOutlined />}
                </ListItemIcon>
                <ListItemText
                  primary={
                    <Box
                      component="span"
                      sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap' }}
                    >
                      {device}
                      {s.current ? (
                        <Chip size="small" color="success" label={t('sessions.thisDevice')} />
                      ) : null}
                    </Box>
                  }
                  secondary={
                    <>
                      {s.current
                        ? t('sessions.activeNow')
                        : t('sessions.lastSeen', { when: format.relative(s.lastSeenAt) })}
                      {' · '}
                      {t('sessions.since', { when: format.dateTime(s.createdAt) })}
                      {s.method ? ` · ${method(s.method)}` : ''}
                      {s.ip ? ` · ${s.ip}` : ''}
                    </>
                  }
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {!all && (sessions.data?.items.length ?? 0) > shown ? (
        <Button size="small" onClick={() => setAll(true)} sx={{ mt: 1 }}>
          {t('sessions.showAll', { count: sessions.data?.items.length })}
        </Button>
      ) : null}
      <Box />
      <Button
        variant="outlined"
        color="error"
        startIcon={<LogoutOutlined />}
        onClick={() => setConfirming(true)}
        sx={{ mt: 2 }}
      >
        {t('sessions.everywhere')}
      </Button>
      <Dialog open={confirming} onClose={() => setConfirming(false)} aria-labelledby="everywhere-title">
        <DialogTitle id="everywhere-title">{t('sessions.confirmTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText>{t('sessions.confirm')}</DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>{t('cancel')}</Button>
          <Button color="error" variant="contained" disabled={busy} onClick={() => void everywhere()}>
            {t('sessions.everywhere')}
          </Button>
        </DialogActions>
      </Dialog>
    </SectionCard>
  );
}
