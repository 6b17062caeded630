#!/usr/bin/env bash
# What the `changes` counts cost GET /v1/clauses/{id} (issue 18): requests/s
# of two servers on the same index with history, in the same run, rounds
# interleaved: BEFORE_SERVER (a clause-server built without the counts, e.g.
# from the commit before them) and this build's, which adds three exact
# Xapian counts per answer. The index: data/clauses.jsonl as a document tree
# (bench/history_snapshots.py) indexed by --docs --as-of three times, 60, 20
# and 5 days ago. wrk over 2,000 clause ids, CONNS connections (default 16),
# SECONDS_PER_RUN per round (default 5), ROUNDS rounds (default 3), medians.
#
#   BEFORE_SERVER=/path/to/old/clause-server bench/run_changes_cost.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CONNS=${CONNS:-16} SECONDS_PER_RUN=${SECONDS_PER_RUN:-5} ROUNDS=${ROUNDS:-3}
SERVER="$BUILD_DIR/server/clause-server"
INDEXER="$BUILD_DIR/indexer/clause-indexer"
: "${BEFORE_SERVER:?set BEFORE_SERVER to a clause-server without the change counts}"
for b in "$SERVER" "$INDEXER" "$BEFORE_SERVER"; do [[ -x "$b" ]] || { echo "no executable $b" >&2; exit 2; }; done
command -v wrk >/dev/null || { echo "wrk is needed (scripts/install-deps.sh --bench)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/clause-changescost.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

day() { date -u -d "$1 days ago" +%F; }
for n in 1 2 3; do
  python3 bench/history_snapshots.py data/clauses.jsonl "$WORK/tree" "$n"
  "$INDEXER" --db "$WORK/db" --docs "$WORK/tree" --as-of "$(day $(( n == 1 ? 60 : n == 2 ? 20 : 5 )))" --quiet \
    >/dev/null 2>"$WORK/index$n.log" || { cat "$WORK/index$n.log" >&2; exit 1; }
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A PORT
start() {  # NAME BINARY
  PORT[$1]=$(free_port)
  "$2" --db "$WORK/db" --port "${PORT[$1]}" --log-level warn >"$WORK/$1.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:${PORT[$1]}/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "FAIL: server $1 did not start" >&2; exit 1
}
start before "$BEFORE_SERVER"
start after "$SERVER"
for offset in $(seq 0 100 1900); do
  curl -fs "http://127.0.0.1:${PORT[after]}/v1/search?limit=100&offset=$offset&facets=false" |
    python3 -c 'import json, sys, urllib.parse
for h in json.load(sys.stdin)["results"]: print("/v1/clauses/" + urllib.parse.quote(h["id"], safe=""))'
done > "$WORK/ids.paths"
changed=$(curl -fs "http://127.0.0.1:${PORT[after]}$(head -1 "$WORK/ids.paths")" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["changes"])')
echo "index: $(wc -l < "$WORK/ids.paths") ids; a clause's changes: $changed"

run() {  # NAME: one round's requests/s; non-2xx answers fail the run
  wrk -t2 -c"$CONNS" -d"${SECONDS_PER_RUN}s" -s bench/rotate.lua "http://127.0.0.1:${PORT[$1]}" \
    -- "$WORK/ids.paths" > "$WORK/wrk.out" 2>&1
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "FAIL: $1: $(grep Non-2xx "$WORK/wrk.out")" >&2; exit 1; fi
  awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.out"
}
declare -A FIG
for ((r = 1; r <= ROUNDS; r++)); do
  FIG[before]+="$(run before) "
  FIG[after]+="$(run after) "
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
before=$(echo "${FIG[before]}" | median)
printf "GET /v1/clauses/{id}, %s connections, %s s x %s rounds (medians; all rounds: before %s| after %s)\n" \
  "$CONNS" "$SECONDS_PER_RUN" "$ROUNDS" "${FIG[before]}" "${FIG[after]}"
printf "%-28s %12s %10s\n" "server" "requests/s" "vs before"
for name in before after; do
  m=$(echo "${FIG[$name]}" | median)
  printf "%-28s %12.0f %9.1f%%\n" "$name" "$m" "$(awk -v a="$m" -v b="$before" 'BEGIN { print 100 * a / b }')"
done
