#!/usr/bin/env bash
# Sets everything up, runs every package's tests, then the type and lint checks, and ends with
# `tests: N passed, M failed` alone on the last line. The README's test command and CI (.ci/run)
# both call exactly this.
set -uo pipefail
cd "$(dirname "$0")/../.."
if ! bash tooling/scripts/setup.sh; then
  echo "setup or build failed: no tests were run" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
rm -rf .test-results
pnpm exec turbo run test --continue --concurrency=2
turbo_status=$?
# Strict types and lint are part of passing: a failure here counts as one failed test.
pnpm exec turbo run typecheck lint --continue --output-logs=errors-only
checks_status=$?
TURBO_STATUS=$turbo_status CHECKS_STATUS=$checks_status node tooling/scripts/summarize-tests.mjs
