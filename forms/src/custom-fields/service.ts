import type { ModelStatic } from 'sequelize';
import { ProblemError, type CustomFields, type FieldError } from '@portico/core';
import type { FormValidator } from '../engine/index.js';
import type { CustomFieldDefinition, CustomFieldInput } from '../shared/custom-fields.js';
import type { FormFieldError, JsonSchemaObject } from '../shared/types.js';
import type { CustomFieldsRow } from './model.js';

/** Top-level field names: they become keys of `custom` and of the generated TypeScript types. */
const fieldName = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const parse = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/**
 * The custom fields admins define per extensible entity, and the check of an entity's `custom`
 * value against them. Definitions are read from the database on each check (one look-up by
 * primary key), so every instance sees a change at once; the compiled validator is cached by
 * entity and version, so a check after the first costs no compilation.
 */
export class CustomFieldDefinitions {
  constructor(
    private readonly rows: () => ModelStatic<CustomFieldsRow>,
    private readonly validator: () => FormValidator,
    private readonly core: () => CustomFields,
    private readonly defaultLanguage: () => string,
    /** The engine's checks of a form's schema and UI schema, paths into the body (`/schema/...`). */
    private readonly contentProblems: (content: { schema: unknown; uiSchema?: unknown }) => FieldError[],
  ) {}

  /** Every extensible entity with its fields (none for an entity without a definition yet). */
  async list(): Promise<CustomFieldDefinition[]> {
    const entities = this.core().entities();
    const rows = new Map(
      (await this.rows().findAll({ where: { entity: entities.map((e) => e.entity) } })).map((r) => [
        r.entity,
        r,
      ]),
    );
    return entities.map((e) => this.toDefinition(e.entity, e.title, rows.get(e.entity)));
  }

  /** The definition of one entity; undefined when no loaded code declares it extensible. */
  async get(entity: string): Promise<CustomFieldDefinition | undefined> {
    const declared = this.core()
      .entities()
      .find((e) => e.entity === entity);
    if (!declared) return undefined;
    return this.toDefinition(entity, declared.title, (await this.rows().findByPk(entity)) ?? undefined);
  }

  /**
   * Replaces the fields of `entity`. The schema is untrusted: it must be an object schema the
   * engine accepts (no remote references, bounded size, RE2 patterns). 404 for an entity that is
   * not extensible, 422 with `/schema/...` paths for a refused schema.
   */
  async put(entity: string, input: CustomFieldInput): Promise<CustomFieldDefinition> {
    const declared = this.core()
      .entities()
      .find((e) => e.entity === entity);
    if (!declared)
      throw new ProblemError(404, {
        detail: `"${entity}" is not an entity that takes custom fields. GET /api/v1/forms/custom-fields lists those that do.`,
      });
    const problems = this.schemaProblems(input);
    if (problems.length)
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `The custom fields cannot be used: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
        errors: problems,
      });
    const current = await this.rows().findByPk(entity, { lock: true });
    const values = {
      schema: JSON.stringify(input.schema),
      ui_schema: JSON.stringify(input.uiSchema ?? {}),
      translations: JSON.stringify(input.translations ?? {}),
      default_language: input.defaultLanguage ?? current?.default_language ?? this.defaultLanguage(),
      updated_at: new Date(),
    };
    try {
      if (current) await current.update({ ...values, version: current.version + 1 });
      else await this.rows().create({ entity, ...values, version: 1 });
    } catch (err) {
      if ((err as { name?: string }).name === 'SequelizeUniqueConstraintError')
        throw new ProblemError(409, {
          detail: `Someone else defined the custom fields of "${entity}" at the same moment. Load them again and repeat your change.`,
        });
      throw err;
    }
    return (await this.get(entity))!;
  }

  /** The problems of `value` as the custom values of `entity`, in `language`; [] when valid. */
  async validate(
    entity: string,
    value: Record<string, unknown>,
    language: string,
  ): Promise<FormFieldError[]> {
    const row = await this.rows().findByPk(entity);
    const schema = closed(row ? parse<JsonSchemaObject>(row.schema, {}) : { type: 'object' });
    return this.validator().validate(schema, value, language, `custom-fields:${entity}:${row?.version ?? 0}`)
      .errors;
  }

  private schemaProblems(input: CustomFieldInput): FieldError[] {
    const { schema } = input;
    const problems = this.contentProblems(input);
    if (schema.type !== 'object')
      problems.push({
        in: 'body',
        path: '/schema/type',
        message: 'must be "object": custom fields are the properties of an object',
      });
    const properties = schema.properties;
    if (properties && typeof properties === 'object' && !Array.isArray(properties))
      for (const name of Object.keys(properties))
        if (!fieldName.test(name))
          problems.push({
            in: 'body',
            path: `/schema/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`,
            message:
              'a field name starts with a letter and holds only letters, digits and _ (at most 64), such as vatNumber',
          });
    return problems;
  }

  private toDefinition(
    entity: string,
    title: Record<string, string>,
    row: CustomFieldsRow | undefined,
  ): CustomFieldDefinition {
    return {
      entity,
      title,
      schema: row ? parse<JsonSchemaObject>(row.schema, {}) : { type: 'object', properties: {} },
      uiSchema: row ? parse(row.ui_schema, {}) : {},
      translations: row ? parse(row.translations, {}) : {},
      defaultLanguage: row?.default_language ?? this.defaultLanguage(),
      version: row?.version ?? 0,
      updatedAt: row ? new Date(row.updated_at).toISOString() : null,
    };
  }
}

/**
 * Custom values hold the defined fields and nothing else, unless the admin said otherwise:
 * `unevaluatedProperties` (not `additionalProperties`) so fields declared inside if/then or
 * allOf still count as defined.
 */
function closed(schema: JsonSchemaObject): JsonSchemaObject {
  if ('additionalProperties' in schema || 'unevaluatedProperties' in schema) return schema;
  return { ...schema, unevaluatedProperties: false };
}
