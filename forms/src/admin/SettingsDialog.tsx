import Autocomplete from '@mui/material/Autocomplete';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ApiError, ProblemAlert, useApi, useApiData, useBoot } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../react/builder/TranslationsTab.js';
import type { Definition, Page } from './types.js';
import { useOrganizations } from './use-pages.js';

const statusPattern = /^[a-z][a-z0-9-]{0,31}$/;

/** What is not versioned: the titles and descriptions per language, who may fill it, the statuses. */
export function SettingsDialog(props: { definition: Definition; onClose(): void; onSaved(): void }) {
  const { t, i18n } = useTranslation('forms');
  const api = useApi();
  const boot = useBoot();
  const d = props.definition;
  const [title, setTitle] = useState<Record<string, string>>({ ...d.title });
  const [description, setDescription] = useState<Record<string, string>>({ ...(d.description ?? {}) });
  const [groups, setGroups] = useState<string[]>(d.access.groups ?? []);
  const [organizations, setOrganizations] = useState<string[]>(d.access.organizations ?? []);
  const [statuses, setStatuses] = useState<string[]>(d.statuses);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const groupList = useApiData<Page<{ key: string; name: string }>>('/groups?limit=200');
  const orgs = useOrganizations();
  const compact = (m: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(m)
        .filter(([, v]) => v.trim())
        .map(([k, v]) => [k, v.trim()]),
    );
  const badStatus = statuses.find((s) => !statusPattern.test(s));
  const save = async () => {
    setError(undefined);
    setErrors({});
    try {
      await api.patch(`/forms/${d.key}`, {
        title: compact(title),
        description: compact(description),
        access: { groups, organizations },
        statuses,
      });
      props.onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(err.fieldErrors());
      setError(err);
    }
  };
  const languages = [boot.defaultLanguage, ...boot.languages.filter((l) => l !== boot.defaultLanguage)];
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm">
      <DialogTitle>{t('admin.settings.title')}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <ProblemAlert error={error} />
          {languages.map((l) => (
            <Stack key={l} spacing={1} lang={l}>
              <TextField
                label={t('admin.settings.name', { language: languageName(l, i18n.language) })}
                value={title[l] ?? ''}
                required={l === boot.defaultLanguage}
                onChange={(e) => setTitle({ ...title, [l]: e.target.value })}
                error={!!errors['/title']}
                helperText={errors['/title']}
              />
              <TextField
                label={t('admin.settings.description', { language: languageName(l, i18n.language) })}
                value={description[l] ?? ''}
                multiline
                minRows={2}
                onChange={(e) => setDescription({ ...description, [l]: e.target.value })}
              />
            </Stack>
          ))}
          <Typography variant="subtitle2" component="h3">
            {t('admin.settings.who')}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {t('admin.settings.whoHelp')}
          </Typography>
          <Autocomplete
            multiple
            options={(groupList.data?.items ?? []).map((g) => g.key)}
            getOptionLabel={(k) => groupList.data?.items.find((g) => g.key === k)?.name ?? k}
            value={groups}
            onChange={(_, v) => setGroups(v)}
            renderInput={(params) => <TextField {...params} label={t('admin.settings.groups')} />}
          />
          <Autocomplete
            multiple
            options={orgs.map((o) => o.id)}
            getOptionLabel={(id) => orgs.find((o) => o.id === id)?.name ?? id}
            value={organizations}
            onChange={(_, v) => setOrganizations(v)}
            renderInput={(params) => <TextField {...params} label={t('admin.settings.organizations')} />}
          />
          <Autocomplete
            multiple
            freeSolo
            options={['submitted', 'in-progress', 'done', 'rejected']}
            getOptionLabel={(s) => t(`admin.status.${s}`, { defaultValue: s })}
            value={statuses}
            onChange={(_, v) => setStatuses(v.map((s) => s.trim().toLowerCase()).filter(Boolean))}
            renderInput={(params) => (
              <TextField
                {...params}
                label={t('admin.settings.statuses')}
                error={!!badStatus || !!errors['/statuses']}
                helperText={
                  badStatus
                    ? t('admin.settings.statusInvalid', { status: badStatus })
                    : t('admin.settings.statusesHelp')
                }
              />
            )}
          />
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('builder.cancel')}</Button>
        <Button
          variant="contained"
          onClick={() => void save()}
          disabled={!title[boot.defaultLanguage]?.trim() || !statuses.length || !!badStatus}
        >
          {t('admin.settings.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
