import type { FormWidgetContribution } from '@portico/core/react';
import { lazy, Suspense } from 'react';
import type { RatingWidgetProps } from './RatingWidget.js';

// The component is loaded with the first form that shows it, not with the app.
const RatingWidget = lazy(() => import('./RatingWidget.js'));

function LazyRating(props: RatingWidgetProps) {
  return (
    <Suspense fallback={null}>
      <RatingWidget {...props} />
    </Suspense>
  );
}

/**
 * A form widget: one to five stars ("How satisfied are you?"). Business admins find it in the
 * form builder's palette; it stores an integer from 1 to 5, which the server validates against
 * the form's own schema like any other field.
 */
export const ratingWidget: FormWidgetContribution = {
  component: LazyRating,
  label: { en: 'Rating (1–5 stars)', sv: 'Betyg (1–5 stjärnor)' },
  schema: { type: 'integer', minimum: 1, maximum: 5 },
  uiSchema: { 'ui:widget': 'hello.rating' },
};
