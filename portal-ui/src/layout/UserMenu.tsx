import Avatar from '@mui/material/Avatar';
import IconButton from '@mui/material/IconButton';
import { useSession } from '@portico/core/react';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

const loadList = () => import('./UserMenuList.js');
// The menu (and MUI's Menu, Popover and Modal under it) loads when first wanted, not with the page.
const UserMenuList = lazy(loadList);
const preloadList = () => void loadList().catch(() => undefined);

/** Initials for the avatar without a picture. */
function initialsOf(name: string): string {
  const parts = name.trim().split(/\s+/);
  return `${parts[0]?.[0] ?? ''}${parts.length > 1 ? (parts[parts.length - 1]?.[0] ?? '') : ''}`.toUpperCase();
}

/** The avatar at the top right: who is logged in, profile, company users, language, admin (for staff) and logout. */
export function UserMenu() {
  const { t } = useTranslation();
  const { me } = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  // Once opened, the menu stays mounted, so it can play its closing transition.
  const [opened, setOpened] = useState(false);
  const id = useId();
  if (!me) return null;
  return (
    <>
      <IconButton
        color="inherit"
        aria-label={t('user.menu', { name: me.user.name })}
        aria-haspopup="menu"
        aria-controls={anchor ? id : undefined}
        aria-expanded={!!anchor}
        // A pointer on its way or the keyboard's focus: the menu's code starts loading before the click.
        onPointerEnter={preloadList}
        onFocus={preloadList}
        onClick={(e) => {
          setAnchor(e.currentTarget);
          setOpened(true);
        }}
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
      {opened ? (
        <Suspense fallback={null}>
          <UserMenuList id={id} anchor={anchor} onClose={() => setAnchor(null)} />
        </Suspense>
      ) : null}
    </>
  );
}
