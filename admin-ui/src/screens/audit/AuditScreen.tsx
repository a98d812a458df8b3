import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi } from '@portico/core/react';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import type { AdminUser, AuditEntry } from '../../kit/api-types.js';
import { useCursorPages } from '../../kit/cursor-pages.js';
import { DataList, type Column } from '../../kit/DataList.js';
import { FilterBar } from '../../kit/FilterBar.js';
import { useFormat } from '../../kit/format.js';
import { useOrganizationNames, useUserNames } from '../../kit/names.js';
import { PageHeader } from '../../kit/PageHeader.js';
import { OrganizationPicker, UserPicker, type UserOption } from '../../kit/pickers.js';
import { queryOf, useFilters } from '../../kit/search-params.js';
import { auditFamilies, knownAuditTypes, targetText, useAuditTypeLabel } from './audit-text.js';

const mono = { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: '0.8rem' } as const;

/** Colour of a type by what it says: refusals and lockouts stand out. */
function typeColor(type: string): 'error' | 'warning' | 'default' {
  if (/(failed|lockout|rejected)$/.test(type)) return 'error';
  if (/(suspended|deactivated|deleted|totp-reset|totp-disabled)$/.test(type)) return 'warning';
  return 'default';
}

function Row(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {props.label}
      </Typography>
      <Typography component="dd" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {props.children}
      </Typography>
    </>
  );
}

