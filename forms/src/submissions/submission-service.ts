import { randomUUID } from 'node:crypto';
import { Op, QueryTypes, type ModelStatic, type WhereOptions } from 'sequelize';
import {
  ProblemError,
  hasPermission,
  notFound,
  organizationWhere,
  type Actor,
  type Database,
  type EventBus,
  type FieldError,
  type FileStore,
  type StoredFile,
} from '@portico/core';
import type { FormValidator } from '../engine/index.js';
import type { FormService, PublishedForm } from '../definitions/definition-service.js';
import { applyComputed } from '../shared/computed.js';
import type { FormKind, FormTranslations, JsonSchemaObject, Translated, UiSchema } from '../shared/types.js';
import { bom, csvRecord, leafColumns, valueAt } from './csv.js';
import type { DraftRow, SubmissionRow, UploadRow } from './models.js';
import {
  cleanFileName,
  fieldLimits,
  formatBytes,
  knownUploadTypes,
  sniffType,
  uploadRefused,
} from './uploads.js';

/** A submission as lists show it. */
export interface Submission {
  id: string;
  formKey: string;
  kind: FormKind;
  formTitle: Translated;
  version: number;
  status: string;
  data: Record<string, unknown>;
  organizationId: string | null;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A submission with the exact version it was filled in, to render it as it was. */
export interface SubmissionDetail extends Submission {
  form: {
    key: string;
    kind: FormKind;
    title: Translated;
    description: Translated;
    version: number;
    schema: JsonSchemaObject;
    uiSchema: UiSchema;
    translations: FormTranslations;
    defaultLanguage: string;
  };
  /** The statuses the submission may be given (the form's current list). */
  statuses: string[];
}

export interface SubmissionPage {
  items: Submission[];
  nextCursor: string | null;
}

export interface SubmissionFilter {
  /** Only this form's submissions (its key). */
  form?: string;
  status?: string;
  organization?: string;
  /** Only the actor's own, whatever else they may see. */
  mine?: boolean;
  cursor?: string;
  limit: number;
}

export interface FormDraft {
  data: Record<string, unknown>;
  updatedAt: string;
}

export interface UploadedFile {
  id: string;
  name: string;
  contentType: string;
  size: number;
}

/** Limits of uploads from the forms settings. */
export interface UploadSettings {
  uploadMaxBytes: number;
  uploadTypes: string[];
}

/** The owner type of uploads in core's file store. */
export const uploadOwner = 'form-upload';

/** Submitted data nests at most this deep (a form's sections and tables need a handful of levels). */
const maxDataDepth = 32;
const uuidLike = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const messages = {
  tooDeep: {
    en: `The data nests deeper than ${maxDataDepth} levels.`,
    sv: `Uppgifterna är nästlade i mer än ${maxDataDepth} nivåer.`,
  },
  notYourFile: {
    en: 'This file is not one you uploaded for this form (or it is attached already): upload it again.',
    sv: 'Filen är inte en som du laddat upp till det här formuläret (eller så är den redan bifogad): ladda upp den igen.',
  },
  invalid: { en: 'The form has errors', sv: 'Formuläret har fel' },
  status: { en: 'Choose one of', sv: 'Välj något av' },
} as const;
const say = (m: { en: string; sv: string }, language: string) => (language.startsWith('sv') ? m.sv : m.en);

const json = <T>(text: string | null | undefined, fallback: T): T => {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};
const iso = (d: Date | string): string => new Date(d).toISOString();
const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Submissions of forms, the fillers' autosaved drafts and their uploaded files: the domain logic,
 * with plain constructor arguments. Who sees what: staff with forms.submission.manage every
 * submission; a customer admin (forms.submission.read) their organisation's; everyone else their
 * own. Anything else answers like something that does not exist.
 */
export class SubmissionService {
  constructor(
    private readonly submissions: () => ModelStatic<SubmissionRow>,
    private readonly drafts: () => ModelStatic<DraftRow>,
    private readonly uploads: () => ModelStatic<UploadRow>,
    private readonly forms: () => FormService,
    private readonly validator: () => FormValidator,
    private readonly db: () => Database,
    private readonly events: EventBus,
    private readonly files: () => FileStore,
    private readonly settings: () => UploadSettings,
  ) {}

