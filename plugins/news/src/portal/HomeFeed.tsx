import ArrowForwardOutlined from '@mui/icons-material/ArrowForwardOutlined';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { homeFeedPageSize } from './feed-path.js';
import { FeedList } from './FeedList.js';
import { useFeed } from './useFeed.js';

/**
 * The home page's feed (slot "main"): the articles for this reader, pinned first, then newest,
 * the first one large; further pages load as the reader scrolls.
 */
export default function HomeFeed() {
  const { t } = useTranslation('news');
  const feed = useFeed({ pageSize: homeFeedPageSize });
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <Stack direction="row" sx={{ alignItems: 'baseline', justifyContent: 'space-between', mb: 1.5 }}>
        <Typography id={headingId} variant="h2">
          {t('feed.title')}
        </Typography>
        <Button component={Link} to="/news" endIcon={<ArrowForwardOutlined aria-hidden />}>
          {t('feed.all')}
        </Button>
      </Stack>
      <FeedList feed={feed} featureFirst infinite headingLevel="h3" />
    </section>
  );
}
