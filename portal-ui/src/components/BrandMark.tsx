import Box from '@mui/material/Box';
import { alpha } from '@mui/material/styles';
import { useBoot } from '@portico/core/react';
import { useBrandColors } from './brand.js';

/** Two letters of the portal's name, for a portal without a logo: "Nordic Supply Portal" → "NS". */
export function monogram(name: string): string {
  const words = name.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  return (words.length > 1 ? `${words[0]![0]}${words[1]![0]}` : (words[0] ?? 'P').slice(0, 2)).toUpperCase();
}

/**
 * The portal's logo from its branding, or a monogram in its brand colour. `onPrimary` places it
 * on the brand colour (the app bar, the login panel): the logo then sits on a white tile.
 */
export function BrandMark(props: { size?: number; onPrimary?: boolean }) {
  const boot = useBoot();
  const brand = useBrandColors();
  const size = props.size ?? 36;
  if (boot.branding.logoUrl)
    return (
      <Box
        sx={{
          height: size,
          display: 'flex',
          alignItems: 'center',
          px: props.onPrimary ? 0.75 : 0,
          borderRadius: 1.5,
          bgcolor: props.onPrimary ? '#fff' : 'transparent',
          flexShrink: 0,
        }}
      >
        <Box
          component="img"
          src={boot.branding.logoUrl}
          alt=""
          sx={{ height: size - (props.onPrimary ? 8 : 0), maxWidth: size * 4, objectFit: 'contain' }}
        />
      </Box>
    );
  return (
    <Box
      aria-hidden
      sx={{
        width: size,
        height: size,
        flexShrink: 0,
        display: 'grid',
        placeItems: 'center',
        borderRadius: size > 48 ? '16px' : '10px',
        fontWeight: 800,
        letterSpacing: '0.02em',
        fontSize: size * 0.4,
        ...(props.onPrimary
          ? {
              bgcolor: alpha(brand.contrastText, 0.16),
              color: brand.contrastText,
              boxShadow: `inset 0 0 0 1px ${alpha(brand.contrastText, 0.28)}`,
            }
          : {
              background: `linear-gradient(135deg, ${brand.main}, ${brand.dark})`,
              color: brand.contrastText,
            }),
      }}
    >
      {monogram(boot.portalName)}
    </Box>
  );
}
