import Alert from '@mui/material/Alert';
import Chip from '@mui/material/Chip';
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslation } from 'react-i18next';
import type { VersionDiff } from './model/index.js';
import { useRuleText } from './rule-text.js';
import { languageName } from './TranslationsTab.js';

const colors = { added: 'success', removed: 'error', changed: 'warning', reordered: 'info' } as const;

/** What publishing changes, in words: fields added, removed and changed, rules, order, translations. */
export function VersionDiffView(props: { diff: VersionDiff; first?: boolean }) {
  const { t, i18n } = useTranslation('forms');
  const ruleText = useRuleText();
  const { diff } = props;
  if (diff.same) return <Alert severity="info">{t('builder.diff.same')}</Alert>;
  const where = (labels: string[]) => labels.join(' › ');
  const value = (property: string, v: string | undefined) =>
    v === undefined
      ? t('builder.diff.empty')
      : property === 'type'
        ? t(`builder.type.${v === 'integer' ? 'number' : v}`)
        : v === 'yes'
          ? t('builder.rules.yes')
          : v;
  return (
    <Stack spacing={1}>
      {props.first ? <Typography color="text.secondary">{t('builder.diff.first')}</Typography> : null}
      <List dense disablePadding aria-label={t('builder.diff.title')}>
        {diff.entries.map((e, i) => (
          <ListItem key={i} disableGutters sx={{ display: 'block' }} data-diff={`${e.kind}:${e.subject}`}>
            <Stack direction="row" spacing={1} sx={{ alignItems: 'baseline' }}>
              <Chip size="small" color={colors[e.kind]} label={t(`builder.diff.kind.${e.kind}`)} />
              <Typography component="span">
                {e.subject === 'field'
                  ? t('builder.diff.field', {
                      field: where(e.labels),
                      type: t(`builder.type.${e.fieldType}`),
                    })
                  : e.subject === 'order'
                    ? t('builder.diff.order', {
                        where: e.labels.length ? where(e.labels) : t('builder.rules.wholeForm'),
                      })
                    : ruleText(e.rule!)}
              </Typography>
            </Stack>
            {e.ruleBefore ? (
              <Typography variant="body2" color="text.secondary" sx={{ pl: 2 }}>
                {t('builder.diff.was', { before: ruleText(e.ruleBefore) })}
              </Typography>
            ) : null}
            {e.changes?.map((c) => (
              <Typography key={c.property} variant="body2" sx={{ pl: 2 }}>
                {t('builder.diff.change', {
                  property: t(`builder.diff.property.${c.property}`),
                  before: value(c.property, c.before),
                  after: value(c.property, c.after),
                })}
              </Typography>
            ))}
          </ListItem>
        ))}
      </List>
      {diff.translations.map((x) => (
        <Typography key={x.language} variant="body2">
          {t('builder.diff.translations', {
            language: languageName(x.language, i18n.language),
            added: x.added,
            changed: x.changed,
            removed: x.removed,
          })}
        </Typography>
      ))}
    </Stack>
  );
}
