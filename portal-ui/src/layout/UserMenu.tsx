import Avatar from '@mui/material/Avatar';
import IconButton from '@mui/material/IconButton';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import { useApi, useBoot, useSession, rememberLanguage } from '@portico/core/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

const languageNames: Record<string, string> = {
  en: 'English',
  sv: 'Svenska',
  fi: 'Suomi',
  no: 'Norsk',
  da: 'Dansk',
  de: 'Deutsch',
};

/** The avatar at the top right: profile, language, admin (for staff) and logout. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const { me, logout, refresh } = useSession();
  const api = useApi();
  const boot = useBoot();
  const navigate = useNavigate();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  if (!me) return null;
  const isStaff = me.organization.kind === 'provider';
  async function setLanguage(language: string) {
    setAnchor(null);
    rememberLanguage(language);
    await i18n.changeLanguage(language);
    // The profile keeps the choice, so it follows the user to every device.
    await api.patch('/me', { language });
    await refresh();
  }
  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t('user.menu', { name: me.user.name })}
        aria-haspopup="menu"
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        <Avatar src={me.user.avatarUrl ?? undefined} alt="" sx={{ width: 32, height: 32 }}>
          {me.user.name.slice(0, 1)}
        </Avatar>
      </IconButton>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem onClick={() => (setAnchor(null), navigate('/profile'))}>{t('nav.profile')}</MenuItem>
        {boot.languages
          .filter((l) => l !== i18n.language)
          .map((l) => (
            <MenuItem key={l} lang={l} onClick={() => void setLanguage(l)}>
              {languageNames[l] ?? l}
            </MenuItem>
          ))}
        {isStaff ? (
          <MenuItem onClick={() => window.location.assign('/admin/')}>{t('user.admin')}</MenuItem>
        ) : null}
        <MenuItem onClick={() => void logout().then(() => navigate('/login'))}>{t('user.logout')}</MenuItem>
      </Menu>
    </>
  );
}
