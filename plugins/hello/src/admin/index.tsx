import WavingHandOutlined from '@mui/icons-material/WavingHandOutlined';
import { defineAdminUi } from '@portico/core/react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';
import { ratingWidget } from '../widgets/rating.js';

/**
 * What the hello plugin adds to the admin app: the greetings of every organisation, for the
 * staff who may delete them. Routes and menu entries carry the permission they need; the page
 * is loaded when first opened.
 */
export default defineAdminUi({
  id: 'hello',
  routes: [
    { path: 'hello', load: () => import('./GreetingsAdminPage.js'), permission: 'hello.greeting.delete' },
  ],
  navigation: [
    {
      path: '/hello',
      label: 'nav.title',
      icon: <WavingHandOutlined />,
      permission: 'hello.greeting.delete',
      order: 90,
    },
  ],
  translations: { en, sv },
  // A widget for admin-built forms: the builder's palette offers it, the portal renders it.
  formWidgets: { 'hello.rating': ratingWidget },
});
