import DynamicFormOutlined from '@mui/icons-material/DynamicFormOutlined';
import PlaylistAddOutlined from '@mui/icons-material/PlaylistAddOutlined';
import TableChartOutlined from '@mui/icons-material/TableChartOutlined';
import { defineAdminUi } from '@portico/core/react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';

/**
 * What the forms engine adds to the admin app: forms and structures with their builder,
 * versions, submissions and records, and the custom fields of entities. Every page loads when
 * first shown; the builder (dnd-kit) and the renderer (RJSF) only with the pages that use them.
 */
export default defineAdminUi({
  id: 'forms',
  routes: [
    { path: 'forms', load: () => import('./DefinitionsPage.js'), permission: 'forms.form.manage' },
    {
      path: 'forms/submissions/:id',
      load: () => import('./SubmissionPage.js'),
      permission: 'forms.submission.manage',
    },
    { path: 'forms/:key', load: () => import('./BuilderPage.js'), permission: 'forms.form.manage' },
    { path: 'forms/:key/versions', load: () => import('./VersionsPage.js'), permission: 'forms.form.manage' },
    { path: 'forms/:key/routines', load: () => import('./RoutinesPage.js'), permission: 'forms.form.manage' },
    {
      path: 'forms/:key/submissions',
      load: () => import('./SubmissionsPage.js'),
      permission: 'forms.submission.manage',
    },
    { path: 'structures', load: () => import('./DefinitionsPage.js'), permission: 'forms.form.manage' },
    {
      path: 'structures/:key/records',
      load: () => import('./RecordsPage.js'),
      permission: 'forms.form.manage',
    },
    { path: 'custom-fields', load: () => import('./CustomFieldsPage.js'), permission: 'forms.form.manage' },
  ],
  navigation: [
    {
      path: '/forms',
      label: 'nav.title',
      icon: <DynamicFormOutlined />,
      permission: 'forms.form.manage',
      order: 20,
    },
    {
      path: '/structures',
      label: 'nav.structures',
      icon: <TableChartOutlined />,
      permission: 'forms.form.manage',
      order: 21,
    },
    {
      path: '/custom-fields',
      label: 'nav.customFields',
      icon: <PlaylistAddOutlined />,
      permission: 'forms.form.manage',
      order: 22,
    },
  ],
  translations: { en, sv },
});
