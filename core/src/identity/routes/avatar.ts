import type { ResolvedConfig } from '../../config/load-config.js';
import type { Lazy } from '../../container/container.js';
import type { FileStore } from '../../files/file-store.js';
import { ProblemError } from '../../http/problem.js';
import { reply } from '../../http/route.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { canReachOrganization } from '../access.js';
import { userView } from '../directory.js';
import { idParams, userSchema } from '../schemas.js';
import type { IdentityService } from '../service.js';
import { currentUser } from './me.js';
import { imageUploadTypes, maxInputPixels, reencodeImage } from '../uploaded-image.js';

/** The types a profile picture may be uploaded as; the bytes are checked, not the header. */
export const avatarUploadTypes = imageUploadTypes;
/** Pixels an upload may decode to (see maxInputPixels). */
export const maxAvatarInputPixels = maxInputPixels;
const AVATAR_OWNER = 'user-avatar';

/**
 * Checks that `bytes` are a JPEG, PNG, WebP or GIF of sane dimensions, whatever the request said,
 * and makes the avatar: `size` pixels square (cropped to cover), turned upright by its EXIF
 * orientation, as WebP without any metadata (EXIF, GPS position, camera, ICC profile).
 */
export function makeAvatar(bytes: Buffer, size: number): Promise<Buffer> {
  return reencodeImage(bytes, (image) => image.resize(size, size, { fit: 'cover' }).webp({ quality: 82 }));
}

const userAnswer = {
  description: 'The user with the new avatarUrl',
  schema: { type: 'object', required: ['user'], properties: { user: userSchema } },
};

/**
 * Profile pictures (R1): upload and remove your own; see those of people you may see (your own
 * organisation; the supplier's staff see everyone's). Stored through the core file store.
 */
export function registerAvatarRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  files: Lazy<FileStore>,
  config: Lazy<ResolvedConfig>,
): void {
  /** Replaces the avatar of `userId` (null removes it) and deletes the old file. Run in a transaction. */
  const swapAvatar = async (id: IdentityService, userId: string, make: () => Promise<string | null>) => {
    // Lock the row first (MariaDB): a concurrent upload then reads the avatar this one sets.
    await id.db.sequelize.query('UPDATE portico_users SET updated_at = ? WHERE id = ?', {
      replacements: [new Date(), userId],
    });
    const old = (await id.directory.user(userId))?.avatar_file_id ?? null;
    const next = await make();
    await id.db.sequelize.query('UPDATE portico_users SET avatar_file_id = ? WHERE id = ?', {
      replacements: [next, userId],
    });
    if (old && old !== next) await files().delete(old);
    return (await id.directory.user(userId))!;
  };

  ctx.route<unknown, unknown, Buffer, unknown>({
    method: 'put',
    path: '/me/avatar',
    summary: 'Upload your profile picture',
    description:
      'Send the image bytes as the body with Content-Type image/jpeg, image/png, image/webp or image/gif (at most files.avatarMaxBytes). The picture is checked, cropped to a square, resized to files.avatarSize pixels and stored as WebP without metadata (no GPS position or camera details).',
    access: 'authenticated',
    // The picture is decoded before the transaction starts: no database lock waits for sharp.
    transaction: false,
    get bodyType() {
      return { raw: avatarUploadTypes, limit: config().files.avatarMaxBytes };
    },
    responses: {
      200: userAnswer,
      422: { description: 'Not a JPEG, PNG, WebP or GIF picture, or more than 50 megapixels' },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const avatar = await makeAvatar(bytes, config().files.avatarSize);
      const updated = await id.db.transactional(() =>
        swapAvatar(id, user.id, async () => {
          const file = await files().put({
            bytes: avatar,
            contentType: 'image/webp',
            ownerType: AVATAR_OWNER,
            ownerId: user.id,
            organizationId: user.organization_id,
          });
          return file.id;
        }),
      );
      return { user: userView(updated) };
    },
  });

  ctx.route({
    method: 'delete',
    path: '/me/avatar',
    summary: 'Remove your profile picture',
    access: 'authenticated',
    responses: { 200: userAnswer },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      const updated = await swapAvatar(id, user.id, async () => null);
      return { user: userView(updated) };
    },
  });

  ctx.route<{ id: string }, { v?: string }, unknown, unknown>({
    method: 'get',
    path: '/users/:id/avatar',
    summary: "A user's profile picture (WebP)",
    description:
      'People see the pictures of their own organisation; the supplier’s staff see everyone’s. Use the avatarUrl of a user: its ?v= changes with the picture, so the answer may be cached for long.',
    access: 'authenticated',
    params: idParams,
    query: {
      type: 'object',
      additionalProperties: false,
      properties: { v: { type: 'string', maxLength: 64 } },
    },
    scope: 'organization',
    responses: {
      200: { description: 'The picture, image/webp' },
      304: { description: 'Not modified (If-None-Match)' },
      404: { description: 'No such user, not one you may see, or no picture' },
    },
    async handler(req) {
      const id = identity();
      const user = await id.directory.user(req.params.id);
      // Someone you may not see answers like someone who does not exist.
      if (!user || !canReachOrganization(req.actor, user.organization_id))
        throw new ProblemError(404, { detail: 'No such user.' });
      if (!user.avatar_file_id) throw new ProblemError(404, { detail: 'This user has no profile picture.' });
      const etag = `"${user.avatar_file_id}"`;
      const headers = {
        ETag: etag,
        // The versioned URL names one picture for ever; the bare one must be checked each time.
        'Cache-Control':
          req.query.v === user.avatar_file_id.slice(0, 8)
            ? 'private, max-age=31536000, immutable'
            : 'private, no-cache',
      };
      const ifNoneMatch = req.raw.headers['if-none-match'];
      if (ifNoneMatch?.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))
        return reply(304, undefined, headers);
      const file = await files().get(user.avatar_file_id);
      if (!file) throw new ProblemError(404, { detail: 'This user has no profile picture.' });
      return reply(200, file.bytes, { ...headers, 'Content-Type': file.record.contentType });
    },
  });
}
