#!/usr/bin/env bash
# In-process search benchmark, single thread: our SearchService (exact total
# and exact facets) beside FTS5 (count(*) and GROUP BY facets, and count(*)
# alone) and the straightforward Xapian loop (exact count; ValueCountMatchSpy
# facets); plus our service on two threads. Medians of BENCH_RUNS rounds.
#   bash bench/run_search.sh            (see bench/lib.sh for settings)
source "$(dirname "$0")/lib.sh"
bench_setup
bench_build clause-indexer fts5_peer xapian_plain search_bench
ensure_indexes 1 "$(corpus 1)" plain
for ((r = 1; r <= BENCH_RUNS; r++)); do
  echo "run_search: round $r/$BENCH_RUNS" >&2
  search_round 1 plain threads
done
report search
