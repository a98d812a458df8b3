import { QueryTypes } from 'sequelize';
import type { ResolvedConfig } from '../../config/load-config.js';
import type { Lazy } from '../../container/container.js';
import type { Database } from '../../db/database.js';
import type { FileStore } from '../../files/file-store.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { JsonSchema } from '../../validation/validator.js';
import { portalBranding, type PortalBranding } from '../branding.js';
import { fromJson } from '../rows.js';
import type { IdentityService } from '../service.js';
import { imageUploadTypes, reencodeImage } from '../uploaded-image.js';
import { colorSchema, portalNameSchema, type Branding } from './organizations.js';

/** The portal's branding as GET /api/v1/branding answers it. */
export interface BrandingView {
  /** The name set in admin, or null: then `defaultPortalName` (config's portalName) shows. */
  portalName: string | null;
  defaultPortalName: string;
  primaryColor: string | null;
  secondaryColor: string | null;
  logoUrl: string | null;
  faviconUrl: string | null;
}

const urlSchema: JsonSchema = { type: ['string', 'null'] };
const brandingViewSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['portalName', 'defaultPortalName', 'primaryColor', 'secondaryColor', 'logoUrl', 'faviconUrl'],
  properties: {
    portalName: { type: ['string', 'null'] },
    defaultPortalName: { type: 'string' },
    primaryColor: { type: ['string', 'null'] },
    secondaryColor: { type: ['string', 'null'] },
    logoUrl: urlSchema,
    faviconUrl: urlSchema,
  },
};

interface BrandingInput {
  primaryColor: string | null;
  secondaryColor: string | null;
  portalName: string | null;
}

