# Shared by bench/run_*.sh (sourced, not run). Settings, all overridable
# from the environment:
#   CLAUSE_DATA   the shared corpora        (default: ../shared/data beside the repo)
#   BENCH_WORK    scratch dir for corpora, indexes, logs (default: a new mktemp -d,
#                 removed at exit unless BENCH_KEEP=1); never inside the repo
#   BENCH_RUNS    repetitions of each measurement; medians are printed (default 3)
#   BENCH_BUILD   build dir (default: <repo>/build)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLAUSE_DATA="${CLAUSE_DATA:-$REPO/../shared/data}"
BENCH_RUNS="${BENCH_RUNS:-3}"
BENCH_BUILD="${BENCH_BUILD:-$REPO/build}"
QUERIES="$REPO/bench/queries.txt"
BIN="$BENCH_BUILD"

bench_setup() {
  if [[ ! -d "$CLAUSE_DATA" ]]; then
    echo "bench: no corpora at $CLAUSE_DATA (set CLAUSE_DATA); skipping" >&2
    exit 0
  fi
  bash "$REPO/scripts/install-deps.sh" --bench
  bench_workdir clause-bench
  RESULTS="$BENCH_WORK/results.tsv"
  # A driver's tables are medians of its own rounds: run alone, it starts the
  # file afresh (a BENCH_WORK kept from an earlier run would mix that run's
  # rounds into them); the steps of run_all.sh share one file.
  if [[ "${BENCH_RESULTS_SHARED:-0}" == 1 ]]; then : >> "$RESULTS"; else : > "$RESULTS"; fi
  echo "bench: work dir $BENCH_WORK, $BENCH_RUNS runs per figure" >&2
}

# bench_workdir NAME: BENCH_WORK made, a new NAME.XXXXXX temporary dir unless
# set (then removed at exit unless BENCH_KEEP=1).
bench_workdir() {
  if [[ -z "${BENCH_WORK:-}" ]]; then
    BENCH_WORK="$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")"
    [[ "${BENCH_KEEP:-0}" == 1 ]] || trap_add "rm -rf '$BENCH_WORK'"
  fi
  mkdir -p "$BENCH_WORK"
}

