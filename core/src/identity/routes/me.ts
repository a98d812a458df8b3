import type { Lazy } from '../../container/container.js';
import { ProblemError } from '../../http/problem.js';
import { deepFreeze } from '../../http/send-json.js';
import type { RouteRequest } from '../../http/route.js';
import type { CustomFields } from '../../kernel/custom-fields.js';
import type { Actor } from '../../kernel/request-context.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { organizationView, userView, type OrganizationRow, type UserRow } from '../directory.js';
import { verifyPassword } from '../password.js';
import { customValuesSchema, languageSchema, meSchema } from '../schemas.js';
import type { IdentityService } from '../service.js';

let timeZones: Set<string> | undefined;
function isTimeZone(tz: string): boolean {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return timeZones.has(tz);
}

/** The user behind a request, or 400 for an API token (which has no profile). */
export async function currentUser(identity: IdentityService, actor: Actor): Promise<UserRow> {
  if (!actor.userId)
    throw new ProblemError(400, { detail: 'This needs a logged-in person; an API token has no profile.' });
  const user = await identity.directory.user(actor.userId);
  if (!user) throw new ProblemError(401, { detail: 'Log in to do this.' });
  return user;
}

export interface ProfilePatch {
  name?: string;
  phone?: string | null;
  language?: string;
  contactMethod?: 'email' | 'sms' | 'portal';
  timeZone?: string;
  custom?: Record<string, unknown>;
}

/** The profile fields a person may change themselves (R1). */
export const profilePatchSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' },
    phone: {
      type: ['string', 'null'],
      pattern: '^\\+?[0-9 ()-]{6,20}$',
      description: 'International format is best: +46 70 123 45 67.',
    },
    language: languageSchema,
    contactMethod: { enum: ['email', 'sms', 'portal'] },
    timeZone: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: 'An IANA time zone, such as Europe/Stockholm.',
    },
    custom: customValuesSchema,
  },
};

/** GET /me's answer. */
export type MeAnswer = ReturnType<typeof meAnswer>;

/** GET /me's answer from the rows it is made of. */
function meAnswer(user: UserRow, organization: OrganizationRow, actor: Actor, plugins: string[]) {
  return {
    user: userView(user),
    organization: organizationView(organization),
    roles: [...actor.roles],
    permissions: [...actor.permissions].sort(),
    groups: [...actor.groups],
    plugins,
  };
}

/**
 * GET /me's answer for `actor`: the profile, organisation, roles, permissions, groups and the
 * plugins rolled out to them (`plugins`, from the kernel's memory). Also written into the pages
 * the portal serves, so the apps need no request before their first render.
 */
export async function currentMe(
  identity: IdentityService,
  actor: Actor,
  plugins: { ids: string[]; version: number },
): Promise<MeAnswer> {
  // The most frequent call of the portal costs no query: the rows cached with the session, and
  // the answer made from them, serve until the session's cache entry ends (at most
  // auth.session.actorCacheMs; a change through this instance, or a writing request of the
  // session, ends it at once).
  // The plugins come from the kernel's memory (no query); a rollout change makes a new answer.
  const cached = identity.cachedProfile(actor);
  if (cached) {
    if (cached.answer === undefined || cached.answerVersion !== plugins.version) {
      // Frozen, so the kernel serialises it once too.
      cached.answer = deepFreeze(meAnswer(cached.user, cached.organization, actor, plugins.ids));
      cached.answerVersion = plugins.version;
    }
    return cached.answer as MeAnswer;
  }
  const user = await currentUser(identity, actor);
  const organization = await identity.directory.organization(user.organization_id);
  return meAnswer(user, organization!, actor, plugins.ids);
}

