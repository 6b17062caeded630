#!/usr/bin/env bash
# Mixed load on the full corpus (issue 21): wrk at 64 connections for 60 s,
# then 30 s more, over 40% /v1/search, 30% /v1/clauses/{id}, 20%
# /v1/clauses/{id}/similar and 10% catalog views (/v1/categories,
# /v1/platforms, /v1/compare and one category per category of the index,
# /healthz); bench/mixed.lua makes the mix. For each run it prints requests,
# errors (non-2xx and socket errors), wrk timeouts (> 2 s), p50/p99, and per
# route the server's own answers and share over 1 s (its /metrics histogram,
# before and after the run: answers, p50 and p99 interpolated in its
# buckets, share over 1 s); then the server's RSS after the first run (the
# warm-up) and at the end. Before the load, one client (wrk -t1 -c1,
# MIXED_SINGLE seconds each, default 10) times each catalog route class
# (/v1/categories, /v1/categories/{slug} of every category, /v1/compare of
# every category, /v1/platforms) against a clause fetch, two rounds, after one
# request to each catalog path (so the figures are those of a served
# revision, not of the first request after a commit). Before those, each
# catalog path is asked cold by a burst of 16 identical requests
# (bench/catalog_burst.py: the slowest answer per burst, cache misses).
#
#   bash bench/run_mixed.sh
# Settings (environment; see bench/lib.sh for BENCH_WORK, BENCH_BUILD):
#   MIXED_DB      an index to serve (default: the full corpus, indexed once
#                 into the work dir by clause-indexer)
#   MIXED_CORPUS  the JSONL to index when MIXED_DB is not set (default: the
#                 suite's corpus x1 made from the shared data)
#   MIXED_SECONDS the two runs' lengths (default "60 30")
#   MIXED_CONNS   connections (default 64)
# The server runs with its defaults, on 127.0.0.1, killed on exit.
source "$(dirname "$0")/lib.sh"
CONNS="${MIXED_CONNS:-64}"
read -r -a RUNS <<< "${MIXED_SECONDS:-60 30}"
command -v wrk >/dev/null || bash "$REPO/scripts/install-deps.sh" --bench
bench_workdir clause-mixed
W="$BENCH_WORK"

DB="${MIXED_DB:-}"
if [[ -z "$DB" ]]; then
  C="${MIXED_CORPUS:-}"
  if [[ -z "$C" ]]; then
    bench_setup
    C="$(corpus 1)"
  fi
  DB="$W/mixed.db"
  [[ -d "$DB" ]] || "$BIN/indexer/clause-indexer" --db "$DB" --quiet "$C" 2> "$W/mixed-indexer.log"
fi

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN/server/clause-server" --db "$DB" --host 127.0.0.1 --port "$PORT" --log-level warn \
  > "$W/mixed-server.log" 2>&1 &
SERVER_PID=$!
trap_add "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
URL="http://127.0.0.1:$PORT"
for _ in $(seq 300); do curl -sf -o /dev/null "$URL/healthz" && break; sleep 0.1; done
# /similar answers from the snapshot once it is built: load the steady state.
for _ in $(seq 1200); do
  curl -sf "$URL/healthz" | grep -q '"state":"building"' || break
  sleep 0.5
done

T="$REPO/bench/http_tools.py"
python3 "$T" search-paths "$QUERIES" > "$W/mixed-search.paths"
# Clause ids come from the served index (its records), so any corpus works.
"$BIN/bench/dump_records" "$DB" > "$W/mixed-records.jsonl" 2>/dev/null ||
  { echo "run_mixed: bench/dump_records missing (cmake --build build --target dump_records)" >&2; exit 1; }
python3 "$T" ids "$W/mixed-records.jsonl" 2000 > "$W/mixed-ids.paths"
python3 "$T" ids "$W/mixed-records.jsonl" 2000 /similar > "$W/mixed-similar.paths"
rm -f "$W/mixed-records.jsonl"
python3 "$T" catalog-paths "$URL" > "$W/mixed-catalog.paths"
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status"; }

single() {  # PATHS: "p50 ms / p99 ms" of one client rotating over PATHS
  wrk -t1 -c1 -d"${MIXED_SINGLE:-10}s" --latency -s "$REPO/bench/rotate.lua" "$URL" -- "$1" > "$W/single.out" 2>&1
  python3 "$T" wrk-summary < "$W/single.out"
}
# Cold first: catalog_paths asked /v1/categories only, every other catalog
# answer is computed by the first of a burst of 16 identical requests.
echo "cold catalog $(python3 "$REPO/bench/catalog_burst.py" "$URL" 16 "$W/mixed-catalog.paths")"
while read -r p; do curl -sf -o /dev/null "$URL$p"; done < "$W/mixed-catalog.paths"
# One file of paths per route class, so each gets its own one-client p50/p99.
grep -x '/v1/categories' "$W/mixed-catalog.paths" > "$W/class-categories.paths"
grep '^/v1/categories/' "$W/mixed-catalog.paths" > "$W/class-category.paths"
grep '^/v1/compare' "$W/mixed-catalog.paths" > "$W/class-compare.paths"
grep -x '/v1/platforms' "$W/mixed-catalog.paths" > "$W/class-platforms.paths"
for round in 1 2; do
  for class in categories category compare platforms; do
    printf 'one client, round %d: %-11s %s\n' "$round" "$class" "$(single "$W/class-$class.paths")"
  done
  printf 'one client, round %d: %-11s %s\n' "$round" "clause" "$(single "$W/mixed-ids.paths")"
done

echo "run_mixed: $(curl -sf "$URL/healthz" | python3 -c 'import json,sys; i=json.load(sys.stdin)["index"]; print(i["clauses"], "clauses,", i["platforms"], "platforms")'), $CONNS connections, runs of ${RUNS[*]} s"
declare -a RSS
for ((r = 0; r < ${#RUNS[@]}; r++)); do
  curl -sf "$URL/metrics" > "$W/metrics-before.txt"
  wrk -t2 -c"$CONNS" -d"${RUNS[r]}s" --latency -s "$REPO/bench/mixed.lua" "$URL" -- \
    "$W/mixed-search.paths" "$W/mixed-ids.paths" "$W/mixed-similar.paths" "$W/mixed-catalog.paths" \
    > "$W/mixed-wrk-$r.out" 2>&1
  curl -sf "$URL/metrics" > "$W/metrics-after.txt"
  RSS[r]=$(rss)
  echo "run $((r + 1)) (${RUNS[r]} s): $(python3 "$T" wrk-summary < "$W/mixed-wrk-$r.out")"
  python3 "$T" slow-shares "$W/metrics-before.txt" "$W/metrics-after.txt"
done
echo "server RSS: ${RSS[0]} kB after the first run (warm-up), ${RSS[${#RSS[@]} - 1]} kB at the end"
