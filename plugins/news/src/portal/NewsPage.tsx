import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useApiData } from '@portico/core/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { FeedList } from './FeedList.js';
import type { TagCount } from './types.js';
import { useFeed } from './useFeed.js';

/** All the reader's news, filterable by topic (?tag=, so a filtered list can be shared and kept). */
export default function NewsPage() {
  const { t } = useTranslation('news');
  const [params, setParams] = useSearchParams();
  const tag = params.get('tag');
  const tags = useApiData<{ items: TagCount[] }>('/news/tags');
  const feed = useFeed({ tag, pageSize: 12 });
  const filterId = useId();
  const choose = (next: string | null) => setParams(next ? { tag: next } : {}, { replace: true });
  const known = tags.data?.items ?? [];
  // A tag from a shared link that no article of this reader has still shows as chosen.
  const shown = tag && !known.some((k) => k.tag === tag) ? [...known, { tag, articles: 0 }] : known;

  return (
    <Box sx={{ maxWidth: 1200, mx: 'auto' }}>
      <Typography variant="h1" sx={{ mb: 2 }}>
        {tag ? t('list.titleTag', { tag }) : t('list.title')}
      </Typography>
      {shown.length ? (
        <Box component="nav" aria-labelledby={filterId} sx={{ mb: 2.5 }}>
          <Typography id={filterId} variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('list.filter')}
          </Typography>
          <Stack
            component="ul"
            direction="row"
            useFlexGap
            spacing={1}
            sx={{ flexWrap: 'wrap', listStyle: 'none', p: 0, m: 0 }}
          >
            <li>
              <Chip
                label={t('list.allTopics')}
                color={tag ? 'default' : 'primary'}
                variant={tag ? 'outlined' : 'filled'}
                onClick={() => choose(null)}
                aria-pressed={!tag}
              />
            </li>
            {shown.map((k) => (
              <li key={k.tag}>
                <Chip
                  label={`#${k.tag}`}
                  color={tag === k.tag ? 'primary' : 'default'}
                  variant={tag === k.tag ? 'filled' : 'outlined'}
                  onClick={() => choose(tag === k.tag ? null : k.tag)}
                  aria-pressed={tag === k.tag}
                />
              </li>
            ))}
          </Stack>
        </Box>
      ) : null}
      <FeedList
        feed={feed}
        headingLevel="h2"
        columns={3}
        infinite
        empty={tag ? t('list.emptyTag', { tag }) : undefined}
      />
    </Box>
  );
}
