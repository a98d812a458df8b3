import type { JsonSchema } from '../validation/validator.js';

/** Schemas of identity's API payloads (validation and the OpenAPI document). */

export const emailSchema: JsonSchema = { type: 'string', format: 'email', maxLength: 254 };
export const languageSchema: JsonSchema = { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' };
export const idSchema: JsonSchema = { type: 'string', pattern: '^[0-9a-f-]{36}$' };
export const idParams: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: idSchema },
};

/** The values of an entity's custom fields, as admins defined them (GET /api/v1/forms/custom-fields). */
export const customValuesSchema: JsonSchema = {
  type: 'object',
  description:
    'Values of the custom fields admins defined for this entity. Given in a change, it replaces every custom value; it is checked against the fields defined.',
};

export const userSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'organizationId', 'email', 'name', 'language', 'contactMethod', 'timeZone', 'status'],
  properties: {
    id: { type: 'string' },
    organizationId: { type: 'string' },
    email: { type: 'string' },
    name: { type: 'string' },
    phone: { type: ['string', 'null'] },
    language: { type: 'string' },
    contactMethod: { enum: ['email', 'sms', 'portal'] },
    timeZone: { type: 'string' },
    avatarUrl: { type: ['string', 'null'] },
    status: { enum: ['invited', 'active', 'deactivated'] },
    twoFactorEnabled: { type: 'boolean' },
    lastLoginAt: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    custom: customValuesSchema,
    roles: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
  },
};

export const organizationSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'kind', 'name', 'status'],
  properties: {
    id: { type: 'string' },
    kind: { enum: ['provider', 'customer'] },
    name: { type: 'string' },
    customerNumber: { type: ['string', 'null'] },
    status: { enum: ['active', 'suspended'] },
    emailDomains: { type: 'array', items: { type: 'string' } },
    requireTwoFactor: { type: 'boolean' },
    branding: { type: 'object' },
    custom: customValuesSchema,
    createdAt: { type: 'string' },
    groups: { type: 'array', items: { type: 'string' } },
  },
};

export const meSchema: JsonSchema = {
  type: 'object',
  required: ['user', 'organization', 'roles', 'permissions', 'groups', 'plugins'],
  properties: {
    user: userSchema,
    organization: organizationSchema,
    roles: { type: 'array', items: { type: 'string' } },
    permissions: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
    plugins: {
      type: 'array',
      items: { type: 'string' },
      description: 'Ids of the plugins this user may use: running, and rolled out to them',
    },
  },
};

export const loginAnswerSchema: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['status', 'csrfToken', 'user'],
      properties: { status: { const: 'ok' }, csrfToken: { type: 'string' }, user: userSchema },
    },
    {
      type: 'object',
      required: ['status', 'challenge'],
      properties: {
        status: { enum: ['two-factor-required', 'two-factor-setup-required'] },
        challenge: { type: 'string' },
      },
    },
  ],
};

/** A page of a cursor-paginated list. */
export function pageOf(item: JsonSchema): JsonSchema {
  return {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: { items: { type: 'array', items: item }, nextCursor: { type: ['string', 'null'] } },
  };
}

/** `{ roles: [key, ...] }`: the whole set of role keys for a user or an access group. */
export const roleListBody: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['roles'],
  properties: {
    roles: {
      type: 'array',
      maxItems: 50,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 64 },
    },
  },
};
