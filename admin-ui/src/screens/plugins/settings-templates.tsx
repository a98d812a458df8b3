import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import type { DescriptionFieldProps, TitleFieldProps } from '@rjsf/utils';

/**
 * The settings form's titles and descriptions. @rjsf/mui draws them as h5 and h6 headings, which
 * break the page's heading order (WCAG 1.3.1); here the title of a group of settings is an h2
 * under the page's h1, and a description is text.
 */
function TitleFieldTemplate(props: TitleFieldProps) {
  return (
    <Box id={props.id} sx={{ mt: 2, mb: 1 }}>
      <Typography component="h2" variant="h3">
        {props.title}
      </Typography>
      {props.optionalDataControl}
      <Divider sx={{ mt: 0.5 }} />
    </Box>
  );
}

function DescriptionFieldTemplate(props: DescriptionFieldProps) {
  if (!props.description) return null;
  return (
    <Typography id={props.id} component="div" variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
      {props.description}
    </Typography>
  );
}

export const settingsTemplates = { TitleFieldTemplate, DescriptionFieldTemplate };
