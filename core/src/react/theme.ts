import { createTheme, type Theme } from '@mui/material/styles';
import type { Branding } from './types.js';

const hex = /^#[0-9a-fA-F]{6}$/;

/** Relative luminance (WCAG 2.1) of a #rrggbb colour. */
function luminance(color: string): number {
  const channel = (i: number) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((m, n) => n - m) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/**
 * Darkens (or lightens) `color` until text in it reaches 4.5:1 against `background`: a brand
 * colour that is too pale for text on white still works as a button, but links and outlined
 * controls need the adjusted shade to meet WCAG 2.1 AA.
 */
export function readableOn(color: string, background: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
  const towardsBlack = luminance(background) > 0.5;
  for (let step = 0; step < 40 && contrastRatio(toHex(r, g, b), background) < 4.5; step++) {
    const f = 0.92;
    if (towardsBlack) [r, g, b] = [r * f, g * f, b * f];
    else [r, g, b] = [r + (255 - r) * 0.1, g + (255 - g) * 0.1, b + (255 - b) * 0.1];
  }
  return toHex(r, g, b);
}

function toHex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

export const defaultBranding = { primaryColor: '#1f5f8b', secondaryColor: '#c2571a' };

const themes = new WeakMap<Branding, { light?: Theme; dark?: Theme }>();

/**
 * The MUI theme of the portal's branding, in light or dark mode. Made once per branding object
 * and mode (making one costs milliseconds: the app root and the brand-coloured surfaces share it).
 */
export function createPorticoTheme(branding: Branding, mode: 'light' | 'dark'): Theme {
  let made = themes.get(branding);
  if (!made) themes.set(branding, (made = {}));
  return (made[mode] ??= makeTheme(branding, mode));
}

function makeTheme(branding: Branding, mode: 'light' | 'dark'): Theme {
  const primary =
    branding.primaryColor && hex.test(branding.primaryColor)
      ? branding.primaryColor
      : defaultBranding.primaryColor;
  const secondary =
    branding.secondaryColor && hex.test(branding.secondaryColor)
      ? branding.secondaryColor
      : defaultBranding.secondaryColor;
  const paper = mode === 'light' ? '#ffffff' : '#161b22';
  const background = mode === 'light' ? '#f5f6f8' : '#0d1117';
  return createTheme({
    palette: {
      mode,
      primary: { main: readableOn(primary, paper) },
      secondary: { main: readableOn(secondary, paper) },
      background: { default: background, paper },
      // AA for normal text: MUI picks white or black text on coloured buttons at this ratio.
      contrastThreshold: 4.5,
    },
    shape: { borderRadius: 10 },
    typography: {
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
      h1: { fontSize: '1.75rem', fontWeight: 700 },
      h2: { fontSize: '1.4rem', fontWeight: 700 },
      h3: { fontSize: '1.2rem', fontWeight: 600 },
      button: { textTransform: 'none', fontWeight: 600 },
    },
    components: {
      MuiCard: { defaultProps: { variant: 'outlined' } },
      MuiButton: { defaultProps: { disableElevation: true } },
      MuiTextField: { defaultProps: { fullWidth: true, margin: 'normal' } },
    },
  });
}
