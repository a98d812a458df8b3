import type { Lazy } from '../../container/container.js';
import type { CustomFields } from '../../kernel/custom-fields.js';
import type { RegisterContext } from '../../plugin/define-plugin.js';
import type { IdentityService } from '../service.js';
import { registerAuditRoutes } from './audit.js';
import { registerGroupRoutes } from './groups.js';
import { registerOrganizationRoutes } from './organizations.js';
import { registerRoleRoutes } from './roles.js';
import { registerUserRoutes } from './users.js';

/**
 * The management API of identity: organisations, users, roles, access groups and the audit log
 * (`/api/v1/organizations`, `/users`, `/roles`, `/permissions`, `/groups`, `/audit`).
 */
export function registerManagementRoutes(
  ctx: RegisterContext,
  identity: Lazy<IdentityService>,
  languages: Lazy<string[]>,
  customFields: Lazy<CustomFields>,
): void {
  registerOrganizationRoutes(ctx, identity, customFields);
  registerUserRoutes(ctx, identity, languages, customFields);
  registerRoleRoutes(ctx, identity);
  registerGroupRoutes(ctx, identity);
  registerAuditRoutes(ctx, identity);
}
