import DeleteOutlined from '@mui/icons-material/DeleteOutlined';
import DragIndicator from '@mui/icons-material/DragIndicator';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { useTranslation } from 'react-i18next';
import { useBuilder } from './context.js';
import { typeIcon } from './field-types.js';
import { describeRule, findField, removeField, ruleShowing, type BuilderField } from './model/index.js';
import { useRuleText } from './rule-text.js';

/** The droppable id of the list of a section or table (or of the form: "list:root"). */
export const listId = (parentId: string | null) => `list:${parentId ?? 'root'}`;

function FieldCard(props: { field: BuilderField; parentId: string | null }) {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const ruleText = useRuleText();
  const { field: f } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable({ id: f.id, data: { parentId: props.parentId } });
  const selected = b.selectedId === f.id;
  const container = findField(b.form, f.id)?.container;
  const rule = container ? ruleShowing(container, f.id) : undefined;
  const label = f.label || f.name;
  return (
    <Paper
      ref={setNodeRef}
      role="listitem"
      variant="outlined"
      data-field={f.name}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      sx={{
        p: 1,
        opacity: isDragging ? 0.5 : 1,
        borderColor: selected ? 'primary.main' : undefined,
        borderWidth: selected ? 2 : 1,
        bgcolor: f.group ? 'action.hover' : 'background.paper',
      }}
    >
      <Stack direction="row" spacing={0.5} sx={{ alignItems: 'center' }}>
        <IconButton
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          size="small"
          aria-label={t('builder.canvas.move', { label })}
          sx={{ cursor: 'grab', touchAction: 'none' }}
        >
          <DragIndicator fontSize="small" />
        </IconButton>
        <Box
          component="button"
          type="button"
          onClick={() => b.select(f.id)}
          aria-pressed={selected}
          sx={{
            flex: 1,
            minWidth: 0,
            display: 'flex',
            gap: 1,
            alignItems: 'center',
            border: 0,
            bgcolor: 'transparent',
            color: 'inherit',
            font: 'inherit',
            textAlign: 'left',
            cursor: 'pointer',
            p: 0.5,
            borderRadius: 1,
            '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
          }}
        >
          <Box sx={{ color: 'text.secondary', display: 'flex' }} aria-hidden>
            {typeIcon(f.type)}
          </Box>
          <Box sx={{ minWidth: 0 }}>
            <Typography sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}>
              {label}
              {f.required ? (
                <Box component="span" aria-label={t('builder.canvas.required')} sx={{ color: 'error.main' }}>
                  {' *'}
                </Box>
              ) : null}
            </Typography>
            <Typography variant="caption" color="text.secondary">
              {t(`builder.type.${f.group?.uiExtra['ui:field'] === 'address' ? 'address' : f.type}`)}
              {f.computed ? ` · ${t('builder.canvas.computed')}` : ''}
            </Typography>
          </Box>
        </Box>
        {rule && container ? (
          <Chip
            size="small"
            variant="outlined"
            color="info"
            label={t('builder.canvas.shownWhen', {
              condition: ruleText(describeRule(container, rule), false),
            })}
            sx={{ maxWidth: 260 }}
          />
        ) : null}
        <IconButton
          size="small"
          aria-label={t('builder.canvas.remove', { label })}
          onClick={() => {
            if (selected) b.select(null);
            b.change(removeField(b.form, f.id));
          }}
        >
          <DeleteOutlined fontSize="small" />
        </IconButton>
      </Stack>
      {f.group ? (
        <Box sx={{ pl: { xs: 1, sm: 4 }, pt: 1 }}>
          <FieldList parentId={f.id} fields={f.group.fields} label={label} />
        </Box>
      ) : null}
    </Paper>
  );
}

/** The fields of the form, a section or a table's row, sortable, and a place to drop new ones. */
export function FieldList(props: { parentId: string | null; fields: BuilderField[]; label: string }) {
  const { t } = useTranslation('forms');
  const b = useBuilder();
  const { setNodeRef, isOver } = useDroppable({
    id: listId(props.parentId),
    data: { parentId: props.parentId },
  });
  return (
    <SortableContext items={props.fields.map((f) => f.id)} strategy={verticalListSortingStrategy}>
      <Stack
        ref={setNodeRef}
        role="list"
        aria-label={props.label}
        // A click beside the fields selects their section (or none): the palette adds there next.
        onClick={(e) => e.target === e.currentTarget && b.select(props.parentId)}
        spacing={1}
        sx={{
          minHeight: 56,
          p: 0.5,
          borderRadius: 1,
          outline: isOver ? '2px dashed' : 'none',
          outlineColor: isOver ? 'primary.main' : undefined,
        }}
      >
        {props.fields.map((f) => (
          <FieldCard key={f.id} field={f} parentId={props.parentId} />
        ))}
        {props.fields.length === 0 ? (
          <Typography
            color="text.secondary"
            sx={{
              p: 1.5,
              textAlign: 'center',
              border: '1px dashed',
              borderColor: 'divider',
              borderRadius: 1,
            }}
          >
            {props.parentId ? t('builder.canvas.emptyGroup') : t('builder.canvas.empty')}
          </Typography>
        ) : null}
      </Stack>
    </SortableContext>
  );
}
