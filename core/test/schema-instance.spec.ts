import { expect } from 'chai';
import { minimalInstance, validInstance } from '@portico/core/testing';

describe('minimal instances of JSON Schemas (for the isolation harness)', () => {
  it('fills the required properties only, with the lower bounds and the first allowed value', () => {
    const schema = {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'count', 'language', 'tags'],
      properties: {
        name: { type: 'string', minLength: 3, maxLength: 10 },
        count: { type: 'integer', minimum: 5 },
        language: { enum: ['sv', 'en'] },
        tags: { type: 'array', minItems: 2, items: { type: 'string', minLength: 1 } },
        note: { type: 'string' },
      },
    };
    const { value, valid } = validInstance(schema, { text: 'marker' });
    expect(value).to.deep.equal({ name: 'marker', count: 5, language: 'sv', tags: ['marker', 'marker-1'] });
    expect(valid).to.equal(true);
  });

  it('writes values of the common formats, and the given text where any text will do', () => {
    const value = minimalInstance(
      {
        type: 'object',
        required: ['email', 'id', 'at', 'day', 'link', 'text'],
        properties: {
          email: { type: 'string', format: 'email' },
          id: { type: 'string', format: 'uuid' },
          at: { type: 'string', format: 'date-time' },
          day: { type: 'string', format: 'date' },
          link: { type: 'string', format: 'uri' },
          text: { type: ['string', 'null'], maxLength: 4 },
        },
      },
      { text: 'isolation', emailLocalPart: 'probe' },
    ) as Record<string, string>;
    expect(value.email).to.equal('probe@example.com');
    expect(value.id).to.match(/^[0-9a-f-]{36}$/);
    expect(new Date(value.at!).toISOString()).to.equal(value.at);
    expect(value.day).to.match(/^\d{4}-\d{2}-\d{2}$/);
    expect(value.link).to.equal('https://example.com/');
    expect(value.text).to.equal('isol');
  });

  it('follows local $refs, merges allOf, and picks a oneOf branch that validates', () => {
    const schema = {
      $defs: { member: { type: 'object', required: ['type'], properties: { type: { const: 'user' } } } },
      type: 'object',
      required: ['member', 'either', 'both'],
      properties: {
        member: { $ref: '#/$defs/member' },
        either: { oneOf: [{ type: 'integer', maximum: 0, minimum: 1 }, { type: 'boolean' }] },
        both: {
          allOf: [
            { required: ['a'], properties: { a: { type: 'integer' } } },
            { required: ['b'], properties: { b: { type: 'null' } } },
          ],
        },
      },
    };
    const { value, valid } = validInstance(schema);
    expect(value).to.deep.equal({ member: { type: 'user' }, either: false, both: { a: 1, b: null } });
    expect(valid).to.equal(true);
  });

  it('adds optional properties until minProperties is met, and finds a string for a pattern', () => {
    const { value, valid } = validInstance({
      type: 'object',
      minProperties: 1,
      properties: { phone: { type: 'string', pattern: '^\\+?[0-9 ()-]{6,20}$' }, name: { type: 'string' } },
    });
    expect(value).to.deep.equal({ phone: '123456' });
    expect(valid).to.equal(true);
  });

  it('says when it could not make a valid instance', () => {
    const { valid } = validInstance({ type: 'string', pattern: '^[Q]{3}-\\d{9}$' });
    expect(valid).to.equal(false);
  });
});
