import ArrowBackOutlined from '@mui/icons-material/ArrowBackOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi, useApiData } from '@portico/core/react';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ArticleBody } from './ArticleBody.js';
import { ArticleMeta, FallbackNote, TagList } from './ArticleCard.js';
import { AttachmentList } from './Attachments.js';
import type { ArticleView } from './types.js';

/** The whole article as a reader sees it: the view also used by the editor's preview. */
export function ArticleContent(props: {
  article: ArticleView;
  headingId?: string;
  linkedTags?: boolean;
  /** h3 inside another page's heading (the editor's preview), h1 on the article's own page. */
  titleAs?: 'h1' | 'h3';
}) {
  const { t } = useTranslation('news');
  const { article, titleAs = 'h1' } = props;
  const filesId = useId();
  return (
    <Box component="article" aria-labelledby={props.headingId}>
      <Stack spacing={1.5} sx={{ mb: 2.5 }}>
        <ArticleMeta article={{ ...article, new: false }} />
        <Typography
          id={props.headingId}
          variant="h1"
          component={titleAs}
          lang={article.language}
          sx={{ lineHeight: 1.25 }}
        >
          {article.title}
        </Typography>
        {article.fallback ? <FallbackNote language={article.language} /> : null}
      </Stack>
      {article.imageUrl ? (
        <Box
          component="img"
          src={article.imageUrl}
          alt={article.imageAlt}
          lang={article.language}
          sx={{
            display: 'block',
            width: '100%',
            maxHeight: 480,
            objectFit: 'cover',
            borderRadius: 2,
            mb: 3,
            bgcolor: 'action.hover',
          }}
        />
      ) : null}
      {article.lead ? (
        <Typography
          lang={article.language}
          sx={{ fontSize: '1.2rem', fontWeight: 500, lineHeight: 1.55, mb: 2 }}
        >
          {article.lead}
        </Typography>
      ) : null}
      {article.bodyHtml ? <ArticleBody html={article.bodyHtml} language={article.language} /> : null}
      {article.attachments?.length ? (
        <Box component="section" aria-labelledby={filesId} sx={{ mt: 4 }}>
          <Typography
            id={filesId}
            variant="h2"
            component={titleAs === 'h1' ? 'h2' : 'h4'}
            sx={{ fontSize: '1.2rem', mb: 1.5 }}
          >
            {t('article.attachments')}
          </Typography>
          <AttachmentList attachments={article.attachments} />
        </Box>
      ) : null}
      {article.tags.length ? (
        <Box sx={{ mt: 3 }}>
          <TagList tags={article.tags} linked={props.linkedTags} />
        </Box>
      ) : null}
    </Box>
  );
}

/** news/:id: one article; opening it marks it read. */
export default function ArticlePage() {
  const { t } = useTranslation('news');
  const { id = '' } = useParams();
  const api = useApi();
  const valid = /^[0-9a-f-]{36}$/i.test(id);
  const article = useApiData<ArticleView>(valid ? `/news/articles/${id}` : null);
  const headingId = useId();
  const isNew = article.data?.new;

  useEffect(() => {
    // Marking read is best-effort: the article is shown whether or not it succeeds.
    if (isNew) api.post(`/news/articles/${id}/read`).catch(() => undefined);
  }, [api, id, isNew]);

  useEffect(() => {
    if (!article.data) return;
    const before = document.title;
    document.title = article.data.title;
    return () => {
      document.title = before;
    };
  }, [article.data]);

  const missing = !valid || article.error?.status === 404;
  return (
    <Box sx={{ maxWidth: 760, mx: 'auto' }}>
      <Button
        component={Link}
        to="/news"
        startIcon={<ArrowBackOutlined aria-hidden />}
        sx={{ mb: 1.5, ml: -1 }}
      >
        {t('article.back')}
      </Button>
      {missing ? (
        <Alert severity="info">{t('article.missing')}</Alert>
      ) : article.error ? (
        <ProblemAlert error={article.error} />
      ) : !article.data ? (
        <Box sx={{ display: 'flex', justifyContent: 'center', p: 6 }} role="status">
          <CircularProgress aria-label={t('feed.loading')} />
        </Box>
      ) : (
        <Paper variant="outlined" sx={{ p: { xs: 2, sm: 4 }, borderRadius: 3 }}>
          <ArticleContent article={article.data} headingId={headingId} linkedTags />
        </Paper>
      )}
    </Box>
  );
}
