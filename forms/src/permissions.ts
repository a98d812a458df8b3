import type { RegisterContext } from '@portico/core';

/** The forms engine's permissions. Admin-built forms narrow who may fill them further (by group). */
export function declarePermissions(ctx: RegisterContext): void {
  ctx.permission({
    key: 'forms.form.manage',
    description: {
      en: 'Build forms, structures, custom fields and routines',
      sv: 'Bygga formulär, strukturer, egna fält och rutiner',
    },
    grantTo: ['editor'],
    providerOnly: true,
  });
  ctx.permission({
    key: 'forms.submission.create',
    description: { en: 'Fill in and submit forms', sv: 'Fylla i och skicka formulär' },
    grantTo: ['customer-user', 'customer-admin', 'editor', 'support'],
  });
  ctx.permission({
    key: 'forms.submission.read',
    description: {
      en: "See the submissions of one's own organisation",
      sv: 'Se den egna organisationens inskickade formulär',
    },
    grantTo: ['customer-admin'],
  });
  ctx.permission({
    key: 'forms.submission.manage',
    description: {
      en: 'See every submission, set its status and export it',
      sv: 'Se alla inskickade formulär, sätta status och exportera',
    },
    grantTo: ['editor', 'support'],
    providerOnly: true,
  });
  ctx.permission({
    key: 'forms.record.read',
    description: {
      en: "Read the records of structures for one's own organisation",
      sv: 'Läsa poster i strukturer för den egna organisationen',
    },
    grantTo: ['customer-user', 'customer-admin', 'editor', 'support'],
  });
  ctx.permission({
    key: 'forms.record.write',
    description: {
      en: "Create, change and delete records of structures for one's own organisation",
      sv: 'Skapa, ändra och ta bort poster i strukturer för den egna organisationen',
    },
    grantTo: ['customer-admin', 'editor', 'support'],
  });
}
