import type { CreateFormInput, FormService } from './definition-service.js';

/**
 * The demo tenant's forms: a service request (a case type) whose machine section shows only for
 * repairs, and an order sheet with a table of rows whose line totals and sum are computed. Texts
 * in English (the default language) with Swedish translations.
 */
export const demoForms: CreateFormInput[] = [
  {
    key: 'service-request',
    kind: 'case-type',
    title: { en: 'Service request', sv: 'Serviceärende' },
    description: {
      en: 'Report a fault, book an installation or ask a question.',
      sv: 'Anmäl ett fel, boka en installation eller ställ en fråga.',
    },
    defaultLanguage: 'en',
    statuses: ['submitted', 'in-progress', 'waiting-for-customer', 'done', 'rejected'],
    schema: {
      type: 'object',
      required: ['category', 'subject', 'description'],
      properties: {
        category: {
          title: 'What is it about?',
          oneOf: [
            { const: 'repair', title: 'A machine needs repair' },
            { const: 'installation', title: 'Book an installation' },
            { const: 'question', title: 'A question' },
          ],
        },
        subject: { type: 'string', title: 'Subject', minLength: 3, maxLength: 120 },
        description: { type: 'string', title: 'Describe the matter', minLength: 10, maxLength: 5000 },
        preferredContact: {
          title: 'How should we contact you?',
          oneOf: [
            { const: 'email', title: 'E-mail' },
            { const: 'phone', title: 'Phone' },
          ],
          default: 'email',
        },
        phone: { type: 'string', title: 'Phone number', pattern: '^[+0-9 ()-]{6,20}$' },
      },
      allOf: [
        {
          if: { properties: { category: { const: 'repair' } }, required: ['category'] },
          then: {
            required: ['machine'],
            properties: {
              machine: {
                type: 'object',
                title: 'The machine',
                required: ['serialNumber'],
                properties: {
                  serialNumber: { type: 'string', title: 'Serial number', minLength: 3, maxLength: 40 },
                  location: { type: 'string', title: 'Where is it?', maxLength: 200 },
                  stopped: { type: 'boolean', title: 'Is production stopped?', default: false },
                },
              },
            },
          },
        },
        {
          if: { properties: { preferredContact: { const: 'phone' } }, required: ['preferredContact'] },
          then: { required: ['phone'] },
        },
      ],
    },
    uiSchema: {
      'ui:order': ['category', 'machine', 'subject', 'description', 'preferredContact', 'phone', '*'],
      category: { 'ui:widget': 'radio' },
      description: {
        'ui:widget': 'textarea',
        'ui:help': 'What happened, since when, and what you have tried.',
      },
      preferredContact: { 'ui:widget': 'radio' },
      phone: { 'ui:placeholder': '+46 70 123 45 67' },
    },
    translations: {
      sv: {
        '/schema/properties/category/title': 'Vad gäller det?',
        '/schema/properties/category/oneOf/0/title': 'En maskin behöver repareras',
        '/schema/properties/category/oneOf/1/title': 'Boka en installation',
        '/schema/properties/category/oneOf/2/title': 'En fråga',
        '/schema/properties/subject/title': 'Ämne',
        '/schema/properties/description/title': 'Beskriv ärendet',
        '/schema/properties/preferredContact/title': 'Hur vill du bli kontaktad?',
        '/schema/properties/preferredContact/oneOf/0/title': 'E-post',
        '/schema/properties/preferredContact/oneOf/1/title': 'Telefon',
        '/schema/properties/phone/title': 'Telefonnummer',
        '/schema/allOf/0/then/properties/machine/title': 'Maskinen',
        '/schema/allOf/0/then/properties/machine/properties/serialNumber/title': 'Serienummer',
        '/schema/allOf/0/then/properties/machine/properties/location/title': 'Var står den?',
        '/schema/allOf/0/then/properties/machine/properties/stopped/title': 'Står produktionen still?',
        '/uiSchema/description/ui:help': 'Vad hände, sedan när, och vad har ni provat?',
        '/uiSchema/phone/ui:placeholder': '070-123 45 67',
      },
    },
  },
  {
    key: 'order-sheet',
    kind: 'order-sheet',
    title: { en: 'Order sheet', sv: 'Beställningslista' },
    description: {
      en: 'Order several products at once; totals are worked out as you type.',
      sv: 'Beställ flera produkter på en gång; summorna räknas ut medan du skriver.',
    },
    defaultLanguage: 'en',
    schema: {
      type: 'object',
      required: ['deliveryDate', 'lines'],
      properties: {
        reference: { type: 'string', title: 'Your reference', maxLength: 60 },
        deliveryDate: { type: 'string', format: 'date', title: 'Delivery date' },
        lines: {
          type: 'array',
          title: 'Rows',
          minItems: 1,
          maxItems: 200,
          items: {
            type: 'object',
            required: ['product', 'qty', 'price'],
            properties: {
              product: { type: 'string', title: 'Product', minLength: 1, maxLength: 120 },
              qty: { type: 'integer', title: 'Quantity', minimum: 1, maximum: 100000 },
              price: { type: 'number', title: 'Unit price (SEK)', minimum: 0 },
              total: { type: 'number', title: 'Line total (SEK)' },
            },
          },
        },
        sum: { type: 'number', title: 'Total (SEK)' },
        comment: { type: 'string', title: 'Comment', maxLength: 2000 },
      },
    },
    uiSchema: {
      'ui:order': ['reference', 'deliveryDate', 'lines', 'sum', 'comment'],
      lines: {
        items: {
          total: { 'ui:computed': 'qty * price', 'ui:readonly': true },
        },
      },
      sum: { 'ui:computed': 'round(sum(lines.total), 2)', 'ui:readonly': true },
      comment: { 'ui:widget': 'textarea' },
    },
    translations: {
      sv: {
        '/schema/properties/reference/title': 'Er referens',
        '/schema/properties/deliveryDate/title': 'Leveransdatum',
        '/schema/properties/lines/title': 'Rader',
        '/schema/properties/lines/items/properties/product/title': 'Produkt',
        '/schema/properties/lines/items/properties/qty/title': 'Antal',
        '/schema/properties/lines/items/properties/price/title': 'Styckpris (kr)',
        '/schema/properties/lines/items/properties/total/title': 'Radsumma (kr)',
        '/schema/properties/sum/title': 'Totalt (kr)',
        '/schema/properties/comment/title': 'Kommentar',
      },
    },
  },
];

/** Creates and publishes the demo forms that do not exist yet; returns how many it made. */
export async function seedDemoForms(service: FormService): Promise<number> {
  let made = 0;
  for (const form of demoForms) {
    if (await service.get(form.key)) continue;
    await service.create(form, null);
    await service.publish(form.key, null);
    made++;
  }
  return made;
}
