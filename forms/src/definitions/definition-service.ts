import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type ModelStatic } from 'sequelize';
import {
  ProblemError,
  conflict,
  hasPermission,
  notFound,
  type Actor,
  type Database,
  type EventBus,
  type FieldError,
} from '@portico/core';
import type { FormValidator } from '../engine/index.js';
import { listComputed, parseExpression } from '../shared/computed.js';
import type {
  FormKind,
  FormTranslations,
  JsonSchemaObject,
  Translated,
  UiSchema,
  VersionStatus,
} from '../shared/types.js';
import type { DefinitionRow, VersionRow } from './models.js';

/**
 * Who may fill a form besides holding `forms.submission.create`. Lists of access group keys
 * (`gold-customers`, as on the actor) and organisation ids. A customer may fill the form when
 * their organisation is listed or they are in one of the groups; both empty means every
 * customer. The supplier's own staff are never held back by it.
 */
export interface FormAccess {
  groups?: string[];
  organizations?: string[];
}

/** Where a form is in its life, from its versions: published wins over draft over retired. */
export type FormStatus = 'draft' | 'published' | 'retired';

/** A form as lists show it. */
export interface FormSummary {
  key: string;
  kind: FormKind;
  title: Translated;
  description: Translated;
  status: FormStatus;
  /** The number of the published version, or null. */
  publishedVersion: number | null;
  hasDraft: boolean;
  updatedAt: string;
}

/** A form definition as its builders see it. */
export interface FormDefinition extends FormSummary {
  id: string;
  ownerPlugin: string;
  access: FormAccess;
  /** The statuses a submission may have; the first is the status of a new submission. */
  statuses: string[];
  /** The number of the draft, or null. */
  draftVersion: number | null;
  createdAt: string;
  createdBy: string | null;
}

