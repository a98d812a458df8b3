import { createServiceToken, definePlugin, gdprProviderPoint } from '@portico/core';
import { createGreetings } from './migrations/20261123120000-create-greetings.js';
import { addGreetingOrganization } from './migrations/20261124090000-add-greeting-organization.js';
import { greetingAttributes, greetingOptions, greetingTable, type GreetingRow } from './models/greeting.js';
import { greetingRoutes } from './routes/greetings.js';
import { GreetingService } from './services/greeting-service.js';

export type { Greeting, GreetingPage, GreetingScope } from './services/greeting-service.js';
export { GreetingService } from './services/greeting-service.js';

/** Other plugins use greetings through this token, never through hello's models. */
export const greetingServiceToken = createServiceToken<GreetingService>('hello.greetingService');

interface HelloSettings {
  salutation: string;
}

/**
 * The reference plugin. Each block below is one kind of contribution; `portico create-plugin`
 * copies this folder, so keep it small, complete and commented.
 */
export default definePlugin({
  register(ctx) {
    // Settings: validated from config (`plugins: [{ package, settings }]`), with defaults; admins
    // may change those config does not give in the admin app. Call settings() each time: the
    // value is live (an admin's change applies without a restart).
    const settings = ctx.settings<HelloSettings>({
      type: 'object',
      additionalProperties: false,
      // title and description show in the admin app's settings form; locales/<lang>.json may
      // translate them under settings.<key>.title and .description.
      properties: {
        salutation: {
          type: 'string',
          minLength: 1,
          maxLength: 40,
          default: 'Hello',
          title: 'Salutation',
          description: 'The word GET /api/v1/hello greets with.',
        },
      },
    });

    // Data: a model (table names start with the plugin id) and the migrations that create it.
    // author_name and author_user_id are personal data, so the plugin must handle GDPR below.
    const greetings = ctx.model<GreetingRow>(greetingTable, greetingAttributes, {
      ...greetingOptions,
      personalData: ['author_name', 'author_user_id'],
    });
    // Migrations run in name order; a shipped migration is never edited, a new one changes it.
    ctx.migrations([createGreetings, addGreetingOrganization]);

    // A service other plugins may use through greetingServiceToken.
    const service = () => new GreetingService(greetings, ctx.events);
    ctx.provide(greetingServiceToken, service);
    const greetingService = ctx.use(greetingServiceToken);

    // Permissions, <id>.<resource>.<action>; roles are made of them. grantTo gives them to
    // built-in roles out of the box (provider-admin holds every permission anyway).
    ctx.permission({
      key: 'hello.greeting.create',
      description: { en: 'Write greetings', sv: 'Skriva hälsningar' },
      grantTo: ['customer-admin', 'customer-user'],
    });
    ctx.permission({
      key: 'hello.greeting.delete',
      description: {
        en: "Delete greetings (of every organisation for the supplier's staff)",
        sv: 'Ta bort hälsningar (alla organisationers för leverantörens personal)',
      },
      grantTo: ['customer-admin'],
    });

    // Routes under /api/v1/hello, each with schemas for params, query, body and responses.
    ctx.route({
      method: 'get',
      path: '/',
      summary: 'Greets the caller',
      description:
        'Answers from settings alone, without the database: the route the kernel benchmark measures.',
      access: 'public',
      responses: {
        200: {
          description: 'A greeting',
          schema: {
            type: 'object',
            required: ['message'],
            additionalProperties: false,
            properties: { message: { type: 'string' } },
          },
        },
      },
      handler: () => ({ message: `${settings().salutation} from Portico!` }),
    });
    greetingRoutes(ctx, greetingService);

    // Domain events: delivered from the outbox after commit, retried on failure.
    ctx.on<{ id: number }>('hello.greeting.created', async (event) => {
      await greetingService().welcome(event.payload.id);
    });

    // GDPR: export and erase what the plugin stores about a person.
    ctx.extend(gdprProviderPoint, () => ({
      exportUser: async (userId: string) => ({ greetings: await greetingService().exportForUser(userId) }),
      eraseUser: (userId: string) => greetingService().anonymiseUser(userId),
    }));

    // Translations (locales/<lang>.json, namespace "hello"); menu entries and pages are in ./portal and ./admin.
    ctx.locales(new URL('../locales/', import.meta.url));

    // Demo data, seeded on first start and by `portico seed demo`; must be idempotent. Core's
    // seed runs first, so the demo organisations exist: each gets greetings of its own.
    ctx.demoSeed(async ({ log, organizations }) => {
      let seeded = 0;
      for (const org of await organizations()) {
        if ((await greetingService().count({ organization_id: org.id })) > 0) continue;
        const greetings =
          org.kind === 'provider'
            ? [
                { message: 'Welcome to the Nordic Supply customer portal!', language: 'en' },
                { message: 'Välkommen till Nordic Supplys kundportal!', language: 'sv' },
              ]
            : [{ message: `Hello from everyone at ${org.name}!`, language: 'en' }];
        await ctx.db().transactional(async () => {
          for (const g of greetings)
            await greetingService().create({ ...g, organizationId: org.id, authorName: org.name });
        });
        seeded += greetings.length;
      }
      if (seeded) log.info(`seeded ${seeded} greetings`);
    });
  },

  start({ log }) {
    log.debug('hello started');
  },

  stop({ log }) {
    log.debug('hello stopped');
  },
});
