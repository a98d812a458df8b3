import type { Database, SeedOrganization } from '@portico/core';
import type { ArticleInput, ArticleService } from './article-service.js';

const day = 86_400_000;

/**
 * The demo's news: one pinned article for everyone, one for the gold-customers group, one for
 * Lindqvist only, and one in Swedish only (English readers see it labelled as a fallback).
 * Idempotent: seeds nothing when there are articles already.
 */
export async function seedDemoArticles(
  service: ArticleService,
  db: Database,
  organizations: SeedOrganization[],
): Promise<number> {
  if ((await service.count()) > 0) return 0;
  const lindqvist = organizations.find((o) => o.name.startsWith('Lindqvist'));
  const articles: Array<ArticleInput & { daysAgo: number }> = [
    {
      daysAgo: 10,
      pinned: true,
      defaultLanguage: 'sv',
      tags: ['portal'],
      translations: [
        {
          language: 'sv',
          title: 'Välkommen till Nordic Supplys nya kundportal',
          lead: 'Beställ, följ leveranser och läs nyheter på ett ställe.',
          bodyHtml: '<p>Här hittar du <strong>order</strong>, fakturor och nyheter från oss.</p>',
        },
        {
          language: 'en',
          title: "Welcome to Nordic Supply's new customer portal",
          lead: 'Order, track deliveries and read news in one place.',
          bodyHtml: '<p>Here you find <strong>orders</strong>, invoices and news from us.</p>',
        },
      ],
    },
    {
      daysAgo: 3,
      defaultLanguage: 'sv',
      tags: ['prices'],
      audience: { groups: ['gold-customers'] },
      translations: [
        {
          language: 'sv',
          title: 'Vårens priser för guldkunder',
          lead: 'Som guldkund får du 8 % rabatt på hela sortimentet i april.',
          bodyHtml: '<p>Rabatten dras automatiskt vid beställning.</p>',
        },
        {
          language: 'en',
          title: 'Spring prices for gold customers',
          lead: 'As a gold customer you get 8 % off the whole range in April.',
          bodyHtml: '<p>The discount is applied when you order.</p>',
        },
      ],
    },
    ...(lindqvist
      ? [
          {
            daysAgo: 2,
            defaultLanguage: 'en',
            tags: ['deliveries'],
            audience: { organizations: [lindqvist.id] },
            translations: [
              {
                language: 'en',
                title: 'Your delivery schedule for week 12',
                lead: 'Deliveries to your Västerås site move to Tuesdays.',
                bodyHtml: '<p>Contact your account manager if Tuesdays do not suit you.</p>',
              },
              {
                language: 'sv',
                title: 'Ert leveransschema för vecka 12',
                lead: 'Leveranser till er anläggning i Västerås flyttas till tisdagar.',
                bodyHtml: '<p>Kontakta er kundansvarige om tisdagar inte passar.</p>',
              },
            ],
          },
        ]
      : []),
    {
      daysAgo: 1,
      defaultLanguage: 'sv',
      tags: ['warehouse'],
      translations: [
        {
          language: 'sv',
          title: 'Nya öppettider i lagret i Göteborg',
          lead: 'Från 1 maj har lagret öppet 06–18 på vardagar.',
          bodyHtml: '<p>Upphämtning sker som vanligt vid port 3.</p>',
        },
      ],
    },
  ];
  const now = Date.now();
  await db.transactional(async () => {
    for (const { daysAgo, ...input } of articles) {
      const article = await service.create(input, null);
      await service.publish(article.id, undefined, new Date(now - daysAgo * day));
    }
  });
  return articles.length;
}
