// Forms validation cost: the server's FormValidator.validate (what a submission runs: the compiled
// validator of the version, found by its cached schema object, and errors mapped to fields) as a
// ratio to a plain Ajv2020 compiled function on the same schema and data, in a tight loop in one
// process. Target: <= 1.2.
//
// Schema and data: the 20-row order of forms-fixture.mjs, computed values applied (as the server
// validates it). Both validators are Ajv 8 (the copy @portico/forms uses) with allErrors and
// ajv-formats. The difference in what they run: FormValidator matches `pattern`s with RE2 (re2js,
// linear time, so no admin-written pattern can hang the server) except the simple ones V8 provably
// runs in linear time (forms/src/engine/linear-pattern.ts: this fixture's two patterns qualify),
// plain Ajv with V8's RegExp for all. A third, informational contender is plain Ajv with re2js for
// every pattern: what validation would cost without that fast path.
// Also informational: the invalid-data path (errors mapped to messages in Swedish) and
// applyComputed (the server works out computed values before validating).
//
// Rounds alternate between the contenders after a warm-up; each round times `--iterations`
// validations; the ratio is taken of the medians (ns per validation).
//
// Run alone: node scripts/bench/forms-validate.mjs [--iterations 20000] [--rounds 7] [--rows 20] [--no-build]
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { orderData, orderSchema, orderUiSchema } from './forms-fixture.mjs';
import { build, environment, isMain, median, parseArgs, root, round, table, writeResults } from './lib.mjs';

export const VALIDATE_RATIO_TARGET = 1.2;

const formsRequire = createRequire(path.join(root, 'forms', 'package.json'));
const load = (specifier) => import(pathToFileURL(formsRequire.resolve(specifier)).href);

function timeLoop(fn, iterations) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - t0) / iterations;
}

export async function runFormsValidate({ iterations = 20000, rounds = 7, rows = 20, log = () => {} } = {}) {
  const forms = await import(pathToFileURL(path.join(root, 'forms', 'dist', 'index.js')).href);
  const { RE2JS } = await load('re2js');
  const alwaysRe2 = (pattern) => {
    const re = RE2JS.compile(pattern);
    return { test: (s) => re.test(s), toString: () => `/${pattern}/re2` };
  };
  alwaysRe2.code = 'require("re2js")';
  const { Ajv2020 } = await load('ajv/dist/2020.js');
  const addFormats = (await load('ajv-formats')).default;
  const plainAjv = (options = {}) => {
    const ajv = new Ajv2020({ allErrors: true, strict: false, ...options });
    addFormats(ajv);
    ajv.addFormat('portico-file', /^[A-Za-z0-9_-]{8,64}$/);
    return ajv;
  };

  const schema = structuredClone(orderSchema);
  const data = forms.applyComputed(orderUiSchema, orderData(rows));
  const invalidData = structuredClone(data);
  invalidData.lines[3].qty = 0;
  invalidData.lines[7].sku = 'bad sku';
  delete invalidData.deliveryAddress.city;

  const validator = new forms.FormValidator();
  const versionId = 'bench-version';
  const raw = plainAjv().compile(structuredClone(orderSchema));
  const rawRe2 = plainAjv({ code: { regExp: alwaysRe2 } }).compile(structuredClone(orderSchema));
  // Every contender must agree before anything is timed.
  const check = [
    validator.validate(schema, data, 'sv', versionId).ok,
    raw(data),
    rawRe2(data),
    !validator.validate(schema, invalidData, 'sv', versionId).ok,
    !raw(invalidData),
  ];
  if (check.some((ok) => !ok)) throw new Error(`the contenders disagree on the fixture: ${check.join(', ')}`);

  const contenders = [
    { label: 'FormValidator.validate (valid)', fn: () => validator.validate(schema, data, 'sv', versionId) },
    { label: 'plain Ajv2020 (valid)', fn: () => raw(data) },
    { label: 'plain Ajv2020, re2js patterns (valid)', fn: () => rawRe2(data) },
    {
      label: 'FormValidator.validate (3 errors, sv)',
      fn: () => validator.validate(schema, invalidData, 'sv', versionId),
    },
    { label: 'plain Ajv2020 (3 errors)', fn: () => raw(invalidData) },
    { label: 'applyComputed', fn: () => forms.applyComputed(orderUiSchema, orderData(rows)) },
    { label: 'orderData only (applyComputed input)', fn: () => orderData(rows) },
  ];
  for (const c of contenders) timeLoop(c.fn, Math.max(1000, iterations / 4));
  const samples = new Map(contenders.map((c) => [c.label, []]));
  for (let r = 0; r < rounds; r++) {
    const order = contenders.map((_, i) => contenders[(i + r) % contenders.length]);
    for (const c of order) samples.get(c.label).push(timeLoop(c.fn, iterations));
    log(
      `  round ${r + 1}/${rounds}: ${contenders
        .slice(0, 3)
        .map((c) => `${c.label.split(' (')[0]} ${round(samples.get(c.label)[r], 0)} ns`)
        .join(', ')}`,
    );
  }
  const summary = contenders.map((c) => ({
    contender: c.label,
    medianNs: round(median(samples.get(c.label)), 0),
    roundsNs: samples.get(c.label).map((x) => round(x, 0)),
  }));
  const ns = (label) => summary.find((s) => s.contender === label).medianNs;
  const ratio = round(ns('FormValidator.validate (valid)') / ns('plain Ajv2020 (valid)'), 3);
  const re2Ratio = round(ns('plain Ajv2020, re2js patterns (valid)') / ns('plain Ajv2020 (valid)'), 3);
  return {
    what: `FormValidator.validate against a plain Ajv2020 compiled function, same schema and data (the ${rows}-row order of forms-fixture.mjs, computed values applied), ${iterations} validations per round, ${rounds} alternating rounds`,
    rows,
    dataBytes: JSON.stringify(data).length,
    ratio,
    re2Ratio,
    target: VALIDATE_RATIO_TARGET,
    met: ratio <= VALIDATE_RATIO_TARGET,
    computedNsPerOrder: round(ns('applyComputed') - ns('orderData only (applyComputed input)'), 0),
    contenders: summary,
    settings: { iterations, rounds },
  };
}

export function formatFormsValidate(result) {
  return [
    `Forms validation of a ${result.rows}-row order (${result.dataBytes} bytes of JSON): FormValidator against plain Ajv2020`,
    table(
      ['contender', 'median ns', 'rounds ns'],
      result.contenders.map((s) => [s.contender, s.medianNs, s.roundsNs.join(' / ')]),
    ),
    '',
    `Ratio FormValidator/plain Ajv: ${result.ratio} (target <= ${result.target}: ${result.met ? 'met' : 'MISSED'}); ` +
      `plain Ajv with re2js for every pattern would be ${result.re2Ratio}× plain Ajv. ` +
      `applyComputed adds about ${result.computedNsPerOrder} ns per order.`,
  ].join('\n');
}

export function formsValidateOptions(args) {
  return {
    iterations: Number(args.iterations ?? 20000),
    rounds: Number(args.rounds ?? 7),
    rows: Number(args.rows ?? 20),
  };
}

if (isMain(import.meta.url)) {
  const args = parseArgs();
  build(args);
  console.log('Forms validation...');
  const result = await runFormsValidate({ ...formsValidateOptions(args), log: (l) => console.log(l) });
  const file = writeResults('forms-validate.json', { environment: environment(), formsValidate: result });
  console.log('\n' + formatFormsValidate(result) + `\n\nWritten to ${path.relative(root, file)}`);
}
