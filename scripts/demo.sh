#!/usr/bin/env bash
# The README's demo command: installs dependencies, builds, indexes data/
# (and a version history generated from it) into demo-index/ and serves
# it on http://127.0.0.1:${PORT:-8080}/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
DB=${CLAUSE_DB:-demo-index}
BUILD_DIR=${BUILD_DIR:-build}  # where scripts/build.sh built
index_demo() {
  "$BUILD_DIR/indexer/clause-indexer" --db "$DB" --prune-all data/clauses.jsonl || return
  # A few platforms' versions, dated relative to today, so change records
  # show on the first run. Made here (not kept in data/: a git repository is
  # binary, and its dates would go stale) into the build dir; the same day
  # gives the same commits, so a re-run continues where the last one stopped.
  python3 data/generate_demo.py --history "$BUILD_DIR/demo-history" || return
  "$BUILD_DIR/indexer/clause-indexer" --db "$DB" --history "$BUILD_DIR/demo-history" --quiet
}
# Generated on another day, the history has other commits: the index refuses
# it (status 2), so the demo index is made anew.
index_demo || { [[ $? == 2 ]] && rm -rf "$DB" && index_demo; }
exec "$BUILD_DIR/server/clause-server" --db "$DB" --host "${HOST:-127.0.0.1}" --port "${PORT:-8080}"
