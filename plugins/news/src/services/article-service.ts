import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type ModelStatic, type WhereOptions } from 'sequelize';
import {
  ProblemError,
  type Database,
  type EventBus,
  type FieldError,
  type FileStore,
  type StoredFile,
} from '@portico/core';
import type { ArticleRow, ArticleStatus } from '../models/article.js';
import type { AttachmentRow } from '../models/attachment.js';
import type { AudienceDimension, AudienceRow } from '../models/audience.js';
import type { ReadRow } from '../models/read.js';
import type { TranslationRow } from '../models/translation.js';
import { matchesAudience, normalizeAudience, type Audience, type Reader } from './audience.js';
import { feedQuery } from './feed-query.js';
import { sanitizeBody } from './rich-text.js';

export interface TranslationInput {
  language: string;
  title: string;
  lead?: string;
  bodyHtml?: string;
  /** The text alternative of the article's picture in this language. */
  imageAlt?: string;
}

/** What an editor writes: the whole article (a PUT replaces every language version). */
export interface ArticleInput {
  defaultLanguage: string;
  pinned?: boolean;
  tags?: string[];
  imageFileId?: string | null;
  audience?: Audience;
  unpublishAt?: string | null;
  translations: TranslationInput[];
  /** Values of the custom fields admins defined for articles; the route checks them. Left out on a PUT, they stay. */
  custom?: Record<string, unknown>;
}

export interface Translation {
  language: string;
  title: string;
  lead: string;
  bodyHtml: string;
  imageAlt: string;
}

/** A file attached to an article, as editors and readers see it. */
export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  /** The language version it belongs to; null for every language. */
  language: string | null;
  /** Where to download it (readers' or editors' route, depending on who asks). */
  url: string;
}

/** What the article-image and attachment routes store: bytes already checked and re-encoded. */
export interface CheckedFile {
  bytes: Buffer;
  contentType: string;
}

/** An article as editors see it: every language version, the audience, the schedule. */
export interface Article {
  id: string;
  status: ArticleStatus;
  pinned: boolean;
  publishAt: string | null;
  unpublishAt: string | null;
  authorUserId: string | null;
  defaultLanguage: string;
  tags: string[];
  audience: Audience;
  imageFileId: string | null;
  /** The picture on the editors' route; null without one. */
  imageUrl: string | null;
  /** Values of the article's custom fields (defined by admins in the forms plugin). */
  custom: Record<string, unknown>;
  translations: Translation[];
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
}

/** An article as a reader sees it: one language version, labelled when it is not theirs. */
export interface ArticleView {
  id: string;
  language: string;
  /** True when the reader's language has no version and the default language is shown. */
  fallback: boolean;
  title: string;
  lead: string;
  bodyHtml?: string;
  pinned: boolean;
  publishedAt: string;
  tags: string[];
  imageFileId: string | null;
  /** The picture (readers' route, or the editors' route in a preview); null without one. */
  imageUrl: string | null;
  /** The picture's text alternative in the language shown ('' when it is decorative). */
  imageAlt: string;
  /** Only on single-article answers: the files for the language shown and for every language. */
  attachments?: Attachment[];
  /** Only on single-article answers: values of the article's custom fields. */
  custom?: Record<string, unknown>;
  /** True until the reader marks it read. */
  new: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ArticleFilter {
  status?: ArticleStatus;
  tag?: string;
  pinned?: boolean;
}

export interface TagCount {
  tag: string;
  articles: number;
}

/** Owner types of news's files in core's file store. */
export const imageOwner = 'news-image';
export const attachmentOwner = 'news-attachment';
/** At most this many files on one article. */
export const maxAttachments = 20;

type FileAnswer = { record: StoredFile; bytes: Buffer };

export interface ArticleStatistics {
  id: string;
  reads: number;
  byOrganization: Array<{ organizationId: string | null; organizationName: string | null; reads: number }>;
  byLanguage: Array<{ language: string; reads: number }>;
}

/** News articles: the news plugin's domain logic. Plain constructor arguments, no HTTP. */
export class ArticleService {
  constructor(
    private readonly articles: () => ModelStatic<ArticleRow>,
    private readonly translations: () => ModelStatic<TranslationRow>,
    private readonly reads: () => ModelStatic<ReadRow>,
    private readonly db: () => Database,
    private readonly events: EventBus,
    private readonly attachments: () => ModelStatic<AttachmentRow>,
    private readonly files: () => FileStore,
    private readonly audiences: () => ModelStatic<AudienceRow>,
  ) {}

