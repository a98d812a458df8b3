import WavingHandOutlined from '@mui/icons-material/WavingHandOutlined';
import { definePortalUi } from '@portico/core/react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';
import { ratingWidget } from '../widgets/rating.js';

/** What the hello plugin adds to the portal: a page, its menu entry and its strings (namespace "hello"). */
export default definePortalUi({
  id: 'hello',
  routes: [{ path: 'hello', load: () => import('./GreetingsPage.js') }],
  navigation: [{ path: '/hello', label: 'nav.title', icon: <WavingHandOutlined />, order: 90 }],
  translations: { en, sv },
  // A widget for admin-built forms: the builder's palette offers it, the portal renders it.
  formWidgets: { 'hello.rating': ratingWidget },
});
