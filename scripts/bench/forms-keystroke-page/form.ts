// The 200-field form of the keystroke benchmark: ten sections of eighteen fields of every kind
// Portico's builder offers (text, number, date, e-mail, yes/no, a short and a long choice), a
// conditional field, a table of rows with a computed line total and a computed grand total.

type Obj = Record<string, unknown>;

export interface BenchForm {
  schema: Obj;
  uiSchema: Obj;
  formData: Obj;
  /** How many fields (leaves) the form shows with its data. */
  fields: number;
}

export function benchForm(sections = 10, perSection = 18, rows = 4): BenchForm {
  const schema: Obj = { type: 'object', title: 'Benchmark form', properties: {}, required: [] };
  const properties = schema.properties as Obj;
  const uiSchema: Obj = {};
  const formData: Obj = {};
  let fields = 0;
  for (let s = 1; s <= sections; s++) {
    const props: Obj = {};
    const required: string[] = [];
    const ui: Obj = {};
    for (let f = 1; f <= perSection; f++) {
      const name = `f${f}`;
      const title = `Section ${s} field ${f}`;
      switch (f % 9) {
        case 1:
          props[name] = { type: 'string', title, minLength: 2, maxLength: 80 };
          required.push(name);
          break;
        case 2:
          props[name] = { type: 'number', title, minimum: 0 };
          break;
        case 3:
          props[name] = { type: 'string', title, format: 'date' };
          break;
        case 4:
          props[name] = { type: 'string', title, format: 'email' };
          break;
        case 5:
          props[name] = { type: 'boolean', title };
          ui[name] = { 'ui:widget': 'yesno' };
          break;
        case 6:
          props[name] = { type: 'string', title, enum: ['a', 'b', 'c'] };
          break;
        case 7:
          props[name] = { type: 'string', title, enum: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] };
          break;
        case 8:
          props[name] = { type: 'string', title, pattern: '^[A-Z0-9-]*$' };
          break;
        default:
          props[name] = { type: 'string', title, maxLength: 2000 };
          ui[name] = { 'ui:widget': 'textarea' };
      }
      fields++;
    }
    properties[`section${s}`] = { type: 'object', title: `Section ${s}`, properties: props, required };
    uiSchema[`section${s}`] = ui;
  }
  properties.kind = { type: 'string', title: 'Kind of order', enum: ['standard', 'rush', 'other'] };
  properties.lines = {
    type: 'array',
    title: 'Order lines',
    minItems: 1,
    items: {
      type: 'object',
      required: ['article', 'qty'],
      properties: {
        article: { type: 'string', title: 'Article' },
        qty: { type: 'integer', title: 'Quantity', minimum: 1 },
        price: { type: 'number', title: 'Price', minimum: 0 },
        total: { type: 'number', title: 'Line total' },
      },
    },
  };
  properties.total = { type: 'number', title: 'Order total' };
  properties.comment = { type: 'string', title: 'Comment' };
  properties.reference = { type: 'string', title: 'Your reference' };
  schema.if = { properties: { kind: { const: 'other' } }, required: ['kind'] };
  schema.then = {
    properties: { other: { type: 'string', title: 'Which kind?', minLength: 2 } },
    required: ['other'],
  };
  uiSchema.lines = { items: { total: { 'ui:computed': 'qty * price' } } };
  uiSchema.total = { 'ui:computed': 'sum(lines.total)' };
  uiSchema['ui:order'] = ['kind', 'other', 'lines', 'total', '*'];
  formData.kind = 'standard';
  formData.lines = Array.from({ length: rows }, (_, i) => ({ article: `A-${i + 1}`, qty: 1, price: 10 }));
  fields += 1 + rows * 4 + 3;
  return { schema, uiSchema, formData, fields };
}
