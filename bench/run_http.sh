#!/usr/bin/env bash
# HTTP benchmark on loopback: wrk --latency against clause-server for
# /v1/search (with facets, rotating over the query set), /v1/clauses/{id} and
# /v1/clauses/{id}/similar (rotating over a fixed sample of ids), and against
# nginx serving a static JSON file the size of a /v1/clauses/{id} answer: the
# ceiling of an HTTP answer on this machine. 1 and 64 connections, each run
# BENCH_HTTP_SECONDS (default 10) long, BENCH_RUNS rounds, medians printed;
# the in-process 2-thread search figure is measured in the same run.
#   bash bench/run_http.sh            (see bench/lib.sh for settings)
# Everything listens on 127.0.0.1 only and is killed on exit.
source "$(dirname "$0")/lib.sh"
SECONDS_PER_RUN="${BENCH_HTTP_SECONDS:-10}"
bench_setup
bench_build clause-indexer clause-server fts5_peer search_bench
W="$BENCH_WORK"
C="$(corpus 1)"
ensure_indexes 1 "$C"

# --- our server -----------------------------------------------------------
OURS_PORT=$(free_port)
"$BIN/server/clause-server" --db "$W/ours-1.db" --host 127.0.0.1 --port "$OURS_PORT" \
  --log-level warn > "$W/server.log" 2>&1 &
SERVER_PID=$!
trap_add "kill $SERVER_PID 2>/dev/null; wait $SERVER_PID 2>/dev/null"
OURS="http://127.0.0.1:$OURS_PORT"
wait_http "$OURS/healthz"
# /similar is measured as a running server answers it: from the similarity
# snapshot, which the server builds in the background after start.
for _ in $(seq 1200); do
  curl -sf "$OURS/healthz" | grep -q '"state":"building"' || break
  sleep 0.5
done
curl -sf "$OURS/healthz" | python3 -c 'import json,sys; print("run_http: similar snapshot:", json.load(sys.stdin)["similar_snapshot"])' >&2

python3 "$REPO/bench/http_tools.py" search-paths "$QUERIES" > "$W/search.paths"
python3 "$REPO/bench/http_tools.py" ids "$C" 2000 > "$W/ids.paths"
python3 "$REPO/bench/http_tools.py" ids "$C" 2000 /similar > "$W/similar.paths"

# --- nginx with a static answer of the median /v1/clauses/{id} size --------
mkdir -p "$W/nginx/www" "$W/nginx/logs"
for p in $(head -101 "$W/ids.paths"); do
  curl -sf "$OURS$p" -o "$W/one.json"
  echo "$(stat -c %s "$W/one.json") $p"
done | sort -n | sed -n 51p > "$W/median.txt"
read -r STATIC_BYTES STATIC_PATH < "$W/median.txt"
curl -sf "$OURS$STATIC_PATH" -o "$W/nginx/www/static.json"
echo "run_http: nginx serves a $STATIC_BYTES-byte JSON answer (median of 101 /v1/clauses/{id})" >&2
serve_static "$W/nginx"
NGINX="http://127.0.0.1:$NGINX_PORT"
echo "/static.json" > "$W/static.paths"

# The similar endpoint comes with the similarity engine; measure it when served.
ENDPOINTS=("/v1/search search" "/v1/clauses/{id} ids")
if curl -sf -o /dev/null "$OURS$(head -1 "$W/similar.paths")"; then
  ENDPOINTS+=("/v1/clauses/{id}/similar similar")
else
  echo "run_http: /v1/clauses/{id}/similar not served by this build; skipped" >&2
fi

wrk_run() {  # TARGET BASE ENDPOINT PATHS CONNS
  local threads=$(( $5 < 2 ? 1 : 2 ))
  # Start from an idle server: when wrk stops after a run of slow requests
  # (/v1/search or /similar at 64 connections), the server is still working
  # through the ones in flight, and the next run's first requests would wait
  # behind them (the 2 s wrk timeouts of the first /v1/clauses/{id} round).
  sleep 2
  wait_http "$OURS/healthz"
  wrk -t"$threads" -c"$5" -d"${SECONDS_PER_RUN}s" --latency -s "$REPO/bench/rotate.lua" "$2" \
    -- "$W/$4.paths" > "$W/wrk.out" 2>&1
  # Every wrk output is kept (work dir) for a look at errors afterwards.
  cp "$W/wrk.out" "$W/wrk-$r-$1-$4-$5.out"
  python3 "$REPO/bench/http_tools.py" wrk-result "$1" "$3" "$5" < "$W/wrk.out" >> "$RESULTS"
}

for ((r = 1; r <= BENCH_RUNS; r++)); do
  echo "run_http: round $r/$BENCH_RUNS" >&2
  for conns in 1 64; do
    wrk_run nginx "$NGINX" static.json static "$conns"
    for e in "${ENDPOINTS[@]}"; do
      read -r endpoint paths <<< "$e"
      wrk_run ours "$OURS" "$endpoint" "$paths" "$conns"
    done
  done
  # The divisor of the HTTP/in-process check: recorded as this step's own
  # rows (http-inproc), so report.py never divides by another step's figure.
  "$BIN/bench/search_bench" "$W/ours-1.db" "$QUERIES" 1 2 |
    sed 's/^RESULT\tsearch-threads\t/RESULT\thttp-inproc\t/' | collect 1
done
report http
