// The performance suite (`npm run bench`): cold start, throughput against bare express,
// identity (logins with production scrypt, GET /me against GET /hello), the apps' first-load
// size, Lighthouse on the portal, the news feed against GET /hello, form submissions per second on
// MariaDB, the forms validator against plain Ajv and the cost of a keystroke in a 200-field form.
// Results go to .bench/results.json and are printed as tables. See scripts/bench/README.md.
//
//   node scripts/bench/run.mjs [--runs 5] [--duration 10] [--rounds 3] [--warmup 3]
//     [--connections 50] [--pipelining 1] [--no-extras] [--profile auto|always|never]
//     [--lighthouse-runs 3] [--articles 1000] [--groups 50] [--rows 20] [--iterations 20000]
//     [--database-url mysql://root@127.0.0.1:3306] [--database sqlite]
//     [--keys 40] [--warmup-keys 8] [--cpu-slowdown 1] [--no-plain]
//     [--only cold-start|throughput|identity|ui-size|lighthouse|feed|forms-submit|forms-validate|forms-keystroke]
//     [--no-build] [--check]
//   npm run bench -- identity          (a benchmark's name alone is short for --only <name>)
//
// --check exits with code 1 when a target is missed. Without it the exit code only says whether
// the suite ran, except for the budgets of ui-size and lighthouse: missing one always exits 1.
import os from 'node:os';
import path from 'node:path';
import { formatColdStart, profileOption, runColdStart } from './cold-start.mjs';
import { feedOptions, formatFeed, runFeed } from './feed.mjs';
import { formatFormsKeystroke, formsKeystrokeOptions, runFormsKeystroke } from './forms-keystroke.mjs';
import { formatFormsSubmit, formsSubmitOptions, runFormsSubmit } from './forms-submit.mjs';
import { formatFormsValidate, formsValidateOptions, runFormsValidate } from './forms-validate.mjs';
import { formatIdentity, identityOptions, runIdentity } from './identity.mjs';
import { build, environment, parseArgs, root, writeResults } from './lib.mjs';
import { formatLighthouse, lighthouseOptions, runLighthouse } from './lighthouse.mjs';
import { formatThroughput, runThroughput, throughputOptions } from './throughput.mjs';
import { formatUiSize, runUiSize } from './ui-size.mjs';

const args = parseArgs();
const names = [
  'cold-start',
  'throughput',
  'identity',
  'ui-size',
  'lighthouse',
  'feed',
  'forms-submit',
  'forms-validate',
  'forms-keystroke',
];
const only = args.only ?? process.argv.slice(2).find((a) => names.includes(a));
if (only && !names.includes(only)) throw new Error(`--only takes one of ${names.join(', ')}, not "${only}"`);
const started = performance.now();
build(args);

const env = environment();
const [load1] = os.loadavg();
if (load1 > 0.5 * env.cpus) {
  console.log(
    `Note: the load average is ${load1.toFixed(2)} on ${env.cpus} CPUs; figures will be noisy while other work runs.`,
  );
}

