#!/usr/bin/env node
// Adds up the vitest JSON reports in .test-results/ (one per package, written by the shared vitest
// preset) and prints CI's closing line `tests: N passed, M failed` alone on the last line.
// A package whose test script ran but left no report (crashed, failed to start) counts as a failure.
// Under CI=true a skipped or todo test is a failure: live tests must run there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const resultsDir = join(root, '.test-results');
const inCI = process.env.CI === 'true' || process.env.CI === '1';

function workspacePackages() {
  const found = [];
  for (const group of ['packages', 'apps', 'tooling']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = join(dir, name, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (pkg.scripts?.test) found.push(pkg.name);
    }
  }
  return found.sort();
}

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

for (const name of workspacePackages()) {
  const file = join(resultsDir, `${name.replace(/[@/]/g, '_')}.json`);
  if (!existsSync(file)) {
    failed++;
    problems.push(`${name}: no test report (the test run crashed or never started)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  let counted = 0;
  for (const suite of report.testResults ?? []) {
    const assertions = suite.assertionResults ?? [];
    if (assertions.length === 0 && suite.status === 'failed') {
      failed++;
      problems.push(`${name}: ${suite.name}: suite failed to run: ${(suite.message ?? '').split('\n')[0]}`);
    }
    for (const test of assertions) {
      counted++;
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') {
        failed++;
        problems.push(`${name}: FAILED ${test.fullName}`);
      } else if (inCI) {
        failed++;
        problems.push(`${name}: ${test.status} under CI (counted as failed): ${test.fullName}`);
      } else {
        skipped++;
        problems.push(`${name}: ${test.status}: ${test.fullName}`);
      }
    }
  }
  console.log(`${name}: ${counted} tests`);
}

// turbo failing with every report green means a test process died after reporting: still a failure.
const turboStatus = Number(process.env.TURBO_STATUS ?? 0);
if (turboStatus !== 0 && failed === 0) {
  failed++;
  problems.push(`turbo run test exited ${turboStatus} though every report passed`);
}

if (Number(process.env.CHECKS_STATUS ?? 0) !== 0) {
  failed++;
  problems.push('typecheck or lint failed (turbo run typecheck lint; see its output above)');
}

for (const line of problems) console.log(`  ${line}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
