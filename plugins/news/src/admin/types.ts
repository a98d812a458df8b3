import type { Attachment } from '../portal/types.js';

export type { Attachment, ArticleView, Page, TagCount } from '../portal/types.js';

/** The editors' API answers as the browser sees them (mirrors src/schemas/article.schema.json). */
export type ArticleStatus = 'draft' | 'scheduled' | 'published' | 'unpublished';

export interface Translation {
  language: string;
  title: string;
  lead: string;
  bodyHtml: string;
  imageAlt: string;
}

export interface Audience {
  groups?: string[];
  organizations?: string[];
  roles?: string[];
  languages?: string[];
}

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
  imageUrl: string | null;
  translations: Translation[];
  attachments: Attachment[];
  createdAt: string;
  updatedAt: string;
}

export interface ArticleStatistics {
  id: string;
  reads: number;
  byOrganization: Array<{ organizationId: string | null; organizationName: string | null; reads: number }>;
  byLanguage: Array<{ language: string; reads: number }>;
}

export const statusColor: Record<ArticleStatus, 'default' | 'info' | 'success' | 'warning'> = {
  draft: 'default',
  scheduled: 'info',
  published: 'success',
  unpublished: 'warning',
};
