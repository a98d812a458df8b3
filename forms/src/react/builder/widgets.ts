import { usePlugins, type FormWidgetContribution } from '@portico/core/react';
import { useMemo } from 'react';

/** A widget or field a plugin adds to forms, as the palette offers it. */
export interface PaletteWidget extends FormWidgetContribution {
  name: string;
  plugin: string;
}

/** The plugin widgets of the app, for the palette (a plugin UI's `formWidgets`, FORMS.md). */
export function usePluginWidgets(): PaletteWidget[] {
  const plugins = usePlugins();
  return useMemo(
    () =>
      plugins.flatMap((p) =>
        Object.entries(p.formWidgets ?? {}).map(([name, w]) => ({ ...w, name, plugin: p.id })),
      ),
    [plugins],
  );
}