  // ---------------------------------------------------------------- filling

  /** The published form the actor may fill, or 404 (also for a form they may not fill). */
  async fillable(key: string, actor: Actor): Promise<PublishedForm> {
    const form = await this.forms().publishedForm(key);
    if (!form || !this.forms().mayFill(actor, form)) throw notFound('No such form.');
    return form;
  }

  /**
   * Submits data to the published version of a form: computed values are worked out here (a
   * submitted one is never trusted), then the data is validated with the version's compiled
   * validator; errors come per field in `language`. Files the data refers to must be the
   * actor's own uploads for this form; they are attached to the submission. Emits
   * `forms.submission.submitted` in the same transaction, and clears the actor's draft.
   */
  async submit(
    key: string,
    data: Record<string, unknown>,
    actor: Actor,
    language: string,
  ): Promise<Submission> {
    const form = await this.fillable(key, actor);
    checkDepth(data, language);
    const computed = applyComputed(form.content.uiSchema, data);
    const outcome = this.validator().validate(form.content.schema, computed, language, form.versionId);
    if (!outcome.ok) throw invalid(outcome.errors, language);
    const fileIds = await this.checkFiles(form, computed, actor, language);
    return this.db().transactional(async () => {
      const row = await this.submissions().create({
        id: randomUUID(),
        definition_id: form.definitionId,
        version_id: form.versionId,
        form_key: form.key,
        version: form.version,
        organization_id: actor.organizationId ?? null,
        user_id: actor.userId ?? null,
        status: form.statuses[0] ?? 'submitted',
        data: JSON.stringify(computed),
      });
      if (fileIds.length)
        await this.uploads().update({ submission_id: row.id }, { where: { id: { [Op.in]: fileIds } } });
      if (actor.userId)
        await this.drafts().destroy({ where: { definition_id: form.definitionId, user_id: actor.userId } });
      await this.events.emit('forms.submission.submitted', {
        submissionId: row.id,
        formKey: form.key,
        kind: form.kind,
        version: form.version,
        organizationId: row.organization_id,
        userId: row.user_id,
        status: row.status,
      });
      return toSubmission(row, form.kind, form.title, computed);
    });
  }

  /** The ids of uploads the data refers to; 422 for one that is not the actor's upload for this form. */
  private async checkFiles(
    form: PublishedForm,
    data: unknown,
    actor: Actor,
    language: string,
  ): Promise<string[]> {
    const refs = new Map<string, string>();
    collectUuids(data, '', refs);
    if (!refs.size) return [];
    const rows = await this.uploads().findAll({ where: { id: { [Op.in]: [...refs.keys()] } } });
    const errors: FieldError[] = [];
    for (const row of rows) {
      const mine =
        row.definition_id === form.definitionId &&
        !!actor.userId &&
        row.user_id === actor.userId &&
        row.submission_id === null;
      if (!mine) errors.push({ path: refs.get(row.id)!, message: say(messages.notYourFile, language) });
    }
    if (errors.length) throw invalid(errors, language);
    return rows.map((r) => r.id);
  }

  // ---------------------------------------------------------------- reading

  /** A page of submissions the actor may see, newest first (see the class comment). */
  async list(actor: Actor, filter: SubmissionFilter): Promise<SubmissionPage> {
    const scope = scopeOf(actor, filter.mine ?? false);
    if (!scope) return { items: [], nextCursor: null };
    const where: WhereOptions<SubmissionRow>[] = [scope];
    if (filter.form) where.push({ form_key: filter.form });
    if (filter.status) where.push({ status: filter.status });
    if (filter.organization) where.push({ organization_id: filter.organization });
    const after = decodeCursor(filter.cursor);
    if (after)
      where.push({
        [Op.or]: [
          { created_at: { [Op.lt]: after.createdAt } },
          { created_at: after.createdAt, id: { [Op.lt]: after.id } },
        ],
      } as WhereOptions<SubmissionRow>);
    const rows = await this.submissions().findAll({
      where: { [Op.and]: where },
      order: [
        ['created_at', 'DESC'],
        ['id', 'DESC'],
      ],
      limit: filter.limit + 1,
    });
    const page = rows.slice(0, filter.limit);
    const definitions = await this.forms().definitionsById(page.map((r) => r.definition_id));
    const items = page.map((r) => {
      const d = definitions.get(r.definition_id);
      return toSubmission(r, d?.kind ?? 'form', json(d?.title, {}), json(r.data, {}));
    });
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: rows.length > filter.limit && last ? encodeCursor(last.created_at, last.id) : null,
    };
  }

