/**
 * The routine editor's model: a routine as the admin edits it (every field a string or a list, so
 * inputs stay controlled) and the conversions to and from what the API takes and gives. No React.
 */
import type { Routine, RoutineInput, RoutineMail as Mail, RoutineRun, Step } from '../shared/routines.js';
import type { JsonSchemaObject } from '../shared/types.js';

export type { Routine as RoutineView, RoutineRun };

export type StepType = 'email' | 'set-status' | 'create-record' | 'webhook' | 'emit';
export const stepTypes: readonly StepType[] = ['email', 'set-status', 'create-record', 'webhook', 'emit'];

export type RecipientKind = 'submitter' | 'company-admins' | 'role';

/** A step as the editor holds it; `uid` keys it in lists while steps move. */
export type StepDraft = { uid: string } & (
  | { type: 'email'; to: RecipientKind; role: string; mail: Mail }
  | { type: 'set-status'; status: string }
  | { type: 'create-record'; structure: string; fields: Array<{ field: string; pointer: string }> }
  /** `secret` empty: keep the one the server has (when `secretSet`), else none. */
  | { type: 'webhook'; url: string; secret: string; secretSet: boolean }
  | { type: 'emit'; event: string }
);

export interface RoutineDraft {
  id?: string;
  name: string;
  enabled: boolean;
  on: 'submitted' | 'status-changed';
  /** With status-changed: '' = any status. */
  status: string;
  steps: StepDraft[];
}

let counter = 0;
const uid = () => `s${++counter}`;

export function newStep(
  type: StepType,
  languages: readonly string[],
  statuses: readonly string[],
): StepDraft {
  switch (type) {
    case 'email':
      return {
        uid: uid(),
        type,
        to: 'submitter',
        role: '',
        mail: Object.fromEntries(languages.map((l) => [l, { subject: '', text: '' }])),
      };
    case 'set-status':
      return { uid: uid(), type, status: statuses[1] ?? statuses[0] ?? '' };
    case 'create-record':
      return { uid: uid(), type, structure: '', fields: [] };
    case 'webhook':
      return { uid: uid(), type, url: '', secret: '', secretSet: false };
    case 'emit':
      return { uid: uid(), type, event: '' };
  }
}

export function newRoutine(languages: readonly string[], statuses: readonly string[]): RoutineDraft {
  return {
    name: '',
    enabled: true,
    on: 'submitted',
    status: '',
    steps: [newStep('email', languages, statuses)],
  };
}

/** The editor's copy of a stored routine; languages of the portal without a mail get empty ones. */
export function toDraft(routine: Routine, languages: readonly string[]): RoutineDraft {
  return {
    id: routine.id,
    name: routine.name,
    enabled: routine.enabled,
    on: routine.trigger.on,
    status: routine.trigger.on === 'status-changed' ? (routine.trigger.status ?? '') : '',
    steps: routine.steps.map((step): StepDraft => {
      switch (step.type) {
        case 'email': {
          const mail: Mail = {};
          for (const l of languages) mail[l] = { subject: '', text: '' };
          for (const [l, m] of Object.entries(step.mail)) mail[l] = { ...m };
          return typeof step.to === 'object'
            ? { uid: uid(), type: 'email', to: 'role', role: step.to.role, mail }
            : { uid: uid(), type: 'email', to: step.to, role: '', mail };
        }
        case 'create-record':
          return {
            uid: uid(),
            type: 'create-record',
            structure: step.structure,
            fields: Object.entries(step.fields).map(([field, pointer]) => ({ field, pointer })),
          };
        case 'webhook':
          return { uid: uid(), type: 'webhook', url: step.url, secret: '', secretSet: !!step.secretSet };
        default:
          return { uid: uid(), ...step };
      }
    }),
  };
}

/**
 * What the API takes. Languages whose subject and text are both empty are left out; a webhook
 * without a new secret sends none, so the server keeps the one it has.
 */
export function toInput(draft: RoutineDraft): RoutineInput {
  return {
    name: draft.name.trim(),
    enabled: draft.enabled,
    trigger:
      draft.on === 'status-changed'
        ? { on: 'status-changed', ...(draft.status ? { status: draft.status } : {}) }
        : { on: 'submitted' },
    steps: draft.steps.map((step): Step => {
      switch (step.type) {
        case 'email':
          return {
            type: 'email',
            to: step.to === 'role' ? { role: step.role.trim() } : step.to,
            mail: Object.fromEntries(
              Object.entries(step.mail).filter(([, m]) => m.subject.trim() || m.text.trim()),
            ),
          };
        case 'set-status':
          return { type: 'set-status', status: step.status };
        case 'create-record':
          return {
            type: 'create-record',
            structure: step.structure,
            fields: Object.fromEntries(
              step.fields.filter((f) => f.field && f.pointer).map((f) => [f.field, f.pointer]),
            ),
          };
        case 'webhook':
          return { type: 'webhook', url: step.url.trim(), ...(step.secret ? { secret: step.secret } : {}) };
        case 'emit':
          return { type: 'emit', event: step.event.trim() };
      }
    }),
  };
}

