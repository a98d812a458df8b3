import { expect } from 'chai';
import { FormValidator } from '../src/engine/index.js';
import {
  addField,
  createField,
  describeRule,
  diffVersions,
  findField,
  fromDocument,
  modelProblems,
  moveField,
  nameFromLabel,
  removeField,
  saveRule,
  setChoices,
  setTranslation,
  toDocument,
  updateField,
  type BuilderForm,
  type FormDocument,
} from '../src/react/builder/model/index.js';

const empty = (): BuilderForm => fromDocument({});
const doc = (form: BuilderForm): FormDocument => {
  const { schema, uiSchema, translations } = toDocument(form);
  return { schema, uiSchema, translations };
};
const idOf = (form: BuilderForm, name: string): string => {
  const walk = (fields: BuilderForm['fields']): string | undefined => {
    for (const f of fields) {
      if (f.name === name) return f.id;
      const inner = f.group ? walk(f.group.fields) : undefined;
      if (inner) return inner;
    }
    return undefined;
  };
  const id = walk(form.fields);
  if (!id) throw new Error(`no field ${name}`);
  return id;
};

/** A service request as an admin builds it: the shapes the palette offers, a rule, a table. */
function serviceRequest(): BuilderForm {
  let form = empty();
  const add = (type: Parameters<typeof createField>[0], label: string, parent: string | null = null) => {
    const field = createField(type, label);
    form = addField(form, field, parent);
    return field.id;
  };
  const company = add('text', 'Company name');
  form = updateField(form, company, { required: true, max: 100 });
  add('longText', 'Describe the problem');
  const machines = add('number', 'Number of machines');
  form = updateField(form, machines, { integer: true, min: 1, max: 50 });
  const urgency = add('choice', 'Urgency');
  form = setChoices(
    form,
    urgency,
    [
      { value: 'low', label: 'Low' },
      { value: 'high', label: 'High' },
    ],
    [-1, -1],
  );
  const parts = add('multiChoice', 'Parts affected');
  form = setChoices(
    form,
    parts,
    [
      { value: 'motor', label: 'Motor' },
      { value: 'belt', label: 'Belt' },
    ],
    [-1, -1],
  );
  add('date', 'Visit date');
  add('file', 'Photo');
  const onSite = add('yesNo', 'Visit on site');
  const address = add('section', 'Site address');
  add('text', 'Street', address);
  add('text', 'City', address);
  form = updateField(form, idOf(form, 'street'), { required: true });
  const lines = add('table', 'Spare parts');
  add('text', 'Part', lines);
  add('number', 'Quantity', lines);
  add('number', 'Price', lines);
  const total = add('number', 'Line total', lines);
  form = updateField(form, total, { computed: 'quantity * price' });
  form = saveRule(form, null, {
    id: 'r1',
    when: { fieldId: onSite, op: 'is', value: true },
    show: [address],
  });
  return form;
}