# Exit handlers accumulate (processes to kill, dirs to remove).
_TRAPS=()
trap_add() {
  _TRAPS+=("$1")
  trap '_run_traps' EXIT
}
_run_traps() {
  local i
  for ((i = ${#_TRAPS[@]} - 1; i >= 0; i--)); do eval "${_TRAPS[i]}" || true; done
}

bench_build() {
  cmake -S "$REPO" -B "$BENCH_BUILD" -DCLAUSE_WERROR=ON >/dev/null
  cmake --build "$BENCH_BUILD" -j2 --target "$@" >/dev/null
}

# base_corpus -> the records both engines index, made once per work dir:
# the shared clause files and the OTA documents put through clause-indexer
# once, and its stored records dumped (bench/dump_records). So FTS5 gets the
# very clauses our segmenter cut from the OTA documents (clause-indexer
# --docs) with the categories our classifier gave unlabelled ones, and the
# timed runs of both engines index the same records. When this build cannot
# segment documents, or with BENCH_OTA=paragraphs, OTA files are split into
# paragraphs by bench/prepare_corpus.py instead.
base_corpus() {
  local w="$BENCH_WORK" docs=() ota=()
  if [[ ! -s "$w/base.jsonl" ]]; then
    if [[ "${BENCH_OTA:-segmenter}" == segmenter &&
      "$("$BIN/indexer/clause-indexer" --help)" == *--docs* ]]; then
      docs=(--docs "$CLAUSE_DATA/ota")
      ota=(--no-ota)
    fi
    python3 "$REPO/bench/prepare_corpus.py" --data "$CLAUSE_DATA" --out "$w/raw.jsonl" \
      "${ota[@]}" >&2
    bench_build dump_records
    rm -rf "$w/base.db"
    "$BIN/indexer/clause-indexer" --db "$w/base.db" --quiet "$w/raw.jsonl" "${docs[@]}" >&2 || true
    "$BIN/bench/dump_records" "$w/base.db" > "$w/base.jsonl"
    rm -rf "$w/base.db" "$w/raw.jsonl"
    echo "bench: base corpus ($([[ ${#docs[@]} -gt 0 ]] && echo "OTA segmented by clause-indexer --docs" || echo "OTA in paragraphs")): $(wc -l < "$w/base.jsonl") clauses, $(du -m "$w/base.jsonl" | cut -f1) MB" >&2
  fi
  echo "$w/base.jsonl"
}

# corpus SCALE -> path of the JSONL at that scale (made once).
corpus() {
  local out="$BENCH_WORK/corpus-$1x.jsonl" base
  if [[ ! -s "$out" ]]; then
    base="$(base_corpus)"
    python3 "$REPO/bench/prepare_corpus.py" --base "$base" --out "$out" --scale "$1" >&2
  fi
  echo "$out"
}

# timed LOG CMD...: runs CMD under GNU time; "<wall s> <peak RSS KiB>" in LOG.
timed() {
  local log="$1"
  shift
  /usr/bin/time -f "%e %M" -o "$log" "$@"
}

size_of() { du -sb "$1" | cut -f1; }

# record SCALE FIELDS...: one result line (tab-separated) for report.py.
record() {
  local IFS=$'\t'
  echo "$*" >> "$RESULTS"
}

# Harness output "RESULT\t..." -> a result line with the scale in front.
collect() {
  local scale="$1"
  local line
  while IFS= read -r line; do
    if [[ "$line" == RESULT$'\t'* ]]; then
      echo "$scale"$'\t'"${line#RESULT$'\t'}" >> "$RESULTS"
    else
      echo "$line"
    fi
  done
}

report() { python3 "$REPO/bench/report.py" "$RESULTS" "$@"; }

# index_ours SCALE CORPUS DB ENGINE [ARGS...]: clause-indexer (the real CLI,
# wall time including its own final compaction) indexes CORPUS into DB with
# ARGS; one result line as ENGINE, with its size as written and compacted.
index_ours() {
  local s="$1" c="$2" db="$3" engine="$4" w="$BENCH_WORK" n secs rss rejected
  shift 4
  n=$(wc -l < "$c")
  rm -rf "$db" "$w/compact.db"
  timed "$w/time.log" "$BIN/indexer/clause-indexer" --db "$db" "$@" --quiet "$c" 2> "$w/indexer.log" || true
  read -r secs rss < "$w/time.log"
  rejected=$(sed -n 's/.*rejected \([0-9]*\).*/\1/p' "$w/indexer.log" | tail -1)
  xapian-compact "$db" "$w/compact.db" > /dev/null
  record "$s" index "$engine" "$n" "$secs" "$rss" "$(size_of "$db")" "$(size_of "$w/compact.db")" "${rejected:-1}"
}

# index_round SCALE CORPUS [plain]: index CORPUS once with each engine (the
# plain Xapian loop only when asked) and record the figures. The indexes stay
# as ours-S.db and fts5-S.sqlite for the search benchmarks of that scale.
index_round() {
  local s="$1" c="$2" w="$BENCH_WORK" n secs rss size osize j
  index_ours "$s" "$c" "$w/ours-$s.db" ours
  # The plain loop next, beside ours' runs: the ratios to it are taken
  # per round (bench/report.py), and the machine's load drifts.
  if [[ "${3:-}" == plain ]]; then
    rm -rf "$w/plain-$s.db" "$w/compact.db"
    timed "$w/time.log" "$BIN/bench/xapian_plain" index "$w/plain-$s.db" "$c" > "$w/plain.out"
    read -r _ rss < "$w/time.log"
    IFS=$'\t' read -r _ _ _ n secs _ < "$w/plain.out"
    xapian-compact "$w/plain-$s.db" "$w/compact.db" > /dev/null
    record "$s" index xapian-plain "$n" "$secs" "$rss" "$(size_of "$w/plain-$s.db")" \
      "$(size_of "$w/compact.db")" 0
  fi
  # Ours again with each --jobs of BENCH_INDEX_JOBS (e.g. "1 2": issue 21's
  # rate against the plain loop with one writer and with two), as rows
  # "ours-jN"; the default run above is --jobs = the machine's cores.
  for j in ${BENCH_INDEX_JOBS:-}; do
    index_ours "$s" "$c" "$w/jobs.db" "ours-j$j" --jobs "$j"
    rm -rf "$w/jobs.db"
  done
  # FTS5: the harness times the build itself; RSS from GNU time.
  timed "$w/time.log" "$BIN/bench/fts5_peer" build "$w/fts5-$s.sqlite" "$c" > "$w/fts5.out"
  read -r _ rss < "$w/time.log"
  IFS=$'\t' read -r _ _ _ n secs _ size osize < "$w/fts5.out"
  record "$s" index fts5 "$n" "$secs" "$rss" "$size" "$osize" 0
  rm -rf "$w/compact.db"
}

# ensure_indexes SCALE CORPUS [plain]: the search indexes at that scale, built
# once per work dir (ours by clause-indexer, FTS5, and the plain loop's).
ensure_indexes() {
  local w="$BENCH_WORK" s="$1" c="$2"
  if [[ ! -d "$w/ours-$s.db" ]]; then
    "$BIN/indexer/clause-indexer" --db "$w/ours-$s.db" --quiet "$c" 2> "$w/indexer-$s.log" || {
      cat "$w/indexer-$s.log" >&2
      return 1
    }
  fi
  [[ -f "$w/fts5-$s.sqlite" ]] || "$BIN/bench/fts5_peer" build "$w/fts5-$s.sqlite" "$c" > /dev/null
  if [[ "${3:-}" == plain && ! -d "$w/plain-$s.db" ]]; then
    "$BIN/bench/xapian_plain" index "$w/plain-$s.db" "$c" > /dev/null
  fi
}

# search_round SCALE [plain] [threads]: one pass of the query set per engine
# and mode, interleaved so that the engines share the machine's noise.
search_round() {
  local w="$BENCH_WORK" s="$1"
  "$BIN/bench/fts5_peer" search "$w/fts5-$s.sqlite" "$QUERIES" facets 1 | collect "$s"
  "$BIN/bench/search_bench" "$w/ours-$s.db" "$QUERIES" 1 | collect "$s"
  if [[ "${2:-}" == plain ]]; then
    "$BIN/bench/fts5_peer" search "$w/fts5-$s.sqlite" "$QUERIES" total 1 | collect "$s"
    "$BIN/bench/search_bench" "$w/ours-$s.db" "$QUERIES" 1 1 total | collect "$s"
    "$BIN/bench/xapian_plain" search "$w/plain-$s.db" "$QUERIES" total 1 | collect "$s"
    "$BIN/bench/xapian_plain" search "$w/plain-$s.db" "$QUERIES" facets 1 | collect "$s"
  fi
  if [[ "${3:-}" == threads ]]; then
    "$BIN/bench/search_bench" "$w/ours-$s.db" "$QUERIES" 1 2 | collect "$s"
  fi
}

# free_port -> a TCP port free on 127.0.0.1 now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# wait_http URL [SECONDS]: until URL answers 200 (default 30 s); 1 if not.
wait_http() {
  local tries=$(( ${2:-30} * 10 ))
  for _ in $(seq "$tries"); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "bench: no answer from $1" >&2
  return 1
}

# serve_static DIR: nginx on 127.0.0.1 serving DIR/www (answers as JSON),
# its config, logs and pid in DIR, killed at exit; sets NGINX_PORT and
# returns once it answers DIR/www/static.json. The ceiling of an HTTP
# answer on this machine (run_http.sh, run_clause_fetch.sh).
serve_static() {
  local d="$1"
  mkdir -p "$d/www" "$d/logs"
  NGINX_PORT=$(free_port)
  cat > "$d/nginx.conf" <<CONF
$([[ $(id -u) == 0 ]] && echo "user root;")
worker_processes auto;
daemon off;
pid $d/nginx.pid;
error_log $d/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/body;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $d/www;
    location / { default_type application/json; }
  }
}
CONF
  nginx -e "$d/logs/error.log" -p "$d" -c "$d/nginx.conf" &
  trap_add "kill $! 2>/dev/null; wait $! 2>/dev/null"
  wait_http "http://127.0.0.1:$NGINX_PORT/static.json"
}
