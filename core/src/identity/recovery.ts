import { anonymousActor } from '../kernel/request-context.js';
import type { Mailer } from '../mail/mailer.js';
import type { IdentityService } from './service.js';

/**
 * Emitted for every reset request, known address or not: the request itself does the same work
 * either way (same answer, same timing), and the lookup and the mail happen after commit.
 */
export const passwordResetRequestedEvent = 'core.password-reset.requested';

export interface PasswordResetRequested {
  email: string;
  ip: string | null;
}

/** Where the link in a reset mail leads (the portal's choose-a-password page). */
export const passwordResetPath = '/reset-password';

/**
 * Mails a single-use reset link (`auth.tokens.resetHours`) to an active user of an active
 * organisation with this address, in their language. Anyone else gets nothing.
 */
export async function mailPasswordReset(
  identity: IdentityService,
  mailer: Mailer,
  request: PasswordResetRequested,
): Promise<void> {
  const user = await identity.directory.userByEmail(request.email);
  if (!user || user.status !== 'active') return;
  const organization = await identity.directory.organization(user.organization_id);
  if (organization?.status !== 'active') return;
  const hours = identity.config.auth.tokens.resetHours;
  await identity.db.transactional(async () => {
    const token = await identity.issueOneTimeToken('password-reset', user.id, hours * 3_600_000);
    await mailer.send({
      to: user.email,
      template: 'password-reset',
      language: user.language,
      data: { name: user.name, link: mailer.link(passwordResetPath, { token }), hours },
      organizationId: user.organization_id,
      userId: user.id,
    });
    await identity.audit.record({
      type: 'auth.password-reset-requested',
      organizationId: user.organization_id,
      targetType: 'user',
      targetId: user.id,
      ip: request.ip,
      actor: anonymousActor,
    });
  });
}
