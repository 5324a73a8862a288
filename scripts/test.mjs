// `npm test`: every test layer of HMM Lab in one run, then one closing line.
//   1. static checks: formatting (prettier), lint (eslint), types (tsc)
//   2. vitest projects: unit (+ property, model, conformance), component (jsdom),
//      storybook (stories in Chromium), e2e (the built site in Chromium)
// Needs a system Chromium (see README); set CHROMIUM_PATH if it is not at /usr/bin/chromium.
// Writes test-results/summary.json and ends with `N passed, N failed, N skipped`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromiumPath } from './chromium.mjs';

const bin = (name) => `node_modules/.bin/${name}`;
const run = (cmd, args) => spawnSync(cmd, args, { stdio: 'inherit', env: process.env }).status ?? 1;

mkdirSync('test-results', { recursive: true });
process.env.STORYBOOK_DISABLE_TELEMETRY = '1';

if (!existsSync(chromiumPath())) {
  console.error(
    `\nNo Chromium at ${chromiumPath()}. The storybook and e2e tests need one:\n` +
      '  Debian/Ubuntu: sudo apt-get install chromium   (then /usr/bin/chromium)\n' +
      '  elsewhere: install Chromium or Chrome and set CHROMIUM_PATH to its executable.\n',
  );
  process.exit(1);
}

const checks = [
  ['format (prettier --check)', bin('prettier'), ['--check', '--log-level', 'warn', '.']],
  ['lint (eslint)', bin('eslint'), ['--max-warnings=0', '.']],
  ['types (tsc --noEmit)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']],
];
const failedChecks = [];
for (const [name, cmd, args] of checks) {
  console.log(`\n▶ ${name}`);
  if (run(cmd, args) !== 0) failedChecks.push(name);
  else console.log(`✓ ${name}`);
}

console.log('\n▶ vitest (unit, component, storybook, e2e)');
const reportFile = 'test-results/vitest.json';
const vitestStatus = run(bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${reportFile}`,
]);

let report = { numPassedTests: 0, numFailedTests: 0, numPendingTests: 0, numTodoTests: 0 };
if (existsSync(reportFile)) report = JSON.parse(readFileSync(reportFile, 'utf8'));
const summary = {
  passed: report.numPassedTests + (checks.length - failedChecks.length),
  failed: report.numFailedTests + failedChecks.length,
  skipped: report.numPendingTests + report.numTodoTests,
  vitestTests: report.numPassedTests + report.numFailedTests,
  staticChecks: checks.length,
  failedChecks,
};
writeFileSync('test-results/summary.json', JSON.stringify(summary, null, 2));

if (failedChecks.length) console.log(`\nFailed static checks: ${failedChecks.join(', ')}`);
console.log(`\n(${summary.vitestTests} vitest tests and ${checks.length} static checks)`);
console.log(`${summary.passed} passed, ${summary.failed} failed, ${summary.skipped} skipped`);
const ok = vitestStatus === 0 && failedChecks.length === 0 && summary.vitestTests > 0;
process.exit(ok ? 0 : 1);
