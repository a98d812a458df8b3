import { expect } from 'chai';
import {
  dataFields,
  missing,
  newRoutine,
  placeholderOf,
  toDraft,
  toInput,
  withEnabled,
  type RoutineView,
} from '../src/admin/routine-draft.js';

// The routine editor's model: what the admin picks becomes the body the routines API takes,
// and a stored routine comes back into the editor unchanged, secrets kept on the server.

const stored: RoutineView = {
  id: 'r1',
  formKey: 'service',
  name: 'Confirm and tell the ERP',
  enabled: true,
  trigger: { on: 'status-changed', status: 'done' },
  steps: [
    {
      type: 'email',
      to: { role: 'service-desk' },
      mail: { sv: { subject: 'Klart', text: 'Hej {{data.serial}}' } },
    },
    { type: 'set-status', status: 'closed' },
    { type: 'create-record', structure: 'machines', fields: { serial: '/machine/serial' } },
    { type: 'webhook', url: 'https://erp.example.com/hook', secretSet: true },
    { type: 'emit', event: 'erp.case.closed' },
  ],
  createdAt: '2026-12-01T10:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
};

describe('forms admin: the routine editor model', () => {
  it('turns a stored routine into the editor and back into the same request, without a webhook secret', () => {
    const draft = toDraft(stored, ['en', 'sv']);
    // The portal's other language gets an empty mail to write; it is left out again when empty.
    expect(draft.steps[0]).to.include({ type: 'email', to: 'role', role: 'service-desk' });
    expect(Object.keys((draft.steps[0] as { mail: object }).mail)).to.have.members(['en', 'sv']);
    expect(draft.steps[3]).to.include({ secret: '', secretSet: true });
    expect(toInput(draft)).to.deep.equal({
      name: 'Confirm and tell the ERP',
      enabled: true,
      trigger: { on: 'status-changed', status: 'done' },
      steps: [
        {
          type: 'email',
          to: { role: 'service-desk' },
          mail: { sv: { subject: 'Klart', text: 'Hej {{data.serial}}' } },
        },
        { type: 'set-status', status: 'closed' },
        { type: 'create-record', structure: 'machines', fields: { serial: '/machine/serial' } },
        { type: 'webhook', url: 'https://erp.example.com/hook' },
        { type: 'emit', event: 'erp.case.closed' },
      ],
    });
  });

  it('switches a routine off without touching its steps', () => {
    const input = withEnabled(stored, false, ['en']);
    expect(input.enabled).to.equal(false);
    expect(input.steps).to.have.length(5);
    expect(input.steps[3]).to.deep.equal({ type: 'webhook', url: 'https://erp.example.com/hook' });
  });

  it('sends a new webhook secret only when one was typed, and any status when none was chosen', () => {
    const draft = toDraft(stored, ['sv']);
    draft.on = 'status-changed';
    draft.status = '';
    draft.steps[3] = {
      ...draft.steps[3]!,
      secret: 'a-new-secret-of-sufficient-length',
    } as (typeof draft.steps)[3];
    const input = toInput(draft);
    expect(input.trigger).to.deep.equal({ on: 'status-changed' });
    expect(input.steps[3]).to.deep.equal({
      type: 'webhook',
      url: 'https://erp.example.com/hook',
      secret: 'a-new-secret-of-sufficient-length',
    });
  });

  it('says what is missing at the paths the server uses, and nothing when the routine is complete', () => {
    const draft = newRoutine(['en', 'sv'], ['submitted', 'in-progress']);
    expect(missing(draft)).to.deep.equal({ '/name': 'required', '/steps/0/mail': 'mailOne' });
    draft.name = 'Thanks';
    draft.steps[0] = {
      ...draft.steps[0]!,
      mail: { en: { subject: 'Thanks', text: '' }, sv: { subject: '', text: '' } },
    } as (typeof draft.steps)[0];
    expect(missing(draft)).to.deep.equal({ '/steps/0/mail/en/text': 'required' });
    draft.steps.push(
      { uid: 'w', type: 'webhook', url: 'ftp://x', secret: 'short', secretSet: false },
      { uid: 'e', type: 'emit', event: 'Order Placed' },
    );
    expect(missing(draft)).to.deep.include({
      '/steps/1/url': 'url',
      '/steps/1/secret': 'secretShort',
      '/steps/2/event': 'eventName',
    });
    (draft.steps[0] as { mail: Record<string, { subject: string; text: string }> }).mail.en!.text =
      'We got it.';
    draft.steps.splice(1, 2);
    expect(missing(draft)).to.deep.equal({});
    draft.steps = [];
    expect(missing(draft)).to.deep.equal({ '/steps': 'noSteps' });
  });

  it('lists the fields of a submission, nested and conditional ones included, with their titles', () => {
    const fields = dataFields({
      type: 'object',
      properties: {
        subject: { type: 'string', title: 'Subject' },
        lines: {
          type: 'array',
          title: 'Parts',
          items: { type: 'object', properties: { qty: { type: 'integer' } } },
        },
        'odd/name': { type: 'string' },
      },
      allOf: [
        {
          if: { properties: { kind: { const: 'repair' } } },
          then: {
            properties: {
              machine: {
                type: 'object',
                title: 'Machine',
                properties: { serial: { type: 'string', title: 'Serial' } },
              },
            },
          },
        },
      ],
    });
    expect(fields).to.deep.equal([
      { pointer: '/subject', label: 'Subject' },
      { pointer: '/lines', label: 'Parts' },
      { pointer: '/odd~1name', label: 'odd/name' },
      { pointer: '/machine/serial', label: 'Machine › Serial' },
    ]);
    expect(placeholderOf('/machine/serial')).to.equal('{{data.machine.serial}}');
    expect(placeholderOf('/odd~1name')).to.equal('{{data.[odd/name]}}');
  });
});
