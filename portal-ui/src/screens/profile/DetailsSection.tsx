import PersonOutlined from '@mui/icons-material/PersonOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import FormHelperText from '@mui/material/FormHelperText';
import FormLabel from '@mui/material/FormLabel';
import Radio from '@mui/material/Radio';
import RadioGroup from '@mui/material/RadioGroup';
import TextField from '@mui/material/TextField';
import { useApi, useSession, type MeUser } from '@portico/core/react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice.js';
import { SavedNote } from '../../components/SavedNote.js';
import { SectionCard } from '../../components/SectionCard.js';
import { fieldProblems } from '../../errors.js';
import { AvatarEditor } from './AvatarEditor.js';

type ContactMethod = MeUser['contactMethod'];

/** Name, phone, how the portal contacts you, and the picture (R1). */
export function DetailsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const { me, refresh } = useSession();
  const user = me!.user;
  const [name, setName] = useState(user.name);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [contact, setContact] = useState<ContactMethod>(user.contactMethod);
  const [problems, setProblems] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const changed = name !== user.name || phone !== (user.phone ?? '') || contact !== user.contactMethod;

  async function save(e: FormEvent) {
    e.preventDefault();
    const local: Record<string, string[]> = {};
    if (!name.trim()) local['/name'] = [t('field.required')];
    if (contact === 'sms' && !phone.trim()) local['/phone'] = [t('profile.phoneForSms')];
    setProblems(local);
    setError(undefined);
    setSaved(false);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api.patch('/me', { name: name.trim(), phone: phone.trim() || null, contactMethod: contact });
      await refresh();
      setSaved(true);
    } catch (err) {
      const fields = fieldProblems(t, err);
      if (fields['/phone'] && contact === 'sms' && !phone.trim())
        fields['/phone'] = [t('profile.phoneForSms')];
      if (Object.keys(fields).length) setProblems(fields);
      else setError(err);
    } finally {
      setBusy(false);
    }
  }

  const methods: ContactMethod[] = ['email', 'sms', 'portal'];
  return (
    <SectionCard id="details" title={t('profile.details')} icon={<PersonOutlined />}>
      <AvatarEditor />
      <Box component="form" onSubmit={save} noValidate sx={{ mt: 1 }}>
        <TextField
          label={t('profile.name')}
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={!!problems['/name']}
          helperText={problems['/name']?.join(' ')}
        />
        <TextField
          label={t('login.email')}
          value={user.email}
          slotProps={{ input: { readOnly: true } }}
          helperText={t('profile.emailHint')}
        />
        <TextField
          label={t('profile.phone')}
          type="tel"
          autoComplete="tel"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          error={!!problems['/phone']}
          helperText={problems['/phone']?.join(' ') ?? t('profile.phoneHint')}
        />
        <FormControl component="fieldset" margin="normal" fullWidth>
          <FormLabel component="legend">{t('profile.contact')}</FormLabel>
          <RadioGroup
            row
            value={contact}
            onChange={(e) => setContact(e.target.value as ContactMethod)}
            aria-describedby="contact-hint"
          >
            {methods.map((m) => (
              <FormControlLabel
                key={m}
                value={m}
                control={<Radio />}
                label={t(`profile.contactMethods.${m}`)}
              />
            ))}
          </RadioGroup>
          <FormHelperText id="contact-hint" sx={{ mx: 0 }}>
            {t('profile.contactHint')}
          </FormHelperText>
        </FormControl>
        <ErrorNotice error={error} />
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mt: 1 }}>
          <Button type="submit" variant="contained" disabled={busy || !changed}>
            {t('save')}
          </Button>
          <SavedNote text={saved && !changed ? t('saved') : undefined} />
        </Box>
      </Box>
    </SectionCard>
  );
}
