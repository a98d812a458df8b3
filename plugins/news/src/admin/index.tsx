import NewspaperOutlined from '@mui/icons-material/NewspaperOutlined';
import { defineAdminUi } from '@portico/core/react';
import en from '../../locales/en.json';
import sv from '../../locales/sv.json';

/**
 * What news adds to the admin app: the article list, the editor (its rich-text editor loads
 * only when a body is edited) and the statistics of an article. Each page loads when first shown.
 */
export default defineAdminUi({
  id: 'news',
  routes: [
    { path: 'news', load: () => import('./ArticleListPage.js'), permission: 'news.article.write' },
    // "news/new" is this route too, so saving a new article keeps the page (and its uploads).
    { path: 'news/:id', load: () => import('./EditorPage.js'), permission: 'news.article.write' },
    {
      path: 'news/:id/statistics',
      load: () => import('./StatisticsPage.js'),
      permission: 'news.statistics.read',
    },
  ],
  navigation: [
    {
      path: '/news',
      label: 'nav.title',
      icon: <NewspaperOutlined />,
      permission: 'news.article.write',
      order: 10,
    },
  ],
  translations: { en, sv },
});
