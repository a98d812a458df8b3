import type { JsonSchema } from '@portico/core';

const translatedMail: JsonSchema = {
  type: 'object',
  description: 'The mail per language code; the recipient gets theirs, else the first one listed.',
  minProperties: 1,
  maxProperties: 20,
  propertyNames: { pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
  additionalProperties: {
    type: 'object',
    required: ['subject', 'text'],
    additionalProperties: false,
    properties: {
      subject: { type: 'string', minLength: 1, maxLength: 300 },
      text: { type: 'string', minLength: 1, maxLength: 20_000 },
    },
  },
};

/** One step of a routine. `type` picks the kind; the other fields are that kind's settings. */
export const stepSchema: JsonSchema = {
  type: 'object',
  required: ['type'],
  properties: { type: { enum: ['email', 'set-status', 'create-record', 'webhook', 'emit'] } },
  oneOf: [
    {
      type: 'object',
      title: 'Send an e-mail',
      required: ['type', 'to', 'mail'],
      additionalProperties: false,
      properties: {
        type: { const: 'email' },
        to: {
          description: 'submitter, the company admins of the submitter, or everyone holding a role.',
          oneOf: [
            { enum: ['submitter', 'company-admins'] },
            {
              type: 'object',
              required: ['role'],
              additionalProperties: false,
              properties: { role: { type: 'string', minLength: 1, maxLength: 64 } },
            },
          ],
        },
        mail: translatedMail,
      },
    },
    {
      type: 'object',
      title: 'Set the status',
      required: ['type', 'status'],
      additionalProperties: false,
      properties: { type: { const: 'set-status' }, status: { type: 'string', minLength: 1, maxLength: 32 } },
    },
    {
      type: 'object',
      title: 'Create a structure record',
      required: ['type', 'structure', 'fields'],
      additionalProperties: false,
      properties: {
        type: { const: 'create-record' },
        structure: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$' },
        fields: {
          type: 'object',
          description: 'Record field -> JSON pointer into the submitted data ("/machine/serial").',
          maxProperties: 200,
          additionalProperties: { type: 'string', pattern: '^(/[^/]*)*$', maxLength: 500 },
        },
      },
    },
    {
      type: 'object',
      title: 'Call a webhook',
      required: ['type', 'url'],
      additionalProperties: false,
      properties: {
        type: { const: 'webhook' },
        url: { type: 'string', format: 'uri', pattern: '^https?://', maxLength: 2000 },
        secret: {
          type: 'string',
          minLength: 16,
          maxLength: 200,
          description: 'Signs each call: X-Portico-Signature is sha256=HMAC-SHA256(secret, timestamp.body).',
        },
      },
    },
    {
      type: 'object',
      title: 'Emit a domain event',
      required: ['type', 'event'],
      additionalProperties: false,
      properties: {
        type: { const: 'emit' },
        event: {
          type: 'string',
          description: 'Name as <plugin>.<object>.<past-tense verb>, handled by another plugin.',
          pattern: '^[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*\\.[a-z][a-z0-9-]*$',
          maxLength: 120,
        },
      },
    },
  ],
};

export const triggerSchema: JsonSchema = {
  type: 'object',
  required: ['on'],
  additionalProperties: false,
  properties: {
    on: { enum: ['submitted', 'status-changed'] },
    status: {
      type: 'string',
      minLength: 1,
      maxLength: 32,
      description: 'With status-changed: only when the new status is this one.',
    },
  },
};

export const routineInputSchema: JsonSchema = {
  type: 'object',
  required: ['name', 'trigger', 'steps'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 120 },
    trigger: triggerSchema,
    steps: { type: 'array', minItems: 1, maxItems: 20, items: stepSchema },
    enabled: { type: 'boolean', default: true },
  },
};

export const routineSchema: JsonSchema = {
  type: 'object',
  required: ['id', 'formKey', 'name', 'trigger', 'steps', 'enabled', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string' },
    formKey: { type: 'string' },
    name: { type: 'string' },
    trigger: triggerSchema,
    steps: { type: 'array', items: { type: 'object' } },
    enabled: { type: 'boolean' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const runSchema: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    routineId: { type: 'string' },
    submissionId: { type: 'string' },
    step: { type: 'integer' },
    type: { type: 'string' },
    status: { enum: ['pending', 'done', 'failed'] },
    attempts: { type: 'integer' },
    error: { type: ['string', 'null'] },
    startedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: ['string', 'null'], format: 'date-time' },
  },
};

export type { Recipient, RoutineInput, Step, Trigger } from '../shared/routines.js';
