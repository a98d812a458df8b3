import { expect } from 'chai';
import { conditionFields, conditionKey, prepareForm } from '../src/react/render-schema.js';

// Which text inputs hand their text to the form while the user types: those a condition reads.
describe('forms renderer: the fields conditions read', () => {
  it('finds the subjects of if/then/else, dependentRequired and dependentSchemas, in sections and table rows', () => {
    const { schema } = prepareForm(
      {
        type: 'object',
        properties: {
          code: { type: 'string' },
          note: { type: 'string' },
          contact: {
            type: 'object',
            properties: { email: { type: 'string' }, phone: { type: 'string' } },
            dependentRequired: { email: ['phone'] },
          },
          lines: {
            type: 'array',
            items: {
              type: 'object',
              properties: { kind: { type: 'string' }, serial: { type: 'string' } },
              allOf: [{ if: { properties: { kind: { const: 'machine' } } }, then: { required: ['serial'] } }],
            },
          },
        },
        if: { properties: { code: { const: 'VIP' } }, required: ['code'] },
        then: { properties: { host: { type: 'string' } } },
        dependentSchemas: { note: { properties: { noteLanguage: { type: 'string' } } } },
      },
      {},
    );
    const keys = conditionFields(schema);
    expect([...keys].sort()).to.deep.equal(
      [['code'], ['note'], ['contact', 'email'], ['lines', '*', 'kind']].map(conditionKey).sort(),
    );
    // A row's field matches whatever its row number.
    expect(keys.has(conditionKey(['lines', 3, 'kind']))).to.equal(true);
    expect(keys.has(conditionKey(['lines', 3, 'serial']))).to.equal(false);
  });
});
