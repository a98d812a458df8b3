import AddOutlined from '@mui/icons-material/AddOutlined';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ApiError, Loading, ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { formKinds, type FormKind } from '../shared/types.js';
import { formatDate, Header, pick, StatusChip } from './parts.js';
import type { DefinitionSummary } from './types.js';

const keyPattern = /^[a-z][a-z0-9-]{1,62}$/;
const reserved = new Set(['submissions', 'files', 'my', 'routines', 'custom-fields']);

function CreateDialog(props: { structures: boolean; onClose(): void }) {
  const { t } = useTranslation('forms');
  const api = useApi();
  const boot = useBoot();
  const navigate = useNavigate();
  const [kind, setKind] = useState<FormKind>(props.structures ? 'structure' : 'form');
  const [title, setTitle] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const keyFrom = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .replace(/^[^a-z]+/, '')
      .slice(0, 63);
  const keyProblem = !key
    ? undefined
    : !keyPattern.test(key)
      ? t('admin.create.keyInvalid')
      : reserved.has(key)
        ? t('admin.create.keyReserved')
        : undefined;
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await api.post('/forms', {
        key,
        kind,
        title: { [boot.defaultLanguage]: title.trim() },
        schema: { type: 'object', properties: {} },
        uiSchema: {},
        translations: {},
        defaultLanguage: boot.defaultLanguage,
      });
      navigate(`/forms/${key}`);
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="xs">
      <DialogTitle>
        {props.structures ? t('admin.create.titleStructure') : t('admin.create.title')}
      </DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <ProblemAlert error={error} />
          <TextField
            label={t('admin.create.name')}
            value={title}
            autoFocus
            required
            onChange={(e) => {
              setTitle(e.target.value);
              if (!keyTouched) setKey(keyFrom(e.target.value));
            }}
            error={!!errors['/title']}
            helperText={errors['/title']}
          />
          <TextField
            label={t('admin.create.key')}
            value={key}
            required
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
            error={!!keyProblem || !!errors['/key']}
            helperText={keyProblem ?? errors['/key'] ?? t('admin.create.keyHelp')}
          />
          {props.structures ? null : (
            <TextField
              select
              label={t('admin.create.kind')}
              value={kind}
              onChange={(e) => setKind(e.target.value as FormKind)}
            >
              {formKinds
                .filter((k) => k !== 'structure')
                .map((k) => (
                  <MenuItem key={k} value={k}>
                    {t(`admin.kind.${k}`)}
                  </MenuItem>
                ))}
            </TextField>
          )}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('builder.cancel')}</Button>
        <Button
          variant="contained"
          onClick={() => void create()}
          disabled={busy || !title.trim() || !key || !!keyProblem}
        >
          {t('admin.create.submit')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

/** /forms and /structures: every definition with its kind, status and published version. */
export default function DefinitionsPage() {
  const { t, i18n } = useTranslation('forms');
  const boot = useBoot();
  const structures = useLocation().pathname.startsWith('/structures');
  const [kind, setKind] = useState<FormKind | ''>('');
  const path = structures ? '/forms?kind=structure' : kind ? `/forms?kind=${kind}` : '/forms';
  const { data, error, loading } = useApiData<DefinitionSummary[] | { items: DefinitionSummary[] }>(path);
  const [creating, setCreating] = useState(false);
  const items = (Array.isArray(data) ? data : (data?.items ?? [])).filter((d) =>
    structures ? d.kind === 'structure' : d.kind !== 'structure',
  );
  return (
    <>
      <Header
        title={structures ? t('admin.structures.title') : t('admin.list.title')}
        subtitle={structures ? t('admin.structures.intro') : t('admin.list.intro')}
        actions={
          <Button variant="contained" startIcon={<AddOutlined />} onClick={() => setCreating(true)}>
            {structures ? t('admin.structures.new') : t('admin.list.new')}
          </Button>
        }
      />
      {structures ? null : (
        <TextField
          select
          size="small"
          label={t('admin.list.kind')}
          value={kind}
          onChange={(e) => setKind(e.target.value as FormKind | '')}
          sx={{ minWidth: 200, mb: 2 }}
        >
          <MenuItem value="">{t('admin.list.allKinds')}</MenuItem>
          {formKinds
            .filter((k) => k !== 'structure')
            .map((k) => (
              <MenuItem key={k} value={k}>
                {t(`admin.kind.${k}`)}
              </MenuItem>
            ))}
        </TextField>
      )}
      <ProblemAlert error={error} />
      {loading && !data ? (
        <Loading />
      ) : items.length === 0 ? (
        <Alert severity="info">{structures ? t('admin.structures.empty') : t('admin.list.empty')}</Alert>
      ) : (
        <TableContainer>
          <Table aria-label={structures ? t('admin.structures.title') : t('admin.list.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('admin.list.name')}</TableCell>
                {structures ? null : <TableCell>{t('admin.list.kind')}</TableCell>}
                <TableCell>{t('admin.list.status')}</TableCell>
                <TableCell>{t('admin.list.version')}</TableCell>
                <TableCell>{t('admin.list.updated')}</TableCell>
                <TableCell>{t('admin.list.more')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((d) => (
                <TableRow key={d.key} data-form={d.key}>
                  <TableCell>
                    <Link component={RouterLink} to={`/forms/${d.key}`} sx={{ fontWeight: 500 }}>
                      {pick(d.title, i18n.language, boot.defaultLanguage) || d.key}
                    </Link>
                    <Typography variant="caption" color="text.secondary" component="div">
                      {d.key}
                    </Typography>
                  </TableCell>
                  {structures ? null : <TableCell>{t(`admin.kind.${d.kind}`)}</TableCell>}
                  <TableCell>
                    <Stack direction="row" spacing={0.5}>
                      <StatusChip status={d.status} />
                      {d.hasDraft && d.status !== 'draft' ? <StatusChip status="draft" /> : null}
                    </Stack>
                  </TableCell>
                  <TableCell>{d.publishedVersion ?? '—'}</TableCell>
                  <TableCell>{formatDate(d.updatedAt, i18n.language)}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={1}>
                      <Link component={RouterLink} to={`/forms/${d.key}/versions`}>
                        {t('admin.list.versions')}
                      </Link>
                      {d.kind === 'structure' ? (
                        <Link component={RouterLink} to={`/structures/${d.key}/records`}>
                          {t('admin.list.records')}
                        </Link>
                      ) : (
                        <>
                          <Link component={RouterLink} to={`/forms/${d.key}/submissions`}>
                            {t('admin.list.submissions')}
                          </Link>
                          <Link component={RouterLink} to={`/forms/${d.key}/routines`}>
                            {t('admin.list.routines')}
                          </Link>
                        </>
                      )}
                    </Stack>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {creating ? <CreateDialog structures={structures} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
