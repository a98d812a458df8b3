import {
  coreServices,
  createServiceToken,
  customizableEntityPoint,
  definePlugin,
  gdprProviderPoint,
  type Database,
  type Lazy,
} from '@portico/core';
import { createArticles } from './migrations/20261125090000-create-articles.js';
import { createAudiences } from './migrations/20261126090000-create-audiences.js';
import { audienceAttributes, audienceOptions, audienceTable, type AudienceRow } from './models/audience.js';
import { addImagesAndAttachments } from './migrations/20261201090000-add-images-and-attachments.js';
import { addCustomFields } from './migrations/20261202113100-add-custom-fields.js';
import { articleAttributes, articleOptions, articleTable, type ArticleRow } from './models/article.js';
import {
  attachmentAttributes,
  attachmentOptions,
  attachmentTable,
  type AttachmentRow,
} from './models/attachment.js';
import { readAttributes, readOptions, readTable, type ReadRow } from './models/read.js';
import {
  translationAttributes,
  translationOptions,
  translationTable,
  type TranslationRow,
} from './models/translation.js';
import { articleFileRoutes } from './routes/article-files.js';
import { articleRoutes } from './routes/articles.js';
import { audienceRoutes } from './routes/audience.js';
import { feedRoutes } from './routes/feed.js';
import { ArticleService } from './services/article-service.js';
import { ReaderDirectory } from './services/reader-directory.js';
import { seedDemoArticles } from './services/demo-articles.js';

export type {
  Article,
  ArticleInput,
  ArticleStatistics,
  ArticleView,
  Attachment,
  Page,
  TagCount,
  Translation,
} from './services/article-service.js';
export type { AudienceRole, ReaderSummary } from './services/reader-directory.js';
export type { Audience, Reader } from './services/audience.js';
export { matchesAudience } from './services/audience.js';
export { ArticleService } from './services/article-service.js';

/** Other plugins use articles through this token, never through news's models. */
export const articleServiceToken = createServiceToken<ArticleService>('news.articleService');

interface NewsSettings {
  /** How often the scheduler looks for articles to publish or unpublish. */
  schedulePollMs: number;
  /** Largest picture upload, in bytes. */
  imageMaxBytes: number;
  /** Largest attachment upload, in bytes. */
  attachmentMaxBytes: number;
}

/** What `start` and `stop` need of one portal's registration (a process may run several portals). */
interface Scheduler {
  db: Lazy<Database>;
  settings: Lazy<NewsSettings>;
  service: Lazy<ArticleService>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  stopped?: boolean;
}
const schedulers: Scheduler[] = [];
const schedulerOf = (db: Database) => schedulers.find((s) => s.db() === db);

