/**
 * The news API's answers as the browser sees them. Browser code never imports the server's
 * modules, so these mirror src/schemas/*.schema.json (ArticleView, Attachment, Article).
 */

export interface Attachment {
  id: string;
  name: string;
  contentType: string;
  size: number;
  language: string | null;
  url: string;
}

export interface ArticleView {
  id: string;
  language: string;
  fallback: boolean;
  title: string;
  lead: string;
  bodyHtml?: string;
  pinned: boolean;
  publishedAt: string;
  tags: string[];
  imageFileId: string | null;
  imageUrl: string | null;
  imageAlt: string;
  attachments?: Attachment[];
  new: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TagCount {
  tag: string;
  articles: number;
}
