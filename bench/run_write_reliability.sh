#!/usr/bin/env bash
# Writes over HTTP under stress (issue 20, docs/reliability.md):
#  1. 64 readers searching batch markers while 2 writers POST batches, for
#     SECONDS (default 60): no 5xx, no reader sees part of a batch, every
#     acknowledged batch whole afterwards (bench_write_load load).
#  2. kill -9 of the server during a batch, KILLS times (default 20): the
#     index opens (the server restarts on it, xapian-check passes), holds
#     every acknowledged batch whole, and the one in flight whole or not at
#     all (bench_write_load write / check).
# The index is the demo corpus (data/clauses.jsonl), built afresh.
#
#   bench/run_write_reliability.sh [SECONDS] [KILLS]
# Environment: BUILD_DIR (default build), READERS (64), WRITERS (2), BATCH (20).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_LOAD=${1:-60}
KILLS=${2:-20}
BUILD_DIR=${BUILD_DIR:-build}
READERS=${READERS:-64} WRITERS=${WRITERS:-2} BATCH=${BATCH:-20}
SERVER="$BUILD_DIR/server/clause-server"
INDEXER="$BUILD_DIR/indexer/clause-indexer"
LOAD="$BUILD_DIR/bench/bench_write_load"
for b in "$SERVER" "$INDEXER" "$LOAD"; do [[ -x "$b" ]] || { echo "build $b first" >&2; exit 2; }; done
WORK=$(mktemp -d /tmp/clause-writes.XXXXXX)
server_pid=""
cleanup() { [[ -n "$server_pid" ]] && kill -9 "$server_pid" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$INDEXER" --db "$WORK/db" --quiet data/clauses.jsonl >/dev/null
ADMIN=$("$SERVER" keys add --name backend --scope admin --rate 1000000 --file "$WORK/keys.txt" 2>/dev/null)
SEARCH=$("$SERVER" keys add --name site --scope search --rate 1000000 --file "$WORK/keys.txt" 2>/dev/null)
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_server() {
  port=$(free_port)
  "$SERVER" --db "$WORK/db" --port "$port" --keys "$WORK/keys.txt" \
    --log-level warn >>"$WORK/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && return 0; sleep 0.1; done
  echo "FAIL: the server did not start (see below)" >&2; tail -5 "$WORK/server.log" >&2; exit 1
}

echo "== 1. $READERS readers, $WRITERS writers, batches of $BATCH, ${SECONDS_LOAD} s (demo corpus: $(wc -l < data/clauses.jsonl) clauses)"
start_server
"$LOAD" load --port "$port" --admin-key "$ADMIN" --search-key "$SEARCH" --readers "$READERS" \
  --writers "$WRITERS" --seconds "$SECONDS_LOAD" --batch "$BATCH" --run-id load
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

echo "== 2. kill -9 of the server during a batch, $KILLS times (batches of $BATCH)"
acked=0 landed=0
for ((i = 1; i <= KILLS; i++)); do
  start_server
  : > "$WORK/acked"
  "$LOAD" write --port "$port" --admin-key "$ADMIN" --acked "$WORK/acked" --batch "$BATCH" --run-id kill \
    --from "$acked" >/dev/null &
  writer=$!
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.2 + (r / 32768) * 1.5 }')"
  kill -9 "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  wait "$writer" || true
  [[ -s "$WORK/acked" ]] && acked=$(( $(tail -1 "$WORK/acked") + 1 ))
  xapian-check "$WORK/db" >/dev/null || { echo "FAIL: xapian-check after kill $i" >&2; exit 1; }
  start_server
  out=$("$LOAD" check --port "$port" --search-key "$SEARCH" --acked "$acked" --batch "$BATCH" --run-id kill) ||
    { echo "FAIL: kill $i: $out" >&2; exit 1; }
  # The batch in flight may have committed before the kill cut its answer off:
  # then it is whole, and the next writer goes on after it.
  if [[ "$out" != *"found 0 of"* ]]; then landed=$((landed + 1)); acked=$((acked + 1)); fi
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
done
echo "kill -9: $KILLS kills, $acked batches acknowledged or landed, all whole; in-flight batch landed whole $landed times, absent $((KILLS - landed)) times, never partly: OK"
