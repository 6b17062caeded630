#!/usr/bin/env bash
# Kills clause-indexer with SIGKILL at random points of a run, many times,
# on both write paths, and checks after every kill that the database opens
# and passes xapian-check, and that a re-run completes with the right count.
#
#   bench/run_kill_loop.sh [KILLS]          (default 30 per path)
#
# Environment: BUILD_DIR (default build), INPUTS (default: every shared
# JSONL corpus plus the demo corpus), WORK (default a temp dir, removed),
# MAX_RECORDS (default all: else the first N lines of the inputs, for the
# short ctest version).
# Path 1, new index: built by parallel shards published by rename (--jobs 2);
# killed runs must leave no index or a complete one.
# Path 2, existing index: updated by one writer with batched commits
# (--batch-size 500); killed again and again without reset, each kill must
# leave a consistent index of at most the final count.
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-30}
BUILD_DIR=${BUILD_DIR:-build}
INDEXER="$BUILD_DIR/indexer/clause-indexer"
[[ -x "$INDEXER" ]] || { echo "build clause-indexer first ($INDEXER)" >&2; exit 2; }
if [[ -z "${INPUTS:-}" ]]; then
  INPUTS="data/clauses.jsonl"
  for f in ../shared/data/*/clauses.jsonl; do [[ -f "$f" ]] && INPUTS+=" $f"; done
fi
WORK=${WORK:-$(mktemp -d /tmp/clause-kill.XXXXXX)}
pid=""
cleanup() { [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

count_of() { xapian-delve "$1" | sed -n 's/^number of documents = //p'; }
check() {  # the index opens and passes xapian-check
  xapian-check "$1" >/dev/null || { echo "FAIL: xapian-check $1" >&2; exit 1; }
  count_of "$1"
}
# Starts the indexer, kills it after a random time below the reference run.
run_and_kill() {
  local db=$1; shift
  "$INDEXER" --db "$db" --quiet "$@" $INPUTS >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v max="$ref_ms" -v r="$RANDOM" 'BEGIN { printf "%.3f", (r / 32768) * max / 1000 }')"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null || true
  pid=""
}

if [[ -n "${MAX_RECORDS:-}" ]]; then
  awk -v n="$MAX_RECORDS" 'NR <= n' $INPUTS > "$WORK/input.jsonl"
  INPUTS="$WORK/input.jsonl"
fi
start=$(date +%s%N)
"$INDEXER" --db "$WORK/ref" --quiet $INPUTS >/dev/null 2>&1 || true
ref_ms=$(( ($(date +%s%N) - start) / 1000000 ))
expected=$(check "$WORK/ref")
echo "reference run: $expected clauses in ${ref_ms} ms from: $INPUTS"

killed=0 checks=0
echo "path 1: new index (parallel shards, published by rename), $KILLS kills"
for ((i = 1; i <= KILLS; i++)); do
  rm -rf "$WORK/new"
  run_and_kill "$WORK/new" --jobs 2
  if [[ -e "$WORK/new" ]]; then
    n=$(check "$WORK/new"); checks=$((checks + 1))
    [[ "$n" == "$expected" ]] || { echo "FAIL: a published index holds $n, not $expected" >&2; exit 1; }
  fi
  "$INDEXER" --db "$WORK/new" --quiet --jobs 2 $INPUTS >/dev/null 2>&1 || true
  n=$(check "$WORK/new"); checks=$((checks + 1))
  [[ "$n" == "$expected" ]] || { echo "FAIL: re-run gave $n, not $expected" >&2; exit 1; }
  leftovers=$(find "$WORK" -maxdepth 1 -name 'new.build-*' | wc -l)
  [[ "$leftovers" -le 1 ]] || { echo "FAIL: $leftovers stale work dirs" >&2; exit 1; }
done

echo "path 2: existing index (one writer, batched commits), $KILLS kills"
rm -rf "$WORK/upd"
# Half the input first, so the killed runs update an index that exists.
first=$(awk 'FNR % 2 == 0' $INPUTS > "$WORK/half.jsonl" && echo "$WORK/half.jsonl")
"$INDEXER" --db "$WORK/upd" --quiet --jobs 1 "$first" >/dev/null 2>&1 || true
for ((i = 1; i <= KILLS; i++)); do
  run_and_kill "$WORK/upd" --batch-size 500
  n=$(check "$WORK/upd"); checks=$((checks + 1))
  [[ "$n" -le "$expected" ]] || { echo "FAIL: $n clauses, more than $expected" >&2; exit 1; }
done
"$INDEXER" --db "$WORK/upd" --quiet --batch-size 500 $INPUTS >/dev/null 2>&1 || true
n=$(check "$WORK/upd"); checks=$((checks + 1))
[[ "$n" == "$expected" ]] || { echo "FAIL: final re-run gave $n, not $expected" >&2; exit 1; }

echo "kill loop: $killed SIGKILLs landed mid-run, $checks xapian-check passes, final counts $expected: OK"