/** The two images of the branding: how each is made from an upload and where its id is kept. */
const images = {
  logo: {
    slot: 'logoFileId',
    owner: 'branding-logo',
    contentType: 'image/webp',
    // Shown about 32 to 96 pixels high in the apps; up to three times that for sharp screens.
    // WebP keeps the transparency of a logo.
    render: (bytes: Buffer) =>
      reencodeImage(bytes, (image) =>
        image
          .resize(1200, 360, { fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 90, alphaQuality: 100 }),
      ),
  },
  favicon: {
    slot: 'faviconFileId',
    owner: 'branding-favicon',
    // PNG: every browser takes a PNG favicon; 192 pixels also serves as a home-screen icon.
    contentType: 'image/png',
    render: (bytes: Buffer) =>
      reencodeImage(bytes, (image) =>
        image
          .resize(192, 192, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
          .png({ compressionLevel: 9 }),
      ),
  },
} as const;

type ImageName = keyof typeof images;

/** #abc → #aabbcc, lower case: the apps' theme reads six-digit colours. */
function normalizeColor(color: string | null): string | null {
  if (!color) return null;
  const c = color.toLowerCase();
  return c.length === 4 ? `#${c[1]}${c[1]}${c[2]}${c[2]}${c[3]}${c[3]}` : c;
}

/** Runs `fn` once the current transaction commits, or now outside of one. */
function afterCommit(db: Database, fn: () => void): void {
  const transaction = db.currentTransaction();
  if (transaction) transaction.afterCommit(() => fn());
  else fn();
}

/**
 * The portal's branding (R15): the supplier's colours, name, logo and favicon, which every page
 * of the portal and admin apps carries. Read by anyone (the login page shows it); changed by
 * holders of core.branding.manage. It is stored in the branding slots of the supplier's
 * organisation, where PATCH /organizations/:id puts it too.
 */
export function registerBrandingRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  files: Lazy<FileStore>,
  config: Lazy<ResolvedConfig>,
  /** Tells the kernel to serve the new branding with the next page. */
  changed: () => void,
): void {
  const view = (b: PortalBranding): BrandingView => ({
    portalName: b.portalName,
    defaultPortalName: config().portalName,
    primaryColor: b.primaryColor,
    secondaryColor: b.secondaryColor,
    logoUrl: b.logoUrl,
    faviconUrl: b.faviconUrl,
  });

  /**
   * The supplier's organisation, its row locked for the rest of the transaction (MariaDB), so that
   * two changes at once each read the branding the other wrote.
   */
  const lockProvider = async (id: IdentityService): Promise<{ id: string; branding: Branding }> => {
    const [row] = await id.db.sequelize.query<{ id: string; branding: unknown }>(
      "SELECT id, branding FROM portico_organizations WHERE kind = 'provider' ORDER BY created_at LIMIT 1",
      { type: QueryTypes.SELECT },
    );
    if (!row)
      throw new ProblemError(409, {
        detail:
          "The portal has no supplier organisation yet, so it has no branding to change. Run 'portico seed demo' or create the supplier first.",
      });
    await id.db.sequelize.query('UPDATE portico_organizations SET updated_at = ? WHERE id = ?', {
      replacements: [new Date(), row.id],
    });
    const [locked] = await id.db.sequelize.query<{ branding: unknown }>(
      'SELECT branding FROM portico_organizations WHERE id = ?',
      { replacements: [row.id], type: QueryTypes.SELECT },
    );
    return { id: row.id, branding: fromJson<Branding>(locked?.branding, {}) };
  };

  const store = (id: IdentityService, providerId: string, branding: Branding) =>
    id.db.sequelize.query('UPDATE portico_organizations SET branding = ? WHERE id = ?', {
      replacements: [
        JSON.stringify(
          Object.fromEntries(Object.entries(branding).filter(([, v]) => v !== null && v !== undefined)),
        ),
        providerId,
      ],
    });

  ctx.route({
    method: 'get',
    path: '/branding',
    summary: "The portal's branding: colours, name, logo and favicon",
    description:
      'Public: the login page shows it. `portalName` is null until an admin names the portal; then `defaultPortalName` (config) shows. The image URLs carry a version (`?v=`) that changes with the image.',
    access: 'public',
    responses: { 200: { description: 'The branding', schema: brandingViewSchema } },
    async handler() {
      return reply(200, view(await portalBranding(identity().db)), { 'Cache-Control': 'no-cache' });
    },
  });

  ctx.route<unknown, unknown, BrandingInput, unknown>({
    method: 'put',
    path: '/branding',
    summary: "Set the portal's colours and name",
    description:
      'Replaces the primary and secondary colour (hex, #rgb or #rrggbb) and the portal name; `null` goes back to the default. The logo and the favicon are uploaded with PUT /branding/logo and /branding/favicon. Pages served from the next request on show the change.',
    access: { permission: 'core.branding.manage' },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['primaryColor', 'secondaryColor', 'portalName'],
      properties: { primaryColor: colorSchema, secondaryColor: colorSchema, portalName: portalNameSchema },
    },
    responses: {
      200: { description: 'The new branding', schema: brandingViewSchema },
      409: { description: 'There is no supplier organisation yet' },
    },
    async handler({ body, raw }) {
      const id = identity();
      const provider = await lockProvider(id);
      const next: Branding = {
        ...provider.branding,
        primaryColor: normalizeColor(body.primaryColor),
        secondaryColor: normalizeColor(body.secondaryColor),
        portalName: body.portalName?.trim() || null,
      };
      const fields = (['primaryColor', 'secondaryColor', 'portalName'] as const).filter(
        (k) => (provider.branding[k] ?? null) !== next[k],
      );
      if (fields.length) {
        await store(id, provider.id, next);
        await id.audit.record({
          type: 'branding.updated',
          organizationId: provider.id,
          targetType: 'organization',
          targetId: provider.id,
          ip: id.clientAddress(raw),
          details: { fields },
        });
        afterCommit(id.db, changed);
      }
      return view(await portalBranding(id.db));
    },
  });

  for (const name of Object.keys(images) as ImageName[]) {
    const image = images[name];
    const swap = async (
      id: IdentityService,
      ip: string,
      make: (providerId: string) => Promise<string | null>,
    ) => {
      const provider = await lockProvider(id);
      const old = provider.branding[image.slot] ?? null;
      const next = await make(provider.id);
      await store(id, provider.id, { ...provider.branding, [image.slot]: next });
      if (old && old !== next) await files().delete(old);
      await id.audit.record({
        type: 'branding.updated',
        organizationId: provider.id,
        targetType: 'organization',
        targetId: provider.id,
        ip,
        details: { fields: [name], removed: next === null },
      });
      afterCommit(id.db, changed);
    };

    ctx.route<unknown, { v?: string }, unknown, unknown>({
      method: 'get',
      path: `/branding/${name}`,
      summary: name === 'logo' ? "The portal's logo (WebP)" : "The portal's favicon (PNG, 192 pixels square)",
      description:
        'Public. Use the URL GET /branding gives: its ?v= names one image for ever, so the answer may be cached for a year; without it the answer must be revalidated (ETag).',
      access: 'public',
      query: {
        type: 'object',
        additionalProperties: false,
        properties: { v: { type: 'string', maxLength: 64 } },
      },
      responses: {
        200: { description: `The ${name}` },
        304: { description: 'Not modified (If-None-Match)' },
        404: { description: `The portal has no ${name}` },
      },
      async handler(req) {
        const fileId = (await portalBranding(identity().db))[image.slot];
        if (!fileId) throw new ProblemError(404, { detail: `The portal has no ${name}.` });
        const etag = `"${fileId}"`;
        const headers = {
          ETag: etag,
          'Cache-Control':
            req.query.v === fileId.slice(0, 8) ? 'public, max-age=31536000, immutable' : 'public, no-cache',
        };
        const ifNoneMatch = req.raw.headers['if-none-match'];
        if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
          return reply(304, undefined, headers);
        const file = await files().get(fileId);
        if (!file) throw new ProblemError(404, { detail: `The portal has no ${name}.` });
        return reply(200, file.bytes, { ...headers, 'Content-Type': file.record.contentType });
      },
    });

    ctx.route<unknown, unknown, Buffer, unknown>({
      method: 'put',
      path: `/branding/${name}`,
      summary: name === 'logo' ? 'Upload the portal’s logo' : 'Upload the portal’s favicon',
      description:
        name === 'logo'
          ? 'Send the image bytes as the body with Content-Type image/png, image/jpeg, image/webp or image/gif (at most files.avatarMaxBytes). The picture is checked and re-encoded: at most 1200×360 pixels, as WebP with its transparency, without metadata. SVG is not accepted.'
          : 'Send the image bytes as the body with Content-Type image/png, image/jpeg, image/webp or image/gif (at most files.avatarMaxBytes). The picture is checked and re-encoded as a 192-pixel square PNG (transparent margins keep its proportions). SVG and ICO are not accepted.',
      access: { permission: 'core.branding.manage' },
      // The picture is decoded before the transaction starts: no database lock waits for sharp.
      transaction: false,
      get bodyType() {
        return { raw: imageUploadTypes, limit: config().files.avatarMaxBytes };
      },
      responses: {
        200: { description: 'The new branding', schema: brandingViewSchema },
        409: { description: 'There is no supplier organisation yet' },
        422: { description: 'Not a JPEG, PNG, WebP or GIF picture, or more than 50 megapixels' },
      },
      async handler(req) {
        const id = identity();
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const encoded = await image.render(bytes);
        await id.db.transactional(() =>
          swap(id, id.clientAddress(req.raw), async (providerId) => {
            const file = await files().put({
              bytes: encoded,
              contentType: image.contentType,
              ownerType: image.owner,
              ownerId: providerId,
              organizationId: providerId,
            });
            return file.id;
          }),
        );
        return view(await portalBranding(id.db));
      },
    });

    ctx.route({
      method: 'delete',
      path: `/branding/${name}`,
      summary: name === 'logo' ? 'Remove the portal’s logo' : 'Remove the portal’s favicon',
      access: { permission: 'core.branding.manage' },
      responses: {
        200: { description: 'The new branding', schema: brandingViewSchema },
        409: { description: 'There is no supplier organisation yet' },
      },
      async handler(req) {
        const id = identity();
        await swap(id, id.clientAddress(req.raw), async () => null);
        return view(await portalBranding(id.db));
      },
    });
  }
}
