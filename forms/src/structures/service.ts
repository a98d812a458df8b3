import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type ModelStatic } from 'sequelize';
import {
  ProblemError,
  conflict,
  currentActor,
  hasPermission,
  notFound,
  systemActor,
  type Actor,
  type Database,
  type EventBus,
  type FieldError,
} from '@portico/core';
import type { FormService, FormAccess, PublishedForm } from '../definitions/definition-service.js';
import type { FormValidator } from '../engine/index.js';
import { applyComputed } from '../shared/computed.js';
import type { FormTranslations, JsonSchemaObject, Translated, UiSchema } from '../shared/types.js';
import { filterValue, indexedFields, indexValue, type IndexedField } from './indexes.js';
import { isFilterOp, type RecordFilter } from './record-query.js';
import type { RecordIndexRow, RecordRow } from './models.js';
import { recordQuery, type RecordSort } from './record-query.js';

/** A record of a structure, as the API answers it. */
export interface StructureRecord {
  id: string;
  structureKey: string;
  organizationId: string;
  data: Record<string, unknown>;
  /** The version of the structure the data was last checked against. */
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A structure as lists show it: its published version and the fields it can be filtered and sorted by. */
export interface StructureSummary {
  key: string;
  title: Translated;
  description: Translated;
  version: number;
  indexes: string[];
}

/** A structure's published version: what the portal and admin need to show and edit its records. */
export interface StructureDefinition extends StructureSummary {
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
}

/** What a page of records is asked for with (the query string of GET /structures/:key). */
export interface RecordListInput {
  /** Only this organisation's records (staff; a customer sees their own anyway). */
  organization?: string;
  q?: string;
  /** `createdAt`, `updatedAt` or an indexed field; `-` before it for descending. Default `-createdAt`. */
  sort?: string;
  cursor?: string;
  limit: number;
  /**
   * Filters on indexed fields by query parameter: `field` (equal to), `field[gt]`, `field[gte]`,
   * `field[lt]`, `field[lte]` (texts compare as the database orders them: ISO dates in date order).
   */
  filters: Record<string, string>;
}

export interface RecordPage {
  items: StructureRecord[];
  nextCursor: string | null;
}

/** Who writes: their id is kept with the record, their language is the one of the error messages. */
export interface Writer {
  userId?: string | null;
  language?: string;
}

const read = 'forms.record.read';
const write = 'forms.record.write';

const json = <T>(text: string, fallback: T): T => {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/**
 * Records of structures: admin-defined collections ("Machines installed at customer") whose
 * shape is a form definition of kind `structure`. Every record belongs to one organisation and is
 * checked against the structure's published version when it is written. Fields the schema marks
 * `"x-portico-index": true` are copied to `forms_record_index`, so lists filter and sort by them
 * in SQL. Other plugins and routines use it through `structureServiceToken`.
 *
 * The methods that take an actor apply the access rules of the HTTP API (permission, the
 * structure's access lists, the actor's organisation); `create` is for trusted callers (a
 * routine) and checks only the data.
 */
export class StructureService {
  constructor(
    private readonly records: () => ModelStatic<RecordRow>,
    private readonly index: () => ModelStatic<RecordIndexRow>,
    private readonly forms: () => FormService,
    private readonly db: () => Database,
    private readonly events: EventBus,
    private readonly validator: () => FormValidator,
    private readonly defaultLanguage: () => string,
  ) {}

  // ---------------------------------------------------------------- structures

  /** The published structures the actor may read records of. */
  async structures(actor: Actor): Promise<StructureSummary[]> {
    if (!hasPermission(actor, read)) return [];
    const out: StructureSummary[] = [];
    for (const s of await this.forms().list(systemActor, 'structure')) {
      if (s.publishedVersion === null) continue;
      const form = await this.forms().publishedForm(s.key);
      if (form && mayUse(actor, form.access)) out.push(summary(form, s.description));
    }
    return out;
  }

  /** A structure's published version with its indexed fields; 404 when the actor may not read it. */
  async definition(key: string, actor: Actor): Promise<StructureDefinition> {
    const form = await this.structure(key, actor, read);
    const row = await this.forms().definitionRow(key);
    return {
      ...summary(form, row ? json<Translated>(row.description, {}) : {}),
      schema: form.content.schema,
      uiSchema: form.content.uiSchema,
      translations: form.content.translations,
      defaultLanguage: form.content.defaultLanguage,
    };
  }

  // ---------------------------------------------------------------- records, as the API reads and writes them

  /** A page of records the actor may read: their organisation's, or any for staff. */
  async list(key: string, actor: Actor, input: RecordListInput): Promise<RecordPage> {
    const form = await this.structure(key, actor, read);
    const fields = indexedFields(form.content.schema);
    const problems: FieldError[] = [];
    const filters: RecordFilter[] = [];
    for (const [param, text] of Object.entries(input.filters)) {
      const m = /^(.*)\[([a-z]*)\]$/.exec(param);
      const name = m ? m[1]! : param;
      const op = m ? m[2]! : 'eq';
      const field = fields.find((f) => f.field === name);
      const value = field ? filterValue(field.kind, text) : undefined;
      if (!field)
        problems.push({
          in: 'query',
          path: `/${param}`,
          message: fields.length
            ? `is not an indexed field of this structure; filter by ${fields.map((f) => f.field).join(', ')}`
            : 'is not an indexed field of this structure, which has none',
        });
      else if (!isFilterOp(op))
        problems.push({
          in: 'query',
          path: `/${param}`,
          message: `[${op}] is not a comparison; use ${name}=, ${name}[gt]=, ${name}[gte]=, ${name}[lt]= or ${name}[lte]=`,
        });
      else if (op !== 'eq' && field.kind === 'boolean')
        problems.push({ in: 'query', path: `/${param}`, message: 'is yes or no: compare it with = only' });
      else if (value === undefined)
        problems.push({
          in: 'query',
          path: `/${param}`,
          message: field.kind === 'boolean' ? 'must be true or false' : 'must be a number',
        });
      else filters.push({ field, value, op });
    }
    const sort = parseSort(input.sort ?? '-createdAt', fields, problems);
    let after: { value: string | number | Date | null; id: string } | undefined;
    if (input.cursor) {
      after = decodeCursor(input.cursor, input.sort ?? '-createdAt');
      if (!after) problems.push({ in: 'query', path: '/cursor', message: 'is not a cursor of this list' });
    }
    if (problems.length || !sort)
      throw new ProblemError(400, {
        title: 'Invalid query',
        detail: `query ${problems[0]!.path} ${problems[0]!.message}`,
        errors: problems,
      });
    const organizationIds = [
      ...(canReachAll(actor, read) ? [] : [actor.organizationId!]),
      ...(input.organization ? [input.organization] : []),
    ];
    const { sql, replacements } = recordQuery({
      definitionId: form.definitionId,
      organizationIds,
      ...(input.q ? { q: input.q } : {}),
      filters,
      sort,
      ...(after ? { after } : {}),
      limit: input.limit + 1,
      dialect: this.db().dialect,
    });
    const hits = await this.db().sequelize.query<{ id: string; sort_value: string | number | null }>(sql, {
      replacements,
      type: QueryTypes.SELECT,
    });
    const page = hits.slice(0, input.limit);
    // The rows through the model, which reads dates the same way on every dialect.
    const rows = new Map(
      (await this.records().findAll({ where: { id: { [Op.in]: page.map((h) => h.id) } } })).map((r) => [
        r.id,
        r,
      ]),
    );
    const items = page.flatMap((h) => rows.get(h.id) ?? []);
    const last = page[page.length - 1];
    const lastRow = last && rows.get(last.id);
    let nextCursor: string | null = null;
    if (hits.length > input.limit && last && lastRow) {
      const value =
        sort.by === 'createdAt'
          ? lastRow.created_at.toISOString()
          : sort.by === 'updatedAt'
            ? lastRow.updated_at.toISOString()
            : last.sort_value;
      nextCursor = encodeCursor(input.sort ?? '-createdAt', value, last.id);
    }
    return { items: items.map((r) => toRecord(r, key)), nextCursor };
  }

  /** One record the actor may read; 404 for another organisation's, as for a missing one. */
  async get(key: string, id: string, actor: Actor): Promise<StructureRecord> {
    const form = await this.structure(key, actor, read);
    return toRecord(await this.reachable(form, id, actor, read), key);
  }

  /**
   * Adds a record for `organizationId` (the actor's own when left out; only staff may name
   * another, which must exist). 422 with `/data/...` paths when the data does not fit.
   */
  async add(
    key: string,
    actor: Actor,
    input: { data: Record<string, unknown>; organizationId?: string },
  ): Promise<StructureRecord> {
    const form = await this.structure(key, actor, write);
    const organizationId = input.organizationId ?? actor.organizationId;
    if (!organizationId)
      throw fieldProblem('/organizationId', 'is required: say which organisation the record belongs to');
    if (!canReachAll(actor, write) && organizationId !== actor.organizationId)
      throw notFound('No such organisation.');
    return this.insert(form, organizationId, input.data, writerOf(actor));
  }

  /** Replaces a record's data, checked against the published version (which the record then carries). */
  async replace(
    key: string,
    id: string,
    actor: Actor,
    input: { data: Record<string, unknown> },
  ): Promise<StructureRecord> {
    const form = await this.structure(key, actor, write);
    return this.db().transactional(async () => {
      const row = await this.reachable(form, id, actor, write, true);
      const data = this.checked(form, input.data, writerOf(actor).language);
      row.data = JSON.stringify(data);
      row.version_id = form.versionId;
      row.version = form.version;
      row.updated_by = actor.userId ?? null;
      row.changed('updated_at', true);
      await row.save();
      await this.writeIndex(form, row.id, data);
      await this.events.emit('forms.record.updated', eventOf(row, key, actor.userId));
      return toRecord(row, key);
    });
  }

  /** Deletes a record and its index rows. */
  async remove(key: string, id: string, actor: Actor): Promise<void> {
    const form = await this.structure(key, actor, write);
    await this.db().transactional(async () => {
      const row = await this.reachable(form, id, actor, write, true);
      await this.index().destroy({ where: { record_id: row.id } });
      await row.destroy();
      await this.events.emit('forms.record.deleted', eventOf(row, key, actor.userId));
    });
  }

  // ---------------------------------------------------------------- for routines and other plugins

  /**
   * Creates a record of `key` for `organizationId`, as a routine does after a submission. No
   * access check: the caller decided. The data is checked against the published version (422
   * with `/data/...` paths, messages in `by.language`, else the current actor's); 404 for no such
   * structure, 409 when nothing is published.
   */
  async create(
    key: string,
    organizationId: string,
    data: Record<string, unknown>,
    by: Writer = {},
  ): Promise<StructureRecord> {
    const form = await this.publishedStructure(key);
    const actor = currentActor();
    return this.insert(form, organizationId, data, {
      userId: by.userId !== undefined ? by.userId : (actor.userId ?? null),
      language: by.language ?? actor.language ?? this.defaultLanguage(),
    });
  }

  /** Rebuilds the index rows of every record of a structure (its indexed fields changed). */
  async reindex(key: string, batch = 500): Promise<number> {
    const form = await this.forms().publishedForm(key);
    if (!form || form.kind !== 'structure') return 0;
    let done = 0;
    let after = '';
    for (;;) {
      const rows = await this.records().findAll({
        attributes: ['id', 'data'],
        where: { definition_id: form.definitionId, id: { [Op.gt]: after } },
        order: [['id', 'ASC']],
        limit: batch,
      });
      if (!rows.length) break;
      await this.db().transactional(async () => {
        for (const r of rows) await this.writeIndex(form, r.id, json(r.data, {}));
      });
      // Index rows of fields that are no longer indexed go too.
      const fields = indexedFields(form.content.schema).map((f) => f.field);
      await this.index().destroy({
        where: {
          record_id: { [Op.in]: rows.map((r) => r.id) },
          ...(fields.length ? { field: { [Op.notIn]: fields } } : {}),
        },
      });
      done += rows.length;
      after = rows[rows.length - 1]!.id;
    }
    return done;
  }

  /** Ids of records a user created or last changed (GDPR export of a user). */
  async recordsOfUser(userId: string): Promise<string[]> {
    const rows = await this.records().findAll({
      attributes: ['id'],
      where: { [Op.or]: [{ created_by: userId }, { updated_by: userId }] },
      order: [['id', 'ASC']],
    });
    return rows.map((r) => r.id);
  }

  /** Forgets who created or changed records (GDPR erasure of a user); the records stay with their organisation. */
  async forgetUser(userId: string): Promise<void> {
    await this.records().update({ created_by: null }, { where: { created_by: userId } });
    await this.records().update({ updated_by: null }, { where: { updated_by: userId } });
  }

  // ---------------------------------------------------------------- internals

  private async insert(
    form: PublishedForm,
    organizationId: string,
    input: Record<string, unknown>,
    by: Writer,
  ): Promise<StructureRecord> {
    const data = this.checked(form, input, by.language);
    return this.db().transactional(async () => {
      const [org] = await this.db().sequelize.query<{ id: string }>(
        'SELECT id FROM portico_organizations WHERE id = ?',
        { replacements: [organizationId], type: QueryTypes.SELECT },
      );
      if (!org) throw fieldProblem('/organizationId', 'is not an organisation');
      const row = await this.records().create({
        id: randomUUID(),
        definition_id: form.definitionId,
        version_id: form.versionId,
        version: form.version,
        organization_id: organizationId,
        data: JSON.stringify(data),
        created_by: by.userId ?? null,
        updated_by: by.userId ?? null,
      });
      await this.writeIndex(form, row.id, data);
      await this.events.emit('forms.record.created', eventOf(row, form.key, by.userId ?? null));
      return toRecord(row, form.key);
    });
  }

  /** The data with computed values applied, valid against the published version; else 422. */
  private checked(form: PublishedForm, input: Record<string, unknown>, language?: string) {
    const data = applyComputed(form.content.uiSchema, input);
    const outcome = this.validator().validate(
      form.content.schema,
      data,
      language ?? this.defaultLanguage(),
      form.versionId,
    );
    if (!outcome.ok) {
      const errors = outcome.errors.map((e) => ({
        ...e,
        in: 'body' as const,
        path: `/data${e.path === '/' ? '' : e.path}`,
      }));
      throw new ProblemError(422, {
        title: 'Invalid request body',
        detail: `The record does not fit the structure: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
        errors,
      });
    }
    return data;
  }

  private async writeIndex(form: PublishedForm, recordId: string, data: Record<string, unknown>) {
    await this.index().destroy({ where: { record_id: recordId } });
    const rows = indexedFields(form.content.schema).flatMap(({ field, kind }) => {
      const stored = indexValue(kind, data[field]);
      return stored ? [{ record_id: recordId, field, definition_id: form.definitionId, ...stored }] : [];
    });
    if (rows.length) await this.index().bulkCreate(rows);
  }

  /** The published structure the actor may use with `permission`; 404 alike for every reason. */
  private async structure(key: string, actor: Actor, permission: string): Promise<PublishedForm> {
    const form = await this.forms().publishedForm(key);
    if (
      !form ||
      form.kind !== 'structure' ||
      !hasPermission(actor, permission) ||
      !mayUse(actor, form.access)
    )
      throw notFound('No such structure.');
    return form;
  }

  private async publishedStructure(key: string): Promise<PublishedForm> {
    const form = await this.forms().publishedForm(key);
    if (form?.kind === 'structure') return form;
    const row = await this.forms().definitionRow(key);
    if (row?.kind === 'structure')
      throw conflict(`The structure "${key}" has no published version. Publish it first.`);
    throw notFound('No such structure.');
  }

  private async reachable(
    form: PublishedForm,
    id: string,
    actor: Actor,
    permission: string,
    lock = false,
  ): Promise<RecordRow> {
    const row = await this.records().findOne({
      where: { id, definition_id: form.definitionId },
      ...(lock ? { lock: true } : {}),
    });
    if (!row || !(canReachAll(actor, permission) || row.organization_id === actor.organizationId))
      throw notFound('No such record.');
    return row;
  }
}

/** The supplier's staff holding the permission reach every organisation's records. */
function canReachAll(actor: Actor, permission: string): boolean {
  return (
    actor.kind === 'system' || (actor.organizationKind === 'provider' && hasPermission(actor, permission))
  );
}

/** A structure's access lists (FormAccess) hold customers back as they do for forms; staff never. */
function mayUse(actor: Actor, access: FormAccess): boolean {
  if (actor.kind === 'system' || actor.organizationKind === 'provider') return true;
  const groups = access.groups ?? [];
  const organizations = access.organizations ?? [];
  if (!groups.length && !organizations.length) return true;
  if (actor.organizationId && organizations.includes(actor.organizationId)) return true;
  return groups.some((g) => actor.groups.includes(g));
}

function summary(form: PublishedForm, description: Translated): StructureSummary {
  return {
    key: form.key,
    title: form.title,
    description,
    version: form.version,
    indexes: indexedFields(form.content.schema).map((f) => f.field),
  };
}

function writerOf(actor: Actor): Writer {
  return { userId: actor.userId ?? null, ...(actor.language ? { language: actor.language } : {}) };
}

function toRecord(row: RecordRow, key: string): StructureRecord {
  return {
    id: row.id,
    structureKey: key,
    organizationId: row.organization_id,
    data: json(row.data, {}),
    version: row.version,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

function eventOf(row: RecordRow, key: string, userId: string | null | undefined) {
  return {
    recordId: row.id,
    structureKey: key,
    organizationId: row.organization_id,
    version: row.version,
    userId: userId ?? null,
  };
}

function fieldProblem(path: string, message: string): ProblemError {
  return new ProblemError(422, {
    title: 'Invalid request body',
    detail: `body ${path} ${message}`,
    errors: [{ in: 'body', path, message }],
  });
}

function parseSort(text: string, fields: IndexedField[], problems: FieldError[]): RecordSort | undefined {
  const desc = text.startsWith('-');
  const name = desc ? text.slice(1) : text;
  if (name === 'createdAt' || name === 'updatedAt') return { by: name, desc };
  const field = fields.find((f) => f.field === name);
  if (field) return { by: field, desc };
  problems.push({
    in: 'query',
    path: '/sort',
    message: `must be createdAt, updatedAt${fields.map((f) => `, ${f.field}`).join('')} (with - before it for descending)`,
  });
  return undefined;
}

/** Cursors carry the sort they belong to: a cursor of another sort is refused, not misread. */
function encodeCursor(sort: string, value: string | number | null, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

function decodeCursor(
  cursor: string,
  sort: string,
): { value: string | number | Date | null; id: string } | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
    const [s, value, id] = parsed as [unknown, unknown, unknown];
    if (s !== sort || typeof id !== 'string') return undefined;
    if (value !== null && typeof value !== 'string' && typeof value !== 'number') return undefined;
    const bare = sort.replace(/^-/, '');
    if (bare === 'createdAt' || bare === 'updatedAt') {
      const at = typeof value === 'string' ? new Date(value) : undefined;
      return at && !Number.isNaN(at.getTime()) ? { value: at, id } : undefined;
    }
    return { value, id };
  } catch {
    return undefined;
  }
}