  /** True when a form with this key exists (whoever may see it). */
  async hasForm(key: string): Promise<boolean> {
    return !!(await this.forms().definitionRow(key));
  }

  /** One submission with the version it was filled in, or undefined (also when the actor may not see it). */
  async get(id: string, actor: Actor): Promise<SubmissionDetail | undefined> {
    const row = await this.submissions().findByPk(id);
    if (!row || !mayView(actor, row)) return undefined;
    const version = await this.forms().versionById(row.version_id);
    const definition = (await this.forms().definitionsById([row.definition_id])).get(row.definition_id);
    if (!version || !definition) return undefined;
    const title = json<Translated>(definition.title, {});
    return {
      ...toSubmission(row, definition.kind, title, json(row.data, {})),
      form: {
        key: definition.key,
        kind: definition.kind,
        title,
        description: json(definition.description, {}),
        version: version.version,
        schema: version.schema,
        uiSchema: version.uiSchema,
        translations: version.translations,
        defaultLanguage: version.defaultLanguage,
      },
      statuses: json(definition.statuses, [] as string[]),
    };
  }

  /**
   * Sets a submission's status (one of its form's statuses) and emits
   * `forms.submission.status-changed`. Undefined when there is no such submission for the actor.
   */
  async setStatus(
    id: string,
    status: string,
    actor: Actor,
    language: string,
  ): Promise<Submission | undefined> {
    return this.db().transactional(async () => {
      const row = await this.submissions().findByPk(id, { lock: true });
      if (!row || !mayView(actor, row)) return undefined;
      const definition = (await this.forms().definitionsById([row.definition_id])).get(row.definition_id);
      if (!definition) return undefined;
      const statuses = json<string[]>(definition.statuses, []);
      if (!statuses.includes(status))
        throw new ProblemError(422, {
          title: say(messages.invalid, language),
          detail: `/status: ${say(messages.status, language)} ${statuses.join(', ')}`,
          errors: [
            {
              in: 'body',
              path: '/status',
              message: `${say(messages.status, language)} ${statuses.join(', ')}`,
            },
          ],
        });
      const from = row.status;
      if (from !== status) {
        row.status = status;
        await row.save();
        await this.events.emit('forms.submission.status-changed', {
          submissionId: row.id,
          formKey: row.form_key,
          kind: definition.kind,
          version: row.version,
          organizationId: row.organization_id,
          userId: row.user_id,
          from,
          to: status,
        });
      }
      return toSubmission(row, definition.kind, json(definition.title, {}), json(row.data, {}));
    });
  }

