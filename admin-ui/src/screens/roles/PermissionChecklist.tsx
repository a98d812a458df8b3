import CheckOutlined from '@mui/icons-material/CheckOutlined';
import Box from '@mui/material/Box';
import Checkbox from '@mui/material/Checkbox';
import FormControlLabel from '@mui/material/FormControlLabel';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../kit/api-types.js';
import { useFormat } from '../../kit/format.js';

/** Why a permission cannot be ticked, or undefined when it can. */
export type PermissionLock = (p: Permission) => string | undefined;

/** The permission catalog grouped by the plugin that declares it, as checkboxes. */
export function PermissionChecklist(props: {
  permissions: Permission[];
  value: string[];
  onChange(keys: string[]): void;
  /** Read-only (a built-in role). */
  readOnly?: boolean;
  lock: PermissionLock;
  errors: Record<string, string>;
}) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const owners = [...new Set(props.permissions.map((p) => p.owner))].sort((a, b) =>
    a === 'core' ? -1 : b === 'core' ? 1 : a.localeCompare(b),
  );
  const ownerName = (owner: string) => {
    const key = `roles.owners.${owner}`;
    return i18n.exists(key) ? t(key) : t('roles.pluginOwner', { id: owner });
  };
  const set = (keys: string[], on: boolean) => {
    const rest = props.value.filter((k) => !keys.includes(k));
    props.onChange(on ? [...rest, ...keys] : rest);
  };
  const errorAt = (key: string) => {
    const i = props.value.indexOf(key);
    return i >= 0 ? props.errors[`/permissions/${i}`] : undefined;
  };

  if (props.readOnly) {
    // A role that cannot change: what it gives, in full contrast, rather than greyed-out boxes.
    const held = owners.filter((o) =>
      props.permissions.some((p) => p.owner === o && props.value.includes(p.key)),
    );
    if (!held.length) return <Typography color="text.secondary">{t('roles.noPermissions')}</Typography>;
    return (
      <Stack spacing={2}>
        {held.map((owner) => (
          <Box component="section" key={owner} aria-labelledby={`perm-owner-${owner}`}>
            <Typography
              id={`perm-owner-${owner}`}
              variant="subtitle1"
              component="h3"
              sx={{ fontWeight: 600 }}
            >
              {ownerName(owner)}
            </Typography>
            <Box
              component="ul"
              sx={{
                m: 0,
                pl: 0,
                listStyle: 'none',
                display: 'grid',
                gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
                columnGap: 2,
              }}
            >
              {props.permissions
                .filter((p) => p.owner === owner && props.value.includes(p.key))
                .map((p) => (
                  <Box component="li" key={p.key} sx={{ display: 'flex', gap: 1, py: 0.75 }}>
                    <CheckOutlined fontSize="small" color="success" aria-hidden sx={{ mt: 0.25 }} />
                    <span>
                      {format.translated(p.description, p.key)}
                      <Typography
                        component="span"
                        variant="body2"
                        color="text.secondary"
                        sx={{ display: 'block' }}
                      >
                        <Box component="code" sx={{ fontSize: '0.8rem' }}>
                          {p.key}
                        </Box>
                      </Typography>
                    </span>
                  </Box>
                ))}
            </Box>
          </Box>
        ))}
      </Stack>
    );
  }

  return (
    <Stack spacing={2}>
      {owners.map((owner) => {
        const list = props.permissions.filter((p) => p.owner === owner);
        const free = list.filter((p) => !props.lock(p));
        const ticked = list.filter((p) => props.value.includes(p.key));
        const headingId = `perm-owner-${owner}`;
        return (
          <Paper
            key={owner}
            variant="outlined"
            component="section"
            sx={{ minWidth: 0 }}
            aria-labelledby={headingId}
          >
            <Box
              sx={{ px: 2, py: 0.5, bgcolor: 'action.hover', display: 'flex', alignItems: 'center', gap: 1 }}
            >
              {props.readOnly ? null : (
                <Checkbox
                  checked={free.length > 0 && free.every((p) => props.value.includes(p.key))}
                  indeterminate={ticked.length > 0 && !free.every((p) => props.value.includes(p.key))}
                  disabled={!free.length}
                  onChange={(e) =>
                    set(
                      free.map((p) => p.key),
                      e.target.checked,
                    )
                  }
                  slotProps={{ input: { 'aria-label': t('roles.allOf', { owner: ownerName(owner) }) } }}
                  sx={{ ml: -1 }}
                />
              )}
              <Typography
                id={headingId}
                variant="subtitle1"
                component="h3"
                sx={{ fontWeight: 600, py: 0.75 }}
              >
                {ownerName(owner)}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ ml: 'auto' }}>
                {t('roles.ticked', { count: ticked.length, total: list.length })}
              </Typography>
            </Box>
            <Box
              sx={{
                display: 'grid',
                gridTemplateColumns: { xs: '1fr', lg: '1fr 1fr' },
                columnGap: 2,
                px: 2,
                py: 1,
              }}
            >
              {list.map((p) => {
                const lock = props.lock(p);
                const error = errorAt(p.key);
                return (
                  <FormControlLabel
                    key={p.key}
                    sx={{ alignItems: 'flex-start', my: 0.5, mr: 0 }}
                    control={
                      <Checkbox
                        checked={props.value.includes(p.key)}
                        disabled={props.readOnly || !!lock}
                        onChange={(e) => set([p.key], e.target.checked)}
                        sx={{ mt: -0.75 }}
                      />
                    }
                    label={
                      <span>
                        {format.translated(p.description, p.key)}
                        <Typography
                          component="span"
                          variant="body2"
                          color="text.secondary"
                          sx={{ display: 'block' }}
                        >
                          <Box component="code" sx={{ fontSize: '0.8rem' }}>
                            {p.key}
                          </Box>
                          {lock ? ` · ${lock}` : p.providerOnly ? ` · ${t('roles.staffOnly')}` : ''}
                        </Typography>
                        {error ? (
                          <Typography
                            component="span"
                            variant="body2"
                            color="error"
                            sx={{ display: 'block' }}
                          >
                            {error}
                          </Typography>
                        ) : null}
                      </span>
                    }
                  />
                );
              })}
            </Box>
          </Paper>
        );
      })}
    </Stack>
  );
}
