import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormGroup from '@mui/material/FormGroup';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { ApiError, ProblemAlert, useApi } from '@portico/core/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GroupSummary, PluginInfo } from './plugin-types.js';

/** Everyone, or the access groups chosen for a pilot: PUT /plugins/:id/rollout. */
export function RolloutDialog(props: {
  plugin: PluginInfo;
  groups: GroupSummary[] | undefined;
  groupsError: unknown;
  onClose(): void;
  onSaved(plugin: PluginInfo): void;
}) {
  const { t } = useTranslation();
  const api = useApi();
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const { plugin } = props;
  const [everyone, setEveryone] = useState(plugin.rollout.everyone);
  const [chosen, setChosen] = useState<string[]>(plugin.rollout.groups);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const titleId = useId();
  const groupsLabelId = useId();
  const toggle = (key: string) =>
    setChosen((c) => (c.includes(key) ? c.filter((k) => k !== key) : [...c, key].sort()));
  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const updated = await api.put<PluginInfo>(
        `/plugins/${plugin.id}/rollout`,
        everyone ? { everyone: true } : { groups: chosen },
      );
      props.onSaved(updated);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const groupError =
    error instanceof ApiError
      ? Object.entries(error.fieldErrors()).find(([p]) => p.startsWith('/groups'))
      : undefined;
  // Keys the rollout names that are no access group any more: shown so they can be removed.
  const gone = chosen.filter((k) => props.groups && !props.groups.some((g) => g.key === k));
  return (
    <Dialog
      open
      onClose={() => !busy && props.onClose()}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
      fullScreen={fullScreen}
    >
      <DialogTitle id={titleId}>{t('plugins.rollout.title', { name: plugin.displayName })}</DialogTitle>
      <DialogContent>
        <FormControl fullWidth>
          <FormLabel id={`${titleId}-who`}>{t('plugins.rollout.who')}</FormLabel>
          <RadioGroup
            aria-labelledby={`${titleId}-who`}
            value={everyone ? 'everyone' : 'groups'}
            onChange={(e) => setEveryone(e.target.value === 'everyone')}
          >
            <FormControlLabel value="everyone" control={<Radio />} label={t('plugins.rollout.everyone')} />
            <FormControlLabel value="groups" control={<Radio />} label={t('plugins.rollout.pilot')} />
          </RadioGroup>
        </FormControl>
        {!everyone ? (
          <FormControl component="fieldset" fullWidth sx={{ mt: 2 }} error={!!groupError}>
            <FormLabel component="legend" id={groupsLabelId}>
              {t('plugins.rollout.groups')}
            </FormLabel>
            {props.groupsError ? <ProblemAlert error={props.groupsError} /> : null}
            {props.groups && !props.groups.length ? (
              <Alert severity="info" sx={{ mt: 1 }}>
                {t('plugins.rollout.noGroups')}
              </Alert>
            ) : null}
            <FormGroup aria-labelledby={groupsLabelId}>
              {(props.groups ?? []).map((g) => (
                <FormControlLabel
                  key={g.key}
                  control={<Checkbox checked={chosen.includes(g.key)} onChange={() => toggle(g.key)} />}
                  label={
                    <>
                      <Typography component="span">{g.name}</Typography>{' '}
                      <Typography component="span" variant="body2" color="text.secondary">
                        {t('plugins.rollout.members', {
                          organizations: g.organizationCount,
                          users: g.userCount,
                        })}
                      </Typography>
                    </>
                  }
                />
              ))}
              {gone.map((key) => (
                <FormControlLabel
                  key={key}
                  control={<Checkbox checked onChange={() => toggle(key)} />}
                  label={t('plugins.rollout.gone', { key })}
                />
              ))}
            </FormGroup>
            <FormHelperText>
              {groupError?.[1] ??
                (chosen.length ? t('plugins.rollout.staffToo') : t('plugins.rollout.staffOnly'))}
            </FormHelperText>
          </FormControl>
        ) : null}
        <ProblemAlert error={error} />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose} disabled={busy}>
          {t('plugins.cancel')}
        </Button>
        <Button variant="contained" onClick={() => void save()} disabled={busy}>
          {busy ? t('plugins.saving') : t('plugins.rollout.save')}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
