import CheckCircleOutlined from '@mui/icons-material/CheckCircleOutlined';
import EditOutlined from '@mui/icons-material/EditOutlined';
import ErrorOutlineOutlined from '@mui/icons-material/ErrorOutlineOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import LockOutlined from '@mui/icons-material/LockOutlined';
import PublicOutlined from '@mui/icons-material/PublicOutlined';
import TuneOutlined from '@mui/icons-material/TuneOutlined';
import WarningAmberOutlined from '@mui/icons-material/WarningAmberOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Collapse from '@mui/material/Collapse';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { holdsPermission, ProblemAlert, useApiData, useSession } from '@portico/core/react';
import { Fragment, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@portico/core/react';
import type { GroupSummary, PluginInfo } from './plugin-types.js';
import { RolloutDialog } from './RolloutDialog.js';

/** Running, degraded (events failing) or failed to start, with what went wrong. */
function Health(props: { plugin: PluginInfo }) {
  const { t } = useTranslation();
  const { plugin } = props;
  const { health } = plugin;
  const chip =
    health.status === 'failed' ? (
      <Chip size="small" color="error" icon={<ErrorOutlineOutlined />} label={t('plugins.health.failed')} />
    ) : health.status === 'degraded' ? (
      <Chip
        size="small"
        color="warning"
        icon={<WarningAmberOutlined />}
        label={t('plugins.health.degraded')}
      />
    ) : (
      <Chip
        size="small"
        color="success"
        variant="outlined"
        icon={<CheckCircleOutlined />}
        label={t('plugins.health.ok')}
      />
    );
  return (
    <Stack spacing={0.5} sx={{ alignItems: 'flex-start', minWidth: 0 }}>
      {chip}
      {health.status === 'failed' && plugin.error ? (
        <Typography variant="body2" color="error" sx={{ overflowWrap: 'anywhere' }}>
          {plugin.error}
        </Typography>
      ) : null}
      {health.status === 'degraded' ? (
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
          {t('plugins.health.events', { failed: health.failedEvents, retrying: health.retryingEvents })}
          {health.lastError ? ` ${t('plugins.health.lastError', { error: health.lastError })}` : ''}
        </Typography>
      ) : null}
    </Stack>
  );
}

/** Who may use the plugin: everyone, or the access groups of its pilot. */
function Audience(props: { plugin: PluginInfo; groups: GroupSummary[] | undefined }) {
  const { t } = useTranslation();
  const { rollout } = props.plugin;
  if (rollout.everyone)
    return <Chip size="small" icon={<PublicOutlined />} label={t('plugins.audience.everyone')} />;
  if (!rollout.groups.length)
    return (
      <Chip size="small" color="warning" icon={<LockOutlined />} label={t('plugins.audience.staffOnly')} />
    );
  const name = (key: string) => props.groups?.find((g) => g.key === key)?.name ?? key;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {rollout.groups.map((key) =>
        rollout.unknownGroups.includes(key) ? (
          <Chip
            key={key}
            size="small"
            color="warning"
            variant="outlined"
            label={t('plugins.audience.gone', { key })}
          />
        ) : (
          <Chip
            key={key}
            size="small"
            color="primary"
            variant="outlined"
            icon={<GroupsOutlined />}
            label={name(key)}
          />
        ),
      )}
    </Stack>
  );
}

function Permissions(props: { plugin: PluginInfo }) {
  const { t } = useTranslation();
  if (!props.plugin.permissions.length)
    return (
      <Typography variant="body2" color="text.secondary">
        {t('plugins.permissions.none')}
      </Typography>
    );
  return (
    <Box component="ul" sx={{ m: 0, pl: 2.5 }}>
      {props.plugin.permissions.map((p) => (
        <Typography component="li" variant="body2" key={p.key} sx={{ mb: 0.5 }}>
          <Box component="code" sx={{ fontSize: '0.85em' }}>
            {p.key}
          </Box>{' '}
          · {p.description}
          {p.providerOnly ? ` · ${t('plugins.permissions.staff')}` : ''}
        </Typography>
      ))}
    </Box>
  );
}

function Actions(props: { plugin: PluginInfo; canManage: boolean; onRollout(): void }) {
  const { t } = useTranslation();
  const { plugin } = props;
  return (
    <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', justifyContent: 'flex-end' }}>
      {props.canManage ? (
        <Button
          size="small"
          variant="outlined"
          startIcon={<EditOutlined />}
          onClick={props.onRollout}
          aria-label={t('plugins.rollout.editFor', { name: plugin.displayName })}
        >
          {t('plugins.rollout.edit')}
        </Button>
      ) : null}
      {plugin.hasSettings ? (
        <Button
          size="small"
          component={Link}
          to={`/plugins/${plugin.id}/settings`}
          startIcon={<TuneOutlined />}
          aria-label={t('plugins.settingsFor', { name: plugin.displayName })}
        >
          {t('plugins.settings')}
        </Button>
      ) : null}
    </Stack>
  );
}

function Title(props: { plugin: PluginInfo; component?: 'h2' | 'span' }) {
  const { plugin } = props;
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography component={props.component ?? 'span'} variant="subtitle1" sx={{ fontWeight: 700 }}>
        {plugin.displayName}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {plugin.description}
      </Typography>
      <Typography variant="caption" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
        {plugin.package}
      </Typography>
    </Box>
  );
}

