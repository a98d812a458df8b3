import CheckOutlined from '@mui/icons-material/CheckOutlined';
import Typography from '@mui/material/Typography';

/** "Saved" next to a button, announced to screen readers. */
export function SavedNote(props: { text: string | undefined }) {
  return (
    <Typography
      role="status"
      variant="body2"
      sx={{ color: 'success.main', display: 'inline-flex', alignItems: 'center', gap: 0.5, fontWeight: 600 }}
    >
      {props.text ? (
        <>
          <CheckOutlined fontSize="small" aria-hidden />
          {props.text}
        </>
      ) : null}
    </Typography>
  );
}