/** One version of a form: what the renderer and the validator need, and where it is in its life. */
export interface FormVersion {
  id: string;
  key: string;
  kind: FormKind;
  title: Translated;
  description: Translated;
  version: number;
  status: VersionStatus;
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
  publishedAt: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A version in the list of a form's versions (without its content). */
export interface VersionSummary {
  id: string;
  version: number;
  status: VersionStatus;
  publishedAt: string | null;
  publishedBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The content of a version, which never changes once it is published. */
export interface VersionContent {
  schema: JsonSchemaObject;
  uiSchema: UiSchema;
  translations: FormTranslations;
  defaultLanguage: string;
}

export interface CreateFormInput {
  key: string;
  kind: FormKind;
  title: Translated;
  description?: Translated;
  schema: JsonSchemaObject;
  uiSchema?: UiSchema;
  translations?: FormTranslations;
  defaultLanguage?: string;
  access?: FormAccess;
  statuses?: string[];
  /** The plugin that owns the form (a plugin creating its own forms through formServiceToken). */
  ownerPlugin?: string;
}

export interface PatchFormInput {
  title?: Translated;
  description?: Translated;
  access?: FormAccess;
  statuses?: string[];
}

export interface DraftInput {
  schema: JsonSchemaObject;
  uiSchema?: UiSchema;
  translations?: FormTranslations;
  defaultLanguage?: string;
}

/** What a submission needs of the form it is for: one query on the hot path. */
export interface PublishedForm {
  definitionId: string;
  key: string;
  kind: FormKind;
  title: Translated;
  access: FormAccess;
  statuses: string[];
  versionId: string;
  version: number;
  content: VersionContent;
}

export const defaultStatuses = ['submitted', 'in-progress', 'done', 'rejected'];

/** Keys that would collide with the routes beside /forms/:key. */
export const reservedKeys = new Set(['submissions', 'files', 'my', 'routines', 'custom-fields']);

/** UI schemas are admin input too: bounded like schemas, so walking them stays cheap. */
const uiLimits = { maxBytes: 512 * 1024, maxDepth: 40 };

const json = <T>(text: string | null | undefined, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Form definitions and their versions: the forms engine's domain logic, with plain constructor
 * arguments. A form has at most one draft and one published version. Publishing turns the draft
 * into the published version, which never changes again, and retires the one before it. Other
 * parts of the engine (submissions, structures, routines) and other plugins read forms through
 * this service (formServiceToken).
 */
export class FormService {
  /** Content of versions that are no longer drafts, by version id: it never changes. */
  private readonly contentCache = new Map<string, VersionContent>();

  constructor(
    private readonly definitions: () => ModelStatic<DefinitionRow>,
    private readonly versions: () => ModelStatic<VersionRow>,
    private readonly db: () => Database,
    private readonly events: EventBus,
    private readonly validator: () => FormValidator,
    private readonly defaultLanguage: () => string,
  ) {}

  // ---------------------------------------------------------------- reading

  /**
   * The forms the actor sees: builders (forms.form.manage) every definition, optionally of one
   * kind; everyone else the published forms they may fill (never structures).
   */
  async list(actor: Actor, kind?: FormKind): Promise<FormSummary[]> {
    const builder = hasPermission(actor, 'forms.form.manage');
    const rows = await this.definitions().findAll({
      where: kind ? { kind } : {},
      order: [['key', 'ASC']],
    });
    if (!rows.length) return [];
    const versions = await this.versions().findAll({
      attributes: ['definition_id', 'version', 'status', 'updated_at'],
      where: {
        definition_id: { [Op.in]: rows.map((r) => r.id) },
        status: { [Op.in]: ['draft', 'published'] },
      },
    });
    const out: FormSummary[] = [];
    for (const row of rows) {
      const mine = versions.filter((v) => v.definition_id === row.id);
      const summary = toSummary(row, mine);
      if (builder) out.push(summary);
      else if (
        summary.publishedVersion !== null &&
        row.kind !== 'structure' &&
        mayFill(actor, json<FormAccess>(row.access, {}))
      )
        out.push(summary);
    }
    return out;
  }

  /** A definition as its builders see it, or undefined. */
  async get(key: string): Promise<FormDefinition | undefined> {
    const row = await this.definitions().findOne({ where: { key } });
    return row ? this.toDefinition(row) : undefined;
  }

  /** The published version of a form, or undefined (no such form, or nothing published). */
  async published(key: string): Promise<FormVersion | undefined> {
    const row = await this.definitions().findOne({ where: { key } });
    if (!row) return undefined;
    const v = await this.versions().findOne({ where: { definition_id: row.id, status: 'published' } });
    return v ? toVersion(row, v) : undefined;
  }

  /** The draft of a form, or undefined. */
  async draft(key: string): Promise<FormVersion | undefined> {
    const row = await this.definitions().findOne({ where: { key } });
    if (!row) return undefined;
    const v = await this.versions().findOne({ where: { definition_id: row.id, status: 'draft' } });
    return v ? toVersion(row, v) : undefined;
  }

  /** Every version of a form, newest first; undefined when there is no such form. */
  async listVersions(key: string): Promise<VersionSummary[] | undefined> {
    const row = await this.definitions().findOne({ where: { key } });
    if (!row) return undefined;
    const list = await this.versions().findAll({
      attributes: ['id', 'version', 'status', 'published_at', 'published_by', 'created_at', 'updated_at'],
      where: { definition_id: row.id },
      order: [['version', 'DESC']],
    });
    return list.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status,
      publishedAt: iso(v.published_at),
      publishedBy: v.published_by,
      createdAt: iso(v.created_at)!,
      updatedAt: iso(v.updated_at)!,
    }));
  }

  /** One version of a form by its number, or undefined. */
  async version(key: string, version: number): Promise<FormVersion | undefined> {
    const row = await this.definitions().findOne({ where: { key } });
    if (!row) return undefined;
    const v = await this.versions().findOne({ where: { definition_id: row.id, version } });
    return v ? toVersion(row, v) : undefined;
  }

  /** A version by its id (a submission's version), whatever its status, or undefined. */
  async versionById(id: string): Promise<FormVersion | undefined> {
    const v = await this.versions().findByPk(id);
    if (!v) return undefined;
    const row = await this.definitions().findByPk(v.definition_id);
    return row ? toVersion(row, v) : undefined;
  }

