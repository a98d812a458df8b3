import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useBoot } from '@portico/core/react';
import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { Loading } from '@portico/core/react';
import { UserMenu } from './UserMenu.js';
import { useMenu } from './navigation.js';

const drawerWidth = 248;

/** The frame of every page after login: top bar, menu (a drawer on phones, a side rail on larger screens) and the page. */
export function Shell() {
  const boot = useBoot();
  const { t } = useTranslation();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const [open, setOpen] = useState(false);
  const menu = useMenu();
  const location = useLocation();
  const current = (path: string) =>
    path === '/'
      ? location.pathname === '/'
      : location.pathname === path || location.pathname.startsWith(`${path}/`);

  const list = (
    <nav aria-label={t('nav.label')}>
      <List>
        {menu.map((item) => (
          <ListItemButton
            key={item.key}
            component={Link}
            to={item.path}
            selected={current(item.path)}
            aria-current={current(item.path) ? 'page' : undefined}
            onClick={() => setOpen(false)}
          >
            {item.icon ? <ListItemIcon>{item.icon}</ListItemIcon> : null}
            <ListItemText primary={t(item.label, { ns: item.ns })} />
          </ListItemButton>
        ))}
      </List>
    </nav>
  );

  return (
    <Box sx={{ display: 'flex', minHeight: '100dvh' }}>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <AppBar position="fixed" color="primary" sx={{ zIndex: (th) => th.zIndex.drawer + 1 }}>
        <Toolbar>
          {!wide ? (
            <IconButton
              color="inherit"
              edge="start"
              aria-label={t('nav.open')}
              onClick={() => setOpen(true)}
              sx={{ mr: 1 }}
            >
              <MenuIcon />
            </IconButton>
          ) : null}
          <Box
            component={Link}
            to="/"
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1.5,
              color: 'inherit',
              textDecoration: 'none',
              flexGrow: 1,
              minWidth: 0,
            }}
          >
            {boot.branding.logoUrl ? (
              <Box component="img" src={boot.branding.logoUrl} alt="" sx={{ height: 32, maxWidth: 120 }} />
            ) : null}
            <Typography component="span" variant="h6" noWrap>
              {boot.portalName}
            </Typography>
            <Typography
              component="span"
              variant="body2"
              noWrap
              sx={{ opacity: 0.85, display: { xs: 'none', sm: 'inline' } }}
            >
              {t('appName')}
            </Typography>
          </Box>
          <UserMenu />
        </Toolbar>
      </AppBar>
      {wide ? (
        <Drawer
          variant="permanent"
          sx={{
            width: drawerWidth,
            flexShrink: 0,
            '& .MuiDrawer-paper': { width: drawerWidth, boxSizing: 'border-box' },
          }}
        >
          <Toolbar />
          {list}
        </Drawer>
      ) : (
        <Drawer
          open={open}
          onClose={() => setOpen(false)}
          sx={{ '& .MuiDrawer-paper': { width: drawerWidth } }}
        >
          <Toolbar />
          {list}
        </Drawer>
      )}
      <Box
        component="main"
        id="main"
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, p: { xs: 1.5, sm: 3 }, outline: 'none' }}
      >
        <Toolbar />
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Box>
    </Box>
  );
}
