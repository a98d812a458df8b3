import Box from '@mui/material/Box';

/**
 * An article's body. The HTML was sanitised on the server before it was stored (sanitize-html:
 * no scripts, styles, event handlers or javascript: links), so it is rendered as it is.
 */
export function ArticleBody(props: { html: string; language: string }) {
  return (
    <Box
      lang={props.language}
      // Sanitised on the server (src/services/rich-text.ts) when the article was saved.
      dangerouslySetInnerHTML={{ __html: props.html }}
      sx={{
        fontSize: '1.0625rem',
        lineHeight: 1.7,
        overflowWrap: 'anywhere',
        '& > :first-of-type': { mt: 0 },
        '& p': { my: 1.5 },
        '& h2': { fontSize: '1.35rem', fontWeight: 700, mt: 4, mb: 1 },
        '& h3': { fontSize: '1.15rem', fontWeight: 700, mt: 3, mb: 1 },
        '& h4': { fontSize: '1rem', fontWeight: 700, mt: 2.5, mb: 0.5 },
        '& a': { color: 'primary.main', textUnderlineOffset: '0.15em' },
        '& img': { maxWidth: '100%', height: 'auto', borderRadius: 1 },
        '& blockquote': {
          m: 0,
          my: 2,
          pl: 2,
          borderLeft: '4px solid',
          borderColor: 'divider',
          color: 'text.secondary',
        },
        '& pre': { overflowX: 'auto', p: 1.5, bgcolor: 'action.hover', borderRadius: 1 },
        '& code': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace', fontSize: '0.9em' },
        '& table': { borderCollapse: 'collapse', display: 'block', overflowX: 'auto', my: 2 },
        '& th, & td': { border: '1px solid', borderColor: 'divider', px: 1, py: 0.5, textAlign: 'left' },
        '& ul, & ol': { pl: 3 },
        '& hr': { border: 0, borderTop: '1px solid', borderColor: 'divider', my: 3 },
      }}
    />
  );
}
