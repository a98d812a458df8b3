import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData, useHasPermission, useSession } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Greeting {
  id: number;
  message: string;
  authorName: string;
  language: string;
  welcomed: boolean;
  createdAt: string;
}

/** The organisation's guestbook: read the greetings, write one. */
export default function GreetingsPage() {
  const { t, i18n } = useTranslation('hello');
  const api = useApi();
  const { me } = useSession();
  const canWrite = useHasPermission('hello.greeting.create');
  const list = useApiData<{ items: Greeting[]; nextCursor: string | null }>('/hello/greetings?limit=50');
  const [message, setMessage] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/hello/greetings', {
        message,
        authorName: me?.user.name ?? '',
        language: i18n.language,
      });
      setMessage('');
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Stack spacing={2} sx={{ maxWidth: 760, mx: 'auto' }}>
      <Typography variant="h1">{t('greetings.title')}</Typography>
      {canWrite ? (
        <Card>
          <CardContent component="form" onSubmit={submit}>
            <Typography variant="h2" gutterBottom>
              {t('greetings.write')}
            </Typography>
            <ProblemAlert error={error} />
            <TextField
              label={t('greetings.message')}
              multiline
              minRows={2}
              required
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
            <Button type="submit" variant="contained" disabled={busy || !message.trim()}>
              {t('greetings.send')}
            </Button>
          </CardContent>
        </Card>
      ) : null}
      <ProblemAlert error={list.error} />
      {list.data?.items.length === 0 ? (
        <Typography color="text.secondary">{t('greetings.empty')}</Typography>
      ) : null}
      {list.data?.items.map((g) => (
        <Card key={g.id} component="article">
          <CardContent>
            <Typography lang={g.language}>{g.message}</Typography>
            <Typography variant="body2" color="text.secondary">
              {g.authorName} · {new Date(g.createdAt).toLocaleString(i18n.language)}
            </Typography>
            {g.welcomed ? <Chip size="small" label={t('greetings.welcomed')} sx={{ mt: 1 }} /> : null}
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}