/** Everything about one entry, with its details as JSON. */
function EntryDialog(props: {
  entry: AuditEntry | undefined;
  orgName(id: string | null): string;
  userName(id: string | null): string | undefined;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useAuditTypeLabel();
  const titleId = useId();
  const e = props.entry;
  return (
    <Dialog open={!!e} onClose={props.onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{e ? label(e.type) : ''}</DialogTitle>
      <DialogContent>
        {e ? (
          <>
            <Box
              component="dl"
              sx={{
                display: 'grid',
                gridTemplateColumns: 'max-content 1fr',
                columnGap: 2,
                rowGap: 0.75,
                m: 0,
              }}
            >
              <Row label={t('audit.type')}>
                <Box component="code" sx={mono}>
                  {e.type}
                </Box>
              </Row>
              <Row label={t('audit.time')}>{format.precise(e.at)}</Row>
              <Row label={t('audit.actor')}>
                {e.actor.userId ? (
                  <Link component={RouterLink} to={`/users/${e.actor.userId}`} underline="hover">
                    {e.actor.name ?? e.actor.email ?? e.actor.userId}
                  </Link>
                ) : (
                  t('audit.system')
                )}
                {e.actor.email && e.actor.name ? ` (${e.actor.email})` : ''}
              </Row>
              {e.actor.organizationId ? (
                <Row label={t('audit.actorOrganization')}>{props.orgName(e.actor.organizationId)}</Row>
              ) : null}
              {e.organizationId ? (
                <Row label={t('audit.organization')}>
                  <Link component={RouterLink} to={`/organizations/${e.organizationId}`} underline="hover">
                    {props.orgName(e.organizationId)}
                  </Link>
                </Row>
              ) : null}
              {e.target ? (
                <Row label={t('audit.target')}>
                  {e.target.type === 'user' && e.target.id ? (
                    <Link component={RouterLink} to={`/users/${e.target.id}`} underline="hover">
                      {props.userName(e.target.id) ?? t('audit.targetUser')}
                    </Link>
                  ) : e.target.type === 'organization' && e.target.id ? (
                    <Link component={RouterLink} to={`/organizations/${e.target.id}`} underline="hover">
                      {props.orgName(e.target.id)}
                    </Link>
                  ) : (
                    <Box component="code" sx={mono}>
                      {e.target.type}
                      {e.target.id ? `: ${e.target.id}` : ''}
                    </Box>
                  )}
                </Row>
              ) : null}
              <Row label={t('audit.ip')}>{e.ip ?? '—'}</Row>
              <Row label={t('audit.entryId')}>{e.id}</Row>
            </Box>
            <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 0.5 }}>
              {t('audit.details')}
            </Typography>
            <Box
              component="pre"
              tabIndex={0}
              aria-label={t('audit.details')}
              sx={{
                ...mono,
                m: 0,
                p: 1.5,
                bgcolor: 'action.hover',
                borderRadius: 1,
                overflow: 'auto',
                maxHeight: 320,
              }}
            >
              {JSON.stringify(e.details, null, 2)}
            </Box>
          </>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('kit.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}

/** The security audit log: who did what, when, from where; filtered, newest first, a page at a time. */
export default function AuditScreen() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormat();
  const label = useAuditTypeLabel();
  const { values, set } = useFilters(['type', 'organizationId', 'userId', 'from', 'to'] as const);
  const list = useCursorPages<AuditEntry>(`/audit${queryOf(values)}`, 50);
  const orgName = useOrganizationNames(
    (list.items ?? []).flatMap((e) => [
      e.organizationId,
      e.actor.organizationId,
      e.target?.type === 'organization' ? e.target.id : null,
    ]),
  );
  const userName = useUserNames(
    (list.items ?? []).map((e) => (e.target?.type === 'user' ? e.target.id : null)),
  );
  const [open, setOpen] = useState<AuditEntry | undefined>();
  const [user, setUser] = useState<UserOption | null>(null);
  const types = values.type ? values.type.split(',').filter(Boolean) : [];

  // A user id from the address (a link from a user's page) shows as their name.
  useEffect(() => {
    if (!values.userId) {
      setUser(null);
      return;
    }
    if (user?.id === values.userId) return;
    let live = true;
    api.get<AdminUser>(`/users/${values.userId}`).then(
      (u) => live && setUser({ id: u.id, name: u.name, email: u.email }),
      () => live && setUser({ id: values.userId, name: values.userId, email: '' }),
    );
    return () => {
      live = false;
    };
  }, [api, values.userId, user?.id]);

  const columns: Column<AuditEntry>[] = [
    {
      key: 'at',
      label: t('audit.time'),
      width: 170,
      render: (e) => (
        <Link
          component="button"
          type="button"
          underline="hover"
          onClick={() => setOpen(e)}
          sx={{ textAlign: 'left', whiteSpace: 'nowrap' }}
          aria-label={t('audit.open', { type: label(e.type), time: format.dateTime(e.at) })}
        >
          {format.dateTime(e.at)}
        </Link>
      ),
    },
    {
      key: 'type',
      label: t('audit.type'),
      render: (e) => (
        <Stack spacing={0.25} sx={{ alignItems: 'flex-start' }}>
          <Chip
            size="small"
            label={label(e.type)}
            color={typeColor(e.type)}
            variant={typeColor(e.type) === 'default' ? 'outlined' : 'filled'}
          />
          <Box component="code" sx={{ ...mono, fontSize: '0.72rem', color: 'text.secondary' }}>
            {e.type}
          </Box>
        </Stack>
      ),
    },
    {
      key: 'actor',
      label: t('audit.actor'),
      render: (e) =>
        e.actor.userId ? (
          <Stack>
            <span>{e.actor.name ?? e.actor.userId}</span>
            <Typography variant="body2" color="text.secondary">
              {e.actor.email}
            </Typography>
          </Stack>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('audit.system')}
          </Typography>
        ),
    },
    {
      key: 'target',
      label: t('audit.target'),
      from: 'sm',
      render: (e) => {
        const text = targetText(e.target, e.details, userName, orgName);
        if (e.target?.type === 'user' && e.target.id && text)
          return (
            <Link component={RouterLink} to={`/users/${e.target.id}`} underline="hover">
              {text}
            </Link>
          );
        if (text) return text;
        return e.target ? (
          <Box component="span" sx={{ ...mono, color: 'text.secondary' }}>
            {e.target.type}
          </Box>
        ) : (
          '—'
        );
      },
    },
    {
      key: 'org',
      label: t('audit.organization'),
      from: 'md',
      render: (e) => (e.organizationId ? orgName(e.organizationId) : '—'),
    },
    {
      key: 'ip',
      label: t('audit.ip'),
      from: 'lg',
      render: (e) => (
        <Box component="span" sx={mono}>
          {e.ip ?? '—'}
        </Box>
      ),
    },
  ];

  const typeOptions = [...auditFamilies, ...knownAuditTypes];
  const filtered = Object.values(values).some(Boolean);
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <FilterBar
        label={t('audit.filters')}
        active={
          [values.type, values.organizationId, values.userId, values.from, values.to].filter(Boolean).length
        }
      >
        <Autocomplete<string, true, false, true>
          multiple
          freeSolo
          size="small"
          options={typeOptions}
          value={types}
          onChange={(_e, v) =>
            set({
              type: v
                .map((x) => x.trim())
                .filter(Boolean)
                .join(','),
            })
          }
          getOptionLabel={(o) => o}
          renderOption={(liProps, o) => (
            <li {...liProps} key={o}>
              <Stack>
                <span>{label(o)}</span>
                <Box component="code" sx={{ ...mono, fontSize: '0.72rem', color: 'text.secondary' }}>
                  {o}
                </Box>
              </Stack>
            </li>
          )}
          renderValue={(v, getItemProps) =>
            v.map((o, index) => {
              const { key, ...itemProps } = getItemProps({ index });
              return <Chip key={key} size="small" label={o} {...itemProps} />;
            })
          }
          sx={{ minWidth: 220, flexGrow: { xs: 1, lg: 0 }, maxWidth: { lg: 420 } }}
          renderInput={(params) => (
            <TextField
              {...params}
              margin="none"
              fullWidth
              label={t('audit.typeFilter')}
              placeholder={types.length ? '' : 'auth.*'}
            />
          )}
        />
        <OrganizationPicker
          label={t('audit.organization')}
          value={values.organizationId || null}
          onChange={(o) => set({ organizationId: o?.id ?? '' })}
        />
        <Box sx={{ minWidth: 200, flexGrow: { xs: 1, lg: 0 }, display: 'flex' }}>
          <UserPicker
            label={t('audit.user')}
            value={user}
            onChange={(u) => {
              setUser(u);
              set({ userId: u?.id ?? '' });
            }}
          />
        </Box>
        <TextField
          type="date"
          size="small"
          margin="none"
          fullWidth={false}
          label={t('audit.from')}
          value={values.from}
          onChange={(e) => set({ from: e.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { max: values.to || undefined } }}
          sx={{ flexGrow: { xs: 1, lg: 0 } }}
        />
        <TextField
          type="date"
          size="small"
          margin="none"
          fullWidth={false}
          label={t('audit.to')}
          value={values.to}
          onChange={(e) => set({ to: e.target.value })}
          slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: values.from || undefined } }}
          sx={{ flexGrow: { xs: 1, lg: 0 } }}
        />
        {filtered ? (
          <Button onClick={() => set({ type: '', organizationId: '', userId: '', from: '', to: '' })}>
            {t('audit.clear')}
          </Button>
        ) : null}
      </FilterBar>
      <ProblemAlert error={list.error} />
      <DataList
        label={t('audit.title')}
        items={list.items}
        loading={list.loading}
        columns={columns}
        rowKey={(e) => String(e.id)}
        onOpen={(e: AuditEntry) => setOpen(e)}
        paging={list}
        empty={filtered ? t('audit.noneMatch') : t('audit.none')}
        card={(e) => (
          <Stack spacing={0.5}>
            <Stack direction="row" spacing={1} sx={{ justifyContent: 'space-between', alignItems: 'center' }}>
              <Chip
                size="small"
                label={label(e.type)}
                color={typeColor(e.type)}
                variant={typeColor(e.type) === 'default' ? 'outlined' : 'filled'}
              />
              <Typography variant="body2" color="text.secondary">
                {format.dateTime(e.at)}
              </Typography>
            </Stack>
            <Typography variant="body2">
              {[
                e.actor.userId ? (e.actor.name ?? e.actor.email) : t('audit.system'),
                e.actor.userId !== e.target?.id ? targetText(e.target, e.details, userName, orgName) : null,
                e.organizationId ? orgName(e.organizationId) : null,
                e.ip,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Typography>
          </Stack>
        )}
      />
      <EntryDialog
        entry={open}
        orgName={(id) => orgName(id)}
        userName={(id) => userName(id)}
        onClose={() => setOpen(undefined)}
      />
    </>
  );
}
