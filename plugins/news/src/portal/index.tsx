import NewspaperOutlined from '@mui/icons-material/NewspaperOutlined';
import { definePortalUi } from '@portico/core/react';
import en from '../../locales/en.json';
import { feedPath, homeFeedPageSize } from './feed-path.js';
import sv from '../../locales/sv.json';

/**
 * What news adds to the portal: the feed on the home page (with pinned articles and topics beside
 * it on wide screens), the news list with its topic filter, the article page, the menu entry and
 * the strings (namespace "news"). Every page is loaded when first shown.
 */
export default definePortalUi({
  id: 'news',
  routes: [
    { path: 'news', load: () => import('./NewsPage.js'), permission: 'news.article.read' },
    { path: 'news/:id', load: () => import('./ArticlePage.js'), permission: 'news.article.read' },
  ],
  navigation: [
    {
      path: '/news',
      label: 'nav.title',
      icon: <NewspaperOutlined />,
      permission: 'news.article.read',
      order: 10,
    },
  ],
  home: [
    {
      id: 'feed',
      slot: 'main',
      load: () => import('./HomeFeed.js'),
      // Its first page comes with the page load, not after the section's code.
      prefetch: [feedPath({ limit: homeFeedPageSize })],
      permission: 'news.article.read',
      order: 10,
    },
    {
      id: 'side',
      slot: 'side',
      load: () => import('./HomeSide.js'),
      permission: 'news.article.read',
      order: 10,
    },
  ],
  translations: { en, sv },
});
