import BusinessOutlined from '@mui/icons-material/BusinessOutlined';
import MenuIcon from '@mui/icons-material/Menu';
import AppBar from '@mui/material/AppBar';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import useMediaQuery from '@mui/material/useMediaQuery';
import { alpha, useTheme } from '@mui/material/styles';
import { useBoot, useSession } from '@portico/core/react';
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { Loading } from '@portico/core/react';
import { BrandMark } from '../components/BrandMark.js';
import { useBrandColors } from '../components/brand.js';
import { UserMenu } from './UserMenu.js';
import { useMenu } from './navigation.js';

const drawerWidth = 264;

const loadDrawer = () => import('./MenuDrawer.js');
const MenuDrawer = lazy(loadDrawer);
const preloadDrawer = () => void loadDrawer().catch(() => undefined);

/** The frame of every page after login: top bar, menu (a drawer on phones, a side rail on larger screens) and the page. */
export function Shell() {
  const boot = useBoot();
  const { me } = useSession();
  const { t } = useTranslation();
  const theme = useTheme();
  const wide = useMediaQuery(theme.breakpoints.up('md'), { noSsr: true });
  const [open, setOpen] = useState(false);
  // Once opened, the phone's drawer stays mounted, so it can play its closing transition.
  const [opened, setOpened] = useState(false);
  const brand = useBrandColors();
  const menu = useMenu();
  const location = useLocation();
  const current = (path: string) =>
    path === '/'
      ? location.pathname === '/'
      : location.pathname === path || location.pathname.startsWith(`${path}/`);
  // A new page starts at its top, with the menu closed.
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [location.pathname]);

  const list = (
    <Box component="nav" aria-label={t('nav.label')} sx={{ px: 1.5, py: 2 }}>
      <List disablePadding sx={{ display: 'grid', gap: 0.5 }}>
        {menu.map((item) => {
          const here = current(item.path);
          return (
            <ListItemButton
              key={item.key}
              component={Link}
              to={item.path}
              selected={here}
              aria-current={here ? 'page' : undefined}
              onClick={() => setOpen(false)}
              sx={(th) => ({
                borderRadius: 2,
                minHeight: 44,
                px: 1.5,
                color: 'text.primary',
                '& .MuiListItemIcon-root': { minWidth: 40, color: 'text.secondary' },
                '&.Mui-selected, &.Mui-selected:hover': {
                  bgcolor: alpha(th.palette.primary.main, th.palette.mode === 'dark' ? 0.24 : 0.1),
                  color: th.palette.mode === 'dark' ? 'text.primary' : 'primary.dark',
                  '& .MuiListItemIcon-root': { color: 'inherit' },
                  '& .MuiListItemText-primary': { fontWeight: 700 },
                },
              })}
            >
              {item.icon ? <ListItemIcon>{item.icon}</ListItemIcon> : null}
              <ListItemText primary={t(item.label, { ns: item.ns })} />
            </ListItemButton>
          );
        })}
      </List>
    </Box>
  );
  const company = me ? (
    <Box
      sx={{
        mt: 'auto',
        mx: 1.5,
        mb: 2,
        p: 1.5,
        borderRadius: 2,
        bgcolor: 'action.hover',
        display: 'flex',
        gap: 1.25,
        alignItems: 'center',
      }}
    >
      <BusinessOutlined sx={{ color: 'text.secondary' }} aria-hidden />
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="caption" color="text.secondary" component="p">
          {t('nav.company')}
        </Typography>
        <Typography variant="body2" sx={{ fontWeight: 600 }} noWrap>
          {me.organization.name}
        </Typography>
      </Box>
    </Box>
  ) : null;

  return (
    <Box sx={{ display: 'flex', minHeight: '100dvh' }}>
      <a href="#main" className="skip-link">
        {t('nav.skip')}
      </a>
      <AppBar
        position="fixed"
        color="primary"
        elevation={0}
        enableColorOnDark
        sx={(th) => ({
          // Above the side rail on wide screens; below the phone's menu drawer, which covers it.
          zIndex: wide ? th.zIndex.drawer + 1 : th.zIndex.appBar,
          color: brand.contrastText,
          backgroundColor: brand.dark,
          backgroundImage: `linear-gradient(90deg, ${brand.dark}, ${brand.main})`,
          borderBottom: `1px solid ${alpha(th.palette.common.black, 0.12)}`,
        })}
      >
        <Toolbar sx={{ gap: 1 }}>
          {!wide ? (
            <IconButton
              color="inherit"
              edge="start"
              aria-label={t('nav.open')}
              aria-expanded={open}
              // A finger on its way or the keyboard's focus: the drawer's code starts loading.
              onPointerDown={preloadDrawer}
              onFocus={preloadDrawer}
              onClick={() => {
                setOpen(true);
                setOpened(true);
              }}
            >
              <MenuIcon />
            </IconButton>
          ) : null}
          <Box
            component={Link}
            to="/"
            aria-label={t('nav.homeOf', { portal: boot.portalName })}
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1.5,
              color: 'inherit',
              textDecoration: 'none',
              minWidth: 0,
              borderRadius: 1,
            }}
          >
            {/* On phones a logo stands alone (it carries the name); without one, the name does. */}
            <Box sx={{ display: boot.branding.logoUrl ? 'flex' : { xs: 'none', sm: 'flex' } }}>
              <BrandMark size={34} onPrimary />
            </Box>
            <Typography
              component="span"
              sx={{
                fontWeight: 700,
                fontSize: { xs: '1.05rem', sm: '1.15rem' },
                display: boot.branding.logoUrl ? { xs: 'none', sm: 'block' } : 'block',
              }}
              noWrap
            >
              {boot.portalName}
            </Typography>
          </Box>
          <Box sx={{ flexGrow: 1 }} />
          {wide && me ? (
            <Typography variant="body2" sx={{ opacity: 0.9, mr: 1 }} noWrap>
              {me.organization.name}
            </Typography>
          ) : null}
          <UserMenu />
        </Toolbar>
      </AppBar>
      {wide ? (
        // The side rail: what MUI's permanent Drawer draws, without the Drawer (and the Modal it
        // brings), which only the phone's menu needs.
        <Box sx={{ width: drawerWidth, flexShrink: 0 }}>
          <Box
            sx={(th) => ({
              position: 'fixed',
              top: 0,
              left: 0,
              height: '100%',
              width: drawerWidth,
              boxSizing: 'border-box',
              display: 'flex',
              flexDirection: 'column',
              overflowY: 'auto',
              zIndex: th.zIndex.drawer,
              bgcolor: 'background.paper',
              borderRight: 1,
              borderColor: 'divider',
            })}
          >
            <Toolbar />
            <Box sx={{ display: 'flex', flexDirection: 'column', flexGrow: 1 }}>
              {list}
              {company}
            </Box>
          </Box>
        </Box>
      ) : opened ? (
        <Suspense fallback={null}>
          <MenuDrawer open={open} onClose={() => setOpen(false)}>
            {list}
            {company}
          </MenuDrawer>
        </Suspense>
      ) : null}
      <Box
        component="main"
        id="main"
        tabIndex={-1}
        sx={{ flexGrow: 1, minWidth: 0, px: { xs: 1.5, sm: 3, lg: 4 }, pb: 4, outline: 'none' }}
      >
        <Toolbar />
        <Box sx={{ pt: { xs: 2, sm: 3 } }}>
          <Suspense fallback={<Loading />}>
            <Outlet />
          </Suspense>
        </Box>
      </Box>
    </Box>
  );
}
