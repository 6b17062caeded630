#!/usr/bin/env bash
# What gzip for clients that accept it (server/compression.cpp) costs and
# saves: one server on INDEX, wrk -t2 -c16 over the query set's /v1/search
# paths, with and without `Accept-Encoding: gzip`, alternating (the order
# flipped every other round), BENCH_RUNS rounds of BENCH_HTTP_SECONDS
# (default 6). Prints each run, then per mode the median req/s and bytes a
# second, and the per-round ratios gzip/plain. Checks first that the gzip
# answer of one query inflates to the plain one.
#
#   bash bench/run_gzip.sh INDEX [BUILD]
#
# The server listens on 127.0.0.1 only and is killed on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SECONDS_PER_RUN="${BENCH_HTTP_SECONDS:-6}"
INDEX="${1:?usage: run_gzip.sh INDEX [BUILD]}"
BUILD="${2:-$BENCH_BUILD}"
bash "$REPO/scripts/install-deps.sh" --bench
bench_workdir gzip
W="$BENCH_WORK"
python3 "$REPO/bench/http_tools.py" search-paths "$REPO/bench/queries.txt" > "$W/search.paths"

port=$(free_port)
"$BUILD/server/clause-server" --db "$INDEX" --host 127.0.0.1 --port "$port" --log-level warn \
  --similar-snapshot-max 0 > "$W/server.log" 2>&1 &
trap_add "kill $! 2>/dev/null; wait $! 2>/dev/null"
URL="http://127.0.0.1:$port"
wait_http "$URL/healthz" 60

# The same answer either way (took_ms aside).
probe="$URL$(head -1 "$W/search.paths")"
curl -sf "$probe" | sed 's/"took_ms":[0-9.eE+-]*//' > "$W/plain.json"
curl -sf --compressed "$probe" | sed 's/"took_ms":[0-9.eE+-]*//' > "$W/inflated.json"
if ! cmp -s "$W/plain.json" "$W/inflated.json"; then
  echo "run_gzip: the gzip answer does not inflate to the plain one ($W)" >&2
  exit 1
fi

: > "$W/runs.tsv"
for ((r = 1; r <= BENCH_RUNS; r++)); do
  modes=(plain gzip)
  (( r % 2 == 0 )) && modes=(gzip plain)
  for mode in "${modes[@]}"; do
    header=()
    [[ $mode == gzip ]] && header=(-H "Accept-Encoding: gzip")
    sleep 1
    wrk -t2 -c16 -d"${SECONDS_PER_RUN}s" "${header[@]}" -s "$REPO/bench/rotate.lua" "$URL" \
      -- "$W/search.paths" > "$W/wrk-$r-$mode.out" 2>&1
    rps=$(awk '/Requests\/sec/ {print $2}' "$W/wrk-$r-$mode.out")
    bytes=$(awk '/Transfer\/sec/ {print $2}' "$W/wrk-$r-$mode.out")
    echo "$r	$mode	$rps	$bytes" | tee -a "$W/runs.tsv" >&2
  done
done

python3 - "$W/runs.tsv" <<'PY'
import re, statistics, sys
UNITS = {"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}
def size(text):
    number, unit = re.fullmatch(r"([0-9.]+)([KMG]?B)", text).groups()
    return float(number) * UNITS[unit]
rows = {}
for line in open(sys.argv[1]):
    r, mode, rps, rate = line.split()
    rows.setdefault(mode, {})[int(r)] = (float(rps), size(rate))
print("| mode | req/s (median) | bytes/s (median) | bytes a request | gzip/plain req/s per round |")
print("|---|---|---|---|---|")
for mode in ("plain", "gzip"):
    runs = rows[mode]
    rps = statistics.median(x[0] for x in runs.values())
    rate = statistics.median(x[1] for x in runs.values())
    per_request = statistics.median(x[1] / x[0] for x in runs.values())
    ratios = ""
    if mode == "gzip":
        r = [runs[k][0] / rows["plain"][k][0] for k in runs if k in rows["plain"]]
        ratios = "%.2f (%.2f-%.2f)" % (statistics.median(r), min(r), max(r))
    print("| %s | %.0f | %.1f MB | %.0f | %s |" % (mode, rps, rate / (1 << 20), per_request, ratios))
PY
