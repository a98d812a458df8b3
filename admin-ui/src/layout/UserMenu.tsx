import LogoutOutlined from '@mui/icons-material/LogoutOutlined';
import StorefrontOutlined from '@mui/icons-material/StorefrontOutlined';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { useSession } from '@portico/core/react';
import { useTranslation } from 'react-i18next';

/** Back to the portal, and log out: words on wider screens, icons with their names as labels on phones. */
export function UserMenu() {
  const { t } = useTranslation();
  const { logout } = useSession();
  const theme = useTheme();
  const narrow = useMediaQuery(theme.breakpoints.down('sm'), { noSsr: true });
  const leave = () => void logout().then(() => window.location.assign('/login'));
  if (narrow)
    return (
      <>
        <Tooltip title={t('user.portal')}>
          <IconButton color="inherit" href="/" aria-label={t('user.portal')}>
            <StorefrontOutlined />
          </IconButton>
        </Tooltip>
        <Tooltip title={t('user.logout')}>
          <IconButton color="inherit" edge="end" onClick={leave} aria-label={t('user.logout')}>
            <LogoutOutlined />
          </IconButton>
        </Tooltip>
      </>
    );
  return (
    <>
      <Button color="inherit" href="/">
        {t('user.portal')}
      </Button>
      <Button color="inherit" onClick={leave}>
        {t('user.logout')}
      </Button>
    </>
  );
}
