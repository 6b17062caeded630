#!/usr/bin/env bash
# What checking API keys costs (issue 20): requests/s of GET /v1/clauses/{id}
# (rotating over 2,000 ids of the demo corpus) from three servers on the
# same index, in the same run, rounds interleaved: without --keys; with a
# keys file of 1 key; with 100 keys (a presented key is hashed and compared
# with every stored digest in constant time, so the cost grows with the
# file). wrk, CONNS connections (default 16), SECONDS per round (default 5),
# ROUNDS rounds (default 3), medians printed side by side.
#
#   bench/run_key_cost.sh        Environment: BUILD_DIR (default build), CONNS, SECONDS_PER_RUN, ROUNDS
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
CONNS=${CONNS:-16} SECONDS_PER_RUN=${SECONDS_PER_RUN:-5} ROUNDS=${ROUNDS:-3}
SERVER="$BUILD_DIR/server/clause-server"
INDEXER="$BUILD_DIR/indexer/clause-indexer"
for b in "$SERVER" "$INDEXER"; do [[ -x "$b" ]] || { echo "build $b first" >&2; exit 2; }; done
command -v wrk >/dev/null || { echo "wrk is needed (scripts/install-deps.sh --bench)" >&2; exit 2; }
WORK=$(mktemp -d /tmp/clause-keycost.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

"$INDEXER" --db "$WORK/db" --quiet data/clauses.jsonl >/dev/null
python3 bench/http_tools.py ids data/clauses.jsonl 2000 > "$WORK/ids.paths"
KEY1=$("$SERVER" keys add --name site --scope search --rate 1000000 --file "$WORK/keys1.txt" 2>/dev/null)
cp "$WORK/keys1.txt" "$WORK/keys100.txt"
for i in $(seq 2 100); do  # the presented key is the first of the file: every digest is still compared
  "$SERVER" keys add --name "other$i" --scope search --rate 10 --file "$WORK/keys100.txt" >/dev/null 2>&1
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
declare -A PORT
start() {  # NAME [server flags]
  local name=$1; shift
  PORT[$name]=$(free_port)
  "$SERVER" --db "$WORK/db" --port "${PORT[$name]}" --log-level warn "$@" >"$WORK/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 300); do curl -fs "http://127.0.0.1:${PORT[$name]}/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "FAIL: server $name did not start" >&2; exit 1
}
start open
start keys1 --keys "$WORK/keys1.txt"
start keys100 --keys "$WORK/keys100.txt"

run() {  # NAME [wrk flags]: one round's requests/s; non-2xx answers fail the run
  local name=$1; shift
  wrk -t2 -c"$CONNS" -d"${SECONDS_PER_RUN}s" "$@" -s bench/rotate.lua "http://127.0.0.1:${PORT[$name]}" \
    -- "$WORK/ids.paths" > "$WORK/wrk.out" 2>&1
  if grep -q "Non-2xx" "$WORK/wrk.out"; then echo "FAIL: $name: $(grep Non-2xx "$WORK/wrk.out")" >&2; exit 1; fi
  awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.out"
}
declare -A FIG
for ((r = 1; r <= ROUNDS; r++)); do
  FIG[open]+="$(run open) "
  FIG[keys1]+="$(run keys1 -H "X-API-Key: $KEY1") "
  FIG[keys100]+="$(run keys100 -H "X-API-Key: $KEY1") "
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
open=$(echo "${FIG[open]}" | median)
printf "GET /v1/clauses/{id}, %s connections, %s s x %s rounds (medians; all rounds: open %s| 1 key %s| 100 keys %s)\n" \
  "$CONNS" "$SECONDS_PER_RUN" "$ROUNDS" "${FIG[open]}" "${FIG[keys1]}" "${FIG[keys100]}"
printf "%-22s %12s %10s\n" "server" "requests/s" "vs open"
for name in open keys1 keys100; do
  m=$(echo "${FIG[$name]}" | median)
  printf "%-22s %12.0f %9.1f%%\n" "$name" "$m" "$(awk -v a="$m" -v b="$open" 'BEGIN { print 100 * a / b }')"
done
