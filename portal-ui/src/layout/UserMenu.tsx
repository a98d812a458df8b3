import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import CheckOutlined from '@mui/icons-material/CheckOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useBoot, useSession } from '@portico/core/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { languageName, useChangeLanguage } from '../languages.js';
import { managesCompanyUsers } from '../screens/company/model.js';

/** Initials for the avatar without a picture. */
function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''}`.toUpperCase();
}

/** The avatar at the top right: who is logged in, profile, company users, language, admin (for staff) and logout. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const { me, logout } = useSession();
  const boot = useBoot();
  const navigate = useNavigate();
  const changeLanguage = useChangeLanguage();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const id = useId();
  if (!me) return null;
  const isStaff = me.organization.kind === 'provider';
  const go = (path: string) => {
    setAnchor(null);
    void navigate(path);
  };
  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t('user.menu', { name: me.user.name })}
        aria-haspopup="menu"
        aria-controls={anchor ? id : undefined}
        aria-expanded={!!anchor}
        onClick={(e) => setAnchor(e.currentTarget)}
        edge="end"
      >
        <Avatar
          src={me.user.avatarUrl ?? undefined}
          alt=""
          sx={{
            width: 34,
            height: 34,
            fontSize: '0.9rem',
            bgcolor: 'rgba(255,255,255,0.22)',
            color: 'inherit',
            border: '2px solid rgba(255,255,255,0.6)',
          }}
        >
          <span aria-hidden>{initialsOf(me.user.name)}</span>
        </Avatar>
      </IconButton>
      <Menu
        id={id}
        anchorEl={anchor}
        open={!!anchor}
        onClose={() => setAnchor(null)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'right' }}
        transformOrigin={{ vertical: 'top', horizontal: 'right' }}
        slotProps={{ paper: { sx: { minWidth: 260, mt: 1 } } }}
      >
        <Box sx={{ px: 2, py: 1.25 }} aria-hidden>
          <Typography sx={{ fontWeight: 700 }} noWrap>
            {me.user.name}
          </Typography>
          <Typography variant="body2" color="text.secondary" noWrap>
            {me.user.email}
          </Typography>
          <Typography variant="body2" color="text.secondary" noWrap>
            {me.organization.name}
          </Typography>
        </Box>
        <Divider />
        <MenuItem onClick={() => go('/profile')}>
          <ListItemIcon>
            <PersonOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('nav.profile')}</ListItemText>
        </MenuItem>
        {managesCompanyUsers(me) ? (
          <MenuItem onClick={() => go('/company/users')}>
            <ListItemIcon>
              <GroupsOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>{t('nav.companyUsers')}</ListItemText>
          </MenuItem>
        ) : null}
        {isStaff ? (
          <MenuItem onClick={() => window.location.assign('/admin/')}>
            <ListItemIcon>
              <AdminPanelSettingsOutlined fontSize="small" />
            </ListItemIcon>
            <ListItemText>{t('user.admin')}</ListItemText>
          </MenuItem>
        ) : null}
        {boot.languages.length > 1 ? <Divider /> : null}
        {boot.languages.length > 1 ? (
          <ListSubheader sx={{ lineHeight: '32px' }}>{t('user.language')}</ListSubheader>
        ) : null}
        {boot.languages.length > 1
          ? boot.languages.map((l) => (
              <MenuItem
                key={l}
                lang={l}
                selected={l === i18n.language}
                onClick={() => {
                  setAnchor(null);
                  // The page switches even if the profile cannot keep the choice now.
                  changeLanguage(l).catch(() => undefined);
                }}
              >
                <ListItemIcon>{l === i18n.language ? <CheckOutlined fontSize="small" /> : null}</ListItemIcon>
                <ListItemText>{languageName(l)}</ListItemText>
              </MenuItem>
            ))
          : null}
        <Divider />
        <MenuItem onClick={() => void logout().then(() => navigate('/login'))}>
          <ListItemIcon>
            <LogoutOutlined fontSize="small" />
          </ListItemIcon>
          <ListItemText>{t('user.logout')}</ListItemText>
        </MenuItem>
      </Menu>
    </>
  );
}