  // ---------------------------------------------------------------- editors

  async list(limit: number, cursor: string | undefined, filter: ArticleFilter): Promise<Page<Article>> {
    const after = cursor ? decodeCursor('a', cursor) : undefined;
    const where: WhereOptions<ArticleRow> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.pinned !== undefined ? { pinned: filter.pinned } : {}),
    };
    // Tags are a small JSON list: filtered here rather than with dialect-specific JSON SQL. The
    // order is kept here too, so that it never depends on a database's collation of ids.
    const rows = (await this.articles().findAll({ where }))
      .filter((r) => !filter.tag || parseList(r.tags).includes(filter.tag))
      .sort((a, b) => compareKeys(listKey(a), listKey(b)));
    const rest = after ? rows.filter((r) => compareKeys(listKey(r), after) > 0) : rows;
    const page = rest.slice(0, limit);
    return {
      items: await this.withTranslations(page),
      nextCursor: rest.length > limit ? encodeCursor('a', listKey(page[page.length - 1]!)) : null,
    };
  }

  async get(id: string): Promise<Article | undefined> {
    const row = await this.articles().findByPk(id);
    return row ? (await this.withTranslations([row]))[0] : undefined;
  }

  /** A new draft. */
  async create(input: ArticleInput, authorUserId: string | null): Promise<Article> {
    // One transaction: an article is never there without its audience rows.
    return this.db().transactional(() => this.createDraft(input, authorUserId));
  }

  private async createDraft(input: ArticleInput, authorUserId: string | null): Promise<Article> {
    checkInput(input, null);
    const row = await this.articles().create({
      id: randomUUID(),
      status: 'draft',
      pinned: input.pinned ?? false,
      publish_at: null,
      unpublish_at: input.unpublishAt ? new Date(input.unpublishAt) : null,
      author_user_id: authorUserId,
      default_language: input.defaultLanguage,
      tags: JSON.stringify([...new Set(input.tags ?? [])]),
      audience: JSON.stringify(normalizeAudience(input.audience)),
      image_file_id: null,
      custom: JSON.stringify(input.custom ?? {}),
    });
    await this.writeTranslations(row.id, input.translations);
    await this.writeAudience(row.id, input.audience);
    return (await this.get(row.id))!;
  }

  /** Replaces the article's content, audience and language versions; its status stays. */
  async update(id: string, input: ArticleInput): Promise<Article | undefined> {
    // One transaction: the audience rows the feed filters by always say what the article says.
    return this.db().transactional(() => this.replace(id, input));
  }

  private async replace(id: string, input: ArticleInput): Promise<Article | undefined> {
    const row = await this.articles().findByPk(id);
    if (!row) return undefined;
    checkInput(input, row.image_file_id);
    // Leaving the picture out of the article removes it; its file goes with it.
    const dropped = !input.imageFileId && row.image_file_id ? row.image_file_id : undefined;
    await row.update({
      pinned: input.pinned ?? false,
      unpublish_at: input.unpublishAt ? new Date(input.unpublishAt) : null,
      default_language: input.defaultLanguage,
      tags: JSON.stringify([...new Set(input.tags ?? [])]),
      audience: JSON.stringify(normalizeAudience(input.audience)),
      image_file_id: input.imageFileId ?? null,
      ...(input.custom !== undefined ? { custom: JSON.stringify(input.custom) } : {}),
    });
    await this.translations().destroy({ where: { article_id: id } });
    await this.writeTranslations(id, input.translations);
    await this.writeAudience(id, input.audience);
    if (dropped) await this.files().delete(dropped);
    return this.get(id);
  }

  /**
   * Publishes now (emitting `news.article.published`), or schedules for `at` when that is in the
   * future; the scheduler or the feed's own time check makes it visible then. Publishing an
   * article that is published already changes nothing.
   */
  async publish(id: string, at: Date | undefined, now = new Date()): Promise<Article | undefined> {
    const row = await this.articles().findByPk(id);
    if (!row) return undefined;
    if (at && row.unpublish_at && row.unpublish_at.getTime() <= at.getTime())
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: 'The article would be unpublished before it is published. Choose an earlier time.',
        errors: [{ in: 'body', path: '/at', message: 'must be before the article is unpublished' }],
      });
    // Publishing what readers already see changes nothing and announces nothing again.
    if (row.status === 'published' && !(at && at.getTime() > now.getTime())) return this.get(id);
    if (at && at.getTime() > now.getTime()) {
      await row.update({ status: 'scheduled', publish_at: at });
    } else {
      await row.update({ status: 'published', publish_at: now });
      await this.events.emit('news.article.published', { id, publishAt: now.toISOString() });
    }
    return this.get(id);
  }

  async unpublish(id: string): Promise<Article | undefined> {
    const row = await this.articles().findByPk(id);
    if (!row) return undefined;
    await row.update({ status: 'unpublished' });
    return this.get(id);
  }

  async remove(id: string): Promise<boolean> {
    const row = await this.articles().findByPk(id);
    if (!row) return false;
    const attached = await this.attachments().findAll({ attributes: ['id'], where: { article_id: id } });
    await this.attachments().destroy({ where: { article_id: id } });
    await this.reads().destroy({ where: { article_id: id } });
    await this.translations().destroy({ where: { article_id: id } });
    await this.audiences().destroy({ where: { article_id: id } });
    await this.articles().destroy({ where: { id } });
    // Core's file store removes the bytes only once the transaction commits.
    for (const fileId of [row.image_file_id, ...attached.map((a) => a.id)])
      if (fileId) await this.files().delete(fileId);
    return true;
  }

  // ---------------------------------------------------------------- picture and attachments

  /** Replaces the article's picture with `image` (checked and re-encoded by the caller). */
  async setImage(
    id: string,
    image: CheckedFile,
    organizationId: string | null,
  ): Promise<Article | undefined> {
    return this.db().transactional(async () => {
      const row = await this.articles().findByPk(id);
      if (!row) return undefined;
      const file = await this.files().put({
        ...image,
        ownerType: imageOwner,
        ownerId: id,
        organizationId,
      });
      const old = row.image_file_id;
      await row.update({ image_file_id: file.id });
      if (old) await this.files().delete(old);
      return this.get(id);
    });
  }

  /** Removes the article's picture. Undefined when there is no such article. */
  async removeImage(id: string): Promise<Article | undefined> {
    const row = await this.articles().findByPk(id);
    if (!row) return undefined;
    const old = row.image_file_id;
    await row.update({ image_file_id: null });
    if (old) await this.files().delete(old);
    return this.get(id);
  }

  /**
   * The article's picture: for `reader` only when they may read the article, for an editor
   * (no reader) whatever its status. 'article' when there is no such article for them, 'file'
   * when it has no picture.
   */
  async image(id: string, reader: Reader | undefined): Promise<FileAnswer | 'article' | 'file'> {
    const row = reader ? await this.visibleRow(id, reader) : await this.articles().findByPk(id);
    if (!row) return 'article';
    if (!row.image_file_id) return 'file';
    const file = await this.files().get(row.image_file_id);
    // Only a picture uploaded to this very article is ever served from here.
    if (!file || file.record.ownerType !== imageOwner || file.record.ownerId !== id) return 'file';
    return file;
  }

  /** Attaches a file (checked by the caller) to the article. Undefined when there is no such article. */
  async addAttachment(
    id: string,
    file: CheckedFile & { name: string },
    language: string | null,
    organizationId: string | null,
  ): Promise<Attachment | undefined> {
    return this.db().transactional(async () => {
      const row = await this.articles().findByPk(id);
      if (!row) return undefined;
      if (language) {
        const versions = await this.translations().count({ where: { article_id: id, language } });
        if (!versions)
          throw new ProblemError(400, {
            title: 'Invalid request',
            detail: `The article has no ${language} version. Attach the file to a language it has, or to every language.`,
            errors: [
              { in: 'query', path: '/language', message: 'must be the language of one of the versions' },
            ],
          });
      }
      if ((await this.attachments().count({ where: { article_id: id } })) >= maxAttachments)
        throw new ProblemError(409, {
          title: 'Too many attachments',
          detail: `An article can have at most ${maxAttachments} attachments. Remove one first.`,
        });
      const stored = await this.files().put({
        bytes: file.bytes,
        contentType: file.contentType,
        ownerType: attachmentOwner,
        ownerId: id,
        organizationId,
      });
      const attachment = await this.attachments().create({
        id: stored.id,
        article_id: id,
        name: file.name,
        content_type: file.contentType,
        size: stored.size,
        language,
        created_at: new Date(),
      });
      return toAttachment(attachment, 'editor');
    });
  }

  /** Removes an attachment and its file; false when the article has no such attachment. */
  async removeAttachment(id: string, attachmentId: string): Promise<boolean> {
    const removed = await this.attachments().destroy({ where: { id: attachmentId, article_id: id } });
    if (!removed) return false;
    await this.files().delete(attachmentId);
    return true;
  }

  /**
   * An attachment with its bytes: for `reader` only when they may read the article, for an
   * editor (no reader) whatever its status. 'article' or 'file' when there is no such one.
   */
  async attachment(
    id: string,
    attachmentId: string,
    reader: Reader | undefined,
  ): Promise<(FileAnswer & { name: string }) | 'article' | 'file'> {
    const row = reader ? await this.visibleRow(id, reader) : await this.articles().findByPk(id);
    if (!row) return 'article';
    const attachment = await this.attachments().findOne({ where: { id: attachmentId, article_id: id } });
    if (!attachment) return 'file';
    const file = await this.files().get(attachment.id);
    if (!file) return 'file';
    return { ...file, name: attachment.name };
  }

  /** The tags of the articles the reader may read now, with how many articles carry each. */
  async tags(reader: Reader, now = new Date()): Promise<TagCount[]> {
    const counts = new Map<string, number>();
    for (const r of await this.articles().findAll({
      attributes: ['audience', 'tags'],
      where: visibleAt(now),
    }))
      if (matchesAudience(parseAudience(r.audience), reader))
        for (const tag of parseList(r.tags)) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    return [...counts]
      .map(([tag, articles]) => ({ tag, articles }))
      .sort((a, b) => b.articles - a.articles || a.tag.localeCompare(b.tag));
  }

  async count(): Promise<number> {
    return this.articles().count();
  }

  /** Reads of an article by organisation and by language. */
  async statistics(id: string): Promise<ArticleStatistics | undefined> {
    if (!(await this.articles().findByPk(id))) return undefined;
    const select = <T extends object>(sql: string) =>
      this.db().sequelize.query<T>(sql, { replacements: [id], type: QueryTypes.SELECT });
    // Organisation names come from core's directory, which every plugin may read.
    const byOrganization = await select<{ organization_id: string | null; name: string | null; n: number }>(
      `SELECT r.organization_id, o.name, COUNT(*) AS n FROM news_reads r
         LEFT JOIN portico_organizations o ON o.id = r.organization_id
        WHERE r.article_id = ? GROUP BY r.organization_id, o.name ORDER BY n DESC, o.name`,
    );
    const byLanguage = await select<{ language: string; n: number }>(
      'SELECT language, COUNT(*) AS n FROM news_reads WHERE article_id = ? GROUP BY language ORDER BY n DESC, language',
    );
    return {
      id,
      reads: byOrganization.reduce((sum, r) => sum + Number(r.n), 0),
      byOrganization: byOrganization.map((r) => ({
        organizationId: r.organization_id,
        organizationName: r.name,
        reads: Number(r.n),
      })),
      byLanguage: byLanguage.map((r) => ({ language: r.language, reads: Number(r.n) })),
    };
  }

  // ---------------------------------------------------------------- readers

  /**
   * The articles visible now whose audience the reader matches: pinned first, then newest
   * first. The time window is checked here, so visibility never waits for the scheduler.
   * Audience, order and paging are all in SQL (feed-query.ts): one page is read, not the news.
   */
  async feed(
    reader: Reader,
    limit: number,
    cursor?: string,
    now = new Date(),
    tag?: string,
  ): Promise<Page<ArticleView>> {
    const after = cursor ? decodeCursor('f', cursor) : undefined;
    const { sql, replacements } = feedQuery(reader, {
      limit: limit + 1,
      ...(after ? { after: after as [number, number, string] } : {}),
      now,
      ...(tag ? { tag } : {}),
      dialect: this.db().dialect,
    });
    const ids = (
      await this.db().sequelize.query<{ id: string }>(sql, { replacements, type: QueryTypes.SELECT })
    ).map((r) => r.id);
    // The rows of the page through the model, which reads dates the same way on every dialect.
    const byId = new Map(
      (await this.articles().findAll({ where: { id: { [Op.in]: ids.slice(0, limit) } } })).map((r) => [
        r.id,
        r,
      ]),
    );
    const page = ids.slice(0, limit).flatMap((id) => byId.get(id) ?? []);
    return {
      items: await this.views(page, reader, false),
      nextCursor:
        ids.length > limit && page.length ? encodeCursor('f', feedKey(page[page.length - 1]!)) : null,
    };
  }

  /** One article as `reader` sees it, or undefined when it is not visible to them (or missing). */
  async view(id: string, reader: Reader, now = new Date()): Promise<ArticleView | undefined> {
    const row = await this.visibleRow(id, reader, now);
    if (!row) return undefined;
    return (await this.views([row], reader, true))[0];
  }

  /** The article's row when `reader` may read it now. */
  private async visibleRow(id: string, reader: Reader, now = new Date()): Promise<ArticleRow | undefined> {
    const row = await this.articles().findOne({ where: { [Op.and]: [{ id }, visibleAt(now)] } });
    return row && matchesAudience(parseAudience(row.audience), reader) ? row : undefined;
  }

  /** An article of any status as `reader` would see it, for an editor's preview. */
  async preview(id: string, reader: Reader): Promise<{ visible: boolean; article: ArticleView } | undefined> {
    const row = await this.articles().findByPk(id);
    if (!row) return undefined;
    // The editor's preview shows the picture and files through the editors' routes (drafts too).
    const [article] = await this.views([row], reader, true, 'editor');
    return { visible: matchesAudience(parseAudience(row.audience), reader), article: article! };
  }

  /**
   * Marks the article read by the reader, once: emits `news.article.read` the first time.
   * Undefined when the reader cannot see it.
   */
  async markRead(id: string, reader: Reader & { userId: string }): Promise<ArticleView | undefined> {
    const view = await this.view(id, reader);
    if (!view) return undefined;
    const done = await this.reads().findOne({ where: { article_id: id, user_id: reader.userId } });
    if (!done) {
      await this.reads().create({
        article_id: id,
        user_id: reader.userId,
        organization_id: reader.organizationId ?? null,
        language: view.language,
        read_at: new Date(),
      });
      await this.events.emit('news.article.read', {
        id,
        userId: reader.userId,
        organizationId: reader.organizationId ?? null,
        language: view.language,
      });
    }
    return { ...view, new: false };
  }

  // ---------------------------------------------------------------- scheduling

  /**
   * Publishes scheduled articles that are due and unpublishes expired ones. Each row changes in
   * a conditional UPDATE, so with several instances exactly one of them changes it, and only
   * that one emits `news.article.published`. Returns the ids it published.
   */
  async runSchedule(now = new Date()): Promise<string[]> {
    const published: string[] = [];
    const due = await this.articles().findAll({
      attributes: ['id'],
      where: { status: 'scheduled', publish_at: { [Op.lte]: now } },
    });
    for (const { id } of due)
      await this.db().transactional(async () => {
        const [changed] = await this.articles().update(
          { status: 'published' },
          { where: { id, status: 'scheduled', publish_at: { [Op.lte]: now } } },
        );
        if (changed !== 1) return;
        const row = await this.articles().findByPk(id);
        await this.events.emit('news.article.published', {
          id,
          publishAt: (row?.publish_at ?? now).toISOString(),
        });
        published.push(id);
      });
    await this.articles().update(
      { status: 'unpublished' },
      {
        where: {
          status: { [Op.in]: ['published', 'scheduled'] },
          unpublish_at: { [Op.ne]: null, [Op.lte]: now },
        },
      },
    );
    return published;
  }

  // ---------------------------------------------------------------- GDPR

  async exportForUser(userId: string): Promise<{ reads: Array<{ articleId: string; readAt: string }> }> {
    const rows = await this.reads().findAll({ where: { user_id: userId }, order: [['id', 'ASC']] });
    return {
      reads: rows.map((r) => ({ articleId: r.article_id, readAt: new Date(r.read_at).toISOString() })),
    };
  }

  /** Erasure removes the user's reads and the article's link to them as author. */
  async eraseUser(userId: string): Promise<void> {
    await this.reads().destroy({ where: { user_id: userId } });
    await this.articles().update({ author_user_id: null }, { where: { author_user_id: userId } });
  }

  // ---------------------------------------------------------------- internals

  /** The audience as rows the feed's SQL filters by (models/audience.ts): replaced, not merged. */
  private async writeAudience(articleId: string, audience: Audience | undefined): Promise<void> {
    await this.audiences().destroy({ where: { article_id: articleId } });
    const rows = (
      Object.entries(normalizeAudience(audience)) as Array<[AudienceDimension, string[]]>
    ).flatMap(([dimension, values]) => values.map((value) => ({ article_id: articleId, dimension, value })));
    if (rows.length) await this.audiences().bulkCreate(rows);
  }

  private async writeTranslations(articleId: string, list: TranslationInput[]): Promise<void> {
    for (const t of list)
      await this.translations().create({
        article_id: articleId,
        language: t.language,
        title: t.title,
        lead: t.lead ?? '',
        body_html: sanitizeBody(t.bodyHtml ?? ''),
        image_alt: t.imageAlt ?? '',
      });
  }

  private async withTranslations(rows: ArticleRow[]): Promise<Article[]> {
    const byArticle = await this.translationsOf(rows.map((r) => r.id));
    const files = await this.attachmentsOf(rows.map((r) => r.id));
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      pinned: !!r.pinned,
      publishAt: iso(r.publish_at),
      unpublishAt: iso(r.unpublish_at),
      authorUserId: r.author_user_id,
      defaultLanguage: r.default_language,
      tags: parseList(r.tags),
      audience: parseAudience(r.audience),
      imageFileId: r.image_file_id,
      imageUrl: imageUrl(r, 'editor'),
      custom: parseCustom(r.custom),
      translations: (byArticle.get(r.id) ?? []).map(toTranslation),
      attachments: (files.get(r.id) ?? []).map((a) => toAttachment(a, 'editor')),
      createdAt: new Date(r.created_at).toISOString(),
      updatedAt: new Date(r.updated_at).toISOString(),
    }));
  }

  private async translationsOf(ids: string[]): Promise<Map<string, TranslationRow[]>> {
    const out = new Map<string, TranslationRow[]>();
    if (!ids.length) return out;
    const rows = await this.translations().findAll({
      where: { article_id: { [Op.in]: ids } },
      order: [['language', 'ASC']],
    });
    for (const t of rows) out.set(t.article_id, [...(out.get(t.article_id) ?? []), t]);
    return out;
  }

  private async attachmentsOf(ids: string[]): Promise<Map<string, AttachmentRow[]>> {
    const out = new Map<string, AttachmentRow[]>();
    if (!ids.length) return out;
    const rows = await this.attachments().findAll({
      where: { article_id: { [Op.in]: ids } },
      order: [
        ['created_at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    for (const a of rows) out.set(a.article_id, [...(out.get(a.article_id) ?? []), a]);
    return out;
  }

  private async views(
    rows: ArticleRow[],
    reader: Reader,
    withBody: boolean,
    urls: 'reader' | 'editor' = 'reader',
  ): Promise<ArticleView[]> {
    const ids = rows.map((r) => r.id);
    const byArticle = await this.translationsOf(ids);
    // Only single-article answers list files, so the feed never asks for them.
    const files = withBody ? await this.attachmentsOf(ids) : new Map<string, AttachmentRow[]>();
    const read = new Set<string>();
    if (reader.userId && ids.length)
      for (const r of await this.reads().findAll({
        attributes: ['article_id'],
        where: { user_id: reader.userId, article_id: { [Op.in]: ids } },
      }))
        read.add(r.article_id);
    return rows.map((r) => {
      const versions = byArticle.get(r.id) ?? [];
      const own = reader.language ? versions.find((v) => v.language === reader.language) : undefined;
      const shown = own ?? versions.find((v) => v.language === r.default_language) ?? versions[0];
      return {
        id: r.id,
        language: shown?.language ?? r.default_language,
        // A reader without a language of their own gets the default language as theirs.
        fallback: !!reader.language && !own,
        title: shown?.title ?? '',
        lead: shown?.lead ?? '',
        ...(withBody ? { bodyHtml: shown?.body_html ?? '' } : {}),
        pinned: !!r.pinned,
        publishedAt: (r.publish_at ?? r.created_at).toISOString(),
        tags: parseList(r.tags),
        imageFileId: r.image_file_id,
        imageUrl: imageUrl(r, urls),
        imageAlt: shown?.image_alt ?? '',
        ...(withBody
          ? {
              attachments: (files.get(r.id) ?? [])
                .filter((a) => !a.language || a.language === (shown?.language ?? r.default_language))
                .map((a) => toAttachment(a, urls)),
              custom: parseCustom(r.custom),
            }
          : {}),
        new: !read.has(r.id),
      };
    });
  }
}

/** Visible at `now`: published (or scheduled and due) and not yet expired. */
function visibleAt(now: Date): WhereOptions<ArticleRow> {
  return {
    [Op.and]: [
      {
        [Op.or]: [{ status: 'published' }, { status: 'scheduled', publish_at: { [Op.lte]: now } }],
      },
      { [Op.or]: [{ unpublish_at: null }, { unpublish_at: { [Op.gt]: now } }] },
    ],
  };
}

/**
 * Checks what a schema cannot say: the versions' languages, and that `imageFileId` is the
 * article's own picture (`current`) or nothing. 422 with the fields at fault.
 */
function checkInput(input: ArticleInput, current: string | null): void {
  const errors: FieldError[] = [];
  if (input.imageFileId && input.imageFileId !== current)
    errors.push({
      in: 'body',
      path: '/imageFileId',
      message: current
        ? "must be the article's picture or null; upload a new one with PUT .../image"
        : 'must be null; upload the picture with PUT /admin/articles/{id}/image',
    });
  const seen = new Set<string>();
  input.translations.forEach((t, i) => {
    if (seen.has(t.language))
      errors.push({ in: 'body', path: `/translations/${i}/language`, message: 'appears twice' });
    seen.add(t.language);
  });
  if (!seen.has(input.defaultLanguage))
    errors.push({
      in: 'body',
      path: '/defaultLanguage',
      message: 'must be the language of one of the translations',
    });
  if (errors.length)
    throw new ProblemError(422, {
      title: 'Invalid request body',
      detail: `body ${errors[0]!.path}: ${errors[0]!.message}`,
      errors,
    });
}

function parseCustom(text: string | null): Record<string, unknown> {
  if (!text) return {};
  const value = JSON.parse(text) as unknown;
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function toTranslation(t: TranslationRow): Translation {
  return {
    language: t.language,
    title: t.title,
    lead: t.lead,
    bodyHtml: t.body_html,
    imageAlt: t.image_alt ?? '',
  };
}

const routeBase = { reader: '/api/v1/news/articles', editor: '/api/v1/news/admin/articles' } as const;

/** The picture's URL; `v` changes with the picture, so browsers may keep it for long. */
function imageUrl(r: ArticleRow, who: 'reader' | 'editor'): string | null {
  return r.image_file_id ? `${routeBase[who]}/${r.id}/image?v=${r.image_file_id.slice(0, 8)}` : null;
}

function toAttachment(a: AttachmentRow, who: 'reader' | 'editor'): Attachment {
  return {
    id: a.id,
    name: a.name,
    contentType: a.content_type,
    size: Number(a.size),
    language: a.language,
    url: `${routeBase[who]}/${a.article_id}/attachments/${a.id}`,
  };
}

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

function parseList(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

function parseAudience(text: string): Audience {
  try {
    return normalizeAudience(JSON.parse(text) as Audience);
  } catch {
    // An audience that cannot be read shows the article to nobody rather than to everyone.
    return { organizations: ['-'] };
  }
}

/** A position in a list: numbers that sort descending, then the id (descending) to break ties. */
type SortKey = [...numbers: number[], id: string];

/** The feed's order: pinned first, then newest first. */
function feedKey(r: ArticleRow): SortKey {
  return [r.pinned ? 1 : 0, (r.publish_at ?? r.created_at).getTime(), r.id];
}

/** The editors' list: newest first. */
function listKey(r: ArticleRow): SortKey {
  return [new Date(r.created_at).getTime(), r.id];
}

/** Positive when `a` comes after `b`: every part descending. */
function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    return x < y ? 1 : -1;
  }
  return 0;
}

function encodeCursor(kind: 'f' | 'a', key: SortKey): string {
  return Buffer.from(`${kind}:${key.join(':')}`).toString('base64url');
}

function decodeCursor(kind: 'f' | 'a', cursor: string): SortKey {
  const numbers = kind === 'f' ? 2 : 1;
  const parts = Buffer.from(cursor, 'base64url').toString().split(':');
  const id = parts.pop();
  if (
    parts.shift() !== kind ||
    parts.length !== numbers ||
    !parts.every((p) => /^\d{1,16}$/.test(p)) ||
    !id ||
    !/^[0-9a-f-]{36}$/.test(id)
  )
    throw badCursor();
  return [...parts.map(Number), id];
}

function badCursor(): ProblemError {
  return new ProblemError(400, {
    detail: 'The cursor is not one this API gave out. Start again without a cursor.',
    errors: [{ in: 'query', path: '/cursor', message: 'is not a valid cursor' }],
  });
}
