import Alert from '@mui/material/Alert';
import Autocomplete from '@mui/material/Autocomplete';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import TextField from '@mui/material/TextField';
import useMediaQuery from '@mui/material/useMediaQuery';
import { useTheme } from '@mui/material/styles';
import { ProblemAlert, useApiData } from '@portico/core/react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ArticleContent } from '../portal/ArticlePage.js';
import type { ArticleView } from './types.js';

interface Person {
  id: string;
  name: string;
  email: string;
  organizationName: string;
  language: string | null;
}

/** "Preview as": pick a person, see whether the article is for them and how it reads to them. */
export function PreviewDialog(props: { articleId: string; open: boolean; onClose(): void }) {
  const { t } = useTranslation('news');
  const theme = useTheme();
  const phone = useMediaQuery(theme.breakpoints.down('sm'));
  const [query, setQuery] = useState('');
  const [person, setPerson] = useState<Person | null>(null);
  const people = useApiData<{ items: Person[] }>(
    props.open
      ? `/news/admin/readers?limit=20${query.trim() ? `&q=${encodeURIComponent(query.trim())}` : ''}`
      : null,
  );
  const preview = useApiData<{ visible: boolean; article: ArticleView }>(
    person ? `/news/admin/articles/${props.articleId}/preview?userId=${encodeURIComponent(person.id)}` : null,
  );
  const titleId = useId();
  const headingId = useId();
  return (
    <Dialog
      open={props.open}
      onClose={props.onClose}
      fullScreen={phone}
      fullWidth
      maxWidth="md"
      aria-labelledby={titleId}
    >
      <DialogTitle id={titleId}>{t('admin.preview.title')}</DialogTitle>
      <DialogContent dividers>
        <Autocomplete
          options={people.data?.items ?? []}
          value={person}
          loading={people.loading}
          filterOptions={(x) => x}
          getOptionLabel={(p) => `${p.name} (${p.organizationName})`}
          renderOption={(liProps, p) => (
            <li {...liProps} key={p.id}>
              <Box>
                <div>{p.name}</div>
                <Box component="span" sx={{ color: 'text.secondary', fontSize: '0.875rem' }}>
                  {p.email} · {p.organizationName}
                </Box>
              </Box>
            </li>
          )}
          isOptionEqualToValue={(a, b) => a.id === b.id}
          onInputChange={(_e, v, reason) => reason === 'input' && setQuery(v)}
          onChange={(_e, p) => setPerson(p)}
          renderInput={(params) => (
            <TextField
              {...params}
              label={t('admin.preview.person')}
              helperText={t('admin.preview.personHelp')}
            />
          )}
        />
        <ProblemAlert error={people.error ?? preview.error} />
        {preview.data && person ? (
          <Box sx={{ mt: 2 }}>
            <Alert severity={preview.data.visible ? 'success' : 'warning'} sx={{ mb: 2 }}>
              {preview.data.visible
                ? t('admin.preview.visible', { name: person.name })
                : t('admin.preview.hidden', { name: person.name })}
            </Alert>
            <Box sx={{ border: '1px solid', borderColor: 'divider', borderRadius: 2, p: { xs: 2, sm: 3 } }}>
              <ArticleContent article={preview.data.article} headingId={headingId} titleAs="h3" />
            </Box>
          </Box>
        ) : null}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t('admin.close')}</Button>
      </DialogActions>
    </Dialog>
  );
}