  /**
   * The submissions of a form as CSV (see csv.ts): fixed columns, then one per leaf field of
   * every version the exported submissions were filled in. Undefined when there is no such form.
   */
  async csv(
    key: string,
    actor: Actor,
    filter: { status?: string; organization?: string },
  ): Promise<string | undefined> {
    const definition = await this.forms().definitionRow(key);
    if (!definition) return undefined;
    const scope = scopeOf(actor, false);
    if (!scope) return undefined;
    const where: WhereOptions<SubmissionRow> = {
      [Op.and]: [
        scope,
        { definition_id: definition.id },
        ...(filter.status ? [{ status: filter.status }] : []),
        ...(filter.organization ? [{ organization_id: filter.organization }] : []),
      ],
    };
    const rows = await this.submissions().findAll({
      where,
      order: [
        ['created_at', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    const versionIds = [...new Set(rows.map((r) => r.version_id))];
    const contents = await Promise.all(versionIds.map((id) => this.forms().versionById(id)));
    const schemas = contents
      .filter((c) => !!c)
      .sort((a, b) => b.version - a.version)
      .map((c) => c.schema);
    if (!schemas.length) {
      const published = await this.forms().published(key);
      if (published) schemas.push(published.schema);
    }
    const columns = leafColumns(schemas);
    const names = await this.names(rows);
    const lines = [
      csvRecord([
        'id',
        'form',
        'version',
        'status',
        'organization',
        'submittedBy',
        'submittedAt',
        ...columns.map((c) => c.header),
      ]),
    ];
    for (const r of rows) {
      const data = json<unknown>(r.data, {});
      lines.push(
        csvRecord([
          r.id,
          r.form_key,
          r.version,
          r.status,
          (r.organization_id && names.organizations.get(r.organization_id)) ?? r.organization_id ?? '',
          (r.user_id && names.users.get(r.user_id)) ?? r.user_id ?? '',
          iso(r.created_at),
          ...columns.map((c) => valueAt(data, c.path)),
        ]),
      );
    }
    return bom + lines.join('\r\n') + '\r\n';
  }

  /** Names of the organisations and people of some submissions, from core's identity tables. */
  private async names(rows: readonly SubmissionRow[]) {
    const select = <T extends object>(sql: string, ids: string[]) =>
      ids.length
        ? this.db().sequelize.query<T>(sql, { replacements: [ids], type: QueryTypes.SELECT })
        : Promise.resolve([] as T[]);
    const orgIds = [...new Set(rows.map((r) => r.organization_id).filter((x): x is string => !!x))];
    const userIds = [...new Set(rows.map((r) => r.user_id).filter((x): x is string => !!x))];
    const [orgs, users] = await Promise.all([
      select<{ id: string; name: string }>(
        'SELECT id, name FROM portico_organizations WHERE id IN (?)',
        orgIds,
      ),
      select<{ id: string; name: string; email: string }>(
        'SELECT id, name, email FROM portico_users WHERE id IN (?)',
        userIds,
      ),
    ]);
    return {
      organizations: new Map(orgs.map((o) => [o.id, o.name])),
      users: new Map(users.map((u) => [u.id, `${u.name} <${u.email}>`])),
    };
  }

  // ---------------------------------------------------------------- drafts

  async getDraft(key: string, actor: Actor): Promise<FormDraft | undefined> {
    const form = await this.fillable(key, actor);
    if (!actor.userId) return undefined;
    const row = await this.drafts().findOne({
      where: { definition_id: form.definitionId, user_id: actor.userId },
    });
    return row ? { data: json(row.data, {}), updatedAt: iso(row.updated_at) } : undefined;
  }

  /** Saves the actor's draft as it is (not validated: it is work in progress), replacing the last one. */
  async saveDraft(
    key: string,
    data: Record<string, unknown>,
    actor: Actor,
    language: string,
  ): Promise<FormDraft> {
    const form = await this.fillable(key, actor);
    if (!actor.userId) throw new ProblemError(403, { detail: 'Only a person can keep a draft.' });
    checkDepth(data, language);
    const now = new Date();
    const text = JSON.stringify(data);
    return this.db().transactional(async () => {
      const where = { definition_id: form.definitionId, user_id: actor.userId! };
      const [n] = await this.drafts().update({ data: text, updated_at: now }, { where });
      if (!n) await this.drafts().create({ ...where, data: text, updated_at: now });
      return { data, updatedAt: now.toISOString() };
    });
  }

  async deleteDraft(key: string, actor: Actor): Promise<boolean> {
    const form = await this.fillable(key, actor);
    if (!actor.userId) return false;
    return (
      (await this.drafts().destroy({ where: { definition_id: form.definitionId, user_id: actor.userId } })) >
      0
    );
  }

  // ---------------------------------------------------------------- files

  /**
   * Stores a file for a form the actor may fill: checked by its bytes against the types and the
   * size the field allows (`field`, a JSON pointer into the data) or, without a field, the forms
   * settings. Until a submission refers to it only its uploader can read it.
   */
  async upload(
    key: string,
    actor: Actor,
    file: { bytes: Buffer; name: string; declaredType: string; field?: string },
  ): Promise<UploadedFile> {
    const form = await this.fillable(key, actor);
    if (!actor.userId) throw new ProblemError(403, { detail: 'Only a person can upload files for a form.' });
    const settings = this.settings();
    const defaults = { types: settings.uploadTypes, maxBytes: settings.uploadMaxBytes };
    let limits = defaults;
    if (file.field !== undefined) {
      const found = fieldLimits(form.content.schema, form.content.uiSchema, file.field, defaults);
      if (!found)
        throw new ProblemError(400, {
          title: 'Invalid request',
          detail: `The form has no file field at ${file.field}.`,
          errors: [{ in: 'query', path: '/field', message: 'is not a file field of this form' }],
        });
      limits = found;
    }
    if (!file.bytes.length) throw uploadRefused('The request body is empty. Send the bytes of the file.');
    if (file.bytes.length > limits.maxBytes)
      throw new ProblemError(413, {
        detail: `The file is larger than the limit of ${formatBytes(limits.maxBytes)} for this field. Send a smaller file.`,
      });
    const type = sniffType(file.bytes, file.name, file.declaredType);
    const allowedNames = limits.types.flatMap((t) => knownUploadTypes[t] ?? [t]).join(', ');
    if (!type || !limits.types.includes(type))
      throw uploadRefused(
        type
          ? `This field does not accept ${(knownUploadTypes[type] ?? [type])[0]!.toUpperCase()} files. Accepted: ${allowedNames}.`
          : `The file is of a type this form does not accept. Accepted: ${allowedNames}.`,
      );
    const name = cleanFileName(file.name) || 'file';
    const stored = await this.files().put({
      bytes: file.bytes,
      contentType: type,
      ownerType: uploadOwner,
      ownerId: actor.userId,
      organizationId: actor.organizationId ?? null,
    });
    await this.uploads().create({
      id: stored.id,
      definition_id: form.definitionId,
      user_id: actor.userId,
      organization_id: actor.organizationId ?? null,
      submission_id: null,
      name,
      content_type: type,
      size: stored.size,
      created_at: stored.createdAt,
    });
    return { id: stored.id, name, contentType: type, size: stored.size };
  }

  /**
   * A file and its bytes for the actor: its uploader, or whoever may see the submission it is
   * attached to. Undefined otherwise, exactly as for a file that does not exist.
   */
  async file(
    id: string,
    actor: Actor,
  ): Promise<{ upload: UploadedFile; record: StoredFile; bytes: Buffer } | undefined> {
    const row = await this.uploads().findByPk(id);
    if (!row) return undefined;
    let visible = !!actor.userId && row.user_id === actor.userId;
    if (!visible && row.submission_id) {
      const submission = await this.submissions().findByPk(row.submission_id);
      visible = !!submission && mayView(actor, submission);
    }
    if (!visible) return undefined;
    const stored = await this.files().get(id);
    if (!stored) return undefined;
    return {
      upload: { id: row.id, name: row.name, contentType: row.content_type, size: row.size },
      ...stored,
    };
  }

  // ---------------------------------------------------------------- GDPR

  /** Everything the forms engine holds about a person who filled forms. */
  async exportUser(userId: string): Promise<Record<string, unknown>> {
    const [submissions, drafts, uploads] = await Promise.all([
      this.submissions().findAll({ where: { user_id: userId }, order: [['created_at', 'ASC']] }),
      this.drafts().findAll({ where: { user_id: userId } }),
      this.uploads().findAll({ where: { user_id: userId } }),
    ]);
    return {
      submissions: submissions.map((r) => ({
        id: r.id,
        formKey: r.form_key,
        version: r.version,
        status: r.status,
        data: json(r.data, {}),
        createdAt: iso(r.created_at),
      })),
      drafts: drafts.map((d) => ({
        formId: d.definition_id,
        data: json(d.data, {}),
        updatedAt: iso(d.updated_at),
      })),
      files: uploads.map((u) => ({ id: u.id, name: u.name, contentType: u.content_type, size: u.size })),
    };
  }

  /**
   * Forgets a person: their drafts and the files no submission refers to are deleted; their
   * submissions stay with their organisation (a business record) without the link to them.
   */
  async eraseUser(userId: string): Promise<void> {
    await this.db().transactional(async () => {
      await this.drafts().destroy({ where: { user_id: userId } });
      const loose = await this.uploads().findAll({ where: { user_id: userId, submission_id: null } });
      for (const u of loose) await this.files().delete(u.id);
      await this.uploads().destroy({ where: { user_id: userId, submission_id: null } });
      await this.uploads().update({ user_id: null }, { where: { user_id: userId } });
      await this.submissions().update({ user_id: null }, { where: { user_id: userId } });
    });
  }
}

/** Which submissions the actor sees (see SubmissionService), or undefined for none. */
function scopeOf(actor: Actor, mine: boolean): WhereOptions<SubmissionRow> | undefined {
  if (mine) return actor.userId ? { user_id: actor.userId } : undefined;
  for (const permission of ['forms.submission.manage', 'forms.submission.read'])
    if (hasPermission(actor, permission))
      return organizationWhere(actor, permission, 'organization_id') as WhereOptions<SubmissionRow>;
  return actor.userId ? { user_id: actor.userId } : undefined;
}

function mayView(actor: Actor, row: SubmissionRow): boolean {
  if (actor.userId && row.user_id === actor.userId) return true;
  for (const permission of ['forms.submission.manage', 'forms.submission.read']) {
    if (!hasPermission(actor, permission)) continue;
    if (actor.kind === 'system' || actor.organizationKind === 'provider') return true;
    return !!actor.organizationId && row.organization_id === actor.organizationId;
  }
  return false;
}

function toSubmission(
  row: SubmissionRow,
  kind: FormKind,
  title: Translated,
  data: Record<string, unknown>,
): Submission {
  return {
    id: row.id,
    formKey: row.form_key,
    kind,
    formTitle: title,
    version: row.version,
    status: row.status,
    data,
    organizationId: row.organization_id,
    userId: row.user_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

function invalid(errors: FieldError[], language: string): ProblemError {
  const first = errors[0]!;
  return new ProblemError(422, {
    title: say(messages.invalid, language),
    detail: `${first.path}: ${first.message}${errors.length > 1 ? ` (+${errors.length - 1})` : ''}`,
    errors,
  });
}

/** Refuses data deeper than maxDataDepth, walking it without recursion. */
function checkDepth(data: unknown, language: string): void {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: data, depth: 1 }];
  while (stack.length) {
    const { v, depth } = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth > maxDataDepth)
      throw invalid([{ path: '/', message: say(messages.tooDeep, language) }], language);
    for (const child of Object.values(v))
      if (child && typeof child === 'object') stack.push({ v: child, depth: depth + 1 });
  }
}

/** Every string of the data that looks like a file id, with its JSON pointer. */
function collectUuids(v: unknown, path: string, out: Map<string, string>): void {
  if (typeof v === 'string') {
    if (uuidLike.test(v) && !out.has(v)) out.set(v, path || '/');
  } else if (Array.isArray(v)) v.forEach((x, i) => collectUuids(x, `${path}/${i}`, out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) collectUuids(x, `${path}/${escape(k)}`, out);
}

function encodeCursor(createdAt: Date | string, id: string): string {
  return Buffer.from(JSON.stringify([iso(createdAt), id])).toString('base64url');
}

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    const createdAt = new Date(at as string);
    if (typeof id === 'string' && typeof at === 'string' && !Number.isNaN(createdAt.getTime()))
      return { createdAt, id };
  } catch {
    // Answered below, like any other malformed cursor.
  }
  throw new ProblemError(400, {
    title: 'Invalid request',
    detail: 'The cursor is not one this list gave out. Start again without it.',
    errors: [{ in: 'query', path: '/cursor', message: 'is not a cursor of this list' }],
  });
}
