import { holdsPermission, isVisibleTo, usePlugins, useSession, type NavEntry } from '@portico/core/react';
import { useMemo } from 'react';
import { coreScreens } from '../screens/registry.js';

export interface MenuItem extends NavEntry {
  key: string;
  ns: string;
}

/** Core's admin screens the user may use, then every enabled plugin's admin entries. */
export function useMenu(): MenuItem[] {
  const plugins = usePlugins();
  const { me } = useSession();
  return useMemo(() => {
    const items: MenuItem[] = coreScreens
      .filter((s) => s.menu !== false && holdsPermission(me, s.permission))
      .map((s) => ({
        key: `core:${s.path}`,
        ns: 'admin',
        path: `/${s.path}`,
        label: s.label,
        icon: s.icon,
        order: s.order,
      }));
    for (const p of plugins)
      for (const n of p.navigation ?? [])
        if (isVisibleTo(me, p.id, n.permission))
          items.push({ ...n, key: `${p.id}:${n.path}`, ns: p.id, order: n.order ?? 100 });
    return items.sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
  }, [plugins, me]);
}
