// The performance suite (`npm run bench`): cold start, throughput against bare express, then
// identity (logins with production scrypt, GET /me against GET /hello). Results go to
// .bench/results.json and are printed as tables. See scripts/bench/README.md.
//
//   node scripts/bench/run.mjs [--runs 5] [--duration 10] [--rounds 3] [--warmup 3]
//     [--connections 50] [--pipelining 1] [--no-extras] [--profile auto|always|never]
//     [--only cold-start|throughput|identity] [--no-build] [--check]
//   npm run bench -- identity          (a benchmark's name alone is short for --only <name>)
//
// --check exits with code 1 when a target is missed (by default the exit code only says whether
// the suite ran).
import os from 'node:os';
import path from 'node:path';
import { formatColdStart, profileOption, runColdStart } from './cold-start.mjs';
import { formatIdentity, identityOptions, runIdentity } from './identity.mjs';
import { build, environment, parseArgs, root, writeResults } from './lib.mjs';
import { formatThroughput, runThroughput, throughputOptions } from './throughput.mjs';

const args = parseArgs();
const names = ['cold-start', 'throughput', 'identity'];
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
results.environment.loadAverageAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
results.durationSeconds = Math.round((performance.now() - started) / 1000);

const file = writeResults('results.json', results);
console.log('');
if (results.coldStart) console.log(formatColdStart(results.coldStart) + '\n');
if (results.throughput) console.log(formatThroughput(results.throughput) + '\n');
if (results.identity) console.log(formatIdentity(results.identity) + '\n');

const verdicts = [];
if (results.coldStart) {
  verdicts.push(
    `cold start ${results.coldStart.metMax ? 'met' : results.coldStart.metMedian ? 'met by the median only' : 'MISSED'}`,
  );
}
if (results.throughput) verdicts.push(`throughput ratio ${results.throughput.met ? 'met' : 'MISSED'}`);
if (results.identity) verdicts.push(`me/hello ratio ${results.identity.met ? 'met' : 'MISSED'}`);
console.log(
  `Targets: ${verdicts.join(', ')}. Commit ${env.commit ?? '?'}${env.dirty ? ' (with local changes)' : ''}, ` +
    `${results.durationSeconds} s. Written to ${path.relative(root, file)}`,
);
if (
  args.check &&
  ((results.coldStart && !results.coldStart.metMax) ||
    (results.throughput && !results.throughput.met) ||
    (results.identity && !results.identity.met))
) {
  process.exitCode = 1;
}
