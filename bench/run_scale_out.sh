#!/usr/bin/env bash
# Capacity of one index vs 2 local shards vs 2 remote shards (xapian-tcpsrv
# on loopback), at 1x and 10x the shared labelled corpora (tosdr + claudette;
# the 10x copies rename every platform, so platforms stay distinct).
# Prints a table: index size, server RSS, search p50/p99 (single client).
# Usage: bench/run_scale_out.sh [SCALES...]   (default: 1 10)
#   BUILD_DIR (default build), REQUESTS per query kind (default 200).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
REQUESTS=${REQUESTS:-200}
DATA=../shared/data
SCALES=("${@:-1 10}")
[ -f "$DATA/tosdr/clauses.jsonl" ] || { echo "shared corpora absent: $DATA" >&2; exit 0; }
INDEXER=$BUILD_DIR/indexer/clause-indexer
SERVER=$BUILD_DIR/server/clause-server
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clause-scale.XXXXXX")
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }

make_corpus() {  # $1 copies -> stdout
  python3 - "$1" "$DATA/tosdr/clauses.jsonl" "$DATA/claudette/clauses.jsonl" <<'PY'
import json, sys
copies = int(sys.argv[1])
for k in range(copies):
    for path in sys.argv[2:]:
        for line in open(path, encoding="utf-8"):
            r = json.loads(line)
            if k:
                r["id"] = f"c{k}-{r['id']}"
                r["platform"] = f"{r['platform']} (copy {k})"
            print(json.dumps(r, ensure_ascii=False))
PY
}

start_server() {  # $1 db -> sets SPORT, SPID
  SPORT=$(free_port)
  "$SERVER" --db "$1" --port "$SPORT" --log-level warn >/dev/null 2>&1 &
  SPID=$!; PIDS+=("$SPID"); wait_port "$SPORT"
}

latency() {  # $1 port, $2 url-suffix list file -> "p50 p99" in ms
  local port=$1 list=$2
  for i in $(seq "$REQUESTS"); do
    url=$(sed -n "$(( (i - 1) % $(wc -l < "$list") + 1 ))p" "$list")
    curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$url"
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f %.1f", a[int(NR*0.5)]*1000, a[int(NR*0.99)]*1000}'
}

rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$1/status"; }

cat > "$WORK/search.txt" <<'Q'
/v1/search?q=data
/v1/search?q=third+parties&category=data-sale-sharing
/v1/search?q=%22at+any+time%22
/v1/search?q=arbitration&sort=severity
/v1/search?q=terminate+account&severity=high
/v1/search?q=cookies&limit=50
/v1/search?category=tracking-cookies
/v1/search?q=liability+OR+warranty
Q

printf '%-6s %-14s %9s %14s %7s %14s %14s\n' scale layout clauses "index MB" "RSS MB" "search p50/p99" "similar p50/p99"
for scale in ${SCALES[*]}; do
  make_corpus "$scale" > "$WORK/corpus.jsonl"
  "$INDEXER" --db "$WORK/single-$scale" --quiet "$WORK/corpus.jsonl" 2>/dev/null || true
  "$INDEXER" --db "$WORK/sharded-$scale" --shards 2 --quiet "$WORK/corpus.jsonl" 2>/dev/null || true
  clauses=$(wc -l < "$WORK/corpus.jsonl")
  # Similar: the endpoint exists once the similarity branch is merged.
  ids=$(python3 -c 'import json,sys; [print(json.loads(l)["id"]) for i,l in enumerate(open(sys.argv[1])) if i % 997 == 0]' "$WORK/corpus.jsonl")
  : > "$WORK/similar.txt"; for id in $ids; do echo "/v1/clauses/$id/similar" >> "$WORK/similar.txt"; done

  ports=()
  for i in 0 1; do
    p=$(free_port); ports+=("127.0.0.1:$p")
    # A session of its own: on SIGTERM xapian-tcpsrv signals its whole
    # process group, which must not be this script's.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$p" --quiet "$WORK/sharded-$scale/shard-$i" >/dev/null 2>&1 &
    PIDS+=("$!"); wait_port "$p"
  done
  printf 'auto meta\nremote %s\nremote %s\n' "${ports[0]}" "${ports[1]}" > "$WORK/sharded-$scale/remote.stub"

  for layout in single local-2-shards remote-2-shards; do
    case $layout in
      single) db=$WORK/single-$scale; size=$(du -sm "$db" | cut -f1) ;;
      local-2-shards) db=$WORK/sharded-$scale
        size="$(du -sm "$db/shard-0" | cut -f1)+$(du -sm "$db/shard-1" | cut -f1)+$(du -sm "$db/meta" | cut -f1)" ;;
      remote-2-shards) db=$WORK/sharded-$scale/remote.stub; size="(same)" ;;
    esac
    start_server "$db"
    search=$(latency "$SPORT" "$WORK/search.txt")
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SPORT$(head -1 "$WORK/similar.txt")")
    similar="n/a"; [ "$code" = 200 ] && similar=$(latency "$SPORT" "$WORK/similar.txt")
    printf '%-6s %-14s %9s %14s %7s %14s %14s\n' "${scale}x" "$layout" "$clauses" "$size" "$(rss_mb "$SPID")" \
      "${search/ //}" "${similar/ //}"
    kill "$SPID"; wait "$SPID" 2>/dev/null || true
  done
done
