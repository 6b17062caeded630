#!/usr/bin/env bash
# Parity of two builds, for a change that must not change any answer (a
# refactor, a speed-up): the build before and the build after, on the same
# index, in the same minutes.
#
#   bash bench/run_parity.sh OLD_BUILD NEW_BUILD [INDEX]
#
# OLD_BUILD, NEW_BUILD: build directories, each with server/clause-server and
# bench/search_bench (cmake --build DIR --target clause-server search_bench
# dump_records). INDEX: an index both serve; absent, the 1x benchmark corpus
# of the shared corpora (as bench/run_search.sh makes it, bench/lib.sh) is
# indexed by OLD_BUILD's clause-indexer into the work dir (a few minutes).
#
# 1. search_bench of each build with BENCH_DUMP over bench/queries.txt: the
#    dumps (totals, hit ids, snippets, facet counts, corrections) must be
#    equal byte for byte.
# 2. search_bench q/s, p50, p99: BENCH_RUNS rounds (default 3; 5 or more on
#    a busy machine), the builds alternating (old-new, new-old, ...) so that
#    both share the machine's noise; medians, and the median of each round's
#    new/old q/s (a pair run back to back, so the sturdier figure).
# 3. Both clause-servers on 127.0.0.1 (free ports), once their similar
#    snapshots are built: the same requests to each (/v1/search for every
#    query and variants, /v1/clauses/{id} and its /similar for PARITY_SAMPLE
#    clauses spread over the index (default 200), POST /v1/similar with their
#    text, /v1/categories, /v1/categories/{slug}, /v1/compare, /v1/platforms,
#    /v1/platforms/{slug}); answers equal byte for byte but for `took_ms`
#    (bench/answer_parity.py). Then /similar latency p50/p99 over the sample,
#    BENCH_RUNS rounds, the servers interleaved request by request.
# Prints the counts compared, the first differences with their request, and
# a table of old and new figures with their ratio. Exit status 1 on any
# difference. Servers are stopped on exit; logs and dumps go to BENCH_WORK (a
# new temporary dir, removed at exit unless BENCH_KEEP=1). Other settings as
# in bench/lib.sh (CLAUSE_DATA, BENCH_RUNS).
source "$(dirname "$0")/lib.sh"
if [[ $# -lt 2 || $# -gt 3 ]]; then
  sed -n '2,12p' "$0" >&2
  exit 2
fi
OLD="$(cd "$1" && pwd)"
NEW="$(cd "$2" && pwd)"
INDEX="${3:-}"
SAMPLE="${PARITY_SAMPLE:-200}"
PARITY="$REPO/bench/answer_parity.py"
for b in "$OLD" "$NEW"; do
  for f in server/clause-server bench/search_bench; do
    [[ -x "$b/$f" ]] || { echo "run_parity: no $b/$f (build it first)" >&2; exit 2; }
  done
done
DUMP_RECORDS="$OLD/bench/dump_records"
[[ -x "$DUMP_RECORDS" ]] || DUMP_RECORDS="$NEW/bench/dump_records"
[[ -x "$DUMP_RECORDS" ]] || { echo "run_parity: no bench/dump_records in either build" >&2; exit 2; }

bench_workdir clause-parity
W="$BENCH_WORK"
echo "run_parity: old $OLD, new $NEW, work dir $W, $BENCH_RUNS rounds" >&2
for b in "$OLD" "$NEW"; do
  echo "run_parity: $b: $(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$b/CMakeCache.txt" 2>/dev/null)" \
    "build, commit $(git -C "$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$b/CMakeCache.txt" 2>/dev/null)" \
      rev-parse --short HEAD 2>/dev/null || echo '?')" >&2
done

if [[ -z "$INDEX" ]]; then
  if [[ ! -d "$CLAUSE_DATA" ]]; then
    echo "run_parity: no INDEX given and no corpora at $CLAUSE_DATA (set CLAUSE_DATA)" >&2
    exit 2
  fi
  # lib.sh's corpus steps run OLD's binaries; nothing is (re)built in OLD.
  BIN="$OLD"
  bench_build() { :; }
  INDEX="$W/ours-1.db"
  "$OLD/indexer/clause-indexer" --db "$INDEX" --quiet "$(corpus 1)" 2> "$W/indexer.log" || {
    cat "$W/indexer.log" >&2
    exit 1
  }
fi
echo "run_parity: index $INDEX" >&2
FAILED=0

# --- 1. search answers, in-process --------------------------------------------
BENCH_DUMP="$W/old.dump" "$OLD/bench/search_bench" "$INDEX" "$QUERIES" 1 > /dev/null
BENCH_DUMP="$W/new.dump" "$NEW/bench/search_bench" "$INDEX" "$QUERIES" 1 > /dev/null
if cmp -s "$W/old.dump" "$W/new.dump"; then
  # search_bench answers each query twice (warm-up, then the timed pass).
  echo "search_bench dumps: $(wc -l < "$W/old.dump") answers (the query set twice), identical"
else
  FAILED=1
  echo "search_bench dumps DIFFER: $(wc -l < "$W/old.dump") vs $(wc -l < "$W/new.dump") answers;" \
    "$(cmp "$W/old.dump" "$W/new.dump" 2>&1 | head -1)"
  diff <(cut -c1-300 "$W/old.dump") <(cut -c1-300 "$W/new.dump") | head -12
fi

# --- 2. search speed, in-process, builds alternating ---------------------------
: > "$W/search.tsv"
for ((r = 1; r <= BENCH_RUNS; r++)); do
  echo "run_parity: search round $r/$BENCH_RUNS" >&2
  order=(old new)
  ((r % 2 == 0)) && order=(new old)
  for name in "${order[@]}"; do
    [[ $name == old ]] && b="$OLD" || b="$NEW"
    "$b/bench/search_bench" "$INDEX" "$QUERIES" 1 | sed "s/^/$name\t/" >> "$W/search.tsv"
  done
done

# --- 3. HTTP answers and /similar latency ------------------------------------
declare -A URL
for name in old new; do
  [[ $name == old ]] && b="$OLD" || b="$NEW"
  port="$(python3 "$PARITY" free-port)"
  "$b/server/clause-server" --db "$INDEX" --host 127.0.0.1 --port "$port" --log-level warn \
    > "$W/server-$name.log" 2>&1 &
  pid=$!
  trap_add "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
  URL[$name]="http://127.0.0.1:$port"
done
echo "run_parity: waiting for both servers' similar snapshots" >&2
python3 "$PARITY" wait "${URL[old]}" "${URL[new]}" || {
  tail -5 "$W"/server-*.log >&2
  exit 1
}
"$DUMP_RECORDS" "$INDEX" > "$W/records.jsonl"
python3 "$PARITY" compare "${URL[old]}" "${URL[new]}" --queries "$QUERIES" --records "$W/records.jsonl" \
  --sample "$SAMPLE" --rounds "$BENCH_RUNS" --search-results "$W/search.tsv" || FAILED=1

if ((FAILED)); then
  echo "run_parity: DIFFERENT answers (see above)"
  exit 1
fi
echo "run_parity: every answer identical"
