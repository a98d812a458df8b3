import type { Lazy, RegisterContext } from '@portico/core';

/** The forms engine's settings (admin app: Plugins → Forms → Settings; or config). */
export interface FormsSettings {
  /** Allow routine webhooks to reach loopback and private networks (an ERP on the LAN). */
  webhooksAllowPrivateNetworks: boolean;
  /** How long a webhook call may take before it counts as failed and is retried. */
  webhookTimeoutMs: number;
}

/** Declares the settings once for the whole plugin: ctx.settings may be called only once. */
export function declareSettings(ctx: RegisterContext): Lazy<FormsSettings> {
  return ctx.settings<FormsSettings>({
    type: 'object',
    additionalProperties: false,
    properties: {
      webhooksAllowPrivateNetworks: {
        type: 'boolean',
        default: false,
        title: 'Webhooks may call private networks',
        description:
          'Lets routine webhooks reach loopback and private addresses (10.x, 192.168.x, ...). Off by default, so a routine cannot probe the servers next to the portal.',
      },
      webhookTimeoutMs: {
        type: 'integer',
        minimum: 500,
        maximum: 60_000,
        default: 10_000,
        title: 'Webhook timeout (ms)',
        description: 'A call that takes longer counts as failed and is retried with backoff.',
      },
    },
  });
}
