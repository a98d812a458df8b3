import { useTranslation } from 'react-i18next';
import type { RuleSentence } from './model/index.js';

/** A rule as a sentence in the admin's language: "Show Site address when Visit on site is yes". */
export function useRuleText(): (s: RuleSentence, withTargets?: boolean) => string {
  const { t, i18n } = useTranslation('forms');
  const list = (items: string[], type: 'conjunction' | 'disjunction') =>
    new Intl.ListFormat(i18n.language, { type }).format(items.map((x) => `“${x}”`));
  return (s, withTargets = true) => {
    const values = s.values.map((v) => (v === 'yes' || v === 'no' ? t(`builder.rules.${v}`) : v));
    const condition = t(`builder.rules.sentence.${s.op}`, {
      field: `“${s.field}”`,
      value: list(values, 'disjunction'),
    });
    return withTargets
      ? t('builder.rules.sentence.show', { targets: list(s.targets, 'conjunction'), condition })
      : condition;
  };
}
