import AddPhotoAlternateOutlined from '@mui/icons-material/AddPhotoAlternateOutlined';
import AttachFileOutlined from '@mui/icons-material/AttachFileOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { ProblemAlert, useApi } from '@portico/core/react';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fileKind, formatBytes, languageName } from '../portal/format.js';
import type { Article, Attachment } from './types.js';

/** Accepted by the server (it checks the bytes anyway). */
const imageAccept = 'image/jpeg,image/png,image/webp,image/gif';
const attachmentAccept =
  '.pdf,.jpg,.jpeg,.png,.webp,.gif,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,application/pdf,image/*';

/**
 * The article's picture and its attachments. Both need a saved article: `ensureSaved` saves a
 * new one first and answers its id.
 */
export function ArticleFiles(props: {
  article: Article | undefined;
  languages: string[];
  ensureSaved(): Promise<string | undefined>;
  onArticle(next: Article): void;
  onAttachments(next: Attachment[]): void;
}) {
  const { t, i18n } = useTranslation('news');
  const api = useApi();
  const imageInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'image' | 'file' | undefined>();
  const [error, setError] = useState<unknown>();
  const [language, setLanguage] = useState('');
  const { article } = props;

  async function run(kind: 'image' | 'file', work: () => Promise<void>) {
    setBusy(kind);
    setError(undefined);
    try {
      await work();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(undefined);
    }
  }

  const uploadImage = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    void run('image', async () => {
      const id = await props.ensureSaved();
      if (!id) return;
      props.onArticle(await api.upload<Article>('PUT', `/news/admin/articles/${id}/image`, file));
    });
  };
  const removeImage = () =>
    article &&
    void run('image', async () => {
      props.onArticle(await api.delete<Article>(`/news/admin/articles/${article.id}/image`));
    });
  const attach = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    if (!files.length) return;
    void run('file', async () => {
      const id = await props.ensureSaved();
      if (!id) return;
      let list = article?.attachments ?? [];
      for (const file of files) {
        const query = new URLSearchParams({ name: file.name });
        if (language) query.set('language', language);
        const added = await api.upload<Attachment>(
          'POST',
          `/news/admin/articles/${id}/attachments?${query}`,
          file,
        );
        list = [...list, added];
        props.onAttachments(list);
      }
    });
  };
  const detach = (a: Attachment) =>
    article &&
    void run('file', async () => {
      await api.delete(`/news/admin/articles/${article.id}/attachments/${a.id}`);
      props.onAttachments(article.attachments.filter((x) => x.id !== a.id));
    });

  return (
    <Stack spacing={3}>
      <Box>
        <Typography variant="h3" sx={{ mb: 1 }}>
          {t('admin.image.title')}
        </Typography>
        {article?.imageUrl ? (
          <Box
            component="img"
            src={article.imageUrl}
            alt={t('admin.image.current')}
            sx={{
              display: 'block',
              width: '100%',
              aspectRatio: '16 / 9',
              objectFit: 'cover',
              borderRadius: 1,
              mb: 1,
            }}
          />
        ) : (
          <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
            {t('admin.image.none')}
          </Typography>
        )}
        <input ref={imageInput} type="file" accept={imageAccept} hidden onChange={uploadImage} />
        <Stack direction="row" spacing={1}>
          <Button
            variant="outlined"
            startIcon={<AddPhotoAlternateOutlined aria-hidden />}
            onClick={() => imageInput.current?.click()}
            disabled={!!busy}
          >
            {busy === 'image'
              ? t('admin.uploading')
              : article?.imageUrl
                ? t('admin.image.replace')
                : t('admin.image.upload')}
          </Button>
          {article?.imageUrl ? (
            <Button color="error" onClick={removeImage} disabled={!!busy}>
              {t('admin.image.remove')}
            </Button>
          ) : null}
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('admin.image.help')}
        </Typography>
      </Box>

      <Box>
        <Typography variant="h3" sx={{ mb: 1 }}>
          {t('admin.files.title')}
        </Typography>
        {article?.attachments.length ? (
          <List dense disablePadding>
            {article.attachments.map((a) => (
              <ListItem
                key={a.id}
                disableGutters
                secondaryAction={
                  <IconButton
                    edge="end"
                    aria-label={t('admin.files.remove', { name: a.name })}
                    onClick={() => detach(a)}
                    disabled={!!busy}
                  >
                    <DeleteOutlined />
                  </IconButton>
                }
              >
                <ListItemText
                  primary={
                    <a href={a.url} download={a.name}>
                      {a.name}
                    </a>
                  }
                  secondary={[
                    t(`file.kind.${fileKind(a.contentType)}`),
                    formatBytes(a.size, i18n.language),
                    a.language ? languageName(a.language, i18n.language) : t('admin.files.allLanguages'),
                  ].join(' · ')}
                />
              </ListItem>
            ))}
          </List>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {t('admin.files.none')}
          </Typography>
        )}
        <input ref={fileInput} type="file" accept={attachmentAccept} multiple hidden onChange={attach} />
        <Stack
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1}
          sx={{ mt: 1, alignItems: { sm: 'center' } }}
        >
          <TextField
            select
            size="small"
            margin="none"
            label={t('admin.files.for')}
            value={language}
            onChange={(e) => setLanguage(e.target.value)}
            sx={{ minWidth: 180 }}
            fullWidth={false}
            slotProps={{ inputLabel: { shrink: true }, select: { displayEmpty: true } }}
          >
            <MenuItem value="">{t('admin.files.allLanguages')}</MenuItem>
            {props.languages.map((l) => (
              <MenuItem key={l} value={l}>
                {languageName(l, i18n.language)}
              </MenuItem>
            ))}
          </TextField>
          <Button
            variant="outlined"
            startIcon={<AttachFileOutlined aria-hidden />}
            onClick={() => fileInput.current?.click()}
            disabled={!!busy}
          >
            {busy === 'file' ? t('admin.uploading') : t('admin.files.add')}
          </Button>
        </Stack>
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          {t('admin.files.help')}
        </Typography>
      </Box>
      <ProblemAlert error={error} />
    </Stack>
  );
}
