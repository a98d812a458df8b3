import { isVisibleTo, lazyPage, type HomeSection, type Me, type PluginUi } from '@portico/core/react';
import type { ComponentType } from 'react';

export interface VisibleSection extends HomeSection {
  key: string;
  Section: ComponentType;
}

/** MUI's "lg" breakpoint: from it up the home page has its side column. */
export const sideColumnQuery = '(min-width:1200px)';

/** Whether the screen is wide enough for the home page's side column (checked before React starts). */
export const wideScreen = (): boolean =>
  typeof window.matchMedia === 'function' && window.matchMedia(sideColumnQuery).matches;

/**
 * The plugins' home sections this person sees, in order; the side column's only on wide screens
 * (on phones it is not shown, so it is neither loaded nor asked for its data).
 */
export function homeSections(
  plugins: PluginUi[],
  me: Me | null | undefined,
  wide: boolean,
): VisibleSection[] {
  return plugins
    .flatMap((p) =>
      (p.home ?? [])
        .filter((h) => (wide || h.slot !== 'side') && isVisibleTo(me, p.id, h.permission))
        .map((h) => ({ ...h, key: `${p.id}:${h.id}`, Section: lazyPage(h.load) })),
    )
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100));
}
