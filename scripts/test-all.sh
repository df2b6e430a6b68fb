#!/usr/bin/env bash
# `npm test`: format check, lint (type-aware rules, React hooks, import boundaries), type check of the repository
# and of each package, unit tests, integration tests on SQLite and (when reachable) PostgreSQL, then Playwright
# end-to-end tests against a production build. Any failing step fails the run; one summary at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1

PG_URL="${TEST_POSTGRES_URL:-postgresql://root@127.0.0.1:5432/test}"
results=()
failed=0
step() {
  local name="$1"; shift
  echo
  echo "=== $name ==="
  if "$@"; then results+=("ok    $name"); else results+=("FAIL  $name"); failed=$((failed + 1)); fi
}

step "format (Prettier)" npx prettier --check .
step "lint (ESLint)" npx eslint --max-warnings 0 .
step "typecheck (repository and each package)" node scripts/typecheck.mjs
step "unit" npx vitest run --project unit
step "integration (SQLite)" env -u DATABASE_URL npx vitest run --project integration
if node -e "const s=require('net').connect(5432,'127.0.0.1');s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1))"; then
  step "integration (PostgreSQL)" env DATABASE_URL="$PG_URL" npx vitest run --project integration
else
  echo "PostgreSQL is not reachable on 127.0.0.1:5432: skipping the PostgreSQL integration run"
  results+=("skip  integration (PostgreSQL): not reachable")
fi
step "build" npx next build
step "e2e (Playwright, Chromium)" npx playwright test

echo
echo "=== summary ==="
printf '%s\n' "${results[@]}"
passed=$(( ${#results[@]} - failed ))
echo "steps: $passed passed, $failed failed"
exit $(( failed > 0 ? 1 : 0 ))
