import { contrastRatio, readableOn } from '@portico/core/react';

/** The surfaces the portal's theme puts brand colours on (see createPorticoTheme). */
export const surfaces = { light: '#ffffff', dark: '#161b22' } as const;

/** WCAG 2.1 AA for normal text. */
export const aa = 4.5;

/** How a brand colour fares as text, links and outlines on each mode's surface. */
export interface ColorCheck {
  mode: 'light' | 'dark';
  ratio: number;
  passes: boolean;
  /** The shade the theme shows instead when the colour fails: it reaches AA on the surface. */
  shown: string;
}

const sixDigits = /^#[0-9a-f]{6}$/;

/** #ABC or #aabbcc → #aabbcc; anything else → undefined. */
export function normalizeHex(value: string): string | undefined {
  const v = value.trim().toLowerCase();
  if (/^#[0-9a-f]{3}$/.test(v)) return `#${v[1]}${v[1]}${v[2]}${v[2]}${v[3]}${v[3]}`;
  return sixDigits.test(v) ? v : undefined;
}

/** The contrast of `color` on the light and the dark surface, and what the theme shows instead. */
export function checkColor(color: string): ColorCheck[] {
  return (['light', 'dark'] as const).map((mode) => {
    const ratio = contrastRatio(color, surfaces[mode]);
    const passes = ratio >= aa;
    return { mode, ratio, passes, shown: passes ? color : readableOn(color, surfaces[mode]) };
  });
}

/** 4.4832 → "4.48:1"; AA is judged on the exact ratio, never on the rounded one. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 100) / 100).toFixed(2)}:1`;
}
