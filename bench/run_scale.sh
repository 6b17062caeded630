#!/usr/bin/env bash
# Scale benchmark: the corpus copied 1x, 2x, 5x, 10x (copies under new
# platform names and ids), indexed by ours and by FTS5, then the query set
# with exact total and facets on each: index time and query p50/p99 at each
# size, so the curve shows how cost grows. BENCH_SCALES (default "1 2 5 10"),
# BENCH_SCALE_RUNS rounds per scale (default BENCH_RUNS), medians printed.
#   bash bench/run_scale.sh            (see bench/lib.sh for settings)
source "$(dirname "$0")/lib.sh"
bench_setup
bench_build clause-indexer fts5_peer search_bench
RUNS="${BENCH_SCALE_RUNS:-$BENCH_RUNS}"
for s in ${BENCH_SCALES:-1 2 5 10}; do
  C="$(corpus "$s")"
  for ((r = 1; r <= RUNS; r++)); do
    echo "run_scale: x$s round $r/$RUNS" >&2
    index_round "$s" "$C"
    search_round "$s"
  done
  # Each scale's corpus and indexes go before the next is made.
  rm -rf "$C" "$BENCH_WORK/ours-$s.db" "$BENCH_WORK/fts5-$s.sqlite"
done
report scale
