import AttachFileOutlined from '@mui/icons-material/AttachFileOutlined';
import CalendarMonthOutlined from '@mui/icons-material/CalendarMonthOutlined';
import CheckBoxOutlined from '@mui/icons-material/CheckBoxOutlined';
import CodeOutlined from '@mui/icons-material/CodeOutlined';
import ExtensionOutlined from '@mui/icons-material/ExtensionOutlined';
import HomeOutlined from '@mui/icons-material/HomeOutlined';
import Notes from '@mui/icons-material/Notes';
import Numbers from '@mui/icons-material/Numbers';
import RadioButtonCheckedOutlined from '@mui/icons-material/RadioButtonCheckedOutlined';
import ShortText from '@mui/icons-material/ShortText';
import TableRowsOutlined from '@mui/icons-material/TableRowsOutlined';
import ToggleOnOutlined from '@mui/icons-material/ToggleOnOutlined';
import ViewAgendaOutlined from '@mui/icons-material/ViewAgendaOutlined';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { addField, createField, type BuilderField, type BuilderForm, type FieldType } from './model/index.js';
import type { PaletteWidget } from './widgets.js';

/** What the palette offers: the field types, and "address", a section of four fields. */
export type PaletteKey = Exclude<FieldType, 'widget' | 'custom'> | 'address';

export const paletteKeys: readonly PaletteKey[] = [
  'text',
  'longText',
  'number',
  'date',
  'choice',
  'multiChoice',
  'yesNo',
  'file',
  'address',
  'section',
  'table',
];

const icons: Record<PaletteKey | 'widget' | 'custom', ReactNode> = {
  text: <ShortText />,
  longText: <Notes />,
  number: <Numbers />,
  date: <CalendarMonthOutlined />,
  choice: <RadioButtonCheckedOutlined />,
  multiChoice: <CheckBoxOutlined />,
  yesNo: <ToggleOnOutlined />,
  file: <AttachFileOutlined />,
  address: <HomeOutlined />,
  section: <ViewAgendaOutlined />,
  table: <TableRowsOutlined />,
  widget: <ExtensionOutlined />,
  custom: <CodeOutlined />,
};

export const typeIcon = (type: PaletteKey | FieldType): ReactNode => icons[type];

/**
 * A new field from the palette, its texts in the form's default language (`tf`) and, for the
 * parts of an address, already translated into the portal's other languages.
 */
export function newField(
  key: PaletteKey | `widget:${string}`,
  tf: (language: string) => TFunction,
  defaultLanguage: string,
  languages: readonly string[],
  widgets: readonly PaletteWidget[],
): BuilderField {
  const t = tf(defaultLanguage);
  if (key.startsWith('widget:')) {
    const w = widgets.find((x) => `widget:${x.name}` === key);
    const label = w?.label[defaultLanguage] ?? Object.values(w?.label ?? {})[0] ?? key.slice(7);
    const field = createField('widget', label, {
      widget: key.slice(7),
      ...(w ? { widgetSchema: w.schema } : {}),
    });
    field.uiExtra = { ...(w?.uiSchema ?? {}) };
    // A plugin's field (a whole subtree) is named by "ui:field", a widget by "ui:widget".
    if (w?.kind === 'field' && field.uiExtra['ui:field'] === undefined) field.uiExtra['ui:field'] = w.name;
    return field;
  }
  if (key === 'address') {
    let section: BuilderForm = { fields: [], rules: [], schemaExtra: {}, uiExtra: {} };
    for (const part of ['street', 'postalCode', 'city', 'country'] as const) {
      const f = createField('text', t(`builder.address.${part}`));
      f.name = part;
      f.autoName = false;
      const texts: Record<string, Record<string, string>> = {};
      for (const l of languages)
        if (l !== defaultLanguage) texts[l] = { 's/title': tf(l)(`builder.address.${part}`) };
      f.texts = texts;
      if (part !== 'country') f.required = true;
      section = addField(section, f);
    }
    const field = createField('section', t('builder.type.address'));
    // The renderer lays the parts out as an address and lets browsers fill them in.
    field.group = { ...section, uiExtra: { 'ui:field': 'address' } };
    return field;
  }
  const type = key as Exclude<PaletteKey, 'address'>;
  const field = createField(type, t(`builder.type.${type}`), {
    choices: [1, 2].map((n) => ({ value: `option${n}`, label: t('builder.choices.option', { n }) })),
  });
  if (type === 'table') {
    field.group = addField(field.group!, createField('text', t('builder.type.text')));
  }
  return field;
}
