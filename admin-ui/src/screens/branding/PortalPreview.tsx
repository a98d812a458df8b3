import AccountCircleOutlined from '@mui/icons-material/AccountCircleOutlined';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import MenuOutlined from '@mui/icons-material/MenuOutlined';
import NewspaperOutlined from '@mui/icons-material/NewspaperOutlined';
import NotificationsNoneOutlined from '@mui/icons-material/NotificationsNoneOutlined';
import PublicOutlined from '@mui/icons-material/PublicOutlined';
import ShoppingCartOutlined from '@mui/icons-material/ShoppingCartOutlined';
import AppBar from '@mui/material/AppBar';
import BottomNavigation from '@mui/material/BottomNavigation';
import BottomNavigationAction from '@mui/material/BottomNavigationAction';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import FormControlLabel from '@mui/material/FormControlLabel';
import Link from '@mui/material/Link';
import ScopedCssBaseline from '@mui/material/ScopedCssBaseline';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Toolbar from '@mui/material/Toolbar';
import Typography from '@mui/material/Typography';
import { ThemeProvider } from '@mui/material/styles';
import { createPorticoTheme, type Branding } from '@portico/core/react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The portal's home on a phone, drawn with the theme the portal will make from `branding`
 * (createPorticoTheme, the same function the apps use), so the preview is exactly what customers
 * get. Nothing in it can be focused or clicked: it is a picture made of components.
 */
export function PortalPreview(props: {
  branding: Branding;
  mode: 'light' | 'dark';
  portalName: string;
  logoSrc: string | null;
  faviconSrc: string | null;
}) {
  const { t } = useTranslation();
  const { branding, mode } = props;
  const theme = useMemo(() => createPorticoTheme(branding, mode), [branding, mode]);
  const label = mode === 'light' ? t('branding.preview.light') : t('branding.preview.dark');
  return (
    <Box
      component="figure"
      sx={{ m: 0, display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 1 }}
    >
      <Box
        // The figure is described by its caption; its made-up content is not read out or focused.
        aria-hidden
        inert
        sx={{
          width: 300,
          height: 600,
          borderRadius: '36px',
          border: '10px solid',
          borderColor: mode === 'light' ? '#1d232b' : '#3a424d',
          boxShadow: '0 12px 32px rgba(15, 23, 42, 0.18)',
          overflow: 'hidden',
          flexShrink: 0,
          userSelect: 'none',
        }}
      >
        <ThemeProvider theme={theme}>
          <ScopedCssBaseline
            sx={{ height: '100%', display: 'flex', flexDirection: 'column', bgcolor: 'background.default' }}
          >
            {/* The browser's tab: the favicon and the page title (the portal name). */}
            <Stack
              direction="row"
              spacing={0.75}
              sx={{
                alignItems: 'center',
                px: 1.5,
                height: 30,
                flexShrink: 0,
                bgcolor: mode === 'light' ? '#e8eaed' : '#202124',
                color: mode === 'light' ? '#3c4043' : '#e8eaed',
              }}
            >
              {props.faviconSrc ? (
                <Box component="img" src={props.faviconSrc} alt="" sx={{ width: 16, height: 16 }} />
              ) : (
                <PublicOutlined sx={{ fontSize: 16 }} />
              )}
              <Typography component="span" noWrap sx={{ fontSize: 12 }}>
                {props.portalName}
              </Typography>
            </Stack>
            <AppBar position="static" color="primary" elevation={0}>
              <Toolbar variant="dense" sx={{ gap: 1, px: 1.5, minHeight: 52 }}>
                <MenuOutlined fontSize="small" />
                {/* As on the portal's phone layout: a logo stands alone on a white tile; without one, the name. */}
                {props.logoSrc ? (
                  <Box
                    sx={{
                      bgcolor: '#fff',
                      borderRadius: 1.5,
                      px: 0.75,
                      height: 32,
                      display: 'flex',
                      alignItems: 'center',
                    }}
                  >
                    <Box
                      component="img"
                      src={props.logoSrc}
                      alt=""
                      sx={{ height: 24, maxWidth: 120, objectFit: 'contain' }}
                    />
                  </Box>
                ) : (
                  <Typography component="span" variant="subtitle1" noWrap sx={{ fontWeight: 700 }}>
                    {props.portalName}
                  </Typography>
                )}
                <Box sx={{ flexGrow: 1 }} />
                <NotificationsNoneOutlined fontSize="small" />
                <AccountCircleOutlined fontSize="small" />
              </Toolbar>
            </AppBar>
            <Box sx={{ flexGrow: 1, overflow: 'hidden', p: 1.5 }}>
              <Typography variant="h3" component="p" sx={{ mb: 0.25 }}>
                {t('branding.preview.greeting')}
              </Typography>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
                {t('branding.preview.subtitle')}
              </Typography>
              <Card sx={{ mb: 1.5 }}>
                <Box
                  sx={{
                    height: 72,
                    background: `linear-gradient(135deg, ${theme.palette.primary.main}, ${theme.palette.secondary.main})`,
                  }}
                />
                <CardContent sx={{ pb: 1 }}>
                  <Stack direction="row" spacing={0.75} sx={{ mb: 1 }}>
                    <Chip size="small" color="secondary" label={t('branding.preview.chip')} />
                    <Chip size="small" variant="outlined" color="primary" label={t('branding.preview.new')} />
                  </Stack>
                  <Typography variant="subtitle1" component="p" sx={{ fontWeight: 700, lineHeight: 1.3 }}>
                    {t('branding.preview.cardTitle')}
                  </Typography>
                  <Typography variant="body2" color="text.secondary">
                    {t('branding.preview.cardText')}
                  </Typography>
                </CardContent>
                <CardActions sx={{ px: 2, pb: 1.5 }}>
                  <Button size="small" variant="contained">
                    {t('branding.preview.read')}
                  </Button>
                  <Button size="small" variant="outlined">
                    {t('branding.preview.save')}
                  </Button>
                </CardActions>
              </Card>
              <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between', mb: 1 }}>
                <Link href="#" underline="always" variant="body2" tabIndex={-1}>
                  {t('branding.preview.link')}
                </Link>
                <FormControlLabel
                  control={<Switch size="small" defaultChecked />}
                  label={<Typography variant="body2">{t('branding.preview.switch')}</Typography>}
                  sx={{ mr: 0 }}
                />
              </Stack>
              <Button fullWidth variant="contained" color="secondary">
                {t('branding.preview.order')}
              </Button>
            </Box>
            <BottomNavigation
              showLabels
              value={0}
              sx={{ borderTop: 1, borderColor: 'divider', flexShrink: 0 }}
            >
              <BottomNavigationAction label={t('branding.preview.home')} icon={<HomeOutlined />} />
              <BottomNavigationAction label={t('branding.preview.news')} icon={<NewspaperOutlined />} />
              <BottomNavigationAction label={t('branding.preview.orders')} icon={<ShoppingCartOutlined />} />
            </BottomNavigation>
          </ScopedCssBaseline>
        </ThemeProvider>
      </Box>
      <Typography component="figcaption" variant="body2" color="text.secondary">
        {label}
      </Typography>
    </Box>
  );
}
