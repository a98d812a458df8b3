import GroupsOutlined from '@mui/icons-material/GroupsOutlined';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import PersonOutlined from '@mui/icons-material/PersonOutlined';
import { isVisibleTo, usePlugins, useSession, type NavEntry } from '@portico/core/react';
import { useMemo } from 'react';
import { managesCompanyUsers } from '../screens/company/model.js';

export interface MenuItem extends NavEntry {
  key: string;
  /** i18next namespace of the label. */
  ns: string;
}

/**
 * The menu: home, then every enabled plugin's entries the user may see (by their order), then
 * the company's users for those who manage them, then the profile.
 */
export function useMenu(): MenuItem[] {
  const plugins = usePlugins();
  const { me } = useSession();
  return useMemo(() => {
    const items: MenuItem[] = [
      { key: 'home', ns: 'portal', path: '/', label: 'nav.home', icon: <HomeOutlined />, order: 0 },
    ];
    for (const p of plugins)
      for (const n of p.navigation ?? [])
        if (isVisibleTo(me, p.id, n.permission))
          items.push({ ...n, key: `${p.id}:${n.path}`, ns: p.id, order: n.order ?? 100 });
    if (managesCompanyUsers(me))
      items.push({
        key: 'company-users',
        ns: 'portal',
        path: '/company/users',
        label: 'nav.companyUsers',
        icon: <GroupsOutlined />,
        order: 900,
      });
    items.push({
      key: 'profile',
      ns: 'portal',
      path: '/profile',
      label: 'nav.profile',
      icon: <PersonOutlined />,
      order: 1000,
    });
    return items.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  }, [plugins, me]);
}