describe('form builder model', () => {
  it('names a field after its label until someone chooses the name', () => {
    expect(nameFromLabel('Delivery address (street)')).to.equal('deliveryAddressStreet');
    expect(nameFromLabel('Önskat leveransdatum')).to.equal('onskatLeveransdatum');
    expect(nameFromLabel('2nd phone')).to.equal('field2ndPhone');
    expect(nameFromLabel('???')).to.equal('field');
    let form = addField(empty(), createField('text', 'Name'));
    form = addField(form, createField('text', 'Name'));
    expect(form.fields.map((f) => f.name)).to.deep.equal(['name', 'name2']);
    const id = form.fields[0]!.id;
    form = updateField(form, id, { label: 'Contact person' });
    expect(findField(form, id)!.field.name).to.equal('contactPerson');
    form = updateField(form, id, { name: 'contact' });
    form = updateField(form, id, { label: 'Your contact' });
    expect(findField(form, id)!.field.name).to.equal('contact');
  });

  it('writes the JSON Schema and UI schema a person would write for every field of the palette', () => {
    const { schema, uiSchema } = doc(serviceRequest());
    expect(schema.type).to.equal('object');
    expect(schema.required).to.deep.equal(['companyName']);
    const p = schema.properties as Record<string, Record<string, unknown>>;
    expect(p.companyName).to.deep.equal({ type: 'string', title: 'Company name', maxLength: 100 });
    expect(p.describeTheProblem).to.deep.equal({ type: 'string', title: 'Describe the problem' });
    expect(p.numberOfMachines).to.deep.equal({
      type: 'integer',
      title: 'Number of machines',
      minimum: 1,
      maximum: 50,
    });
    expect(p.urgency).to.deep.equal({ type: 'string', title: 'Urgency', enum: ['low', 'high'] });
    expect(p.partsAffected).to.deep.equal({
      type: 'array',
      title: 'Parts affected',
      items: { type: 'string', enum: ['motor', 'belt'] },
      uniqueItems: true,
    });
    expect(p.visitDate).to.deep.equal({ type: 'string', title: 'Visit date', format: 'date' });
    expect(p.photo).to.deep.equal({ type: 'string', title: 'Photo', format: 'portico-file' });
    expect(p.visitOnSite).to.deep.equal({ type: 'boolean', title: 'Visit on site' });
    expect(p.spareParts!.type).to.equal('array');
    expect((p.spareParts!.items as Record<string, unknown>).properties).to.have.keys(
      'part',
      'quantity',
      'price',
      'lineTotal',
    );
    // The conditional section lives only in the rule's `then`: hidden until the condition holds.
    expect(p).not.to.have.property('siteAddress');
    expect(schema.allOf).to.deep.equal([
      {
        if: { properties: { visitOnSite: { const: true } }, required: ['visitOnSite'] },
        then: {
          properties: {
            siteAddress: {
              type: 'object',
              title: 'Site address',
              properties: {
                street: { type: 'string', title: 'Street' },
                city: { type: 'string', title: 'City' },
              },
              required: ['street'],
            },
          },
        },
      },
    ]);
    expect(uiSchema['ui:order']).to.deep.equal([
      'companyName',
      'describeTheProblem',
      'numberOfMachines',
      'urgency',
      'partsAffected',
      'visitDate',
      'photo',
      'visitOnSite',
      'siteAddress',
      'spareParts',
      '*',
    ]);
    expect(uiSchema.describeTheProblem).to.deep.equal({ 'ui:widget': 'textarea' });
    // The renderer picks radio buttons or a list by the number of choices: nothing to write.
    expect(uiSchema.urgency).to.deep.equal({ 'ui:enumNames': ['Low', 'High'] });
    expect(uiSchema.visitOnSite).to.deep.equal({ 'ui:widget': 'yesno' });
    expect(uiSchema.partsAffected).to.deep.equal({
      items: { 'ui:enumNames': ['Motor', 'Belt'] },
      'ui:widget': 'checkboxes',
    });
    expect((uiSchema.spareParts as { items: Record<string, unknown> }).items.lineTotal).to.deep.equal({
      'ui:computed': 'quantity * price',
    });
  });

  it('writes schemas the server accepts, and their rules show and require fields as the data says', () => {
    const { schema } = doc(serviceRequest());
    const validator = new FormValidator();
    expect(validator.check(schema)).to.deep.equal([]);
    const base = { companyName: 'Bergström AB', visitOnSite: false };
    expect(validator.validate(schema, base).ok).to.equal(true);
    const onSite = validator.validate(schema, { ...base, visitOnSite: true, siteAddress: { city: 'Umeå' } });
    expect(onSite.errors.map((e) => e.path)).to.deep.equal(['/siteAddress/street']);
    const tooMany = validator.validate(schema, { ...base, numberOfMachines: 51 }, 'sv');
    expect(tooMany.errors).to.deep.include({
      path: '/numberOfMachines',
      message: 'Högst 50',
      keyword: 'maximum',
      params: { comparison: '<=', limit: 50 },
    });
  });

  it('reads back exactly what it wrote, rules, sections, tables and translations included', () => {
    let form = serviceRequest();
    const sv = (pointer: string, text: string) => ({ [pointer]: text });
    const first = doc(form);
    const translated: FormDocument = {
      ...first,
      translations: {
        sv: {
          ...sv('/schema/properties/companyName/title', 'Företagsnamn'),
          ...sv('/schema/allOf/0/then/properties/siteAddress/properties/street/title', 'Gatuadress'),
          ...sv('/uiSchema/urgency/ui:enumNames/1', 'Hög'),
          ...sv('/uiSchema/partsAffected/items/ui:enumNames/1', 'Rem'),
          ...sv('/schema/properties/spareParts/items/properties/quantity/title', 'Antal'),
        },
      },
    };
    form = fromDocument(translated);
    expect(doc(form)).to.deep.equal(translated);
    expect(doc(fromDocument(doc(form)))).to.deep.equal(translated);
    // Multiple choice: its labels' translations follow the choices too.
    const parts = idOf(form, 'partsAffected');
    const choices = findField(form, parts)!.field.choices!;
    form = setChoices(form, parts, [choices[1]!, choices[0]!], [1, 0]);
    expect(doc(form).translations.sv).to.include({ '/uiSchema/partsAffected/items/ui:enumNames/0': 'Rem' });
  });

  it('keeps every keyword and UI option it does not manage, and rules it does not understand', () => {
    const written: FormDocument = {
      schema: {
        type: 'object',
        $defs: { code: { type: 'string', pattern: '^[A-Z]{3}$' } },
        properties: {
          email: { type: 'string', title: 'E-mail', format: 'email' },
          code: { $ref: '#/$defs/code', title: 'Code' },
          tags: { type: 'array', items: { type: 'string' } },
          size: { type: 'string', title: 'Size', enum: ['s', 'm'], 'x-note': 'kept' },
          odd: true,
        },
        required: ['email'],
        allOf: [{ if: { properties: { email: { const: 'a@b.se' } } }, then: { required: ['code'] } }],
        dependentRequired: { code: ['email'] },
      },
      uiSchema: {
        'ui:submitButtonText': 'Send',
        email: { 'ui:autofocus': true, 'ui:help': 'We answer here' },
        size: { 'ui:widget': 'select' },
        'ui:order': ['size', 'email', 'code', 'tags', 'odd', '*'],
      },
      translations: {
        sv: { '/uiSchema/ui:submitButtonText': 'Skicka', '/uiSchema/email/ui:help': 'Vi svarar här' },
      },
    };
    const form = fromDocument(written);
    expect(form.fields.map((f) => `${f.name}:${f.type}`)).to.deep.equal([
      'size:choice',
      'email:text',
      'code:custom',
      'tags:custom',
      'odd:custom',
    ]);
    const again = doc(form);
    expect(again.schema).to.deep.equal(written.schema);
    expect(again.translations).to.deep.equal(written.translations);
    // A drop-down asked for with RJSF's `ui:widget: select` is written as the renderer's option.
    const { size, ...rest } = again.uiSchema;
    expect(size).to.deep.equal({ 'ui:options': { widgetStyle: 'select' } });
    const { size: _was, ...expected } = written.uiSchema;
    void _was;
    expect(rest).to.deep.equal(expected);
  });

  it("reads plugin widgets and fields by name and keeps the plugin's UI schema as it wrote it", () => {
    const written: FormDocument = {
      schema: {
        type: 'object',
        properties: {
          lines: { type: 'array', title: 'Products', items: { type: 'object' } },
          colour: { type: 'string', title: 'Colour' },
        },
      },
      uiSchema: {
        lines: { 'ui:field': 'ordering.product-lines', 'ui:options': { columns: 3 } },
        colour: { 'ui:widget': 'paint.colour' },
        'ui:order': ['lines', 'colour', '*'],
      },
      translations: {},
    };
    const form = fromDocument(written, { widgets: ['ordering.product-lines', 'paint.colour'] });
    expect(form.fields.map((f) => [f.type, f.widget])).to.deep.equal([
      ['widget', 'ordering.product-lines'],
      ['widget', 'paint.colour'],
    ]);
    expect(doc(form)).to.deep.equal(written);
    let added = addField(
      empty(),
      createField('widget', 'Colour', { widget: 'paint.colour', widgetSchema: { type: 'string' } }),
    );
    added = updateField(added, added.fields[0]!.id, { required: true });
    expect(doc(added).uiSchema.colour).to.deep.equal({ 'ui:widget': 'paint.colour' });
    expect(doc(added).schema).to.deep.include({ required: ['colour'] });
  });

  it('keeps choices written as oneOf with const and title, their translations following them', () => {
    const written: FormDocument = {
      schema: {
        type: 'object',
        properties: {
          category: {
            title: 'What is it about?',
            oneOf: [
              { const: 'repair', title: 'A machine needs repair' },
              { const: 'question', title: 'A question' },
            ],
          },
          machine: { type: 'string', title: 'Serial number' },
        },
        allOf: [
          {
            if: { properties: { category: { const: 'repair' } }, required: ['category'] },
            then: { properties: { machine: { type: 'string', title: 'Serial number' } } },
          },
        ],
      },
      uiSchema: { 'ui:order': ['category', 'machine', '*'] },
      translations: { sv: { '/schema/properties/category/oneOf/1/title': 'En fråga' } },
    };
    // `machine` is both in properties and shown by the rule: not a rule the builder writes, kept.
    let form = fromDocument(written);
    expect(form.fields[0]).to.include({ type: 'choice', choiceStyle: 'oneOf' });
    expect(doc(form)).to.deep.equal(written);
    const id = form.fields[0]!.id;
    const [repair, question] = form.fields[0]!.choices!;
    form = setChoices(
      form,
      id,
      [question!, repair!, { value: 'other', label: 'Something else' }],
      [1, 0, -1],
    );
    expect(doc(form).schema.properties).to.have.nested.property('category.oneOf[2].const', 'other');
    expect(doc(form).translations).to.deep.equal({
      sv: { '/schema/properties/category/oneOf/0/title': 'En fråga' },
    });
  });

  it('writes how a choice is shown and reads it back', () => {
    let form = addField(empty(), createField('choice', 'Colour'));
    const id = form.fields[0]!.id;
    for (const [display, ui] of [
      ['radio', { 'ui:widget': 'radio' }],
      ['select', { 'ui:options': { widgetStyle: 'select' } }],
      [undefined, undefined],
    ] as const) {
      form = updateField(form, id, { display });
      const written = doc(form);
      const { 'ui:enumNames': _labels, ...shown } = written.uiSchema.colour as Record<string, unknown>;
      void _labels;
      expect(shown).to.deep.equal(ui ?? {});
      expect(fromDocument(written).fields[0]!.display).to.equal(display);
    }
  });

  it("marks a structure's field as indexed with the structures' keyword and reads it back", () => {
    let form = addField(empty(), createField('text', 'Serial number'));
    form = updateField(form, form.fields[0]!.id, { indexed: true });
    const written = doc(form);
    expect(written.schema.properties).to.deep.equal({
      serialNumber: { type: 'string', title: 'Serial number', 'x-portico-index': true },
    });
    expect(fromDocument(written).fields[0]!.indexed).to.equal(true);
    const before = doc(updateField(form, form.fields[0]!.id, { indexed: undefined }));
    expect(diffVersions(before, written).entries[0]!.changes).to.deep.equal([
      { property: 'indexed', after: 'yes' },
    ]);
  });

  it('turns each kind of condition into JSON Schema and reads it back as the same sentence', () => {
    let form = empty();
    for (const [type, label] of [
      ['choice', 'Customer type'],
      ['multiChoice', 'Interests'],
      ['text', 'Reference'],
      ['text', 'Extra'],
      ['text', 'More'],
      ['text', 'Other'],
      ['text', 'Last'],
    ] as const)
      form = addField(form, createField(type, label));
    const id = (n: string) => idOf(form, n);
    const rules = [
      { op: 'is', field: 'customerType', value: 'option1', show: 'extra' },
      { op: 'isNot', field: 'customerType', value: 'option2', show: 'more' },
      { op: 'oneOf', field: 'customerType', value: ['option1', 'option2'], show: 'other' },
      { op: 'filled', field: 'reference', show: 'last' },
      { op: 'is', field: 'interests', value: 'option2', show: 'reference' },
    ] as const;
    rules.forEach((r, i) => {
      form = saveRule(form, null, {
        id: `r${i}`,
        when: { fieldId: id(r.field), op: r.op, ...('value' in r ? { value: r.value } : {}) },
        show: [id(r.show)],
      });
    });
    const { schema } = doc(form);
    const ifs = (schema.allOf as Array<{ if: unknown }>).map((e) => e.if);
    expect(ifs).to.deep.equal([
      { properties: { customerType: { const: 'option1' } }, required: ['customerType'] },
      { not: { properties: { customerType: { const: 'option2' } }, required: ['customerType'] } },
      { properties: { customerType: { enum: ['option1', 'option2'] } }, required: ['customerType'] },
      { required: ['reference'] },
      { properties: { interests: { contains: { const: 'option2' } } }, required: ['interests'] },
    ]);
    const back = fromDocument(doc(form));
    expect(back.rules.map((r) => describeRule(back, r))).to.deep.equal([
      { targets: ['Extra'], field: 'Customer type', op: 'is', values: ['Option 1'] },
      { targets: ['More'], field: 'Customer type', op: 'isNot', values: ['Option 2'] },
      { targets: ['Other'], field: 'Customer type', op: 'oneOf', values: ['Option 1', 'Option 2'] },
      { targets: ['Last'], field: 'Reference', op: 'filled', values: [] },
      { targets: ['Reference'], field: 'Interests', op: 'is', values: ['Option 2'] },
    ]);
  });

  it('lets a field be shown by one rule only: a new rule takes it from the old one', () => {
    let form = empty();
    for (const label of ['A', 'B', 'C']) form = addField(form, createField('yesNo', label));
    const [a, b, c] = form.fields.map((f) => f.id) as [string, string, string];
    form = saveRule(form, null, { id: 'r1', when: { fieldId: a, op: 'is', value: true }, show: [c] });
    form = saveRule(form, null, { id: 'r2', when: { fieldId: b, op: 'is', value: true }, show: [c] });
    expect(form.rules.map((r) => r.id)).to.deep.equal(['r2']);
    form = saveRule(form, null, { id: 'r2', when: { fieldId: b, op: 'is', value: false }, show: [c] });
    expect(form.rules).to.have.length(1);
    expect(form.rules[0]!.when.value).to.equal(false);
  });

  it('moves fields into and out of sections and tables, never a section into itself', () => {
    let form = serviceRequest();
    const company = idOf(form, 'companyName');
    const section = idOf(form, 'siteAddress');
    const table = idOf(form, 'spareParts');
    form = moveField(form, company, section, 0);
    expect(findField(form, section)!.field.group!.fields.map((f) => f.name)).to.deep.equal([
      'companyName',
      'street',
      'city',
    ]);
    form = moveField(form, company, table, 1);
    expect(findField(form, table)!.field.group!.fields[1]!.name).to.equal('companyName');
    form = moveField(form, company, null, 0);
    expect(form.fields[0]!.name).to.equal('companyName');
    expect(moveField(form, section, section, 0)).to.equal(form);
    // A field that leaves its container leaves the rules there: rules join siblings.
    const onSite = idOf(form, 'visitOnSite');
    form = moveField(form, onSite, table, 0);
    expect(form.rules).to.deep.equal([]);
    expect((doc(form).schema.properties as Record<string, unknown>).siteAddress).to.be.an('object');
  });

  it('takes translations along when a field moves, becomes conditional or its choices change', () => {
    let form = fromDocument({
      schema: {
        type: 'object',
        properties: {
          kind: { type: 'string', title: 'Kind', enum: ['a', 'b', 'c'] },
          when: { type: 'boolean', title: 'When' },
        },
      },
      uiSchema: { kind: { 'ui:enumNames': ['A', 'B', 'C'] } },
      translations: {
        sv: {
          '/schema/properties/kind/title': 'Sort',
          '/uiSchema/kind/ui:enumNames/0': 'Ett',
          '/uiSchema/kind/ui:enumNames/2': 'Tre',
        },
      },
    });
    const kind = idOf(form, 'kind');
    const when = idOf(form, 'when');
    form = saveRule(form, null, { id: 'r', when: { fieldId: when, op: 'is', value: true }, show: [kind] });
    // Drop "b" and put "c" first: the Swedish labels follow their choices.
    form = setChoices(
      form,
      kind,
      [
        { value: 'c', label: 'C' },
        { value: 'a', label: 'A' },
      ],
      [2, 0],
    );
    expect(doc(form).translations).to.deep.equal({
      sv: {
        '/schema/allOf/0/then/properties/kind/title': 'Sort',
        '/uiSchema/kind/ui:enumNames/0': 'Tre',
        '/uiSchema/kind/ui:enumNames/1': 'Ett',
      },
    });
    form = addField(form, createField('section', 'Group'));
    form = moveField(form, kind, idOf(form, 'group'), 0);
    expect(doc(form).translations.sv!['/schema/properties/group/properties/kind/title']).to.equal('Sort');
  });

  it('stores a translation typed beside a text on the field that holds it', () => {
    let form = serviceRequest();
    const { pointers } = toDocument(form);
    form = setTranslation(
      form,
      pointers,
      '/schema/allOf/0/then/properties/siteAddress/properties/city/title',
      'sv',
      'Ort',
    );
    form = setTranslation(form, pointers, '/uiSchema/urgency/ui:enumNames/0', 'sv', 'Låg');
    expect(findField(form, idOf(form, 'city'))!.field.texts).to.deep.equal({ sv: { 's/title': 'Ort' } });
    expect(doc(form).translations).to.deep.equal({
      sv: {
        '/schema/allOf/0/then/properties/siteAddress/properties/city/title': 'Ort',
        '/uiSchema/urgency/ui:enumNames/0': 'Låg',
      },
    });
    form = setTranslation(form, toDocument(form).pointers, '/uiSchema/urgency/ui:enumNames/0', 'sv', ' ');
    expect(Object.keys(doc(form).translations.sv!)).to.have.length(1);
  });

  it('forgets the rules that watched a removed field, and stores no translation of a removed text', () => {
    let form = serviceRequest();
    form = removeField(form, idOf(form, 'visitOnSite'));
    expect(form.rules).to.deep.equal([]);
    const company = idOf(form, 'companyName');
    form = updateField(form, company, { help: 'As registered' });
    form = {
      ...form,
      fields: form.fields.map((f) =>
        f.id === company ? { ...f, texts: { sv: { 'u/ui:help': 'Som registrerat' } } } : f,
      ),
    };
    expect(doc(form).translations).to.deep.equal({
      sv: { '/uiSchema/companyName/ui:help': 'Som registrerat' },
    });
    form = updateField(form, company, { help: undefined });
    expect(doc(form).translations).to.deep.equal({});
  });

  it('finds what must be fixed: taken and invalid names, empty tables, bad expressions, min above max', () => {
    let form = serviceRequest();
    form = updateField(form, idOf(form, 'describeTheProblem'), { name: 'companyName' });
    form = updateField(form, idOf(form, 'photo'), { name: '1photo' });
    form = updateField(form, idOf(form, 'lineTotal'), { computed: 'quantity * ' });
    form = updateField(form, idOf(form, 'numberOfMachines'), { min: 10, max: 5 });
    form = addField(form, createField('table', 'Empty table'));
    const problems = modelProblems(form).map((p) => p.code);
    expect(problems).to.have.members(['nameTaken', 'nameInvalid', 'computed', 'minMax', 'noColumns']);
    expect(modelProblems(serviceRequest())).to.deep.equal([]);
  });

  it('describes a new version against the published one field by field and rule by rule', () => {
    const published = doc(serviceRequest());
    let form = fromDocument(published);
    form = updateField(form, idOf(form, 'companyName'), { label: 'Company', required: false });
    form = removeField(form, idOf(form, 'photo'));
    form = addField(form, createField('text', 'Order number'), null, 0);
    form = saveRule(form, null, {
      id: form.rules[0]!.id,
      when: { fieldId: idOf(form, 'visitOnSite'), op: 'is', value: false },
      show: [idOf(form, 'siteAddress')],
    });
    form = moveField(form, idOf(form, 'urgency'), null, 1);
    const draft = {
      ...doc(form),
      translations: { sv: { '/schema/properties/companyName/title': 'Företag' } },
    };
    const diff = diffVersions(published, draft);
    const brief = diff.entries.map((e) => `${e.kind} ${e.subject} ${e.path}`);
    expect(brief).to.have.members([
      'added field orderNumber',
      'changed field companyName',
      'removed field photo',
      'changed rule ',
      'reordered order ',
    ]);
    const company = diff.entries.find((e) => e.path === 'companyName')!;
    expect(company.changes).to.deep.equal([
      { property: 'label', before: 'Company name', after: 'Company' },
      { property: 'required', before: 'yes' },
    ]);
    const rule = diff.entries.find((e) => e.subject === 'rule')!;
    expect(rule.ruleBefore!.values).to.deep.equal(['yes']);
    expect(rule.rule!.values).to.deep.equal(['no']);
    expect(diff.translations).to.deep.equal([{ language: 'sv', added: 1, changed: 0, removed: 0 }]);
    expect(diff.same).to.equal(false);
  });

  it('lists every field as added on a first publication, and nothing between equal versions', () => {
    const first = doc(serviceRequest());
    const diff = diffVersions(undefined, first);
    expect(diff.entries.filter((e) => e.subject === 'field').map((e) => e.path)).to.deep.equal([
      'companyName',
      'describeTheProblem',
      'numberOfMachines',
      'urgency',
      'partsAffected',
      'visitDate',
      'photo',
      'visitOnSite',
      'siteAddress',
      'spareParts',
    ]);
    expect(diff.entries.filter((e) => e.subject === 'rule')).to.have.length(1);
    expect(diffVersions(first, first).same).to.equal(true);
  });
});
