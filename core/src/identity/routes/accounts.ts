import type { Lazy } from '../../container/container.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import { registerMail } from '../../mail/register-mail.js';
import type { IdentityService } from '../service.js';
import { registerAccountRequestRoutes } from './account-requests.js';
import { registerInvitationRoutes } from './invitations.js';
import { registerRecoveryRoutes } from './recovery.js';

/**
 * Everything that reaches people by e-mail: core's mail service (coreServices.mail, the outbox),
 * password reset, invitations and account requests.
 */
export function registerAccountRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  languages: Lazy<string[]>,
): void {
  const mailer = registerMail(ctx, () => {
    const { config, db, events, log } = identity();
    return { config, db, events, log: log.child({ component: 'mail' }) };
  });
  registerRecoveryRoutes(ctx, identity, mailer);
  registerInvitationRoutes(ctx, identity, mailer, languages);
  registerAccountRequestRoutes(ctx, identity, mailer, languages);
}
