import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import type { AlertColor } from '@mui/material/Alert';
import { ProblemAlert, useApi, useBoot } from '@portico/core/react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUser } from '../../kit/api-types.js';
import { fieldErrorsOf, fieldProps } from '../../kit/field-errors.js';

/** Name, phone and language of a user, as an admin may change them. */
export function UserProfileForm(props: {
  user: AdminUser;
  canManage: boolean;
  onChanged(user: AdminUser): void;
  notify(message: string, severity?: AlertColor): void;
}) {
  const { user, canManage } = props;
  const { t, i18n } = useTranslation();
  const api = useApi();
  const boot = useBoot();
  const [name, setName] = useState(user.name);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [language, setLanguage] = useState(user.language);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const errors = fieldErrorsOf(error);
  useEffect(() => {
    setName(user.name);
    setPhone(user.phone ?? '');
    setLanguage(user.language);
  }, [user]);
  const patch: Record<string, unknown> = {};
  if (name.trim() !== user.name) patch.name = name.trim();
  if (phone.trim() !== (user.phone ?? '')) patch.phone = phone.trim() || null;
  if (language !== user.language) patch.language = language;
  const dirty = Object.keys(patch).length > 0;
  const languageName = (l: string) => new Intl.DisplayNames([i18n.language], { type: 'language' }).of(l) ?? l;
  const languages = boot.languages.includes(user.language)
    ? boot.languages
    : [...boot.languages, user.language];

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      props.onChanged(await api.patch<AdminUser>(`/users/${user.id}`, patch));
      props.notify(t('users.saved'));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card component="section" aria-labelledby="user-profile-heading">
      <CardContent>
        <Typography id="user-profile-heading" variant="h3" component="h2">
          {t('users.profile')}
        </Typography>
        <form onSubmit={(e) => void save(e)} noValidate>
          <TextField
            label={t('users.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            disabled={!canManage}
            required
            {...fieldProps(errors, '/name')}
          />
          <TextField label={t('users.email')} value={user.email} disabled helperText={t('users.emailHelp')} />
          <TextField
            label={t('users.phone')}
            value={phone}
            type="tel"
            onChange={(e) => setPhone(e.target.value)}
            disabled={!canManage}
            {...fieldProps(errors, '/phone')}
          />
          <TextField
            select
            label={t('users.language')}
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            disabled={!canManage}
            {...fieldProps(errors, '/language')}
          >
            {languages.map((l) => (
              <MenuItem key={l} value={l}>
                {languageName(l)}
              </MenuItem>
            ))}
          </TextField>
          <ProblemAlert error={error} />
          {canManage ? (
            <Stack direction="row" spacing={1} sx={{ mt: 1 }}>
              <Button type="submit" variant="contained" disabled={!dirty || busy || !name.trim()}>
                {t('kit.save')}
              </Button>
            </Stack>
          ) : null}
        </form>
      </CardContent>
    </Card>
  );
}
