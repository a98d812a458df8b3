import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { alpha } from '@mui/material/styles';
import { useBoot } from '@portico/core/react';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../components/BrandMark.js';
import { LanguageSwitch } from '../components/LanguageSwitch.js';
import { useBrandColors } from '../components/brand.js';

/**
 * The frame of the pages before login (login, second factor, password reset, invitation, account
 * request, single sign-on): the portal's brand panel beside the form on wide screens, a brand band
 * above it on phones.
 */
export function AuthLayout(props: {
  title: string;
  /** A line under the title. */
  intro?: ReactNode;
  children: ReactNode;
  /** Links under the card ("Back to login"). */
  footer?: ReactNode;
  /** Wider card, for longer forms (account request) and the authenticator set-up. */
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const boot = useBoot();
  const brand = useBrandColors();
  useEffect(() => {
    document.title = `${props.title} · ${boot.portalName}`;
  }, [props.title, boot.portalName]);

  const brandBackground = {
    color: brand.contrastText,
    backgroundColor: brand.dark,
    backgroundImage: [
      `radial-gradient(circle at 85% 12%, ${alpha(brand.contrastText, 0.1)} 0, transparent 32%)`,
      `radial-gradient(circle at 10% 95%, ${alpha(brand.secondary, 0.22)} 0, transparent 38%)`,
      `linear-gradient(150deg, ${brand.main} 0%, ${brand.dark} 100%)`,
    ].join(', '),
  };

  return (
    <Box
      sx={{
        minHeight: '100dvh',
        display: 'grid',
        gridTemplateColumns: { xs: '1fr', md: 'minmax(360px, 5fr) 7fr' },
        gridTemplateRows: { xs: 'auto 1fr', md: '1fr' },
        bgcolor: 'background.default',
      }}
    >
      {/* The brand panel: a band on phones, a column on wide screens. */}
      <Box
        component="header"
        sx={{
          ...brandBackground,
          display: 'flex',
          flexDirection: 'column',
          px: { xs: 2.5, md: 6 },
          pt: { xs: 2.5, md: 5 },
          pb: { xs: 7, md: 5 },
        }}
      >
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5 }}>
          <BrandMark size={40} onPrimary />
          <Typography component="p" sx={{ fontWeight: 700, fontSize: '1.15rem', lineHeight: 1.2 }}>
            {boot.portalName}
          </Typography>
        </Box>
        <Box sx={{ display: { xs: 'none', md: 'block' }, mt: 'auto', mb: 'auto', maxWidth: 460 }}>
          <Typography component="p" sx={{ fontSize: '2.25rem', fontWeight: 800, lineHeight: 1.15, mb: 2 }}>
            {t('auth.welcome', { portal: boot.portalName })}
          </Typography>
          <Typography component="p" sx={{ fontSize: '1.1rem', opacity: 0.92, lineHeight: 1.5 }}>
            {t('auth.tagline')}
          </Typography>
        </Box>
        <Typography
          component="p"
          variant="body2"
          sx={{ display: { xs: 'none', md: 'block' }, opacity: 0.85 }}
        >
          © {new Date().getFullYear()} {boot.portalName}
        </Typography>
      </Box>

      <Box
        component="main"
        id="main"
        sx={{
          display: 'flex',
          flexDirection: 'column',
          alignItems: 'center',
          px: { xs: 1.5, sm: 3 },
          pb: 3,
          mt: { xs: -5, md: 0 },
        }}
      >
        <Box
          sx={{
            alignSelf: 'stretch',
            display: { xs: 'none', md: 'flex' },
            justifyContent: 'flex-end',
            pt: 2,
          }}
        >
          <LanguageSwitch />
        </Box>
        <Box
          sx={{ flexGrow: 1, display: 'flex', alignItems: 'center', width: '100%', justifyContent: 'center' }}
        >
          <Box sx={{ width: '100%', maxWidth: props.wide ? 560 : 464, my: { md: 4 } }}>
            <Paper
              elevation={0}
              sx={(theme) => ({
                p: { xs: 2.5, sm: 4 },
                borderRadius: 3,
                border: `1px solid ${theme.palette.divider}`,
                boxShadow: {
                  xs: '0 8px 24px rgba(16, 24, 40, 0.08)',
                  md: '0 12px 40px rgba(16, 24, 40, 0.06)',
                },
              })}
            >
              <Typography variant="h1" sx={{ mb: props.intro ? 1 : 2 }}>
                {props.title}
              </Typography>
              {props.intro ? (
                <Typography color="text.secondary" sx={{ mb: 2 }}>
                  {props.intro}
                </Typography>
              ) : null}
              {props.children}
            </Paper>
            {props.footer ? (
              <Box sx={{ mt: 2.5, textAlign: 'center', display: 'grid', gap: 1 }}>{props.footer}</Box>
            ) : null}
            <Box sx={{ display: { xs: 'flex', md: 'none' }, justifyContent: 'center', mt: 2 }}>
              <LanguageSwitch />
            </Box>
          </Box>
        </Box>
      </Box>
    </Box>
  );
}
