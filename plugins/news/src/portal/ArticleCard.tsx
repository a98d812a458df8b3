import PushPinOutlined from '@mui/icons-material/PushPinOutlined';
import TranslateOutlined from '@mui/icons-material/TranslateOutlined';
import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useSession } from '@portico/core/react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate, languageName } from './format.js';
import type { ArticleView } from './types.js';

export interface ArticleCardProps {
  article: ArticleView;
  /** The heading level of the title, after the headings above the list. */
  headingLevel?: 'h2' | 'h3';
  /** wide: picture beside the text on screens from sm up (the first article of the home feed). */
  layout?: 'stacked' | 'wide';
}

/** The "Not available in Swedish: shown in English" line of an article shown in another language. */
export function FallbackNote(props: { language: string }) {
  const { t, i18n } = useTranslation('news');
  const { me } = useSession();
  // The server falls back when the reader's own language (their profile's) has no version.
  const wanted = me?.user.language ?? i18n.language;
  return (
    <Stack direction="row" spacing={0.75} sx={{ alignItems: 'center', color: 'text.secondary' }}>
      <TranslateOutlined fontSize="small" aria-hidden />
      <Typography variant="body2">
        {t('feed.fallback', {
          wanted: languageName(wanted, i18n.language),
          shown: languageName(props.language, i18n.language),
        })}
      </Typography>
    </Stack>
  );
}

/** Pinned and New markers and the date of an article. */
export function ArticleMeta(props: { article: ArticleView }) {
  const { t, i18n } = useTranslation('news');
  const { article } = props;
  return (
    <Stack
      direction="row"
      spacing={1}
      useFlexGap
      sx={{ alignItems: 'center', flexWrap: 'wrap', rowGap: 0.5 }}
    >
      {article.pinned ? (
        <Chip
          size="small"
          color="primary"
          variant="outlined"
          icon={<PushPinOutlined aria-hidden />}
          label={t('feed.pinned')}
        />
      ) : null}
      {article.new ? (
        <Chip size="small" color="secondary" label={t('feed.new')} sx={{ fontWeight: 700 }} />
      ) : null}
      <Typography variant="body2" color="text.secondary" component="span">
        <time dateTime={article.publishedAt}>{formatDate(article.publishedAt, i18n.language)}</time>
      </Typography>
    </Stack>
  );
}

/** The tags of an article, as a list. Each links to the news list filtered by it when `linked`. */
export function TagList(props: { tags: string[]; linked?: boolean }) {
  const { t } = useTranslation('news');
  if (!props.tags.length) return null;
  return (
    <Box
      component="ul"
      aria-label={t('feed.tags')}
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.75, listStyle: 'none', p: 0, m: 0 }}
    >
      {props.tags.map((tag) => (
        <li key={tag}>
          {props.linked ? (
            <Chip
              size="small"
              variant="outlined"
              label={`#${tag}`}
              component={Link}
              to={`/news?tag=${encodeURIComponent(tag)}`}
              clickable
            />
          ) : (
            <Chip size="small" variant="outlined" label={`#${tag}`} />
          )}
        </li>
      ))}
    </Box>
  );
}

/**
 * One article in a feed: picture, markers, date, title (the link to the article: the whole card
 * is clickable through it), lead, fallback-language note and tags.
 */
export function ArticleCard(props: ArticleCardProps) {
  const { article, headingLevel = 'h3', layout = 'stacked' } = props;
  const titleId = useId();
  const wide = layout === 'wide' && !!article.imageUrl;
  return (
    <Card
      component="article"
      aria-labelledby={titleId}
      sx={{
        position: 'relative',
        height: '100%',
        display: 'flex',
        flexDirection: { xs: 'column', sm: wide ? 'row' : 'column' },
        transition: 'box-shadow 120ms, border-color 120ms',
        // Unread articles carry an accent on their leading edge besides the "New" label.
        borderLeftColor: article.new ? 'secondary.main' : undefined,
        borderLeftWidth: article.new ? 4 : undefined,
        '&:hover': { boxShadow: 3 },
        '&:focus-within': { outline: '3px solid', outlineColor: 'primary.main', outlineOffset: 2 },
      }}
    >
      {article.imageUrl ? (
        <Box
          component="img"
          src={article.imageUrl}
          alt={article.imageAlt}
          lang={article.language}
          loading="lazy"
          decoding="async"
          sx={{
            display: 'block',
            width: { xs: '100%', sm: wide ? '50%' : '100%' },
            aspectRatio: wide ? { xs: '16 / 9', sm: 'auto' } : '16 / 9',
            minHeight: wide ? { sm: 240 } : undefined,
            objectFit: 'cover',
            bgcolor: 'action.hover',
            flexShrink: 0,
          }}
        />
      ) : null}
      <Stack spacing={1.25} sx={{ p: { xs: 2, sm: 2.5 }, flexGrow: 1, minWidth: 0 }}>
        <ArticleMeta article={article} />
        <Typography
          id={titleId}
          variant={layout === 'wide' ? 'h2' : 'h3'}
          component={headingLevel}
          lang={article.language}
          sx={{ fontSize: layout === 'wide' ? { xs: '1.25rem', sm: '1.5rem' } : '1.15rem', lineHeight: 1.3 }}
        >
          <Box
            component={Link}
            to={`/news/${article.id}`}
            sx={{
              color: 'text.primary',
              textDecoration: 'none',
              '&:hover': { textDecoration: 'underline' },
              '&:focus-visible': { outline: 'none' },
              // The link covers the whole card, so a tap anywhere opens the article.
              '&::after': { content: '""', position: 'absolute', inset: 0 },
            }}
          >
            {article.title}
          </Box>
        </Typography>
        {article.lead ? (
          <Typography
            lang={article.language}
            color="text.secondary"
            sx={{
              display: '-webkit-box',
              WebkitLineClamp: layout === 'wide' ? 4 : 3,
              WebkitBoxOrient: 'vertical',
              overflow: 'hidden',
            }}
          >
            {article.lead}
          </Typography>
        ) : null}
        {article.fallback ? <FallbackNote language={article.language} /> : null}
        <Box sx={{ flexGrow: 1 }} />
        <TagList tags={article.tags} />
      </Stack>
    </Card>
  );
}
