import {
  coreServices,
  createServiceToken,
  gdprProviderPoint,
  type Lazy,
  type RegisterContext,
} from '@portico/core';
import { FormValidator } from '../engine/index.js';
import { createDefinitions } from '../migrations/20261202100000-create-definitions.js';
import { FormService } from './definition-service.js';
import { seedDemoForms } from './demo-forms.js';
import {
  definitionAttributes,
  definitionOptions,
  definitionTable,
  versionAttributes,
  versionOptions,
  versionTable,
  type DefinitionRow,
  type VersionRow,
} from './models.js';
import { definitionRoutes } from './routes.js';

/**
 * Form definitions and versions. Other parts of the engine (structures, routines, types) and
 * other plugins read them through this token: `ctx.use(formServiceToken)`.
 */
export const formServiceToken = createServiceToken<FormService>('forms.formService');

/**
 * The portal's one FormValidator: compiled validators are cached in it per version id, so every
 * part of the engine validates through this one instead of making its own.
 */
export const formValidatorToken = createServiceToken<FormValidator>('forms.formValidatorService');

/** What other areas of the engine get from the definitions area. */
export interface DefinitionsArea {
  service: Lazy<FormService>;
  validator: Lazy<FormValidator>;
  defaultLanguage: Lazy<string>;
}

/** Declares the models, migration, services and routes of form definitions and versions. */
export function registerDefinitions(ctx: RegisterContext): DefinitionsArea {
  const definitions = ctx.model<DefinitionRow>(definitionTable, definitionAttributes, {
    ...definitionOptions,
    personalData: ['created_by'],
  });
  const versions = ctx.model<VersionRow>(versionTable, versionAttributes, {
    ...versionOptions,
    personalData: ['published_by'],
  });
  ctx.migrations([createDefinitions]);
  const config = ctx.use(coreServices.config);
  const defaultLanguage = () => config().defaultLanguage;
  ctx.provide(formValidatorToken, () => new FormValidator());
  const validator = ctx.use(formValidatorToken);
  ctx.provide(
    formServiceToken,
    () => new FormService(definitions, versions, ctx.db, ctx.events, validator, defaultLanguage),
  );
  const service = ctx.use(formServiceToken);
  definitionRoutes(ctx, service);
  ctx.extend(gdprProviderPoint, () => ({
    exportUser: async (userId: string) => ({ formsCreatedOrPublished: await service().keysOfUser(userId) }),
    eraseUser: (userId: string) => service().forgetUser(userId),
  }));
  ctx.demoSeed(async ({ log }) => {
    const made = await seedDemoForms(service());
    if (made) log.info(`seeded ${made} demo forms`);
  });
  return { service, validator, defaultLanguage };
}
