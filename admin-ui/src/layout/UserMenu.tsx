import Button from '@mui/material/Button';
import { useSession } from '@portico/core/react';
import { useTranslation } from 'react-i18next';

/** Back to the portal, and log out. */
export function UserMenu() {
  const { t } = useTranslation();
  const { logout } = useSession();
  return (
    <>
      <Button color="inherit" href="/">
        {t('user.portal')}
      </Button>
      <Button color="inherit" onClick={() => void logout().then(() => window.location.assign('/login'))}>
        {t('user.logout')}
      </Button>
    </>
  );
}
