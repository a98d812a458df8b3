import { ProblemError } from '../http/problem.js';
import { hasPermission, type Actor } from '../kernel/request-context.js';
import type { Mailer } from '../mail/mailer.js';
import { canReachOrganization } from './access.js';
import { normalizeEmail, type OrganizationRow, type RoleRow, type UserRow } from './directory.js';
import type { IdentityService } from './service.js';

/** Who to invite, into which organisation, with which roles. */
export interface InviteInput {
  organizationId: string;
  email: string;
  name: string;
  /** The invitee's language (mails and the portal); defaults to the inviter's, else English. */
  language?: string;
  /** Keys of roles of the organisation's kind (customer roles for a customer). */
  roleKeys: string[];
  /** The mail that carries the link: an `invitation`, or `account-approved` after a request. */
  template?: 'invitation' | 'account-approved';
  /** Where the body's fields are, for error paths (`/roleKeys`). */
  fields?: { organizationId?: string; email?: string; roleKeys?: string };
}

export interface Invitation {
  user: UserRow;
  organization: OrganizationRow;
  roles: string[];
  mailId: string;
}

/** Where the link in an invitation leads (the portal's set-password page). */
export const invitationPath = '/accept-invitation';

/**
 * Creates an invited user (no password, cannot log in), gives the roles, and mails a single-use
 * link to choose a password (`auth.tokens.invitationHours`). Runs in the current transaction.
 *
 * Checks what any caller must respect, whatever the route: `by` must reach the organisation
 * (customer admins only their own: 404 otherwise), the roles must be of the organisation's kind,
 * and nobody gives a role with a permission they do not hold themselves (no escalation). The
 * caller checks the permission to invite or approve. An address that has an account: 409.
 */
export async function inviteUser(
  identity: IdentityService,
  mailer: Mailer,
  input: InviteInput,
  by: Actor,
): Promise<Invitation> {
  const fields = {
    organizationId: '/organizationId',
    email: '/email',
    roleKeys: '/roleKeys',
    ...input.fields,
  };
  const { directory } = identity;
  const organization = canReachOrganization(by, input.organizationId)
    ? await directory.organization(input.organizationId)
    : undefined;
  if (!organization) throw new ProblemError(404, { detail: 'No such organisation.' });
  if (organization.status !== 'active')
    throw new ProblemError(422, {
      title: 'Invalid request body',
      detail: `${organization.name} is suspended; reactivate it before inviting people.`,
      errors: [{ in: 'body', path: fields.organizationId, message: 'is suspended' }],
    });

  const roles = await checkRoles(identity, organization, input.roleKeys, by, fields.roleKeys);
  const email = normalizeEmail(input.email);
  if (await directory.userByEmail(email)) throw alreadyExists(fields.email);

  return identity.db.transactional(async () => {
    let user: UserRow;
    try {
      user = await directory.createUser({
        organizationId: organization.id,
        email,
        name: input.name,
        status: 'invited',
        language: input.language ?? by.language ?? 'en',
      });
    } catch (err) {
      // Someone invited the same address a moment ago.
      if ((err as { name?: string })?.name === 'SequelizeUniqueConstraintError')
        throw alreadyExists(fields.email);
      throw err;
    }
    for (const role of roles) await directory.assignRole(user.id, role.id);

    const hours = identity.config.auth.tokens.invitationHours;
    const token = await identity.issueOneTimeToken('invitation', user.id, hours * 3_600_000);
    const inviter = by.userId ? await directory.user(by.userId) : undefined;
    const mailId = await mailer.send({
      to: user.email,
      template: input.template ?? 'invitation',
      language: user.language,
      data: {
        name: user.name,
        email: user.email,
        organization: organization.name,
        inviter: inviter?.name ?? organization.name,
        link: mailer.link(invitationPath, { token }),
        hours,
      },
      organizationId: organization.id,
      userId: user.id,
    });
    const roleKeys = roles.map((r) => r.key);
    await identity.audit.record({
      type: 'user.invited',
      organizationId: organization.id,
      targetType: 'user',
      targetId: user.id,
      details: { email: user.email, roles: roleKeys, mail: input.template ?? 'invitation' },
      actor: by,
    });
    return { user, organization, roles: roleKeys, mailId };
  });
}

function alreadyExists(path: string): ProblemError {
  return new ProblemError(409, {
    title: 'Already exists',
    detail: 'A user with this e-mail address already exists.',
    errors: [{ in: 'body', path, message: 'already has an account' }],
  });
}

/**
 * The roles behind `keys`, if each exists, fits the organisation's kind and holds no permission
 * `by` lacks. 422 for an unknown or wrong-kind role, 403 for an escalation.
 */
async function checkRoles(
  identity: IdentityService,
  organization: OrganizationRow,
  keys: readonly string[],
  by: Actor,
  field: string,
): Promise<RoleRow[]> {
  const roles: RoleRow[] = [];
  const seen = new Set<string>();
  for (const [i, key] of keys.entries()) {
    if (seen.has(key)) continue;
    seen.add(key);
    const role = await identity.directory.role(key);
    const path = `${field}/${i}`;
    if (!role || role.key !== key)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `There is no role "${key}".`,
        errors: [{ in: 'body', path, message: 'is not a role' }],
      });
    if (role.scope !== organization.kind)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `"${key}" is a role for ${role.scope === 'provider' ? "the supplier's staff" : 'customers'}; ${organization.name} needs ${organization.kind === 'provider' ? "the supplier's" : 'customer'} roles.`,
        errors: [{ in: 'body', path, message: `is not a ${organization.kind} role` }],
      });
    const beyond = [...identity.directory.permissionsOf([role], organization.kind)].filter(
      (p) => !hasPermission(by, p),
    );
    if (beyond.length)
      throw new ProblemError(403, {
        title: 'Forbidden',
        detail: `You may not give the role "${key}": it holds permissions you do not have yourself (${beyond.sort().join(', ')}).`,
        errors: [{ in: 'body', path, message: 'holds permissions you do not have' }],
      });
    roles.push(role);
  }
  return roles;
}
