// The order-like form the forms benchmarks use: a reference, a delivery date and address, a table
// of rows (SKU with a pattern, product, quantity, unit price, a computed line total), a computed
// sum and a comment. `orderData(rows)` fills it with `rows` rows, as a customer would send it
// (without the computed values, which the server works out).

export const orderSchema = {
  type: 'object',
  required: ['reference', 'deliveryDate', 'deliveryAddress', 'lines'],
  properties: {
    reference: { type: 'string', title: 'Your reference', minLength: 1, maxLength: 60 },
    deliveryDate: { type: 'string', format: 'date', title: 'Delivery date' },
    express: { type: 'boolean', title: 'Express delivery' },
    deliveryAddress: {
      type: 'object',
      title: 'Delivery address',
      required: ['street', 'postalCode', 'city'],
      properties: {
        street: { type: 'string', minLength: 1, maxLength: 120 },
        postalCode: { type: 'string', pattern: '^[0-9]{3} ?[0-9]{2}$' },
        city: { type: 'string', minLength: 1, maxLength: 80 },
      },
    },
    contactEmail: { type: 'string', format: 'email' },
    lines: {
      type: 'array',
      title: 'Rows',
      minItems: 1,
      maxItems: 200,
      items: {
        type: 'object',
        required: ['sku', 'product', 'qty', 'price'],
        additionalProperties: false,
        properties: {
          sku: { type: 'string', pattern: '^[A-Z]{2}-[0-9]{4,6}$' },
          product: { type: 'string', minLength: 1, maxLength: 120 },
          qty: { type: 'integer', minimum: 1, maximum: 100000 },
          unit: { enum: ['pcs', 'box', 'm', 'kg'] },
          price: { type: 'number', minimum: 0 },
          total: { type: 'number' },
        },
      },
    },
    sum: { type: 'number' },
    comment: { type: 'string', maxLength: 2000 },
  },
  if: { properties: { express: { const: true } }, required: ['express'] },
  then: { required: ['contactEmail'] },
};

export const orderUiSchema = {
  lines: { items: { total: { 'ui:computed': 'qty * price' } } },
  sum: { 'ui:computed': 'round(sum(lines.total), 2)' },
};

export function orderData(rows = 20) {
  return {
    reference: 'PO-2027-0042',
    deliveryDate: '2027-03-15',
    express: true,
    contactEmail: 'purchasing@bergstrombygg.example',
    deliveryAddress: { street: 'Industrivägen 12', postalCode: '504 62', city: 'Borås' },
    lines: Array.from({ length: rows }, (_, i) => ({
      sku: `BB-${String(1000 + i * 37).padStart(4, '0')}`,
      product: `Product ${i + 1}: galvanised hinge, 90 mm`,
      qty: 1 + ((i * 7) % 40),
      unit: ['pcs', 'box', 'm', 'kg'][i % 4],
      price: Math.round((9.5 + i * 3.25) * 100) / 100,
    })),
    comment: 'Deliver to gate 3, please.',
  };
}
