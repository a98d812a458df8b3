import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Typography from '@mui/material/Typography';
import { ProblemAlert } from '@portico/core/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ArticleCard } from './ArticleCard.js';
import type { Feed } from './useFeed.js';

export interface FeedListProps {
  feed: Feed;
  headingLevel?: 'h2' | 'h3';
  /** Shows the first article large, across the columns. */
  featureFirst?: boolean;
  /** Columns from sm up (phones always show one). */
  columns?: 1 | 2 | 3;
  /** Loads the next page when the end of the list scrolls into view (the button stays, for keyboards). */
  infinite?: boolean;
  /** Shown when there are no articles at all. */
  empty?: string;
}

/** Article cards with "Load more" (and, if asked, infinite scrolling) through the feed's cursor. */
export function FeedList(props: FeedListProps) {
  const { feed, headingLevel = 'h3', featureFirst = false, columns = 2, infinite = false } = props;
  const { t } = useTranslation('news');
  const sentinel = useRef<HTMLDivElement>(null);
  const { hasMore, loading, loadMore, error } = feed;

  useEffect(() => {
    const el = sentinel.current;
    if (!infinite || !el || !hasMore || loading || error || typeof IntersectionObserver === 'undefined')
      return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) loadMore();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [infinite, hasMore, loading, error, loadMore]);

  const first = loading && feed.items.length === 0;
  return (
    <Box>
      {feed.items.length ? (
        <Box
          sx={{
            display: 'grid',
            gap: { xs: 1.5, sm: 2 },
            gridTemplateColumns: {
              xs: 'minmax(0, 1fr)',
              sm: columns === 1 ? 'minmax(0, 1fr)' : 'repeat(2, minmax(0, 1fr))',
              lg: `repeat(${columns}, minmax(0, 1fr))`,
            },
          }}
        >
          {feed.items.map((article, i) => {
            const featured = featureFirst && i === 0;
            return (
              <Box key={article.id} sx={featured ? { gridColumn: '1 / -1' } : undefined}>
                <ArticleCard
                  article={article}
                  headingLevel={headingLevel}
                  layout={featured ? 'wide' : 'stacked'}
                />
              </Box>
            );
          })}
        </Box>
      ) : null}
      {!loading && !error && feed.items.length === 0 ? (
        <Typography color="text.secondary" sx={{ py: 2 }}>
          {props.empty ?? t('feed.empty')}
        </Typography>
      ) : null}
      {error ? (
        <Box sx={{ mt: 2 }}>
          <ProblemAlert error={error} />
          <Button onClick={feed.retry} sx={{ mt: 1 }}>
            {t('feed.retry')}
          </Button>
        </Box>
      ) : null}
      <Box ref={sentinel} sx={{ display: 'flex', justifyContent: 'center', py: 2 }} aria-live="polite">
        {first || (loading && hasMore) ? (
          <CircularProgress size={28} aria-label={t('feed.loading')} />
        ) : hasMore && !error ? (
          <Button variant="outlined" onClick={loadMore}>
            {t('feed.more')}
          </Button>
        ) : feed.items.length > 3 ? (
          <Typography variant="body2" color="text.secondary">
            {t('feed.end')}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}
