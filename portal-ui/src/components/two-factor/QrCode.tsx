import Box from '@mui/material/Box';
import Skeleton from '@mui/material/Skeleton';
import { useEffect, useState } from 'react';

/**
 * `text` as a QR code (SVG). The qrcode package is loaded here, on the two screens that set up an
 * authenticator, and never in the first load.
 */
export function QrCode(props: { text: string; label: string; size?: number }) {
  const size = props.size ?? 200;
  const [svg, setSvg] = useState<{ text: string; url: string }>();
  useEffect(() => {
    let live = true;
    void import('qrcode')
      .then((qr) =>
        qr.toString(props.text, {
          type: 'svg',
          margin: 1,
          errorCorrectionLevel: 'M',
          color: { dark: '#000000', light: '#ffffff' },
        }),
      )
      .then((markup) => {
        if (live)
          setSvg({ text: props.text, url: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(markup)}` });
      });
    return () => {
      live = false;
    };
  }, [props.text]);
  return (
    <Box
      sx={{
        width: size + 16,
        height: size + 16,
        p: 1,
        bgcolor: '#fff',
        borderRadius: 2,
        border: 1,
        borderColor: 'divider',
        flexShrink: 0,
      }}
    >
      {svg && svg.text === props.text ? (
        <Box
          component="img"
          src={svg.url}
          alt={props.label}
          width={size}
          height={size}
          sx={{ display: 'block' }}
        />
      ) : (
        <Skeleton variant="rectangular" width={size} height={size} />
      )}
    </Box>
  );
}
