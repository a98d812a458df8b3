import AssignmentOutlined from '@mui/icons-material/AssignmentOutlined';
import FolderOutlined from '@mui/icons-material/FolderOutlined';
import { definePortalUi } from '@portico/core/react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';

/**
 * What the forms engine adds to the portal: the forms a user may fill, the fill page (draft saved
 * as they type, restored when they come back), their submissions with status, and the records of
 * structures their company keeps. Every page is its own chunk: the renderer (react-jsonschema-
 * form) loads when a form is opened, never with the portal's first page.
 */
export default definePortalUi({
  id: 'forms',
  routes: [
    { path: 'forms', load: () => import('./FormsPage.js'), permission: 'forms.submission.create' },
    {
      path: 'forms/submissions',
      load: () => import('./MySubmissionsPage.js'),
      permission: 'forms.submission.create',
    },
    {
      path: 'forms/submissions/:id',
      load: () => import('./SubmissionPage.js'),
      permission: 'forms.submission.create',
    },
    { path: 'forms/:key', load: () => import('./FillPage.js'), permission: 'forms.submission.create' },
    { path: 'records', load: () => import('./StructuresPage.js'), permission: 'forms.record.read' },
    { path: 'records/:key', load: () => import('./RecordsPage.js'), permission: 'forms.record.read' },
    { path: 'records/:key/new', load: () => import('./RecordPage.js'), permission: 'forms.record.write' },
    { path: 'records/:key/:id', load: () => import('./RecordPage.js'), permission: 'forms.record.read' },
  ],
  navigation: [
    {
      path: '/forms',
      label: 'nav.title',
      icon: <AssignmentOutlined />,
      permission: 'forms.submission.create',
      order: 20,
    },
    {
      path: '/records',
      label: 'nav.records',
      icon: <FolderOutlined />,
      permission: 'forms.record.read',
      order: 25,
    },
  ],
  translations: { en, sv },
});
