#!/usr/bin/env bash
# Indexing benchmark: the full corpus indexed by clause-indexer (ours), by
# SQLite FTS5 and by a straightforward Xapian loop, BENCH_RUNS times each,
# interleaved so that all three share the machine's noise. Prints clauses/s,
# peak RSS and index size before/after compaction (medians).
#   bash bench/run_index.sh            (see bench/lib.sh for settings)
source "$(dirname "$0")/lib.sh"
bench_setup
bench_build clause-indexer fts5_peer xapian_plain
C="$(corpus 1)"
for ((r = 1; r <= BENCH_RUNS; r++)); do
  echo "run_index: round $r/$BENCH_RUNS" >&2
  index_round 1 "$C" plain
done
report index
