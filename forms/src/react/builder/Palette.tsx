import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useDraggable } from '@dnd-kit/core';
import type { PointerEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBuilder } from './context.js';
import { paletteKeys, typeIcon, type PaletteKey } from './field-types.js';

function PaletteItem(props: { id: string; label: string; icon: ReactNode; onAdd(): void }) {
  const { attributes, listeners, setNodeRef } = useDraggable({ id: `new:${props.id}` });
  return (
    <Button
      ref={setNodeRef}
      {...attributes}
      // Pointer only: Enter and Space on the button add the field (the keyboard's way), they do not start a drag.
      onPointerDown={listeners?.onPointerDown as ((e: PointerEvent<HTMLButtonElement>) => void) | undefined}
      onClick={props.onAdd}
      role="button"
      variant="outlined"
      color="inherit"
      startIcon={props.icon}
      sx={{ justifyContent: 'flex-start', textAlign: 'left', textTransform: 'none', touchAction: 'none' }}
      data-palette={props.id}
    >
      {props.label}
    </Button>
  );
}

/** The field types: click (or Enter) adds one after the selected field, or drag one where it goes. */
export function Palette(props: { onAdd(key: PaletteKey | `widget:${string}`): void }) {
  const { t, i18n } = useTranslation('forms');
  const { widgets } = useBuilder();
  return (
    <Stack component="nav" aria-label={t('builder.palette.title')} spacing={0.75}>
      <Typography variant="subtitle2" component="h3">
        {t('builder.palette.title')}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {t('builder.palette.hint')}
      </Typography>
      {paletteKeys.map((key) => (
        <PaletteItem
          key={key}
          id={key}
          label={t(`builder.type.${key}`)}
          icon={typeIcon(key)}
          onAdd={() => props.onAdd(key)}
        />
      ))}
      {widgets.map((w) => (
        <PaletteItem
          key={w.name}
          id={`widget:${w.name}`}
          label={w.label[i18n.language] ?? Object.values(w.label)[0] ?? w.name}
          icon={typeIcon('widget')}
          onAdd={() => props.onAdd(`widget:${w.name}`)}
        />
      ))}
    </Stack>
  );
}
