#!/usr/bin/env bash
# What the spelling variants (data/spelling-variants.txt, recorded as Xapian
# synonyms) change: the same corpus indexed with --no-synonyms and with the
# shipped list, the benchmark query set (bench/queries.txt) and the variant
# queries (bench/variant_queries.txt) answered on both (search_bench
# BENCH_DUMP), and the totals side by side: queries with no hit, hits, and
# each query whose total changed (bench/dump_totals.py). Search speed of the
# two indexes in the same run: search_bench q/s on bench/queries.txt.
#
#   bash bench/run_variants.sh [CORPUS.jsonl]
#
# CORPUS: default the 1x benchmark corpus of the shared corpora (bench/lib.sh,
# as bench/run_search.sh makes it). Settings of bench/lib.sh (BENCH_BUILD,
# BENCH_WORK, CLAUSE_DATA) apply.
source "$(dirname "$0")/lib.sh"
cd "$REPO"
indexer="$BIN/indexer/clause-indexer"
bench="$BIN/bench/search_bench"
corpus=${1:-}
if [[ -z $corpus ]]; then
  bench_setup
  bench_build clause-indexer search_bench
  corpus="$(corpus 1)"
else
  bench_workdir clause-variants
  bench_build clause-indexer search_bench
fi
work="$BENCH_WORK"
rm -rf "$work/plain.db" "$work/variants.db"
echo "run_variants: corpus $corpus ($(wc -l < "$corpus") records)"
"$indexer" --db "$work/plain.db" --quiet --no-synonyms "$corpus"
"$indexer" --db "$work/variants.db" --quiet "$corpus"
for set in queries variant_queries; do
  for db in plain variants; do
    BENCH_DUMP="$work/$set-$db.jsonl" "$bench" "$work/$db.db" "bench/$set.txt" 1 > "$work/$set-$db.out"
  done
  echo
  echo "## bench/$set.txt"
  python3 bench/dump_totals.py "$work/$set-plain.jsonl" "$work/$set-variants.jsonl" \
    "without synonyms" "with the shipped variants"
  echo "search_bench: $(grep -h '^RESULT' "$work/$set-plain.out" | head -1)"
  echo "search_bench: $(grep -h '^RESULT' "$work/$set-variants.out" | head -1)"
done
