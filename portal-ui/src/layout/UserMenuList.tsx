import AdminPanelSettingsOutlined from '@mui/icons-material/AdminPanelSettingsOutlined';
import CheckOutlined from '@mui/icons-material/CheckOutlined';
import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import ListSubheader from '@mui/material/ListSubheader';
import Menu from '@mui/material/Menu';
import MenuItem from '@mui/material/MenuItem';
import Typography from '@mui/material/Typography';
import { useBoot, useSession } from '@portico/core/react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { languageName, useChangeLanguage } from '../languages.js';
import { managesCompanyUsers } from '../screens/company/model.js';

/**
 * The user menu's entries: who is logged in, profile, company users, language, admin (for staff)
 * and logout. Its own chunk: loaded when the menu is first wanted, not with the page.
 */
export default function UserMenuList(props: { id: string; anchor: HTMLElement | null; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { me, logout } = useSession();
  const boot = useBoot();
  const navigate = useNavigate();
  const changeLanguage = useChangeLanguage();
  const { anchor, onClose } = props;
  if (!me) return null;
  const isStaff = me.organization.kind === 'provider';
  const go = (path: string) => {
    onClose();
    void navigate(path);
  };
  return (
    <Menu
      id={props.id}
      anchorEl={anchor}
      open={!!anchor}
      onClose={onClose}
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
                onClose();
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
  );
}
