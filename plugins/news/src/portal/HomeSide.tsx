import PushPinOutlined from '@mui/icons-material/PushPinOutlined';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApiData, useSession } from '@portico/core/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link as RouterLink } from 'react-router';
import { formatDate } from './format.js';
import type { ArticleView, Page, TagCount } from './types.js';

/**
 * The home page's side panel on wide screens (slot "side"): the pinned articles at a glance and
 * the topics of the reader's news, each leading to the news list filtered by it.
 */
export default function HomeSide() {
  // The articles come in the reader's profile language: a new choice loads them again, in it.
  return <SidePanels key={useSession().me?.user.language} />;
}

function SidePanels() {
  const { t, i18n } = useTranslation('news');
  const tags = useApiData<{ items: TagCount[] }>('/news/tags');
  const first = useApiData<Page<ArticleView>>('/news/feed?limit=10');
  const pinned = first.data?.items.filter((a) => a.pinned) ?? [];
  const pinnedId = useId();
  const topicsId = useId();
  return (
    <Stack spacing={2} sx={{ position: 'sticky', top: 88 }}>
      {pinned.length ? (
        <Card component="section" aria-labelledby={pinnedId}>
          <CardContent>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
              <PushPinOutlined color="primary" fontSize="small" aria-hidden />
              <Typography id={pinnedId} variant="h2" sx={{ fontSize: '1.05rem' }}>
                {t('side.pinned')}
              </Typography>
            </Stack>
            <Stack component="ul" spacing={1.25} sx={{ listStyle: 'none', p: 0, m: 0 }}>
              {pinned.map((a) => (
                <li key={a.id}>
                  <Link component={RouterLink} to={`/news/${a.id}`} lang={a.language} underline="hover">
                    {a.title}
                  </Link>
                  <Typography variant="body2" color="text.secondary">
                    <time dateTime={a.publishedAt}>{formatDate(a.publishedAt, i18n.language)}</time>
                  </Typography>
                </li>
              ))}
            </Stack>
          </CardContent>
        </Card>
      ) : null}
      {tags.data?.items.length ? (
        <Card component="section" aria-labelledby={topicsId}>
          <CardContent>
            <Typography id={topicsId} variant="h2" sx={{ fontSize: '1.05rem', mb: 1.5 }}>
              {t('side.topics')}
            </Typography>
            <Stack
              component="ul"
              direction="row"
              useFlexGap
              spacing={1}
              sx={{ flexWrap: 'wrap', listStyle: 'none', p: 0, m: 0 }}
            >
              {tags.data.items.map((tag) => (
                <li key={tag.tag}>
                  <Chip
                    component={RouterLink}
                    to={`/news?tag=${encodeURIComponent(tag.tag)}`}
                    clickable
                    variant="outlined"
                    label={`#${tag.tag} · ${tag.articles}`}
                    aria-label={t('side.topic', { tag: tag.tag, count: tag.articles })}
                  />
                </li>
              ))}
            </Stack>
          </CardContent>
        </Card>
      ) : null}
    </Stack>
  );
}
