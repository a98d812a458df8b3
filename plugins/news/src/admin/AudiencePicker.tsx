import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useApiData, useBoot } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../portal/format.js';
import type { Audience } from './types.js';

interface Option {
  value: string;
  label: string;
}

interface Page<T> {
  items: T[];
}

function MultiPicker(props: {
  label: string;
  help: string;
  options: Option[];
  value: string[];
  onChange(next: string[]): void;
  loading?: boolean;
}) {
  // Values the lists do not know (a deleted group, say) stay visible, by their key.
  const byValue = new Map(props.options.map((o) => [o.value, o]));
  const selected = props.value.map((v) => byValue.get(v) ?? { value: v, label: v });
  return (
    <Autocomplete
      multiple
      options={props.options}
      value={selected}
      loading={props.loading}
      getOptionLabel={(o) => o.label}
      isOptionEqualToValue={(a, b) => a.value === b.value}
      onChange={(_e, next) => props.onChange(next.map((o) => o.value))}
      renderInput={(params) => (
        <TextField {...params} label={props.label} helperText={props.help} margin="dense" />
      )}
    />
  );
}

/**
 * Who an article is for: access groups, organisations, roles and languages. A reader must match
 * every dimension that is set; nothing set is everyone. Groups and organisations come from core's
 * API, roles from news's (editors do not administer users).
 */
export function AudiencePicker(props: { value: Audience; onChange(next: Audience): void }) {
  const { t, i18n } = useTranslation('news');
  const boot = useBoot();
  const groups = useApiData<Page<{ key: string; name: string }>>('/groups?limit=200');
  const organizations =
    useApiData<Page<{ id: string; name: string; kind: string }>>('/organizations?limit=200');
  const roles = useApiData<Page<{ key: string; name: Record<string, string> }>>('/news/admin/roles');
  const { value, onChange } = props;
  const set = (key: keyof Audience) => (next: string[]) => onChange({ ...value, [key]: next });
  const nameOf = (name: Record<string, string>, key: string) => name[i18n.language] ?? name.en ?? key;
  const everyone = !['groups', 'organizations', 'roles', 'languages'].some(
    (k) => (value[k as keyof Audience] ?? []).length > 0,
  );
  return (
    <Stack spacing={0.5}>
      <Alert severity={everyone ? 'info' : 'success'} variant="outlined" sx={{ mb: 1 }}>
        {everyone ? t('admin.audience.everyone') : t('admin.audience.rule')}
      </Alert>
      <MultiPicker
        label={t('admin.audience.groups')}
        help={t('admin.audience.groupsHelp')}
        loading={groups.loading}
        options={(groups.data?.items ?? []).map((g) => ({ value: g.key, label: g.name }))}
        value={value.groups ?? []}
        onChange={set('groups')}
      />
      <MultiPicker
        label={t('admin.audience.organizations')}
        help={t('admin.audience.organizationsHelp')}
        loading={organizations.loading}
        options={(organizations.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
        value={value.organizations ?? []}
        onChange={set('organizations')}
      />
      <MultiPicker
        label={t('admin.audience.roles')}
        help={t('admin.audience.rolesHelp')}
        loading={roles.loading}
        options={(roles.data?.items ?? []).map((r) => ({ value: r.key, label: nameOf(r.name, r.key) }))}
        value={value.roles ?? []}
        onChange={set('roles')}
      />
      <MultiPicker
        label={t('admin.audience.languages')}
        help={t('admin.audience.languagesHelp')}
        options={boot.languages.map((l) => ({ value: l, label: languageName(l, i18n.language) }))}
        value={value.languages ?? []}
        onChange={set('languages')}
      />
      {groups.error || organizations.error || roles.error ? (
        <Typography variant="body2" color="error">
          {t('admin.audience.loadFailed')}
        </Typography>
      ) : null}
    </Stack>
  );
}
