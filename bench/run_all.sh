#!/usr/bin/env bash
# The whole suite in one work dir: indexing, in-process search, HTTP, scale.
# Prints every table at the end (each driver also prints its own).
#   bash bench/run_all.sh            (see bench/lib.sh for settings)
source "$(dirname "$0")/lib.sh"
bench_setup
export BENCH_WORK
export BENCH_RESULTS_SHARED=1  # every step adds its rows to the one table
for b in index search http scale; do
  bash "$REPO/bench/run_$b.sh"
done
echo
echo "# Clause search benchmarks, $(date -u +%Y-%m-%d), $(nproc) cores, $BENCH_RUNS runs per figure"
echo
report index search http scale
