#!/usr/bin/env bash
# The README's test command: installs dependencies, builds, runs every test
# through ctest. Tests that need ../shared/data skip when it is absent; the
# browser tests skip, saying why, when Chromium or playwright-core is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
# playwright-core for the browser tests (tests/browser), from the lock file.
if command -v npm >/dev/null 2>&1 && [[ ! -d tests/browser/node_modules/playwright-core ]]; then
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "test.sh: npm ci failed; the browser tests will skip" >&2
fi
# The OpenAPI validators for the openapi_validate test (tests/openapi).
if command -v npm >/dev/null 2>&1 && [[ ! -d tests/openapi/node_modules/ajv ]]; then
  (cd tests/openapi && npm ci --no-audit --no-fund --loglevel=error) \
    || echo "test.sh: npm ci failed in tests/openapi; openapi_validate will skip" >&2
fi
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 600
