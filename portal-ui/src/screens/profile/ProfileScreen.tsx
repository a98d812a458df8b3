import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { useBoot, useSession } from '@portico/core/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DetailsSection } from './DetailsSection.js';
import { PasswordSection } from './PasswordSection.js';
import { PreferencesSection } from './PreferencesSection.js';
import { SessionsSection } from './SessionsSection.js';
import { TwoFactorSection } from './TwoFactorSection.js';

/**
 * `/profile` (R1): personal details and picture, language, time zone and theme on one side; the
 * password, the second factor and the sessions on the other (one column on phones).
 */
export default function ProfileScreen() {
  const { t } = useTranslation();
  const boot = useBoot();
  const { me } = useSession();
  // A password change ends the other sessions: the list then shows it.
  const [passwordChanges, setPasswordChanges] = useState(0);
  useEffect(() => {
    document.title = `${t('profile.title')} · ${boot.portalName}`;
  }, [t, boot.portalName]);
  if (!me) return null;
  return (
    <Box sx={{ maxWidth: 1200, mx: 'auto' }}>
      <Box sx={{ mb: 3 }}>
        <Typography variant="h1">{t('profile.title')}</Typography>
        <Typography color="text.secondary" sx={{ mt: 0.5 }}>
          {me.user.email} · {me.organization.name}
        </Typography>
      </Box>
      <Box
        sx={{
          display: 'grid',
          gap: { xs: 2, md: 3 },
          gridTemplateColumns: { xs: 'minmax(0, 1fr)', lg: 'minmax(0, 7fr) minmax(0, 5fr)' },
          alignItems: 'start',
        }}
      >
        <Box sx={{ display: 'grid', gap: { xs: 2, md: 3 }, minWidth: 0 }}>
          <DetailsSection />
          <PreferencesSection />
        </Box>
        <Box sx={{ display: 'grid', gap: { xs: 2, md: 3 }, minWidth: 0 }}>
          <PasswordSection onChanged={() => setPasswordChanges((n) => n + 1)} />
          <TwoFactorSection />
          <SessionsSection version={passwordChanges} />
        </Box>
      </Box>
    </Box>
  );
}
