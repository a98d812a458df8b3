import ExtensionOutlined from '@mui/icons-material/ExtensionOutlined';
import PaletteOutlined from '@mui/icons-material/PaletteOutlined';
import type { CoreScreen } from './registry.js';

/**
 * The administration of the portal itself: its branding, and the plugins with their pilot
 * rollout and settings. Each screen is its own lazily loaded module (the settings form library
 * with it).
 */
export const platformScreens: CoreScreen[] = [
  {
    path: 'branding',
    label: 'branding.nav',
    icon: <PaletteOutlined />,
    permission: 'core.branding.manage',
    order: 80,
    load: () => import('./branding/BrandingScreen.js'),
  },
  {
    path: 'plugins',
    label: 'plugins.nav',
    icon: <ExtensionOutlined />,
    permission: 'core.plugin.read',
    order: 90,
    load: () => import('./plugins/PluginsScreen.js'),
  },
  {
    path: 'plugins/:id/settings',
    label: 'plugins.nav',
    icon: null,
    permission: 'core.plugin.read',
    order: 90,
    menu: false,
    load: () => import('./plugins/PluginSettingsScreen.js'),
  },
];