/** GET/PATCH /me, the password and the sessions of the current user. */
export function registerMeRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  languages: Lazy<string[]>,
  pluginsFor: (actor: Actor) => { ids: string[]; version: number },
  customFields: Lazy<CustomFields>,
): void {
  const me = (req: RouteRequest<unknown, unknown, unknown>) =>
    currentMe(identity(), req.actor, pluginsFor(req.actor));

  ctx.route({
    method: 'get',
    path: '/me',
    summary: 'The current user: profile, organisation, roles, permissions and groups',
    access: 'authenticated',
    responses: { 200: { description: 'The current user', schema: meSchema } },
    handler: me,
  });

  ctx.route<unknown, unknown, ProfilePatch, unknown>({
    method: 'patch',
    path: '/me',
    summary: 'Change your own profile: name, phone, language, contact method, time zone, custom fields',
    description:
      '`custom` replaces the values of the custom fields admins defined for user profiles; they are checked against those fields (422 with paths such as /custom/department, in your language).',
    access: 'authenticated',
    body: profilePatchSchema,
    responses: { 200: { description: 'The changed user', schema: meSchema } },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      const b = req.body;
      if (b.timeZone !== undefined && !isTimeZone(b.timeZone))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: `"${b.timeZone}" is not a time zone. Use an IANA name such as Europe/Stockholm.`,
          errors: [
            { in: 'body', path: '/timeZone', message: 'must be an IANA time zone such as Europe/Stockholm' },
          ],
        });
      if (b.language !== undefined && !languages().includes(b.language))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: `The portal is not translated to "${b.language}". Choose one of: ${languages().join(', ')}.`,
          errors: [{ in: 'body', path: '/language', message: `must be one of ${languages().join(', ')}` }],
        });
      if (b.contactMethod === 'sms' && !(b.phone ?? (b.phone === null ? null : user.phone)))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: 'Give a phone number to be contacted by SMS.',
          errors: [{ in: 'body', path: '/phone', message: 'is required when the contact method is sms' }],
        });
      if (b.custom !== undefined)
        // Messages in the language the person is switching to, if they are.
        await customFields().assertValid('user', b.custom, b.language ?? req.actor.language);
      const set: Record<string, unknown> = { updated_at: new Date() };
      if (b.name !== undefined) set.name = b.name.trim();
      if (b.custom !== undefined) set.custom_fields = JSON.stringify(b.custom);
      if (b.phone !== undefined) set.phone = b.phone?.trim() || null;
      if (b.language !== undefined) set.language = b.language;
      if (b.contactMethod !== undefined) set.contact_method = b.contactMethod;
      if (b.timeZone !== undefined) set.time_zone = b.timeZone;
      const columns = Object.keys(set);
      await id.db.sequelize.query(
        `UPDATE portico_users SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        { replacements: [...columns.map((c) => set[c]), user.id] },
      );
      // The language lives in the actor; the next request must see the new one.
      id.userChanged(user.id);
      const actor = { ...req.actor, language: b.language ?? req.actor.language };
      return me({ ...req, actor });
    },
  });

  ctx.route<unknown, unknown, { currentPassword: string; newPassword: string }, unknown>({
    method: 'post',
    path: '/me/password',
    summary: 'Change your password; your other sessions end',
    access: 'authenticated',
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['currentPassword', 'newPassword'],
      properties: {
        currentPassword: { type: 'string', minLength: 1, maxLength: 1024 },
        newPassword: { type: 'string', minLength: 1, maxLength: 1024 },
      },
    },
    responses: { 204: { description: 'Changed' } },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      if (!user.password_hash || !(await verifyPassword(req.body.currentPassword, user.password_hash)))
        throw new ProblemError(422, {
          title: 'Invalid request body',
          detail: 'The current password is wrong.',
          errors: [{ in: 'body', path: '/currentPassword', message: 'is wrong' }],
        });
      await id.setPassword(user, req.body.newPassword, '/newPassword');
      await id.endSessionsOf(user.id, req.actor.sessionId);
      await id.audit.record({
        type: 'auth.password-changed',
        organizationId: user.organization_id,
        targetType: 'user',
        targetId: user.id,
        ip: id.clientAddress(req.raw),
      });
    },
  });

  ctx.route({
    method: 'get',
    path: '/me/sessions',
    summary: 'Your active sessions (devices)',
    access: 'authenticated',
    responses: {
      200: {
        description: 'Sessions, newest first',
        schema: {
          type: 'object',
          required: ['items'],
          properties: {
            items: {
              type: 'array',
              items: {
                type: 'object',
                required: ['id', 'current', 'createdAt', 'lastSeenAt'],
                properties: {
                  id: { type: 'string' },
                  current: { type: 'boolean' },
                  method: { type: 'string' },
                  ip: { type: ['string', 'null'] },
                  userAgent: { type: ['string', 'null'] },
                  createdAt: { type: 'string' },
                  lastSeenAt: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
    async handler(req) {
      const id = identity();
      const user = await currentUser(id, req.actor);
      const sessions = await id.sessions.listForUser(user.id);
      return {
        items: sessions.map((s) => ({
          // A short reference, never the id itself.
          id: s.id.slice(0, 12),
          current: s.id === req.actor.sessionId,
          method: s.method,
          ip: s.ip ?? null,
          userAgent: s.userAgent ?? null,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
        })),
      };
    },
  });
}