  /**
   * The content of a version by its id, cached once it is published (it never changes then).
   * Undefined when there is no such version.
   */
  async content(versionId: string): Promise<VersionContent | undefined> {
    const hit = this.contentCache.get(versionId);
    if (hit) return hit;
    const v = await this.versions().findByPk(versionId);
    if (!v) return undefined;
    const content = toContent(v);
    if (v.status !== 'draft') this.remember(versionId, content);
    return content;
  }

  /**
   * What a submission needs: the definition with its published version's id, number and content.
   * Undefined when there is no such form or nothing is published.
   */
  async publishedForm(key: string): Promise<PublishedForm | undefined> {
    // One round trip on the hot path of every submission: the definition with its published version.
    const [row] = await this.db().sequelize.query<{
      id: string;
      key: string;
      kind: FormKind;
      title: string;
      access: string;
      statuses: string;
      version_id: string;
      version: number;
    }>(
      `SELECT d.id, d.\`key\`, d.kind, d.title, d.access, d.statuses, v.id AS version_id, v.version
         FROM forms_definitions d JOIN forms_versions v ON v.definition_id = d.id AND v.status = 'published'
        WHERE d.\`key\` = ?`,
      { replacements: [key], type: QueryTypes.SELECT },
    );
    if (!row) return undefined;
    const content = await this.content(row.version_id);
    if (!content) return undefined;
    return {
      definitionId: row.id,
      key: row.key,
      kind: row.kind,
      title: json(row.title, {}),
      access: json(row.access, {}),
      statuses: json(row.statuses, defaultStatuses),
      versionId: row.version_id,
      version: Number(row.version),
      content,
    };
  }

  /** The definition's id, kind, title and statuses by key (no versions), or undefined. */
  async definitionRow(key: string): Promise<DefinitionRow | undefined> {
    return (await this.definitions().findOne({ where: { key } })) ?? undefined;
  }

