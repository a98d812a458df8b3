import DashboardOutlined from '@mui/icons-material/DashboardOutlined';
import type { PageLoader } from '@portico/core/react';
import type { ReactNode } from 'react';
import { coreAdminScreens } from './core-admin-screens.js';
import { platformScreens } from './platform-screens.js';

/** A screen of core's administration: its route, its menu entry and who may see it. */
export interface CoreScreen {
  /** Route path inside /admin, no leading slash; '' is the dashboard. */
  path: string;
  /** Key in the 'admin' namespace. */
  label: string;
  icon: ReactNode;
  /** Shown only to holders of this permission. */
  permission?: string;
  order: number;
  load: PageLoader;
  /** false: a route without a menu entry (detail pages). */
  menu?: boolean;
}

/** Core's admin screens; each is loaded when first opened. Add a screen here. */
export const coreScreens: CoreScreen[] = [
  {
    path: '',
    label: 'nav.dashboard',
    icon: <DashboardOutlined />,
    order: 0,
    load: () => import('./DashboardScreen.js'),
  },
  ...coreAdminScreens,
  ...platformScreens,
];
