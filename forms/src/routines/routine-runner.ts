import { randomUUID } from 'node:crypto';
import type { ModelStatic } from 'sequelize';
import type { Database, DomainEvent, EventBus, Mailer, SecretSealer } from '@portico/core';
import type { Logger } from 'pino';
import { findRecipients } from './recipients.js';
import type { RoutineRow, RunRow } from './models.js';
import type { Step } from './routine-schema.js';
import { callWebhook } from './webhook.js';
import type { FormsSettings } from '../submissions/index.js';

/** A submission as routines see it. */
export interface RoutineSubmission {
  id: string;
  formKey: string;
  formTitle: Record<string, string>;
  version: number;
  organizationId: string;
  userId: string | null;
  status: string;
  data: unknown;
  createdAt: Date;
}

/** What routines need of submissions: read one, and set its status (which emits status-changed). */
export interface SubmissionPort {
  get(id: string): Promise<RoutineSubmission | undefined>;
  setStatus(id: string, status: string): Promise<void>;
}

/** What routines need of structures: create a record for an organisation. */
export interface RecordPort {
  create(structure: string, organizationId: string, data: Record<string, unknown>): Promise<{ id: string }>;
}

/** Payload of forms.submission.submitted and forms.submission.status-changed (the fields routines read). */
export interface SubmissionEventPayload {
  submissionId: string;
  formKey: string;
  to?: string;
  status?: string;
}

export const webhookRequestedEvent = 'forms.routine.webhook-requested';

/** More step runs than this for one submission means routines trigger each other in a circle. */
const maxRunsPerSubmission = 100;

export interface RoutineRunnerDeps {
  db: () => Database;
  routines: () => ModelStatic<RoutineRow>;
  runs: () => ModelStatic<RunRow>;
  events: EventBus;
  mailer: () => Mailer;
  secrets: () => SecretSealer;
  submissions: () => SubmissionPort;
  records: () => RecordPort | undefined;
  settings: () => FormsSettings;
  maxAttempts: () => number;
  log: Logger;
}

/**
 * Runs routines when submissions arrive or change status. Each step commits together with its
 * run record (unique per triggering event, routine and step), so a retried delivery of the same
 * event skips what is done and repeats only what failed: no mail goes out twice, no record is
 * created twice. A webhook is its own outbox event, retried with backoff until it answers 2xx.
 */
export class RoutineRunner {
  constructor(private readonly deps: RoutineRunnerDeps) {}

  async onSubmission(
    event: DomainEvent<SubmissionEventPayload>,
    on: 'submitted' | 'status-changed',
  ): Promise<void> {
    const { submissionId, formKey } = event.payload;
    const newStatus = event.payload.to ?? event.payload.status;
    const routines = (
      await this.deps
        .routines()
        .findAll({ where: { form_key: formKey, enabled: true }, order: [['created_at', 'ASC']] })
    ).filter(
      (r) =>
        r.trigger.on === on &&
        (on === 'submitted' ||
          !('status' in r.trigger) ||
          !r.trigger.status ||
          r.trigger.status === newStatus),
    );
    if (!routines.length) return;
    const submission = await this.deps.submissions().get(submissionId);
    if (!submission) return; // erased since: nothing to act on
    const previous = await this.deps.runs().count({ where: { submission_id: submissionId } });
    let failure: unknown;
    for (const routine of routines) {
      if (previous >= maxRunsPerSubmission) {
        this.deps.log.error(
          { routine: routine.id, submissionId },
          'routines trigger each other in a circle; stopped',
        );
        await this.record(
          routine,
          submission,
          event,
          0,
          'set-status',
          'failed',
          'Stopped: routines trigger each other in a circle.',
        );
        return;
      }
      const done = new Map(
        (await this.deps.runs().findAll({ where: { event_id: event.id, routine_id: routine.id } })).map(
          (r) => [r.step, r],
        ),
      );
      for (const [index, step] of routine.steps.entries()) {
        const earlier = done.get(index);
        if (earlier && earlier.status !== 'failed') continue;
        try {
          await this.deps.db().transactional(async () => {
            await this.runStep(step, routine, submission, event, index, earlier);
          });
        } catch (err) {
          failure = err;
          const message = err instanceof Error ? err.message : String(err);
          this.deps.log.warn({ err, routine: routine.id, step: index, submissionId }, 'routine step failed');
          await this.record(routine, submission, event, index, step.type, 'failed', message, earlier);
          break; // later steps may rely on this one: they wait for the retry
        }
      }
    }
    // The outbox delivers the event again with backoff; done steps are skipped then.
    if (failure) throw failure;
  }