  /** Definitions by id (for lists of submissions across forms). */
  async definitionsById(ids: readonly string[]): Promise<Map<string, DefinitionRow>> {
    if (!ids.length) return new Map();
    const rows = await this.definitions().findAll({ where: { id: { [Op.in]: [...new Set(ids)] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** True when the actor may fill the form (permission and the form's access lists). */
  mayFill(actor: Actor, form: { kind: FormKind; access: FormAccess }): boolean {
    return form.kind !== 'structure' && mayFill(actor, form.access);
  }

  // ---------------------------------------------------------------- writing

  /** A new definition with its first draft (version 1). 409 when the key is taken; 422 for a refused schema. */
  async create(
    input: CreateFormInput,
    userId: string | null,
  ): Promise<FormDefinition & { draft: FormVersion }> {
    const problems = [...keyProblems(input.key), ...this.contentProblems(input)];
    if (input.statuses) problems.push(...statusProblems(input.statuses));
    if (problems.length) throw refused(problems);
    return this.db().transactional(async () => {
      if (await this.definitions().findOne({ where: { key: input.key } }))
        throw conflict(`There is a form with the key "${input.key}" already. Choose another key.`);
      const row = await this.definitions().create({
        id: randomUUID(),
        key: input.key,
        kind: input.kind,
        title: JSON.stringify(input.title),
        description: JSON.stringify(input.description ?? {}),
        owner_plugin: input.ownerPlugin ?? 'forms',
        access: JSON.stringify(normalizeAccess(input.access)),
        statuses: JSON.stringify(input.statuses ?? defaultStatuses),
        created_by: userId,
      });
      const draft = await this.versions().create({
        id: randomUUID(),
        definition_id: row.id,
        version: 1,
        status: 'draft',
        ...this.contentColumns(input),
        published_at: null,
        published_by: null,
      });
      return { ...(await this.toDefinition(row)), draft: toVersion(row, draft) };
    });
  }

  /** Changes what is not versioned: titles, access, statuses. Undefined when there is no such form. */
  async patch(key: string, input: PatchFormInput): Promise<FormDefinition | undefined> {
    if (input.statuses) {
      const problems = statusProblems(input.statuses);
      if (problems.length) throw refused(problems);
    }
    return this.db().transactional(async () => {
      const row = await this.definitions().findOne({ where: { key }, lock: true });
      if (!row) return undefined;
      if (input.title) row.title = JSON.stringify(input.title);
      if (input.description) row.description = JSON.stringify(input.description);
      if (input.access) row.access = JSON.stringify(normalizeAccess(input.access));
      if (input.statuses) row.statuses = JSON.stringify(input.statuses);
      row.changed('updated_at', true);
      await row.save();
      return this.toDefinition(row);
    });
  }

  /**
   * Saves the draft: replaces its content, or starts a new draft (the next version number) when
   * there is none. Undefined when there is no such form; 422 for a refused schema.
   */
  async saveDraft(key: string, input: DraftInput): Promise<FormVersion | undefined> {
    const problems = this.contentProblems(input);
    if (problems.length) throw refused(problems);
    return this.db().transactional(async () => {
      // The lock keeps two builders saving at once from starting two drafts.
      const row = await this.definitions().findOne({ where: { key }, lock: true });
      if (!row) return undefined;
      let draft = await this.versions().findOne({ where: { definition_id: row.id, status: 'draft' } });
      if (draft) {
        Object.assign(draft, this.contentColumns(input));
        draft.changed('updated_at', true);
        await draft.save();
      } else {
        const last = (await this.versions().max<number, VersionRow>('version', {
          where: { definition_id: row.id },
        })) as number | null;
        draft = await this.versions().create({
          id: randomUUID(),
          definition_id: row.id,
          version: (last ?? 0) + 1,
          status: 'draft',
          ...this.contentColumns(input),
          published_at: null,
          published_by: null,
        });
      }
      await this.touch(row);
      return toVersion(row, draft);
    });
  }

  /** Throws the draft away. False when there is none; undefined when there is no such form. */
  async deleteDraft(key: string): Promise<boolean | undefined> {
    return this.db().transactional(async () => {
      const row = await this.definitions().findOne({ where: { key }, lock: true });
      if (!row) return undefined;
      const n = await this.versions().destroy({ where: { definition_id: row.id, status: 'draft' } });
      if (n) await this.touch(row);
      return n > 0;
    });
  }

  /**
   * Publishes the draft: it becomes the published version and never changes again; the version
   * published before is retired. Emits `forms.form.published`. 409 without a draft.
   */
  async publish(key: string, userId: string | null): Promise<FormVersion | undefined> {
    return this.db().transactional(async () => {
      const row = await this.definitions().findOne({ where: { key }, lock: true });
      if (!row) return undefined;
      const draft = await this.versions().findOne({ where: { definition_id: row.id, status: 'draft' } });
      if (!draft)
        throw conflict(
          `The form "${key}" has no draft to publish. Save a draft first (PUT /forms/${key}/draft).`,
        );
      // Checked again: the limits or the engine may have changed since the draft was saved.
      const problems = this.contentProblems({
        schema: json(draft.schema, {}),
        uiSchema: json(draft.ui_schema, {}),
      });
      if (problems.length) throw refused(problems);
      const now = new Date();
      await this.versions().update(
        { status: 'retired', updated_at: now },
        { where: { definition_id: row.id, status: 'published' } },
      );
      draft.status = 'published';
      draft.published_at = now;
      draft.published_by = userId;
      await draft.save();
      await this.touch(row);
      const version = toVersion(row, draft);
      await this.events.emit('forms.form.published', {
        key: row.key,
        kind: row.kind,
        version: draft.version,
        versionId: draft.id,
      });
      return version;
    });
  }

  /**
   * Retires the published version: nobody can fill the form any more, and its submissions stay
   * as they are. 409 when nothing is published; undefined when there is no such form.
   */
  async retire(key: string): Promise<FormDefinition | undefined> {
    return this.db().transactional(async () => {
      const row = await this.definitions().findOne({ where: { key }, lock: true });
      if (!row) return undefined;
      const [n] = await this.versions().update(
        { status: 'retired', updated_at: new Date() },
        { where: { definition_id: row.id, status: 'published' } },
      );
      if (!n) throw conflict(`The form "${key}" has no published version to retire.`);
      await this.touch(row);
      await this.events.emit('forms.form.retired', { key: row.key, kind: row.kind });
      return this.toDefinition(row);
    });
  }

  /** Keys of the forms a user created or published a version of (GDPR export of a staff user). */
  async keysOfUser(userId: string): Promise<string[]> {
    const published = await this.versions().findAll({
      attributes: ['definition_id'],
      where: { published_by: userId },
    });
    const rows = await this.definitions().findAll({
      attributes: ['key'],
      where: {
        [Op.or]: [{ created_by: userId }, { id: { [Op.in]: published.map((v) => v.definition_id) } }],
      },
      order: [['key', 'ASC']],
    });
    return rows.map((r) => r.key);
  }

  /** Nulls who created or published forms (GDPR erasure of a staff user). */
  async forgetUser(userId: string): Promise<void> {
    await this.definitions().update({ created_by: null }, { where: { created_by: userId } });
    await this.versions().update({ published_by: null }, { where: { published_by: userId } });
  }

  // ---------------------------------------------------------------- helpers

  /**
   * Why a schema and UI schema cannot be saved, as errors whose paths point into the request
   * body (`/schema/...`, `/uiSchema/...`): the engine's checks of untrusted schemas, compiling it,
   * the UI schema's size, and every computed expression.
   */
  contentProblems(input: { schema: unknown; uiSchema?: unknown }): FieldError[] {
    const out: FieldError[] = this.validator()
      .check(input.schema)
      .map((p) => ({ in: 'body', path: `/schema${p.path === '/' ? '' : p.path}`, message: p.message }));
    if (input.uiSchema !== undefined) {
      const ui = uiSchemaProblem(input.uiSchema);
      if (ui) out.push({ in: 'body', path: `/uiSchema${ui.path}`, message: ui.message });
      else
        for (const { path, expression } of listComputed(input.uiSchema)) {
          try {
            parseExpression(expression);
          } catch (err) {
            out.push({
              in: 'body',
              path: `/uiSchema/${[...path, 'ui:computed'].map(escape).join('/')}`,
              message: (err as Error).message,
            });
          }
        }
    }
    return out;
  }

  private contentColumns(input: DraftInput) {
    return {
      schema: JSON.stringify(input.schema),
      ui_schema: JSON.stringify(input.uiSchema ?? {}),
      translations: JSON.stringify(input.translations ?? {}),
      default_language: input.defaultLanguage ?? this.defaultLanguage(),
    };
  }

  private async touch(row: DefinitionRow): Promise<void> {
    row.changed('updated_at', true);
    await row.save();
  }

  private remember(id: string, content: VersionContent): void {
    if (this.contentCache.size >= 500) this.contentCache.delete(this.contentCache.keys().next().value!);
    this.contentCache.set(id, content);
  }

  private async toDefinition(row: DefinitionRow): Promise<FormDefinition> {
    const versions = await this.versions().findAll({
      attributes: ['definition_id', 'version', 'status', 'updated_at'],
      where: { definition_id: row.id, status: { [Op.in]: ['draft', 'published'] } },
    });
    return {
      ...toSummary(row, versions),
      id: row.id,
      ownerPlugin: row.owner_plugin,
      access: json(row.access, {}),
      statuses: json(row.statuses, defaultStatuses),
      draftVersion: versions.find((v) => v.status === 'draft')?.version ?? null,
      createdAt: iso(row.created_at)!,
      createdBy: row.created_by,
    };
  }
}

/** The access rule (see FormAccess). */
export function mayFill(actor: Actor, access: FormAccess): boolean {
  if (!hasPermission(actor, 'forms.submission.create')) return false;
  if (actor.kind === 'system' || actor.organizationKind === 'provider') return true;
  const groups = access.groups ?? [];
  const organizations = access.organizations ?? [];
  if (!groups.length && !organizations.length) return true;
  if (actor.organizationId && organizations.includes(actor.organizationId)) return true;
  return groups.some((g) => actor.groups.includes(g));
}

function normalizeAccess(access: FormAccess | undefined): FormAccess {
  const out: FormAccess = {};
  if (access?.groups?.length) out.groups = [...new Set(access.groups)].sort();
  if (access?.organizations?.length) out.organizations = [...new Set(access.organizations)].sort();
  return out;
}

function toSummary(
  row: DefinitionRow,
  versions: ReadonlyArray<Pick<VersionRow, 'status' | 'version' | 'updated_at'>>,
): FormSummary {
  const published = versions.find((v) => v.status === 'published');
  const draft = versions.find((v) => v.status === 'draft');
  return {
    key: row.key,
    kind: row.kind,
    title: json(row.title, {}),
    description: json(row.description, {}),
    status: published ? 'published' : draft ? 'draft' : 'retired',
    publishedVersion: published?.version ?? null,
    hasDraft: !!draft,
    updatedAt: iso(row.updated_at)!,
  };
}

function toContent(v: VersionRow): VersionContent {
  return {
    schema: json(v.schema, {}),
    uiSchema: json(v.ui_schema, {}),
    translations: json(v.translations, {}),
    defaultLanguage: v.default_language,
  };
}

function toVersion(row: DefinitionRow, v: VersionRow): FormVersion {
  return {
    id: v.id,
    key: row.key,
    kind: row.kind,
    title: json(row.title, {}),
    description: json(row.description, {}),
    version: v.version,
    status: v.status,
    ...toContent(v),
    publishedAt: iso(v.published_at),
    publishedBy: v.published_by,
    createdAt: iso(v.created_at)!,
    updatedAt: iso(v.updated_at)!,
  };
}

function keyProblems(key: string): FieldError[] {
  if (reservedKeys.has(key))
    return [
      {
        in: 'body',
        path: '/key',
        message: `"${key}" is reserved; choose another key (not ${[...reservedKeys].join(', ')}).`,
      },
    ];
  return [];
}

function statusProblems(statuses: string[]): FieldError[] {
  if (new Set(statuses).size !== statuses.length)
    return [{ in: 'body', path: '/statuses', message: 'Each status may appear only once.' }];
  return [];
}

/** A UI schema must be an object, at most uiLimits.maxBytes of JSON and uiLimits.maxDepth deep. */
function uiSchemaProblem(ui: unknown): { path: string; message: string } | undefined {
  if (!ui || typeof ui !== 'object' || Array.isArray(ui))
    return { path: '', message: 'The UI schema must be a JSON object.' };
  let bytes: number;
  try {
    bytes = Buffer.byteLength(JSON.stringify(ui));
  } catch {
    return { path: '', message: `The UI schema nests deeper than ${uiLimits.maxDepth} levels.` };
  }
  if (bytes > uiLimits.maxBytes)
    return {
      path: '',
      message: `The UI schema is ${bytes} bytes; at most ${uiLimits.maxBytes} are allowed.`,
    };
  const stack: Array<{ node: unknown; depth: number }> = [{ node: ui, depth: 1 }];
  while (stack.length) {
    const { node, depth } = stack.pop()!;
    if (depth > uiLimits.maxDepth)
      return { path: '', message: `The UI schema nests deeper than ${uiLimits.maxDepth} levels.` };
    for (const value of Object.values(node as object))
      if (value && typeof value === 'object') stack.push({ node: value, depth: depth + 1 });
  }
  return undefined;
}

/** 422 with every problem, paths into the request body. */
export function refused(errors: FieldError[]): ProblemError {
  return new ProblemError(422, {
    title: 'The form cannot be saved',
    detail: `${errors[0]!.path}: ${errors[0]!.message}${errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''}`,
    errors,
  });
}

/** 404 for a form that does not exist or that the actor may not see. */
export const noForm = (): ProblemError => notFound('No such form.');