const results = { environment: env };
if (!only || only === 'cold-start') {
  const runs = Number(args.runs ?? 5);
  console.log(`\nCold start, ${runs} runs per scenario...`);
  results.coldStart = await runColdStart({
    runs,
    bare: args.bare !== false,
    profile: profileOption(args.profile),
    log: (l) => console.log(l),
  });
}
if (!only || only === 'throughput') {
  console.log('\nThroughput...');
  results.throughput = await runThroughput({ ...throughputOptions(args), log: (l) => console.log(l) });
}
if (!only || only === 'identity') {
  console.log('\nIdentity...');
  results.identity = await runIdentity({ ...identityOptions(args), log: (l) => console.log(l) });
}
if (!only || only === 'ui-size') {
  console.log('\nUI size...');
  results.uiSize = await runUiSize({ buildUi: args['ui-build'] !== false, log: (l) => console.log(l) });
}
if (!only || only === 'lighthouse') {
  console.log('\nLighthouse...');
  // ui-size has just built the apps from their sources.
  const options = lighthouseOptions(args);
  results.lighthouse = await runLighthouse({
    ...options,
    buildUi: options.buildUi && !results.uiSize,
    log: (l) => console.log(l),
  });
}
if (!only || only === 'feed') {
  console.log('\nFeed...');
  results.feed = await runFeed({ ...feedOptions(args), log: (l) => console.log(l) });
}
if (!only || only === 'forms-submit') {
  console.log('\nForms submit...');
  results.formsSubmit = await runFormsSubmit({ ...formsSubmitOptions(args), log: (l) => console.log(l) });
}
if (!only || only === 'forms-validate') {
  console.log('\nForms validation...');
  results.formsValidate = await runFormsValidate({
    ...formsValidateOptions(args),
    log: (l) => console.log(l),
  });
}
if (!only || only === 'forms-keystroke') {
  console.log('\nForms keystroke...');
  results.formsKeystroke = await runFormsKeystroke({
    ...formsKeystrokeOptions(args),
    log: (l) => console.log(l),
  });
}
results.environment.loadAverageAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
results.durationSeconds = Math.round((performance.now() - started) / 1000);

const file = writeResults('results.json', results);
console.log('');
if (results.coldStart) console.log(formatColdStart(results.coldStart) + '\n');
if (results.throughput) console.log(formatThroughput(results.throughput) + '\n');
if (results.identity) console.log(formatIdentity(results.identity) + '\n');
if (results.uiSize) console.log(formatUiSize(results.uiSize) + '\n');
if (results.lighthouse) console.log(formatLighthouse(results.lighthouse) + '\n');
if (results.feed) console.log(formatFeed(results.feed) + '\n');
if (results.formsSubmit) console.log(formatFormsSubmit(results.formsSubmit) + '\n');
if (results.formsValidate) console.log(formatFormsValidate(results.formsValidate) + '\n');
if (results.formsKeystroke) console.log(formatFormsKeystroke(results.formsKeystroke) + '\n');

const verdicts = [];
if (results.coldStart) {
  verdicts.push(
    `cold start ${results.coldStart.metMax ? 'met' : results.coldStart.metMedian ? 'met by the median only' : 'MISSED'}`,
  );
}
if (results.throughput) verdicts.push(`throughput ratio ${results.throughput.met ? 'met' : 'MISSED'}`);
if (results.identity) verdicts.push(`me/hello ratio ${results.identity.met ? 'met' : 'MISSED'}`);
if (results.uiSize) verdicts.push(`portal first-load JS ${results.uiSize.met ? 'met' : 'MISSED'}`);
if (results.lighthouse) verdicts.push(`Lighthouse ${results.lighthouse.met ? 'met' : 'MISSED'}`);
if (results.feed) verdicts.push(`feed/hello ratio ${results.feed.ratio} (no target)`);
if (results.formsSubmit)
  verdicts.push(
    `${results.formsSubmit.submissionsPerSecond} submissions/s on ${results.formsSubmit.database} (no target)`,
  );
if (results.formsValidate)
  verdicts.push(
    `forms validation ratio ${results.formsValidate.ratio} ${results.formsValidate.met ? 'met' : 'MISSED'}`,
  );
if (results.formsKeystroke) verdicts.push(`forms keystroke ${results.formsKeystroke.met ? 'met' : 'MISSED'}`);
console.log(
  `Targets: ${verdicts.join(', ')}. Commit ${env.commit ?? '?'}${env.dirty ? ' (with local changes)' : ''}, ` +
    `${results.durationSeconds} s. Written to ${path.relative(root, file)}`,
);
if (
  (args.check &&
    ((results.coldStart && !results.coldStart.metMax) ||
      (results.throughput && !results.throughput.met) ||
      (results.identity && !results.identity.met) ||
      (results.formsValidate && !results.formsValidate.met) ||
      (results.formsKeystroke && !results.formsKeystroke.met))) ||
  (results.uiSize && !results.uiSize.met) ||
  (results.lighthouse && !results.lighthouse.met)
) {
  process.exitCode = 1;
}
