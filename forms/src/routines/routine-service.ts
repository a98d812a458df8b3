import { randomUUID } from 'node:crypto';
import type { ModelStatic } from 'sequelize';
import type { FieldError, SecretSealer } from '@portico/core';
import type { RoutineRow, RunRow } from './models.js';
import type { Routine, RoutineInput, RoutineRun, Step } from '../shared/routines.js';

export type { Routine, RoutineRun } from '../shared/routines.js';

/** What a routine's checks need to know about the form it belongs to and the portal. */
export interface RoutineContext {
  statuses: string[];
  structureExists(key: string): Promise<boolean>;
  compileMail(mail: { subject: string; text: string }, language: string): void;
}

/** Stores routines; checks what a JSON Schema cannot (statuses, structures, templates). */
export class RoutineService {
  constructor(
    private readonly routines: () => ModelStatic<RoutineRow>,
    private readonly runs: () => ModelStatic<RunRow>,
    private readonly secrets: () => SecretSealer,
  ) {}

  async list(formKey: string): Promise<Routine[]> {
    const rows = await this.routines().findAll({
      where: { form_key: formKey },
      order: [['created_at', 'ASC']],
    });
    return rows.map(toRoutine);
  }

  async get(id: string): Promise<Routine | undefined> {
    const row = await this.routines().findByPk(id);
    return row ? toRoutine(row) : undefined;
  }

  async formKeyOf(id: string): Promise<string | undefined> {
    return (await this.routines().findByPk(id))?.form_key;
  }

  /** The problems of a routine for its form, with paths into the request body; [] when it can be saved. */
  async problems(input: RoutineInput, context: RoutineContext): Promise<FieldError[]> {
    const out: FieldError[] = [];
    if (
      input.trigger.on === 'status-changed' &&
      input.trigger.status &&
      !context.statuses.includes(input.trigger.status)
    )
      out.push({
        in: 'body',
        path: '/trigger/status',
        message: `is not a status of this form (${context.statuses.join(', ')})`,
      });
    for (const [i, step] of input.steps.entries()) {
      const at = `/steps/${i}`;
      if (step.type === 'set-status' && !context.statuses.includes(step.status))
        out.push({
          in: 'body',
          path: `${at}/status`,
          message: `is not a status of this form (${context.statuses.join(', ')})`,
        });
      if (step.type === 'create-record' && !(await context.structureExists(step.structure)))
        out.push({
          in: 'body',
          path: `${at}/structure`,
          message: `there is no published structure "${step.structure}"`,
        });
      if (step.type === 'email') {
        for (const [lang, mail] of Object.entries(step.mail)) {
          try {
            context.compileMail(mail, lang);
          } catch (err) {
            out.push({
              in: 'body',
              path: `${at}/mail/${lang}`,
              message: `the template does not compile: ${(err as Error).message.split('\n')[0]}`,
            });
          }
        }
      }
    }
    return out;
  }

  async create(formKey: string, input: RoutineInput, userId: string | null): Promise<Routine> {
    const id = randomUUID();
    const row = await this.routines().create({
      id,
      form_key: formKey,
      name: input.name,
      trigger: input.trigger,
      steps: this.seal(id, input.steps, []),
      enabled: input.enabled ?? true,
      created_by: userId,
    });
    return toRoutine(row);
  }

  /**
   * Replaces a routine. A webhook step sent without `secret` keeps the secret of the webhook step
   * at the same place with the same URL, so an admin edits a routine without retyping secrets.
   */
  async update(id: string, input: RoutineInput): Promise<Routine | undefined> {
    const row = await this.routines().findByPk(id);
    if (!row) return undefined;
    await row.update({
      name: input.name,
      trigger: input.trigger,
      steps: this.seal(id, input.steps, row.steps),
      enabled: input.enabled ?? true,
    });
    return toRoutine(row);
  }

  async remove(id: string): Promise<boolean> {
    const removed = await this.routines().destroy({ where: { id } });
    return removed > 0;
  }

  async recentRuns(routineId: string, limit: number): Promise<RoutineRun[]> {
    const rows = await this.runs().findAll({
      where: { routine_id: routineId },
      order: [['started_at', 'DESC']],
      limit,
    });
    return rows.map((r) => ({
      id: r.id,
      routineId: r.routine_id,
      submissionId: r.submission_id,
      step: r.step,
      type: r.type,
      status: r.status,
      attempts: r.attempts,
      error: r.error,
      startedAt: r.started_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
    }));
  }

  private seal(id: string, steps: Step[], previous: Step[]): Step[] {
    return steps.map((step, i) => {
      if (step.type !== 'webhook') return step;
      if (step.secret) return { ...step, secret: this.secrets().seal(step.secret, id) };
      const before = previous[i];
      return before?.type === 'webhook' && before.url === step.url && before.secret
        ? { ...step, secret: before.secret }
        : step;
    });
  }
}

function toRoutine(row: RoutineRow): Routine {
  return {
    id: row.id,
    formKey: row.form_key,
    name: row.name,
    trigger: row.trigger,
    steps: row.steps.map((s) => {
      if (s.type !== 'webhook') return s;
      const { secret, ...rest } = s;
      return { ...rest, secretSet: !!secret };
    }),
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