  private async runStep(
    step: Step,
    routine: RoutineRow,
    submission: RoutineSubmission,
    event: DomainEvent<SubmissionEventPayload>,
    index: number,
    earlier: RunRow | undefined,
  ): Promise<void> {
    switch (step.type) {
      case 'email': {
        const people = await findRecipients(this.deps.db(), step.to, submission);
        for (const person of people) {
          const languages = Object.keys(step.mail);
          const lang =
            [person.language, person.language.split('-')[0]!].find((l) => step.mail[l]) ?? languages[0]!;
          await this.deps.mailer().send({
            to: person.email,
            inline: step.mail[lang]!,
            language: lang,
            organizationId: person.organizationId,
            userId: person.userId,
            data: {
              form: {
                key: submission.formKey,
                title:
                  submission.formTitle[lang] ?? Object.values(submission.formTitle)[0] ?? submission.formKey,
              },
              submission: {
                id: submission.id,
                status: submission.status,
                version: submission.version,
                createdAt: submission.createdAt.toISOString(),
                url: this.deps.mailer().link(`/forms/submissions/${submission.id}`),
              },
              data: submission.data,
            },
          });
        }
        break;
      }
      case 'set-status':
        // Setting the status it already has is no change and emits nothing: no loop on itself.
        if (submission.status !== step.status) {
          await this.deps.submissions().setStatus(submission.id, step.status);
          submission.status = step.status;
        }
        break;
      case 'create-record': {
        const records = this.deps.records();
        if (!records) throw new Error('Structures are not available in this portal.');
        const data: Record<string, unknown> = {};
        for (const [field, pointer] of Object.entries(step.fields)) {
          const value = valueAt(submission.data, pointer);
          if (value !== undefined) data[field] = value;
        }
        await records.create(step.structure, submission.organizationId, data);
        break;
      }
      case 'emit':
        await this.deps.events.emit(step.event, {
          submissionId: submission.id,
          formKey: submission.formKey,
          version: submission.version,
          organizationId: submission.organizationId,
          userId: submission.userId,
          status: submission.status,
          data: submission.data,
          routine: { id: routine.id, name: routine.name },
        });
        break;
      case 'webhook': {
        // The call happens after commit, from the outbox, so a slow receiver holds no transaction.
        const id = await this.record(routine, submission, event, index, 'webhook', 'pending', null, earlier);
        await this.deps.events.emit(webhookRequestedEvent, { runId: id, trigger: event.name });
        return;
      }
    }
    await this.record(routine, submission, event, index, step.type, 'done', null, earlier);
  }

  /** Writes (or updates) the run record of one step. Returns its id. */
  private async record(
    routine: RoutineRow,
    submission: RoutineSubmission,
    event: DomainEvent,
    step: number,
    type: string,
    status: RunRow['status'],
    error: string | null,
    earlier?: RunRow,
  ): Promise<string> {
    const finished = status === 'pending' ? null : new Date();
    if (earlier) {
      await earlier.update({ status, error, attempts: earlier.attempts + 1, finished_at: finished });
      return earlier.id;
    }
    const id = randomUUID();
    await this.deps.runs().create({
      id,
      routine_id: routine.id,
      submission_id: submission.id,
      event_id: event.id,
      step,
      type,
      status,
      attempts: 1,
      error,
      started_at: new Date(),
      finished_at: finished,
    });
    return id;
  }

  /** The webhook-requested subscriber: one call per delivery attempt, until the receiver answers 2xx. */
  async deliverWebhook(event: DomainEvent<{ runId: string; trigger: string }>): Promise<void> {
    const run = await this.deps.runs().findByPk(event.payload.runId);
    if (!run || run.status === 'done') return; // delivered already: never twice
    const routine = await this.deps.routines().findByPk(run.routine_id);
    const step = routine?.steps[run.step];
    const submission = await this.deps.submissions().get(run.submission_id);
    if (!routine || step?.type !== 'webhook' || !submission) {
      await run.update({
        status: 'failed',
        error: 'The routine, its step or the submission no longer exists.',
        finished_at: new Date(),
      });
      return;
    }
    const settings = this.deps.settings();
    try {
      await callWebhook({
        url: step.url,
        deliveryId: run.id,
        event: event.payload.trigger,
        secret: step.secret ? this.deps.secrets().open(step.secret, routine.id) : undefined,
        timeoutMs: settings.webhookTimeoutMs,
        allowPrivateNetworks: settings.webhooksAllowPrivateNetworks,
        body: {
          deliveryId: run.id,
          event: event.payload.trigger,
          routine: { id: routine.id, name: routine.name },
          submission: {
            id: submission.id,
            formKey: submission.formKey,
            version: submission.version,
            organizationId: submission.organizationId,
            userId: submission.userId,
            status: submission.status,
            createdAt: submission.createdAt.toISOString(),
            data: submission.data,
          },
        },
      });
    } catch (err) {
      const last = event.attempt >= this.deps.maxAttempts();
      await run.update({
        attempts: run.attempts + (event.attempt > 1 ? 1 : 0),
        error: err instanceof Error ? err.message : String(err),
        ...(last ? { status: 'failed', finished_at: new Date() } : {}),
      });
      throw err;
    }
    await run.update({ status: 'done', error: null, attempts: event.attempt, finished_at: new Date() });
  }
}

/** The value at a JSON pointer, or undefined. Own properties only. */
export function valueAt(data: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return data;
  let node = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = /^\d+$/.test(key) ? node[Number(key)] : undefined;
    else if (node && typeof node === 'object' && Object.hasOwn(node, key))
      node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}
