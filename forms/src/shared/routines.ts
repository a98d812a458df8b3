/**
 * Routines as the API takes and gives them, for the server and the admin app alike (types only).
 * The JSON Schemas that check them are in src/routines/routine-schema.ts.
 */

export type Trigger = { on: 'submitted' } | { on: 'status-changed'; status?: string };
export type Recipient = 'submitter' | 'company-admins' | { role: string };
/** A mail per language code: the recipient gets theirs, else the first one written. */
export type RoutineMail = Record<string, { subject: string; text: string }>;

/** One step of a routine, as written (a webhook's secret is only ever sent, never shown). */
export type Step =
  | { type: 'email'; to: Recipient; mail: RoutineMail }
  | { type: 'set-status'; status: string }
  | { type: 'create-record'; structure: string; fields: Record<string, string> }
  | { type: 'webhook'; url: string; secret?: string }
  | { type: 'emit'; event: string };

/** What POST /forms/{key}/routines and PUT /forms/routines/{id} take. */
export interface RoutineInput {
  name: string;
  trigger: Trigger;
  steps: Step[];
  enabled?: boolean;
}

/** A step as the API shows it: a webhook says whether it has a secret, never which. */
export type StepView =
  | Exclude<Step, { type: 'webhook' }>
  | (Omit<Extract<Step, { type: 'webhook' }>, 'secret'> & { secretSet: boolean });

/** A routine as the API shows it. */
export interface Routine {
  id: string;
  formKey: string;
  name: string;
  trigger: Trigger;
  steps: StepView[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** One run of one step for one submission (GET /forms/routines/{id}/runs). */
export interface RoutineRun {
  id: string;
  routineId: string;
  submissionId: string;
  step: number;
  type: string;
  status: 'pending' | 'done' | 'failed';
  attempts: number;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}
