import type { Database } from '../db/database.js';
import { QueryTypes } from 'sequelize';
import { fromJson } from './rows.js';
import type { Branding } from './routes/organizations.js';

/** The portal's branding as the apps use it: the supplier's organisation's slots, with image URLs. */
export interface PortalBranding {
  primaryColor: string | null;
  secondaryColor: string | null;
  portalName: string | null;
  /** Versioned URLs (the file id changes with the image), so browsers may cache them for long. */
  logoUrl: string | null;
  faviconUrl: string | null;
  logoFileId: string | null;
  faviconFileId: string | null;
}

/** Reads the branding of the supplier (the provider organisation); empty before the first seed. */
export async function portalBranding(db: Database): Promise<PortalBranding> {
  const [row] = (await db.sequelize.query(
    "SELECT branding FROM portico_organizations WHERE kind = 'provider' ORDER BY created_at LIMIT 1",
    { type: QueryTypes.SELECT },
  )) as Array<{ branding: unknown }>;
  const b = fromJson<Branding>(row?.branding, {});
  const url = (slot: string, id: string | null | undefined) =>
    id ? `/api/v1/branding/${slot}?v=${id.slice(0, 8)}` : null;
  return {
    primaryColor: b.primaryColor ?? null,
    secondaryColor: b.secondaryColor ?? null,
    portalName: b.portalName ?? null,
    logoUrl: url('logo', b.logoFileId),
    faviconUrl: url('favicon', b.faviconFileId),
    logoFileId: b.logoFileId ?? null,
    faviconFileId: b.faviconFileId ?? null,
  };
}
