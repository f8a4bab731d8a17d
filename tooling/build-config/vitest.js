// The one vitest preset. Every run also writes a JSON report to <repo>/.test-results/, which
// tooling/scripts/summarize-tests.mjs adds up into CI's closing `tests: N passed, M failed` line.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { findRepoRoot } from './repo.js';

/**
 * @param {import('./vitest').PackageTestOptions} [options]
 */
export function definePackageTests(options = {}) {
  const cwd = process.cwd();
  const root = findRepoRoot(cwd);
  const name = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).name;
  const report = join(root, '.test-results', `${name.replace(/[@/]/g, '_')}.json`);
  const { include, testTimeout = 60_000, hookTimeout = 120_000, ...rest } = options;
  return defineConfig({
    test: {
      include: include ?? ['test/**/*.test.ts', 'src/**/*.test.ts'],
      testTimeout,
      hookTimeout,
      pool: 'forks',
      reporters: ['default', ['json', { outputFile: report }]],
      ...rest,
    },
  });
}
