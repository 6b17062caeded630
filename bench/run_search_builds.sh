#!/usr/bin/env bash
# Search speed of two builds whose indexes may differ (a change of the index
# layout, of stemming, of what a query matches): each build indexes the 1x
# benchmark corpus with its own clause-indexer, then the two search_bench
# binaries run over bench/queries.txt on their own index, alternating
# (old-new, new-old, ...) so that both share the machine's noise, in both
# modes (exact facets, and facets=false). Prints a table of the medians and
# the median of each back-to-back pair's new/old q/s.
#
#   bash bench/run_search_builds.sh OLD_BUILD NEW_BUILD
#
# OLD_BUILD, NEW_BUILD: build directories with indexer/clause-indexer and
# bench/search_bench (and bench/dump_records in OLD_BUILD, which makes the
# corpus as bench/lib.sh does). Answers are not compared (bench/run_parity.sh
# does that when they must not change). Settings as in bench/lib.sh
# (CLAUSE_DATA, BENCH_WORK, BENCH_KEEP, BENCH_RUNS; 5 or more on a busy machine).
source "$(dirname "$0")/lib.sh"
if [[ $# -ne 2 ]]; then
  sed -n '2,17p' "$0" >&2
  exit 2
fi
OLD="$(cd "$1" && pwd)"
NEW="$(cd "$2" && pwd)"
for b in "$OLD" "$NEW"; do
  for f in indexer/clause-indexer bench/search_bench; do
    [[ -x "$b/$f" ]] || { echo "run_search_builds: no $b/$f (build it first)" >&2; exit 2; }
  done
done
bench_setup
# lib.sh's corpus steps run OLD's binaries; nothing is (re)built.
BIN="$OLD"
bench_build() { :; }
W="$BENCH_WORK"
CORPUS="$(corpus 1)"
for name in old new; do
  [[ $name == old ]] && b="$OLD" || b="$NEW"
  if [[ ! -d "$W/$name.db" ]]; then
    echo "run_search_builds: indexing with the $name build" >&2
    "$b/indexer/clause-indexer" --db "$W/$name.db" --quiet "$CORPUS" 2> "$W/indexer-$name.log" || {
      cat "$W/indexer-$name.log" >&2
      exit 1
    }
  fi
done

for mode in facets total; do
  : > "$W/search-$mode.tsv"
  for ((r = 1; r <= BENCH_RUNS; r++)); do
    echo "run_search_builds: $mode round $r/$BENCH_RUNS" >&2
    order=(old new)
    ((r % 2 == 0)) && order=(new old)
    for name in "${order[@]}"; do
      [[ $name == old ]] && b="$OLD" || b="$NEW"
      "$b/bench/search_bench" "$W/$name.db" "$QUERIES" 1 1 "$mode" | sed "s/^/$name\t/" >> "$W/search-$mode.tsv"
    done
  done
  echo "## search_bench, mode $mode (old: $OLD, new: $NEW)"
  python3 "$REPO/bench/answer_parity.py" search-table "$W/search-$mode.tsv"
done
