#!/usr/bin/env bash
# Language detection on the shared corpora (docs/languages.md): per document
# on the OTA tree, as clause-indexer --docs does, then per record on the two
# English JSONL corpora, as the indexer does for records without `language`.
#   bash bench/run_languages.sh [SAMPLE]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SAMPLE=${1:-20}
if [[ ! -d "$CLAUSE_DATA" ]]; then
  echo "bench: no corpora at $CLAUSE_DATA (set CLAUSE_DATA); skipping" >&2
  exit 0
fi
cmake --build "$BENCH_BUILD" -j2 --target bench_detect_languages >/dev/null
DETECT="$BENCH_BUILD/bench/bench_detect_languages"
echo "== OTA documents ($CLAUSE_DATA/ota)"
"$DETECT" --docs "$CLAUSE_DATA/ota" --sample "$SAMPLE"
for corpus in claudette tosdr; do
  echo "== $corpus records"
  "$DETECT" --jsonl "$CLAUSE_DATA/$corpus/clauses.jsonl" --sample 5
done
