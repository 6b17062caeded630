#!/usr/bin/env bash
# GET /v1/clauses/{id} against nginx serving a static answer of the same
# size, at 64 connections (issue 21: "at least 70% of nginx, 0 errors, the
# median of 3 interleaved rounds"), for one build or two (before/after).
#
#   bash bench/run_clause_fetch.sh INDEX [BUILD ...]
#
# INDEX: an index every build serves (e.g. the suite's ours-1.db). BUILD:
# build directories with server/clause-server (default: BENCH_BUILD). Each
# round runs nginx and every build once, in an order rotated round by round
# (so none always runs first or last), for BENCH_HTTP_SECONDS (default 10)
# with wrk -t2 -c64 over 2,000 ids of the index. Every server listens on
# 127.0.0.1 only and is killed on exit. Prints each run, then per target the
# median req/s, p99 and errors, and the median of each round's ratio to
# nginx (a pair of the same minutes: the sturdier figure). Also checks that
# every build gives the same answer bytes for the first 200 ids.
source "$(dirname "$0")/lib.sh"
SECONDS_PER_RUN="${BENCH_HTTP_SECONDS:-10}"
INDEX="${1:?usage: run_clause_fetch.sh INDEX [BUILD ...]}"
shift
BUILDS=("$@")
[[ ${#BUILDS[@]} -gt 0 ]] || BUILDS=("$BENCH_BUILD")
bash "$REPO/scripts/install-deps.sh" --bench
bench_workdir clause-fetch
W="$BENCH_WORK"

# The ids: 2,000 of the index's clauses, spread over it.
cmake --build "$BENCH_BUILD" --target dump_records > /dev/null
"$BIN/bench/dump_records" "$INDEX" > "$W/records.jsonl"
python3 "$REPO/bench/http_tools.py" ids "$W/records.jsonl" 2000 > "$W/ids.paths"

URLS=() NAMES=()
for i in "${!BUILDS[@]}"; do
  port=$(free_port)
  "${BUILDS[i]}/server/clause-server" --db "$INDEX" --host 127.0.0.1 --port "$port" --log-level warn \
    --similar-snapshot-max 0 > "$W/server-$i.log" 2>&1 &
  trap_add "kill $! 2>/dev/null; wait $! 2>/dev/null"
  URLS+=("http://127.0.0.1:$port")
  NAMES+=("build$i")
  wait_http "http://127.0.0.1:$port/healthz" 60
  echo "run_clause_fetch: build$i = ${BUILDS[i]}" >&2
done

# The same bytes from every build (the first 200 ids).
for i in "${!URLS[@]}"; do
  head -200 "$W/ids.paths" | while read -r p; do curl -s "${URLS[i]}$p"; echo; done > "$W/answers-$i.txt"
  if ! cmp -s "$W/answers-0.txt" "$W/answers-$i.txt"; then
    echo "run_clause_fetch: build$i answers differ from build0 (see $W/answers-*.txt)" >&2
    exit 1
  fi
done

# nginx with a static answer of the median size of 101 answers.
mkdir -p "$W/nginx/www" "$W/nginx/logs"
for p in $(head -101 "$W/ids.paths"); do
  echo "$(curl -s "${URLS[0]}$p" | wc -c) $p"
done | sort -n | sed -n 51p > "$W/median.txt"
read -r STATIC_BYTES STATIC_PATH < "$W/median.txt"
curl -sf "${URLS[0]}$STATIC_PATH" -o "$W/nginx/www/static.json"
echo "/static.json" > "$W/static.paths"
serve_static "$W/nginx"
echo "run_clause_fetch: nginx serves a $STATIC_BYTES-byte answer (median of 101)" >&2

TARGETS=("nginx http://127.0.0.1:$NGINX_PORT static")
for i in "${!URLS[@]}"; do TARGETS+=("${NAMES[i]} ${URLS[i]} ids"); done
: > "$W/runs.tsv"
for ((r = 1; r <= BENCH_RUNS; r++)); do
  n=${#TARGETS[@]}
  for ((k = 0; k < n; k++)); do
    read -r name url paths <<< "${TARGETS[(k + r - 1) % n]}"
    sleep 1
    wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --latency -s "$REPO/bench/rotate.lua" "$url" \
      -- "$W/$paths.paths" > "$W/wrk-$r-$name.out" 2>&1
    line=$(python3 "$REPO/bench/http_tools.py" wrk-result "$name" "/v1/clauses/{id}" 64 < "$W/wrk-$r-$name.out")
    echo "$r	$line" | tee -a "$W/runs.tsv" >&2
  done
done

python3 - "$W/runs.tsv" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
# round, scale, "http", target, endpoint, conns, req/s, p50, p99, errors, requests
by = {}
for r in rows:
    by.setdefault(r[3], {})[int(r[0])] = r
print("| target | req/s (median) | p99 ms (median) | errors (all rounds) | of nginx, per-round median (range) |")
print("|---|---|---|---|---|")
for target, runs in by.items():
    rps = [float(x[6]) for x in runs.values()]
    p99 = [float(x[8]) for x in runs.values()]
    errors = sum(int(x[9]) for x in runs.values())
    ratios = [float(x[6]) / float(by["nginx"][k][6]) for k, x in runs.items() if k in by["nginx"]]
    ratio = "" if target == "nginx" else "%.2f (%.2f-%.2f)" % (statistics.median(ratios), min(ratios), max(ratios))
    print("| %s | %.0f | %.2f | %d | %s |" % (target, statistics.median(rps), statistics.median(p99), errors, ratio))
PY
