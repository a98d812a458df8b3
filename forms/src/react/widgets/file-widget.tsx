import AttachFileOutlined from '@mui/icons-material/AttachFileOutlined';
import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import FormLabel from '@mui/material/FormLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { FieldProps } from '@rjsf/utils';
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useFormRuntime, useSectionForm } from '../runtime.js';

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * A file attached to the answer (format `portico-file`): the file is uploaded as soon as it is
 * chosen (POST /api/v1/forms/:key/files) and the data keeps the id the server gave it. A field,
 * not a widget, because the upload names the field it is for.
 */
export function FileField(props: FieldProps) {
  const { formData, onChange, disabled, readonly, required, schema, uiSchema, fieldPathId, rawErrors } =
    props;
  const { t, uploadFile, fileNames } = useFormRuntime();
  const form = useSectionForm();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const labelId = useId();
  const id = fieldPathId.$id;
  const pointer = fieldPathId.path.map((p) => `/${escape(String(p))}`).join('');
  const label = (uiSchema?.['ui:title'] as string | undefined) ?? schema.title ?? props.name;
  const value = typeof formData === 'string' && formData ? formData : undefined;
  const accept = (uiSchema?.['ui:options'] as { accept?: string } | undefined)?.accept;
  const inactive = disabled || readonly;

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !uploadFile) return;
    setFailed(undefined);
    setBusy(file.name);
    try {
      const stored = await uploadFile(file, pointer);
      fileNames.set(stored.id, stored.name);
      onChange(stored.id, fieldPathId.path);
    } catch (err) {
      setFailed(t('renderer.file.failed', { reason: err instanceof Error ? err.message : String(err) }));
    } finally {
      setBusy(undefined);
    }
  };

  const name = value ? fileNames.get(value) : undefined;
  return (
    <Box
      role="group"
      aria-labelledby={labelId}
      aria-describedby={rawErrors?.length ? `${id}__error` : undefined}
    >
      <FormLabel id={labelId} required={required} sx={{ display: 'block', mb: 0.75 }}>
        {label}
      </FormLabel>
      {value ? (
        <Typography sx={{ mb: 1, overflowWrap: 'anywhere' }}>
          {name ? (
            <Link href={`/api/v1/forms/files/${encodeURIComponent(value)}`} target="_blank" rel="noopener">
              {t('renderer.file.attached', { name })}
            </Link>
          ) : (
            t('renderer.file.attachedUnnamed')
          )}
        </Typography>
      ) : null}
      {busy ? (
        <Box role="status" sx={{ mb: 1 }}>
          <Typography variant="body2">{t('renderer.file.uploading', { name: busy })}</Typography>
          <LinearProgress aria-label={t('renderer.file.uploading', { name: busy })} />
        </Box>
      ) : null}
      {!uploadFile && !inactive ? (
        <Typography variant="body2" color="text.secondary">
          {t('renderer.file.unavailable')}
        </Typography>
      ) : null}
      {uploadFile && !inactive ? (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
          <Button
            variant="outlined"
            startIcon={<AttachFileOutlined aria-hidden />}
            onClick={() => input.current?.click()}
            disabled={!!busy}
            id={id}
          >
            {value ? t('renderer.file.replace') : t('renderer.file.choose')}
          </Button>
          {value ? (
            <Button
              color="inherit"
              startIcon={<DeleteOutlined aria-hidden />}
              onClick={() => onChange(undefined, fieldPathId.path)}
              disabled={!!busy}
            >
              {t('renderer.file.remove')}
            </Button>
          ) : null}
          <input ref={input} type="file" hidden accept={accept} onChange={(e) => void choose(e)} {...form} />
        </Stack>
      ) : null}
      {failed ? (
        <Alert severity="error" sx={{ mt: 1 }}>
          {failed}
        </Alert>
      ) : null}
    </Box>
  );
}
