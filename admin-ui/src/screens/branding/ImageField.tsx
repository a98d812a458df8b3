import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import FileUploadOutlined from '@mui/icons-material/FileUploadOutlined';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormHelperText from '@mui/material/FormHelperText';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useRef, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** What the server accepts: it checks the bytes and re-encodes them; SVG is never taken. */
export const acceptedImageTypes = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'];

/** An image of the branding as edited: unchanged, a new file to upload, or to be removed. */
export type ImageDraft = { kind: 'current' } | { kind: 'new'; file: File; url: string } | { kind: 'removed' };

/** Where the draft's picture is, for the preview; null when there is none. */
export function imageSource(draft: ImageDraft, currentUrl: string | null): string | null {
  if (draft.kind === 'new') return draft.url;
  if (draft.kind === 'removed') return null;
  return currentUrl;
}

/** Choose, replace or remove the logo or the favicon. Nothing is sent until the page is saved. */
export function ImageField(props: {
  label: string;
  help: string;
  draft: ImageDraft;
  currentUrl: string | null;
  onChange(draft: ImageDraft): void;
  /** A refusal: of the file type here, or of the picture by the server. */
  error?: string;
  onError(message: string | undefined): void;
  /** Square frame (favicon) or wide (logo). */
  square?: boolean;
}) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const helpId = useId();
  const source = imageSource(props.draft, props.currentUrl);
  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    if (!acceptedImageTypes.includes(file.type)) {
      props.onError(t('branding.image.wrongType', { name: file.name }));
      return;
    }
    props.onError(undefined);
    props.onChange({ kind: 'new', file, url: URL.createObjectURL(file) });
  };
  return (
    <Box component="fieldset" sx={{ border: 0, p: 0, m: 0, mb: 3, minWidth: 0 }}>
      <Typography component="legend" variant="subtitle1" sx={{ fontWeight: 600, mb: 1 }}>
        {props.label}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' } }}>
        <Box
          sx={{
            width: props.square ? 72 : 200,
            height: 72,
            border: 1,
            borderStyle: source ? 'solid' : 'dashed',
            borderColor: 'divider',
            borderRadius: 2,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            p: 1,
            flexShrink: 0,
            // A checkerboard shows where the picture is transparent.
            backgroundImage: source
              ? 'repeating-conic-gradient(rgba(128,128,128,0.18) 0% 25%, transparent 0% 50%)'
              : 'none',
            backgroundSize: '16px 16px',
          }}
        >
          {source ? (
            <Box
              component="img"
              src={source}
              alt={t('branding.image.current', { name: props.label })}
              sx={{ maxWidth: '100%', maxHeight: '100%', objectFit: 'contain' }}
            />
          ) : (
            <Typography variant="body2" color="text.secondary">
              {t('branding.image.none')}
            </Typography>
          )}
        </Box>
        <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
          <Button
            variant="outlined"
            startIcon={<FileUploadOutlined />}
            onClick={() => input.current?.click()}
            aria-describedby={helpId}
          >
            {source ? t('branding.image.replace') : t('branding.image.choose')}
          </Button>
          {source ? (
            <Button
              color="error"
              startIcon={<DeleteOutlined />}
              onClick={() => {
                props.onError(undefined);
                props.onChange(props.currentUrl ? { kind: 'removed' } : { kind: 'current' });
              }}
            >
              {t('branding.image.remove')}
            </Button>
          ) : null}
          {props.draft.kind !== 'current' ? (
            <Button onClick={() => props.onChange({ kind: 'current' })}>{t('branding.image.undo')}</Button>
          ) : null}
        </Stack>
      </Stack>
      <input
        ref={input}
        type="file"
        accept={acceptedImageTypes.join(',')}
        hidden
        onChange={choose}
        aria-label={props.label}
      />
      <FormHelperText id={helpId} error={!!props.error} sx={{ mx: 0, mt: 1 }}>
        {props.error ?? props.help}
      </FormHelperText>
    </Box>
  );
}
