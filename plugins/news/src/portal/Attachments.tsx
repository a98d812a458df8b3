import DescriptionOutlined from '@mui/icons-material/DescriptionOutlined';
import DownloadOutlined from '@mui/icons-material/DownloadOutlined';
import ImageOutlined from '@mui/icons-material/ImageOutlined';
import InsertDriveFileOutlined from '@mui/icons-material/InsertDriveFileOutlined';
import PictureAsPdfOutlined from '@mui/icons-material/PictureAsPdfOutlined';
import SlideshowOutlined from '@mui/icons-material/SlideshowOutlined';
import TableChartOutlined from '@mui/icons-material/TableChartOutlined';
import List from '@mui/material/List';
import ListItemButton from '@mui/material/ListItemButton';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fileKind, formatBytes, languageName } from './format.js';
import type { Attachment } from './types.js';

const icons: Record<ReturnType<typeof fileKind>, ReactNode> = {
  pdf: <PictureAsPdfOutlined aria-hidden />,
  word: <DescriptionOutlined aria-hidden />,
  excel: <TableChartOutlined aria-hidden />,
  powerpoint: <SlideshowOutlined aria-hidden />,
  image: <ImageOutlined aria-hidden />,
  file: <InsertDriveFileOutlined aria-hidden />,
};

/** Download links of an article's files: name, kind, size and, for one language's, which. */
export function AttachmentList(props: { attachments: Attachment[] }) {
  const { t, i18n } = useTranslation('news');
  return (
    <List disablePadding>
      {props.attachments.map((a) => {
        const kind = fileKind(a.contentType);
        const details = [
          t(`file.kind.${kind}`),
          formatBytes(a.size, i18n.language),
          ...(a.language ? [languageName(a.language, i18n.language)] : []),
        ].join(' · ');
        return (
          <ListItemButton
            key={a.id}
            component="a"
            href={a.url}
            download={a.name}
            sx={{ borderRadius: 1, border: '1px solid', borderColor: 'divider', mb: 1 }}
          >
            <ListItemIcon sx={{ color: 'primary.main' }}>{icons[kind]}</ListItemIcon>
            <ListItemText
              primary={a.name}
              secondary={details}
              slotProps={{ primary: { sx: { fontWeight: 600, overflowWrap: 'anywhere' } } }}
            />
            <DownloadOutlined aria-hidden sx={{ color: 'text.secondary', ml: 1 }} />
          </ListItemButton>
        );
      })}
    </List>
  );
}
