import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData, useHasPermission } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

interface Greeting {
  id: number;
  organizationId: string | null;
  message: string;
  authorName: string;
  language: string;
  welcomed: boolean;
  createdAt: string;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The greetings of every organisation, for the supplier's moderators: the reference example of
 * an admin page. The same API as the portal's page answers every organisation's greetings here,
 * because the supplier's staff holding hello.greeting.delete see them all (core's
 * organizationWhere decides that on the server, not this page).
 */
export default function GreetingsAdminPage() {
  const { t, i18n } = useTranslation('hello');
  const api = useApi();
  const canDelete = useHasPermission('hello.greeting.delete');
  const [cursor, setCursor] = useState<string | null>(null);
  const list = useApiData<Page<Greeting>>(`/hello/greetings?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
  // Organisation names from core's API; a greeting shows its organisation's id until they arrive.
  const organizations = useApiData<Page<{ id: string; name: string }>>('/organizations?limit=200');
  const nameOf = (id: string | null) =>
    (id && organizations.data?.items.find((o) => o.id === id)?.name) ?? id ?? t('admin.noOrganization');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<number>();

  async function remove(g: Greeting) {
    if (!window.confirm(t('admin.confirmDelete', { message: g.message }))) return;
    setBusy(g.id);
    setError(undefined);
    try {
      await api.delete(`/hello/greetings/${g.id}`);
      list.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  }

  return (
    <Stack spacing={2} sx={{ maxWidth: 1100 }}>
      <Typography variant="h1">{t('admin.title')}</Typography>
      <Typography color="text.secondary">{t('admin.intro')}</Typography>
      <ProblemAlert error={error ?? list.error} />
      <Paper variant="outlined" sx={{ overflowX: 'auto' }}>
        <Table>
          <TableHead>
            <TableRow>
              <TableCell scope="col">{t('admin.message')}</TableCell>
              <TableCell scope="col">{t('admin.organization')}</TableCell>
              <TableCell scope="col">{t('admin.author')}</TableCell>
              <TableCell scope="col">{t('admin.written')}</TableCell>
              {canDelete ? (
                <TableCell scope="col" align="right">
                  {t('admin.actions')}
                </TableCell>
              ) : null}
            </TableRow>
          </TableHead>
          <TableBody>
            {list.data?.items.map((g) => (
              <TableRow key={g.id}>
                <TableCell lang={g.language}>
                  {g.message}
                  {g.welcomed ? <Chip size="small" label={t('greetings.welcomed')} sx={{ ml: 1 }} /> : null}
                </TableCell>
                <TableCell>{nameOf(g.organizationId)}</TableCell>
                <TableCell>{g.authorName}</TableCell>
                <TableCell>{new Date(g.createdAt).toLocaleString(i18n.language)}</TableCell>
                {canDelete ? (
                  <TableCell align="right">
                    <IconButton
                      aria-label={t('admin.delete', { message: g.message })}
                      onClick={() => void remove(g)}
                      disabled={busy === g.id}
                    >
                      <DeleteOutlined />
                    </IconButton>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
            {list.data?.items.length === 0 ? (
              <TableRow>
                <TableCell colSpan={5}>{t('greetings.empty')}</TableCell>
              </TableRow>
            ) : null}
          </TableBody>
        </Table>
      </Paper>
      <Stack direction="row" spacing={1}>
        {cursor ? <Button onClick={() => setCursor(null)}>{t('admin.first')}</Button> : null}
        {list.data?.nextCursor ? (
          <Button variant="outlined" onClick={() => setCursor(list.data!.nextCursor)}>
            {t('admin.next')}
          </Button>
        ) : null}
      </Stack>
    </Stack>
  );
}
