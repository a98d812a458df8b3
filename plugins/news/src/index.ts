import { createServiceToken, definePlugin, gdprProviderPoint, type Database, type Lazy } from '@portico/core';
import { createArticles } from './migrations/20261125090000-create-articles.js';
import { createAudiences } from './migrations/20261126090000-create-audiences.js';
import { articleAttributes, articleOptions, articleTable, type ArticleRow } from './models/article.js';
import { audienceAttributes, audienceOptions, audienceTable, type AudienceRow } from './models/audience.js';
import { readAttributes, readOptions, readTable, type ReadRow } from './models/read.js';
import {
  translationAttributes,
  translationOptions,
  translationTable,
  type TranslationRow,
} from './models/translation.js';
import { articleRoutes } from './routes/articles.js';
import { feedRoutes } from './routes/feed.js';
import { ArticleService } from './services/article-service.js';
import { ReaderDirectory } from './services/reader-directory.js';
import { seedDemoArticles } from './services/demo-articles.js';

export type {
  Article,
  ArticleInput,
  ArticleStatistics,
  ArticleView,
  Page,
  Translation,
} from './services/article-service.js';
export type { Audience, Reader } from './services/audience.js';
export { matchesAudience } from './services/audience.js';
export { ArticleService } from './services/article-service.js';

/** Other plugins use articles through this token, never through news's models. */
export const articleServiceToken = createServiceToken<ArticleService>('news.articleService');

interface NewsSettings {
  /** How often the scheduler looks for articles to publish or unpublish. */
  schedulePollMs: number;
}

/** What `start` and `stop` need of one portal's registration (a process may run several portals). */
interface Scheduler {
  db: Lazy<Database>;
  settings: Lazy<NewsSettings>;
  service: Lazy<ArticleService>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}
const schedulers: Scheduler[] = [];
const schedulerOf = (db: Database) => schedulers.find((s) => s.db() === db);

/** News: articles in several languages for chosen audiences, scheduled, pinned and read-tracked. */
export default definePlugin({
  register(ctx) {
    const settings = ctx.settings<NewsSettings>({
      type: 'object',
      additionalProperties: false,
      properties: { schedulePollMs: { type: 'integer', minimum: 50, maximum: 3_600_000, default: 30_000 } },
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
    const audiences = ctx.model<AudienceRow>(audienceTable, audienceAttributes, audienceOptions);
    ctx.migrations([createArticles, createAudiences]);

    ctx.provide(
      articleServiceToken,
      () => new ArticleService(articles, translations, reads, ctx.db, ctx.events, audiences),
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
    articleRoutes(ctx, service, directory);

    ctx.extend(gdprProviderPoint, () => ({
      exportUser: (userId: string) => service().exportForUser(userId),
      eraseUser: (userId: string) => service().eraseUser(userId),
    }));

    ctx.locales(new URL('../locales/', import.meta.url));
    ctx.navigation({ area: 'portal', path: '/news', label: 'news:nav.title', icon: 'newspaper', order: 10 });
    ctx.navigation({
      area: 'admin',
      path: '/news',
      label: 'news:nav.title',
      icon: 'newspaper',
      permission: 'news.article.write',
      order: 10,
    });

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
    const tick = () => {
      if (s.running) return;
      s.running = s
        .service()
        .runSchedule()
        .then((ids) => {
          if (ids.length) log.info({ ids }, `published ${ids.length} scheduled article(s)`);
        })
        .catch((err: unknown) => log.error({ err }, 'scheduled publishing failed; retrying at the next tick'))
        .finally(() => {
          s.running = undefined;
        });
    };
    s.timer = setInterval(tick, s.settings().schedulePollMs);
    // The timer alone must not keep the process alive.
    s.timer.unref();
  },

  async stop({ db }) {
    const s = schedulerOf(db);
    if (!s) return;
    clearInterval(s.timer);
    await s.running;
    schedulers.splice(schedulers.indexOf(s), 1);
  },
});
