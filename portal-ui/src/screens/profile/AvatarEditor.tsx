import DeleteOutlineOutlined from '@mui/icons-material/DeleteOutlineOutlined';
import PhotoCameraOutlined from '@mui/icons-material/PhotoCameraOutlined';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { useApi, useSession } from '@portico/core/react';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { statusOf } from '../../errors.js';

const accepted = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'];

/** Initials of a name: "Johan Berg" → "JB". */
export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''}`.toUpperCase();
}

/** The profile picture: upload (PUT /me/avatar with the file's bytes) and remove (DELETE /me/avatar). */
export function AvatarEditor() {
  const { t } = useTranslation();
  const api = useApi();
  const { me, refresh } = useSession();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  if (!me) return null;

  async function run(action: () => Promise<unknown>) {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      await action();
      await refresh();
    } catch (err) {
      setError(err);
      const status = statusOf(err);
      setMessage(status === 413 ? t('avatar.tooLarge') : status === 422 ? t('avatar.notPicture') : undefined);
    } finally {
      setBusy(false);
    }
  }
  function chosen(file: File | undefined) {
    if (input.current) input.current.value = '';
    if (!file) return;
    if (!accepted.includes(file.type)) {
      setError(new Error(t('avatar.notPicture')));
      setMessage(t('avatar.notPicture'));
      return;
    }
    void run(() => api.upload('PUT', '/me/avatar', file));
  }

  return (
    <Box>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Avatar
          src={me.user.avatarUrl ?? undefined}
          alt={t('avatar.alt', { name: me.user.name })}
          sx={{
            width: 88,
            height: 88,
            fontSize: '2rem',
            bgcolor: 'primary.main',
            color: 'primary.contrastText',
          }}
        >
          {initials(me.user.name)}
        </Avatar>
        <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap' }}>
          <input
            ref={input}
            type="file"
            accept={accepted.join(',')}
            hidden
            onChange={(e) => chosen(e.target.files?.[0])}
          />
          <Button
            variant="outlined"
            startIcon={<PhotoCameraOutlined />}
            disabled={busy}
            onClick={() => input.current?.click()}
          >
            {me.user.avatarUrl ? t('avatar.change') : t('avatar.upload')}
          </Button>
          {me.user.avatarUrl ? (
            <Button
              color="error"
              startIcon={<DeleteOutlineOutlined />}
              disabled={busy}
              onClick={() => void run(() => api.delete('/me/avatar'))}
            >
              {t('avatar.remove')}
            </Button>
          ) : null}
        </Box>
      </Box>
      <ErrorNotice error={error} message={message} onClose={() => setError(undefined)} />
    </Box>
  );
}
