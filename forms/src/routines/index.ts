import { coreServices, type Lazy, type RegisterContext } from '@portico/core';
import { createRoutines } from '../migrations/20261202120000-create-routines.js';
import type { FormsSettings } from '../submissions/index.js';
import {
  routineAttributes,
  routineOptions,
  routineTable,
  runAttributes,
  runOptions,
  runTable,
  type RoutineRow,
  type RunRow,
} from './models.js';
import {
  RoutineRunner,
  webhookRequestedEvent,
  type RecordPort,
  type SubmissionEventPayload,
  type SubmissionPort,
} from './routine-runner.js';
import { routineRoutes } from './routes.js';
import { RoutineService } from './routine-service.js';

export type { RecordPort, RoutineSubmission, SubmissionPort } from './routine-runner.js';
export type { Routine, RoutineRun } from './routine-service.js';
export type { RoutineInput, Step, Trigger } from './routine-schema.js';

export interface RoutinesDeps {
  /** The statuses of a form, or undefined when there is no such form. */
  statusesOf: (formKey: string) => Promise<string[] | undefined>;
  submissions: Lazy<SubmissionPort>;
  /** Structures, when the portal has them. */
  records: () => RecordPort | undefined;
  structureExists: (key: string) => Promise<boolean>;
  settings: Lazy<FormsSettings>;
}

/** Declares routines: models, migration, routes, and the subscribers that run them. */
export function registerRoutines(ctx: RegisterContext, deps: RoutinesDeps): void {
  const routines = ctx.model<RoutineRow>(routineTable, routineAttributes, {
    ...routineOptions,
    personalData: ['created_by'],
  });
  const runs = ctx.model<RunRow>(runTable, runAttributes, runOptions);
  ctx.migrations([createRoutines]);
  const mailer = ctx.use(coreServices.mail);
  const secrets = ctx.use(coreServices.secrets);
  const config = ctx.use(coreServices.config);
  let service: RoutineService | undefined;
  const lazyService = () => (service ??= new RoutineService(routines, runs, secrets));
  let runner: RoutineRunner | undefined;
  const lazyRunner = () =>
    (runner ??= new RoutineRunner({
      db: ctx.db,
      routines,
      runs,
      events: ctx.events,
      mailer,
      secrets,
      submissions: deps.submissions,
      records: deps.records,
      settings: deps.settings,
      maxAttempts: () => config().events.maxAttempts,
      log: ctx.log,
    }));

  routineRoutes(ctx, lazyService, async (formKey) => {
    const statuses = await deps.statusesOf(formKey);
    if (!statuses) return undefined;
    return {
      statuses,
      structureExists: deps.structureExists,
      compileMail: (mail, language) => mailer().templates.inline(mail, language),
    };
  });

  ctx.on<SubmissionEventPayload>(
    'forms.submission.submitted',
    (e) => lazyRunner().onSubmission(e, 'submitted'),
    {
      name: 'routines-on-submitted',
    },
  );
  ctx.on<SubmissionEventPayload>(
    'forms.submission.status-changed',
    (e) => lazyRunner().onSubmission(e, 'status-changed'),
    { name: 'routines-on-status-changed' },
  );
  ctx.on<{ runId: string; trigger: string }>(webhookRequestedEvent, (e) => lazyRunner().deliverWebhook(e), {
    name: 'routines-webhook',
  });
}
