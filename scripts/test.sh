#!/usr/bin/env bash
# The test command (`npm test`): compile the package (engine tests load it by name from dist/),
# make sure the Pulumi CLI is available, run every jest suite, and print one summary line
# "N passed, N failed, N skipped" taken from jest's own JSON results. Extra arguments go to jest.
set -uo pipefail
cd "$(dirname "$0")/.."

# ts-jest only transpiles (fast); the whole tree is type-checked once here instead.
if ! npx tsc --noEmit -p tsconfig.json; then
  echo "[test] type errors (see above)"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! npm run --silent build; then
  echo "[test] TypeScript build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

if ! bin_dir=$(bash scripts/install-pulumi.sh --print-bin-dir); then
  echo "[test] the Pulumi CLI is missing and could not be built: the engine suite cannot run"
  echo "0 passed, 1 failed"
  exit 1
fi
export PATH="$bin_dir:$PATH"

results=$(mktemp)
npx jest --json --outputFile="$results" "$@"
status=$?
node scripts/jest-summary.js "$results" || status=1
rm -f "$results"
exit "$status"
