import { usePlugins, type PluginUi } from '@portico/core/react';
import { useMemo, type ComponentType } from 'react';

/** A widget a plugin adds to forms (its "./admin" or "./portal" export's `formWidgets`). */
export interface FormWidgetDefinition {
  // The renderer passes RJSF's widget props; the builder only needs to know the component exists.
  component: ComponentType<never>;
  label: Record<string, string>;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
}

export interface PaletteWidget extends FormWidgetDefinition {
  name: string;
  plugin: string;
}

/** The plugin widgets of the app, for the palette (FORMS.md: `formWidgets` on a plugin's UI). */
export function usePluginWidgets(): PaletteWidget[] {
  const plugins = usePlugins();
  return useMemo(
    () =>
      plugins.flatMap((p: PluginUi & { formWidgets?: Record<string, FormWidgetDefinition> }) =>
        Object.entries(p.formWidgets ?? {}).map(([name, w]) => ({ ...w, name, plugin: p.id })),
      ),
    [plugins],
  );
}
