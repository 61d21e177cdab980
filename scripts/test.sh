#!/usr/bin/env bash
# The whole test suite: type checking, unit tests, then the browser tests in
# Debian's chromium. It installs chromium itself where it can (apt-get, as root)
# and otherwise stops with one line saying how; browser tests are never skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ]; then
  echo "racecourse: installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund
fi

echo "== type check"
npx tsc -p tsconfig.json --noEmit

echo "== unit tests"
npx vitest run --project unit

if ls test/browser/*.test.ts >/dev/null 2>&1; then
  bash scripts/ensure-chromium.sh
  echo "== browser tests (chromium: $(command -v chromium))"
  npx vitest run --project browser
fi
