import { expect } from 'chai';
import { FormValidator } from '../src/engine/index.js';
import { isValidAgainst, validateForm } from '../src/react/validator.js';

// The portal cannot run Ajv (its Content Security Policy forbids compiling code), so the renderer
// interprets schemas itself. A person must read the same errors before and after pressing
// "Send": for each schema and data below the browser's errors equal the server's 422 errors.
const server = new FormValidator();

const order = {
  type: 'object',
  required: ['company', 'kind'],
  properties: {
    company: { type: 'string', title: 'Company', minLength: 2, maxLength: 40 },
    email: { type: 'string', format: 'email' },
    phone: { type: 'string', pattern: '^\\+?[0-9 ]{6,20}$' },
    kind: { type: 'string', enum: ['repair', 'service', 'other'] },
    when: { type: 'string', format: 'date' },
    rating: { type: 'integer', minimum: 1, maximum: 5 },
    share: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.05 },
    tags: { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, uniqueItems: true, maxItems: 2 },
    attachment: { type: 'string', format: 'portico-file' },
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['article', 'qty'],
        additionalProperties: false,
        properties: {
          article: { type: 'string', minLength: 1 },
          qty: { type: 'integer', minimum: 1 },
          price: { type: 'number', minimum: 0 },
          total: { type: 'number' },
        },
      },
    },
    other: { type: 'string' },
    details: { $ref: '#/$defs/details' },
  },
  $defs: { details: { type: 'object', properties: { serial: { type: 'string', minLength: 4 } } } },
  if: { properties: { kind: { const: 'other' } }, required: ['kind'] },
  then: { required: ['other'] },
  dependentRequired: { email: ['phone'] },
  dependentSchemas: {
    rating: { properties: { comment: { type: 'string', minLength: 3 } }, required: ['comment'] },
  },
};

const cases: Array<[string, object, unknown]> = [
  ['an empty object', order, {}],
  ['every field valid', order, { company: 'Acme', kind: 'repair', lines: [{ article: 'x', qty: 1 }] }],
  [
    'a value of the wrong type everywhere',
    order,
    { company: 5, kind: 7, rating: 'x', lines: 'no', tags: {} },
  ],
  [
    'strings too short, too long, off pattern and off format',
    order,
    {
      company: 'A',
      kind: 'fly',
      email: 'nope',
      phone: 'abc',
      when: '2026-02-30',
      attachment: 'a/b',
      details: { serial: '1' },
    },
  ],
  ['numbers out of range and off step', order, { company: 'Acme', kind: 'repair', rating: 9, share: 0.33 }],
  ['numbers at their exclusive limits', order, { company: 'Acme', kind: 'repair', rating: 0, share: 1 }],
  [
    'table rows with missing, extra and wrong cells',
    order,
    { company: 'Acme', kind: 'repair', lines: [{ article: '', qty: 0, extra: 1 }, { qty: 'x' }, 5] },
  ],
  ['an empty table', order, { company: 'Acme', kind: 'repair', lines: [] }],
  ['repeated and too many choices', order, { company: 'Acme', kind: 'repair', tags: ['a', 'a', 'd'] }],
  ['the conditional answer without its field', order, { company: 'Acme', kind: 'other' }],
  ['the conditional answer with its field', order, { company: 'Acme', kind: 'other', other: 'x' }],
  ['a dependent field missing', order, { company: 'Acme', kind: 'repair', email: 'a@b.se' }],
  ['a dependent schema unmet', order, { company: 'Acme', kind: 'repair', rating: 3, comment: 'x' }],
  ['not an object at all', order, 'text'],
  [
    'anyOf, oneOf, not and const',
    {
      type: 'object',
      properties: {
        a: { anyOf: [{ type: 'string', minLength: 3 }, { type: 'number' }] },
        b: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] },
        c: { not: { const: 'x' } },
        d: { const: 'y' },
      },
    },
    { a: 'x', b: 3, c: 'x', d: 'z' },
  ],
  [
    'prefixItems, items false, contains and unevaluatedProperties',
    {
      type: 'object',
      properties: {
        pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false },
        some: { type: 'array', contains: { const: 1 }, minContains: 2 },
      },
      allOf: [{ properties: { known: { type: 'string' } } }],
      unevaluatedProperties: false,
    },
    { pair: ['a', 'b', 3], some: [1, 2], known: 'k', stray: true },
  ],
  [
    'min and max properties and propertyNames',
    {
      type: 'object',
      properties: {
        bag: { type: 'object', minProperties: 2, maxProperties: 3, propertyNames: { pattern: '^[a-z]+$' } },
      },
    },
    { bag: { A: 1 } },
  ],
];

describe('the renderer validator (browser, no Ajv)', () => {
  for (const [name, schema, data] of cases) {
    for (const lang of ['en', 'sv']) {
      it(`reports what the server reports for ${name} (${lang})`, () => {
        const expected = server.validate(schema, data, lang).errors;
        expect(validateForm(schema, data, lang)).to.deep.equal(expected);
        expect(isValidAgainst(schema, data)).to.equal(expected.length === 0);
      });
    }
  }

  it('runs an admin pattern that would hang a backtracking engine in linear time', () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: '^(a+)+$' } } };
    const started = performance.now();
    const errors = validateForm(schema, { code: `${'a'.repeat(50_000)}!` }, 'en');
    expect(performance.now() - started).to.be.below(500);
    expect(errors).to.deep.equal([
      {
        path: '/code',
        message: 'Does not have the expected form',
        keyword: 'pattern',
        params: { pattern: '^(a+)+$' },
      },
    ]);
  });

  it('stops a reference that refers to itself instead of overflowing the stack', () => {
    const schema = { $defs: { loop: { $ref: '#/$defs/loop' } }, $ref: '#/$defs/loop' };
    expect(isValidAgainst(schema, {})).to.equal(false);
  });
});
