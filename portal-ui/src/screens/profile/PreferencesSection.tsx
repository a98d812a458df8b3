import DarkModeOutlined from '@mui/icons-material/DarkModeOutlined';
import LightModeOutlined from '@mui/icons-material/LightModeOutlined';
import SettingsBrightnessOutlined from '@mui/icons-material/SettingsBrightnessOutlined';
import TuneOutlined from '@mui/icons-material/TuneOutlined';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormLabel from '@mui/material/FormLabel';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useApi, useBoot, useColorMode, useSession } from '@portico/core/react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { SavedNote } from '../../components/SavedNote.js';
import { SectionCard } from '../../components/SectionCard.js';
import { languageName, useChangeLanguage } from '../../languages.js';

interface Zone {
  id: string;
  /** "GMT+1" now (it changes with daylight saving time). */
  offset: string;
  minutes: number;
}

function offsetOf(id: string, now: Date): Zone {
  const part = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: 'shortOffset' })
    .formatToParts(now)
    .find((p) => p.type === 'timeZoneName')?.value;
  const offset = part ?? 'GMT';
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(offset);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
  return { id, offset, minutes };
}

/** Every IANA time zone this browser knows, with its offset now, east of Greenwich last. */
function timeZones(): Zone[] {
  const now = new Date();
  const ids = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return [...ids]
    .map((id) => offsetOf(id, now))
    .sort((a, b) => a.minutes - b.minutes || a.id.localeCompare(b.id));
}

const readable = (id: string) => id.replace(/_/g, ' ');

/** Language (switches at once and follows the user), time zone, and light or dark. */
export function PreferencesSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const { me, refresh } = useSession();
  const { mode, setMode } = useColorMode();
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const changeLanguage = useChangeLanguage();
  const zones = useMemo(timeZones, []);
  const device = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<{ key: string; zone?: string }>();
  const current = me!.user.timeZone;
  const zone = zones.find((z) => z.id === current) ?? offsetOf(current, new Date());

  async function save(action: () => Promise<unknown>, what: { key: string; zone?: string }) {
    setError(undefined);
    setSaved(undefined);
    try {
      await action();
      setSaved(what);
    } catch (err) {
      setError(err);
    }
  }
  const setZone = (id: string) =>
    save(
      async () => {
        await api.patch('/me', { timeZone: id });
        await refresh();
      },
      { key: 'profile.timeZoneSaved', zone: readable(id) },
    );

  return (
    <SectionCard id="preferences" title={t('profile.preferences')} icon={<TuneOutlined />}>
      <TextField
        select
        label={t('profile.language')}
        value={boot.languages.includes(i18n.language) ? i18n.language : boot.defaultLanguage}
        onChange={(e) => void save(() => changeLanguage(e.target.value), { key: 'profile.languageSaved' })}
        helperText={t('profile.languageHint')}
      >
        {boot.languages.map((l) => (
          <MenuItem key={l} value={l} lang={l}>
            {languageName(l)}
          </MenuItem>
        ))}
      </TextField>
      <Autocomplete
        options={zones}
        value={zone}
        disableClearable
        autoHighlight
        isOptionEqualToValue={(a, b) => a.id === b.id}
        getOptionLabel={(z) => `${readable(z.id)} (${z.offset})`}
        onChange={(_e, z) => void setZone(z.id)}
        renderInput={(params) => (
          <TextField {...params} label={t('profile.timeZone')} helperText={t('profile.timeZoneHint')} />
        )}
      />
      {device && device !== current ? (
        <Button size="small" onClick={() => void setZone(device)} sx={{ mt: 0.5 }}>
          {t('profile.useDeviceZone', { zone: readable(device) })}
        </Button>
      ) : null}
      <FormControl component="fieldset" margin="normal" fullWidth>
        <FormLabel component="legend" sx={{ mb: 1 }}>
          {t('profile.theme')}
        </FormLabel>
        <ToggleButtonGroup
          exclusive
          value={mode}
          onChange={(_e, m: 'light' | 'dark' | 'system' | null) => m && setMode(m)}
          aria-label={t('profile.theme')}
          orientation={phone ? 'vertical' : 'horizontal'}
          fullWidth={phone}
        >
          <ToggleButton value="light" sx={{ gap: 1, px: 2, justifyContent: phone ? 'flex-start' : 'center' }}>
            <LightModeOutlined fontSize="small" aria-hidden />
            {t('profile.themes.light')}
          </ToggleButton>
          <ToggleButton
            value="system"
            sx={{ gap: 1, px: 2, justifyContent: phone ? 'flex-start' : 'center' }}
          >
            <SettingsBrightnessOutlined fontSize="small" aria-hidden />
            {t('profile.themes.system')}
          </ToggleButton>
          <ToggleButton value="dark" sx={{ gap: 1, px: 2, justifyContent: phone ? 'flex-start' : 'center' }}>
            <DarkModeOutlined fontSize="small" aria-hidden />
            {t('profile.themes.dark')}
          </ToggleButton>
        </ToggleButtonGroup>
      </FormControl>
      <ErrorNotice error={error} />
      <Box sx={{ minHeight: 24 }}>
        <SavedNote text={saved ? t(saved.key, { zone: saved.zone }) : undefined} />
      </Box>
    </SectionCard>
  );
}