/** The plugins: what runs, in which version, how it is doing, and who may use it (pilot rollout). */
export default function PluginsScreen() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const canManage = holdsPermission(me, 'core.plugin.manage');
  const plugins = useApiData<{ items: PluginInfo[] }>(`/plugins?lang=${i18n.language}`);
  const groups = useApiData<{ items: GroupSummary[] }>(
    holdsPermission(me, 'core.group.read') ? '/groups?limit=200' : null,
  );
  const [editing, setEditing] = useState<PluginInfo>();
  const [open, setOpen] = useState<Record<string, boolean>>({});
  const [notice, setNotice] = useState<string>();
  const baseId = useId();

  if (plugins.error && !plugins.data) return <ProblemAlert error={plugins.error} />;
  if (!plugins.data) return <Loading />;
  const items = plugins.data.items;
  const toggle = (id: string) => setOpen((o) => ({ ...o, [id]: !o[id] }));
  const permissionsButton = (p: PluginInfo) => (
    <Button
      size="small"
      onClick={() => toggle(p.id)}
      aria-expanded={!!open[p.id]}
      aria-controls={`${baseId}-${p.id}-permissions`}
      sx={{ ml: -0.5 }}
    >
      {t('plugins.permissions.toggle', { count: p.permissions.length })}
    </Button>
  );

  return (
    <>
      <Box component="header" sx={{ mb: 2 }}>
        <Typography variant="h1">{t('plugins.title')}</Typography>
        <Typography color="text.secondary" sx={{ mt: 0.5, maxWidth: 760 }}>
          {t('plugins.intro')}
        </Typography>
      </Box>
      {notice ? (
        <Alert severity="success" role="status" onClose={() => setNotice(undefined)} sx={{ mb: 2 }}>
          {notice}
        </Alert>
      ) : null}
      {!items.length ? <Alert severity="info">{t('plugins.none')}</Alert> : null}
      {wide && items.length ? (
        <TableContainer component={Paper} variant="outlined">
          <Table aria-label={t('plugins.title')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('plugins.columns.plugin')}</TableCell>
                <TableCell>{t('plugins.columns.version')}</TableCell>
                <TableCell>{t('plugins.columns.status')}</TableCell>
                <TableCell>{t('plugins.columns.audience')}</TableCell>
                <TableCell align="right">
                  <Box component="span" sx={visuallyHidden}>
                    {t('plugins.columns.actions')}
                  </Box>
                </TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {items.map((p) => (
                <Fragment key={p.id}>
                  <TableRow
                    sx={{ '& > td': { borderBottom: open[p.id] ? 0 : undefined, verticalAlign: 'top' } }}
                  >
                    <TableCell sx={{ maxWidth: 360 }}>
                      <Title plugin={p} />
                      <Box>{permissionsButton(p)}</Box>
                    </TableCell>
                    <TableCell>
                      <Box component="code">{p.version}</Box>
                    </TableCell>
                    <TableCell sx={{ maxWidth: 280 }}>
                      <Health plugin={p} />
                    </TableCell>
                    <TableCell sx={{ maxWidth: 280 }}>
                      <Audience plugin={p} groups={groups.data?.items} />
                    </TableCell>
                    <TableCell align="right">
                      <Actions plugin={p} canManage={canManage} onRollout={() => setEditing(p)} />
                    </TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell colSpan={5} sx={{ py: 0, borderBottom: open[p.id] ? undefined : 0 }}>
                      <Collapse in={!!open[p.id]} unmountOnExit>
                        <Box id={`${baseId}-${p.id}-permissions`} sx={{ py: 1.5 }}>
                          <Permissions plugin={p} />
                        </Box>
                      </Collapse>
                    </TableCell>
                  </TableRow>
                </Fragment>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      ) : null}
      {!wide ? (
        <Stack spacing={1.5}>
          {items.map((p) => (
            <Card key={p.id} component="article">
              <CardContent sx={{ pb: 1 }}>
                <Stack
                  direction="row"
                  spacing={1}
                  sx={{ justifyContent: 'space-between', alignItems: 'flex-start' }}
                >
                  <Title plugin={p} component="h2" />
                  <Box component="code" sx={{ flexShrink: 0, fontSize: '0.85em', mt: 0.5 }}>
                    {p.version}
                  </Box>
                </Stack>
                <Box sx={{ mt: 1.5 }}>
                  <Health plugin={p} />
                </Box>
                <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5, mb: 0.5 }}>
                  {t('plugins.columns.audience')}
                </Typography>
                <Audience plugin={p} groups={groups.data?.items} />
                <Box sx={{ mt: 1 }}>{permissionsButton(p)}</Box>
                <Collapse in={!!open[p.id]} unmountOnExit>
                  <Box id={`${baseId}-${p.id}-permissions`} sx={{ pt: 1 }}>
                    <Permissions plugin={p} />
                  </Box>
                </Collapse>
              </CardContent>
              <CardActions sx={{ px: 2, pb: 2, justifyContent: 'flex-end' }}>
                <Actions plugin={p} canManage={canManage} onRollout={() => setEditing(p)} />
              </CardActions>
            </Card>
          ))}
        </Stack>
      ) : null}
      {editing ? (
        <RolloutDialog
          plugin={editing}
          groups={groups.data?.items}
          groupsError={groups.error}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setNotice(t('plugins.rollout.saved', { name: editing.displayName }));
            setEditing(undefined);
            plugins.reload();
          }}
        />
      ) : null}
    </>
  );
}

/** Read out, not shown (sx would take 1 as 100%, hence the units). */
const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  margin: '-1px',
  padding: 0,
  border: 0,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;
