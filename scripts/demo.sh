#!/usr/bin/env bash
# The README's demo command: installs dependencies, builds, indexes data/
# into demo-index/ and serves it on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
DB=${CLAUSE_DB:-demo-index}
BUILD_DIR=${BUILD_DIR:-build}  # where scripts/build.sh built
"$BUILD_DIR/indexer/clause-indexer" --db "$DB" --prune-all data/clauses.jsonl
exec "$BUILD_DIR/server/clause-server" --db "$DB" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
