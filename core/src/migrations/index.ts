import type { Migration } from '../db/migrations.js';
import { createOutbox } from './20261123090000-create-outbox.js';
import { createMeta } from './20261123090100-create-meta.js';
import { createIdentity } from './20261123130000-create-identity.js';
import { addTotpLastStep } from './20261123140000-add-totp-last-step.js';
import { createPluginAdmin } from './20261126090000-create-plugin-admin.js';

/** Core's own migrations, run before any plugin's. */
export const coreMigrations: readonly Migration[] = [
  createOutbox,
  createMeta,
  createIdentity,
  addTotpLastStep,
  createPluginAdmin,
];