/** The stored routine with `enabled` changed, as PUT takes it (webhook secrets kept). */
export function withEnabled(routine: Routine, enabled: boolean, languages: readonly string[]): RoutineInput {
  return toInput({ ...toDraft(routine, languages), enabled });
}

const eventName = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/**
 * What is still missing before the routine can be saved, as message keys by path (the same
 * paths the server's 422 uses). The server checks again; this only saves a round trip.
 */
export function missing(draft: RoutineDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!draft.name.trim()) out['/name'] = 'required';
  if (!draft.steps.length) out['/steps'] = 'noSteps';
  draft.steps.forEach((step, i) => {
    const at = `/steps/${i}`;
    switch (step.type) {
      case 'email': {
        if (step.to === 'role' && !step.role.trim()) out[`${at}/to`] = 'required';
        const filled = Object.entries(step.mail).filter(([, m]) => m.subject.trim() || m.text.trim());
        if (!filled.length) out[`${at}/mail`] = 'mailOne';
        for (const [l, m] of filled) {
          if (!m.subject.trim()) out[`${at}/mail/${l}/subject`] = 'required';
          if (!m.text.trim()) out[`${at}/mail/${l}/text`] = 'required';
        }
        break;
      }
      case 'set-status':
        if (!step.status) out[`${at}/status`] = 'required';
        break;
      case 'create-record':
        if (!step.structure) out[`${at}/structure`] = 'required';
        break;
      case 'webhook':
        if (!/^https?:\/\/[^\s/]+/i.test(step.url.trim())) out[`${at}/url`] = 'url';
        if (step.secret && step.secret.length < 16) out[`${at}/secret`] = 'secretShort';
        break;
      case 'emit':
        if (!eventName.test(step.event.trim())) out[`${at}/event`] = 'eventName';
        break;
    }
  });
  return out;
}

/** One field of submitted data: where it is (a JSON pointer) and what the admin called it. */
export interface DataField {
  pointer: string;
  label: string;
}

const escapeToken = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The fields a submission of `schema` may hold, in the schema's order: every property at any
 * depth of nested objects, including those of conditional branches (if/then/else, allOf,
 * dependentSchemas). Objects themselves are not listed, their fields are; a table (array) is
 * listed as one field. Labels are the fields' titles, else their names.
 */
export function dataFields(schema: JsonSchemaObject | undefined): DataField[] {
  const out = new Map<string, string>();
  const walk = (node: unknown, pointer: string, label: string, depth: number) => {
    if (!node || typeof node !== 'object' || Array.isArray(node) || depth > 12) return;
    const s = node as Record<string, unknown>;
    const props = s.properties && typeof s.properties === 'object' ? s.properties : undefined;
    for (const [name, child] of Object.entries(props ?? {})) {
      const c = (child ?? {}) as Record<string, unknown>;
      const childPointer = `${pointer}/${escapeToken(name)}`;
      const title = typeof c.title === 'string' && c.title.trim() ? c.title : name;
      const childLabel = label ? `${label} › ${title}` : title;
      const isObject = c.type === 'object' || (!c.type && !!c.properties);
      if (isObject) walk(c, childPointer, childLabel, depth + 1);
      else if (!out.has(childPointer)) out.set(childPointer, childLabel);
    }
    for (const key of ['then', 'else']) walk(s[key], pointer, label, depth + 1);
    for (const key of ['allOf', 'anyOf', 'oneOf'])
      if (Array.isArray(s[key]))
        for (const branch of s[key] as unknown[]) walk(branch, pointer, label, depth + 1);
    const dependent = s.dependentSchemas;
    if (dependent && typeof dependent === 'object')
      for (const branch of Object.values(dependent)) walk(branch, pointer, label, depth + 1);
  };
  walk(schema, '', '', 0);
  return [...out].map(([pointer, label]) => ({ pointer, label }));
}

/** Handlebars placeholders for a field: `data.machine.serial`, or with brackets for odd names. */
export function placeholderOf(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `{{${['data', ...parts.map((p) => (/^[A-Za-z_$][\w$]*$/.test(p) ? p : `[${p}]`))].join('.')}}}`;
}
