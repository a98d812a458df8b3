import { createPorticoTheme, useBoot } from '@portico/core/react';
import { useMemo } from 'react';

export interface BrandColors {
  main: string;
  dark: string;
  contrastText: string;
  secondary: string;
}

/**
 * The brand colour as the light theme makes it (readable with its contrast text), for the
 * surfaces that always show the brand: the top bar and the login panel, in light and dark mode
 * alike (a dark theme lightens the primary colour for text, which would wash these out).
 */
export function useBrandColors(): BrandColors {
  const boot = useBoot();
  return useMemo(() => {
    const { primary, secondary } = createPorticoTheme(boot.branding, 'light').palette;
    return {
      main: primary.main,
      dark: primary.dark,
      contrastText: primary.contrastText,
      secondary: secondary.main,
    };
  }, [boot.branding]);
}
