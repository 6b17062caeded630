#!/usr/bin/env bash
# Load test: indexes every shared JSONL corpus (plus the demo corpus), serves
# it, and runs wrk for DURATION (default 60s) at CONNECTIONS (default 64)
# over the mix in bench/load_mix.lua. Prints requests, errors (non-2xx and
# socket errors), timeouts, p50/p99 latency, and the server's resident
# memory after a warm-up and at the end.
#
#   bench/run_load.sh [DURATION] [CONNECTIONS]
# Environment: BUILD_DIR (default build), THREADS (the server's --threads,
# default its own: twice the cores), WARMUP (default 20s).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-60s}
CONNS=${2:-64}
BUILD_DIR=${BUILD_DIR:-build}
command -v wrk >/dev/null || { echo "wrk missing: scripts/install-deps.sh --bench" >&2; exit 2; }
WORK=$(mktemp -d /tmp/clause-load.XXXXXX)
server=""
cleanup() { [[ -n "$server" ]] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

inputs="data/clauses.jsonl"
for f in ../shared/data/*/clauses.jsonl; do [[ -f "$f" ]] && inputs+=" $f"; done
"$BUILD_DIR/indexer/clause-indexer" --db "$WORK/index" --quiet $inputs 2>&1 | tail -1 || true

"$BUILD_DIR/server/clause-server" --db "$WORK/index" --port 0 ${THREADS:+--threads "$THREADS"} \
  --log-level warn > "$WORK/server.log" 2>&1 &
server=$!
# Port 0 picks a free port; find it from the listening socket of the pid.
port=""
for _ in $(seq 100); do
  port=$(ss -Htlnp 2>/dev/null | awk -v p="pid=$server," '$0 ~ p { n = split($4, a, ":"); print a[n]; exit }')
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "$port" ]] || { echo "server did not start" >&2; cat "$WORK/server.log"; exit 1; }
url="http://127.0.0.1:$port"
# The most common category of the index, for the filtered and compare URLs.
export CATEGORY
CATEGORY=$(curl -s "$url/v1/categories" | python3 -c \
  'import json, sys; print(max(json.load(sys.stdin)["categories"], key=lambda c: c["clauses"])["slug"])')
# Clause ids for the similar URLs: the first hits of a few broad searches.
export SIMILAR_IDS
SIMILAR_IDS=$(for q in arbitration data cookies terminate liability; do
  curl -s "$url/v1/search?q=$q&limit=1&facet_limit=0"; echo; done | python3 -c \
  'import json, sys, urllib.parse; print(",".join(urllib.parse.quote(r["id"], safe="") for l in sys.stdin if l.strip() for r in json.loads(l)["results"]))')
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }

# Warm-up: the pool of per-request databases and the allocator's arenas
# grow to the concurrency first.
wrk -t2 -c "$CONNS" -d "${WARMUP:-20s}" -s bench/load_mix.lua "$url" >/dev/null
rss_start=$(rss)
( while sleep 10; do echo -n "$(rss) " >> "$WORK/rss.txt"; done ) &
sampler=$!
wrk -t2 -c "$CONNS" -d "$DURATION" --timeout 5s --latency -s bench/load_mix.lua "$url" \
  | tee "$WORK/wrk.txt"
rss_end=$(rss)
kill "$sampler"

requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk.txt")
non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/wrk.txt")
sock=$(grep -o 'connect [0-9]*, read [0-9]*, write [0-9]*, timeout [0-9]*' "$WORK/wrk.txt" || true)
timeouts=$(sed -n 's/.*timeout \([0-9]*\).*/\1/p' <<< "$sock")
p50=$(awk '$1 == "50%" { print $2 }' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" { print $2 }' "$WORK/wrk.txt")
echo "load: $requests requests in $DURATION at $CONNS connections ($THREADS workers):" \
  "non-2xx ${non2xx:-0}, socket errors ${sock:-none}, timeouts ${timeouts:-0}," \
  "p50 $p50, p99 $p99, RSS ${rss_start} kB after warm-up -> ${rss_end} kB at the end" \
  "(every 10 s: $(cat "$WORK/rss.txt" 2>/dev/null))"
