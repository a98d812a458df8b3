import FormatBold from '@mui/icons-material/FormatBold';
import FormatItalic from '@mui/icons-material/FormatItalic';
import FormatListBulleted from '@mui/icons-material/FormatListBulleted';
import FormatListNumbered from '@mui/icons-material/FormatListNumbered';
import FormatQuote from '@mui/icons-material/FormatQuote';
import LinkIcon from '@mui/icons-material/Link';
import Redo from '@mui/icons-material/Redo';
import Undo from '@mui/icons-material/Undo';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import IconButton from '@mui/material/IconButton';
import Tooltip from '@mui/material/Tooltip';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface RichTextEditorProps {
  value: string;
  onChange(html: string): void;
  /** The id of the element that labels the editor. */
  labelledBy: string;
  language: string;
}

function ToolButton(props: {
  label: string;
  active?: boolean;
  disabled?: boolean;
  onClick(): void;
  children: ReactNode;
}) {
  return (
    <Tooltip title={props.label}>
      {/* The span keeps the tooltip working on a disabled button. */}
      <span>
        <IconButton
          size="small"
          aria-label={props.label}
          aria-pressed={props.active}
          disabled={props.disabled}
          onClick={props.onClick}
          color={props.active ? 'primary' : 'default'}
          sx={props.active ? { bgcolor: 'action.selected' } : undefined}
        >
          {props.children}
        </IconButton>
      </span>
    </Tooltip>
  );
}

function Toolbar(props: { editor: Editor }) {
  const { t } = useTranslation('news');
  const { editor } = props;
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
      undo: e.can().undo(),
      redo: e.can().redo(),
    }),
  });
  const chain = () => editor.chain().focus();
  const setLink = () => {
    const previous = (editor.getAttributes('link') as { href?: string }).href ?? 'https://';
    const url = window.prompt(t('admin.body.linkPrompt'), previous);
    if (url === null) return;
    if (!url.trim()) chain().extendMarkRange('link').unsetLink().run();
    else chain().extendMarkRange('link').setLink({ href: url.trim() }).run();
  };
  return (
    <Box
      role="toolbar"
      aria-label={t('admin.body.toolbar')}
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: 0.25,
        p: 0.5,
        borderBottom: '1px solid',
        borderColor: 'divider',
      }}
    >
      <ToolButton label={t('admin.body.bold')} active={state.bold} onClick={() => chain().toggleBold().run()}>
        <FormatBold fontSize="small" />
      </ToolButton>
      <ToolButton
        label={t('admin.body.italic')}
        active={state.italic}
        onClick={() => chain().toggleItalic().run()}
      >
        <FormatItalic fontSize="small" />
      </ToolButton>
      <Divider flexItem orientation="vertical" sx={{ mx: 0.5 }} />
      <ToolButton
        label={t('admin.body.heading')}
        active={state.h2}
        onClick={() => chain().toggleHeading({ level: 2 }).run()}
      >
        <Box component="span" sx={{ fontWeight: 700, fontSize: 14, width: 20 }}>
          H2
        </Box>
      </ToolButton>
      <ToolButton
        label={t('admin.body.subheading')}
        active={state.h3}
        onClick={() => chain().toggleHeading({ level: 3 }).run()}
      >
        <Box component="span" sx={{ fontWeight: 700, fontSize: 14, width: 20 }}>
          H3
        </Box>
      </ToolButton>
      <ToolButton
        label={t('admin.body.bullets')}
        active={state.bullet}
        onClick={() => chain().toggleBulletList().run()}
      >
        <FormatListBulleted fontSize="small" />
      </ToolButton>
      <ToolButton
        label={t('admin.body.numbers')}
        active={state.ordered}
        onClick={() => chain().toggleOrderedList().run()}
      >
        <FormatListNumbered fontSize="small" />
      </ToolButton>
      <ToolButton
        label={t('admin.body.quote')}
        active={state.quote}
        onClick={() => chain().toggleBlockquote().run()}
      >
        <FormatQuote fontSize="small" />
      </ToolButton>
      <ToolButton label={t('admin.body.link')} active={state.link} onClick={setLink}>
        <LinkIcon fontSize="small" />
      </ToolButton>
      <Divider flexItem orientation="vertical" sx={{ mx: 0.5 }} />
      <ToolButton label={t('admin.body.undo')} disabled={!state.undo} onClick={() => chain().undo().run()}>
        <Undo fontSize="small" />
      </ToolButton>
      <ToolButton label={t('admin.body.redo')} disabled={!state.redo} onClick={() => chain().redo().run()}>
        <Redo fontSize="small" />
      </ToolButton>
    </Box>
  );
}

/**
 * The body editor (tiptap with its starter kit: paragraphs, headings, emphasis, lists, quotes,
 * links). Loaded lazily with the editor page, so it never reaches the portal or the admin's
 * first load. It writes HTML; the server sanitises it again before storing it.
 */
export default function RichTextEditor(props: RichTextEditorProps) {
  const { value, onChange, labelledBy, language } = props;
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'] },
      }),
    ],
    content: value,
    editorProps: {
      attributes: {
        'aria-labelledby': labelledBy,
        'aria-multiline': 'true',
        role: 'textbox',
        lang: language,
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.isEmpty ? '' : e.getHTML()),
  });

  // A new value from outside (another article loaded) replaces the content.
  useEffect(() => {
    if (editor && value !== (editor.isEmpty ? '' : editor.getHTML()))
      editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  return (
    <Box
      sx={{
        border: '1px solid',
        borderColor: 'divider',
        borderRadius: 1,
        '&:focus-within': {
          borderColor: 'primary.main',
          boxShadow: (th) => `0 0 0 1px ${th.palette.primary.main}`,
        },
        '& .ProseMirror': {
          minHeight: 180,
          p: 1.5,
          outline: 'none',
          lineHeight: 1.6,
          '& > :first-of-type': { mt: 0 },
          '& h2': { fontSize: '1.3rem' },
          '& h3': { fontSize: '1.1rem' },
          '& blockquote': {
            borderLeft: '4px solid',
            borderColor: 'divider',
            m: 0,
            pl: 2,
            color: 'text.secondary',
          },
          '& a': { color: 'primary.main' },
        },
      }}
    >
      {editor ? <Toolbar editor={editor} /> : null}
      <EditorContent editor={editor} />
    </Box>
  );
}