/** News: articles in several languages for chosen audiences, scheduled, pinned and read-tracked. */
export default definePlugin({
  register(ctx) {
    const settings = ctx.settings<NewsSettings>({
      type: 'object',
      additionalProperties: false,
      properties: {
        schedulePollMs: {
          type: 'integer',
          minimum: 50,
          maximum: 3_600_000,
          default: 30_000,
          title: 'Scheduler interval (ms)',
          description:
            'How often scheduled articles are published and unpublished, in milliseconds. Applies from the next run, without a restart.',
        },
        imageMaxBytes: { type: 'integer', minimum: 1024, maximum: 52_428_800, default: 10_485_760 },
        attachmentMaxBytes: { type: 'integer', minimum: 1024, maximum: 104_857_600, default: 20_971_520 },
      },
    });

    const articles = ctx.model<ArticleRow>(articleTable, articleAttributes, {
      ...articleOptions,
      personalData: ['author_user_id'],
    });
    const translations = ctx.model<TranslationRow>(
      translationTable,
      translationAttributes,
      translationOptions,
    );
    const reads = ctx.model<ReadRow>(readTable, readAttributes, {
      ...readOptions,
      personalData: ['user_id'],
    });
    const attachments = ctx.model<AttachmentRow>(attachmentTable, attachmentAttributes, attachmentOptions);
    ctx.migrations([createArticles, createAudiences, addImagesAndAttachments, addCustomFields]);
    const audiences = ctx.model<AudienceRow>(audienceTable, audienceAttributes, audienceOptions);

    const files = ctx.use(coreServices.files);
    ctx.provide(
      articleServiceToken,
      () =>
        new ArticleService(articles, translations, reads, ctx.db, ctx.events, attachments, files, audiences),
    );
    const service = ctx.use(articleServiceToken);
    const directory = () => new ReaderDirectory(ctx.db);

    ctx.permission({
      key: 'news.article.read',
      description: { en: 'Read news articles', sv: 'Läsa nyhetsartiklar' },
      grantTo: ['customer-user', 'customer-admin', 'editor', 'support'],
    });
    ctx.permission({
      key: 'news.article.write',
      description: { en: 'Write and edit news articles', sv: 'Skriva och redigera nyhetsartiklar' },
      grantTo: ['editor'],
      providerOnly: true,
    });
    ctx.permission({
      key: 'news.article.publish',
      description: {
        en: 'Publish and unpublish news articles',
        sv: 'Publicera och avpublicera nyhetsartiklar',
      },
      grantTo: ['editor'],
      providerOnly: true,
    });
    ctx.permission({
      key: 'news.statistics.read',
      description: { en: 'See who read news articles', sv: 'Se vilka som läst nyhetsartiklar' },
      grantTo: ['editor', 'support'],
      providerOnly: true,
    });

    feedRoutes(ctx, service);
    // Admins may give articles custom fields (the forms plugin defines and checks them).
    ctx.extend(customizableEntityPoint, () => ({
      entity: 'news.article',
      title: { en: 'News article', sv: 'Nyhetsartikel' },
    }));
    articleRoutes(ctx, service, directory, ctx.use(coreServices.customFields));
    articleFileRoutes(ctx, service, settings);
    audienceRoutes(ctx, directory);

    ctx.extend(gdprProviderPoint, () => ({
      exportUser: (userId: string) => service().exportForUser(userId),
      eraseUser: (userId: string) => service().eraseUser(userId),
    }));

    ctx.locales(new URL('../locales/', import.meta.url));

    ctx.demoSeed(async ({ log, organizations }) => {
      const seeded = await seedDemoArticles(service(), ctx.db(), await organizations());
      if (seeded) log.info(`seeded ${seeded} news articles`);
    });

    schedulers.push({ db: ctx.db, settings, service });
  },

  // Scheduled publishing runs without a request: a timer per instance. runSchedule changes each
  // row with a conditional UPDATE, so two instances never publish (or announce) an article twice.
  start({ db, log }) {
    const s = schedulerOf(db);
    if (!s) return;
    // The interval is read live: an admin may change it at any time (admin app, plugin settings).
    // A short heartbeat compares the time since the last run with the current setting, so a new
    // interval applies within a second, without a restart.
    let lastRun = Date.now();
    const arm = () => {
      s.timer = setTimeout(check, Math.min(1000, s.settings().schedulePollMs));
      // The timer alone must not keep the process alive.
      s.timer.unref();
    };
    const check = () => {
      if (Date.now() - lastRun < s.settings().schedulePollMs) return arm();
      lastRun = Date.now();
      s.running = s
        .service()
        .runSchedule()
        .then((ids) => {
          if (ids.length) log.info({ ids }, `published ${ids.length} scheduled article(s)`);
        })
        .catch((err: unknown) => log.error({ err }, 'scheduled publishing failed; retrying at the next tick'))
        .finally(() => {
          s.running = undefined;
          if (!s.stopped) arm();
        });
    };
    arm();
  },

  async stop({ db }) {
    const s = schedulerOf(db);
    if (!s) return;
    s.stopped = true;
    clearTimeout(s.timer);
    await s.running;
    schedulers.splice(schedulers.indexOf(s), 1);
  },
});
