import type { Lazy } from '../container/container.js';
import { coreServices } from '../kernel/core-tokens.js';
import type { RegisterContext } from '../plugin/define-plugin.js';
import { Mailer, mailQueuedEvent, type MailerOptions } from './mailer.js';
import { registerMailOutboxRoutes } from './outbox-routes.js';

/**
 * Declares core's mail service in a register step: provides `coreServices.mail`, subscribes the
 * delivery to `core.mail.queued`, and adds the outbox routes. The mailer is made on first use,
 * after start, from what `deps` gives then.
 */
export function registerMail(ctx: RegisterContext, deps: Lazy<MailerOptions>): Lazy<Mailer> {
  let mailer: Mailer | undefined;
  const lazy: Lazy<Mailer> = () => (mailer ??= new Mailer(deps()));
  ctx.provide(coreServices.mail, lazy);
  ctx.on<{ id: string }>(mailQueuedEvent, (event) => lazy().deliver(event.payload.id, event.attempt), {
    name: 'mail-delivery',
  });
  registerMailOutboxRoutes(ctx, lazy, () => deps().db);
  return lazy;
}
