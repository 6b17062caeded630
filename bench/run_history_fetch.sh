#!/usr/bin/env bash
# Following a versions repository by URL (issue 18): what clause-indexer
# --history URL spends cloning and fetching (bench_history_fetch, the same
# update_mirror call), beside git clone --bare / git fetch of the same
# repository in the same run. The OTA versions bundle is served on loopback
# by `git daemon` (git://127.0.0.1:PORT/, no network), first without its
# last FETCH_COMMITS commits (default 300): the clone; then whole: the fetch
# of what is new. Medians of BENCH_RUNS (default 3) runs.
#   bash bench/run_history_fetch.sh          (settings: bench/lib.sh)
source "$(dirname "$0")/lib.sh"
BUNDLE="$CLAUSE_DATA/ota-history/versions.bundle"
FETCH_COMMITS="${FETCH_COMMITS:-300}"
if [[ ! -f "$BUNDLE" ]]; then
  echo "run_history_fetch: no $BUNDLE (set CLAUSE_DATA); skipping" >&2
  exit 0
fi
bench_workdir clause-history-fetch
bench_build bench_history_fetch
OURS="$BIN/bench/bench_history_fetch"
W="$BENCH_WORK"
mkdir -p "$W/served"
git clone -q --bare "$BUNDLE" "$W/served/versions.git"
SERVED="$W/served/versions.git"
BRANCH=$(git -C "$SERVED" symbolic-ref HEAD)
FULL=$(git -C "$SERVED" rev-parse HEAD)
OLDER=$(git -C "$SERVED" rev-parse "HEAD~$FETCH_COMMITS")

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git daemon --listen=127.0.0.1 --port="$PORT" --base-path="$W/served" --export-all \
  --pid-file="$W/daemon.pid" --detach "$SERVED"
trap_add "kill \$(cat '$W/daemon.pid')"
URL="git://127.0.0.1:$PORT/versions.git"
for _ in $(seq 50); do git ls-remote "$URL" >/dev/null 2>&1 && break; sleep 0.1; done
echo "run_history_fetch: $URL, work dir $W; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null; end=$(date +%s.%N); echo "$end - $start" | bc; }
declare -A FIG
for run in $(seq "$BENCH_RUNS"); do
  rm -rf "$W/ours" "$W/git.git"
  git -C "$SERVED" update-ref "$BRANCH" "$OLDER"
  read -r _ s objects bytes < <("$OURS" "$URL" "$W/ours")
  FIG[ours_clone]+="$s " FIG[clone_objects]="$objects" FIG[clone_bytes]="$bytes"
  FIG[git_clone]+="$(seconds git clone -q --bare "$URL" "$W/git.git") "
  git -C "$SERVED" update-ref "$BRANCH" "$FULL"
  read -r _ s objects bytes < <("$OURS" "$URL" "$W/ours")
  FIG[ours_fetch]+="$s " FIG[fetch_objects]="$objects" FIG[fetch_bytes]="$bytes"
  FIG[git_fetch]+="$(seconds git -C "$W/git.git" fetch -q origin) "
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
python3 - "$(echo "${FIG[ours_clone]}" | median)" "$(echo "${FIG[git_clone]}" | median)" \
  "$(echo "${FIG[ours_fetch]}" | median)" "$(echo "${FIG[git_fetch]}" | median)" \
  "${FIG[clone_objects]}" "${FIG[clone_bytes]}" "${FIG[fetch_objects]}" "${FIG[fetch_bytes]}" \
  "$FETCH_COMMITS" "$BENCH_RUNS" "${FIG[ours_clone]}| ${FIG[git_clone]}| ${FIG[ours_fetch]}| ${FIG[git_fetch]}" <<'PY'
import sys
oc, gc, of, gf = map(float, sys.argv[1:5])
co, cb, fo, fb, commits, runs = map(int, sys.argv[5:11])
print(f"{'git:// on loopback, medians of ' + str(runs):<34}{'clause-indexer':>16}{'git':>10}{'ratio':>9}")
print(f"{'clone (' + str(co) + ' objects, ' + f'{cb / 2**20:.1f} MiB)':<34}{oc:>15.2f}s{gc:>9.2f}s{oc / gc:>8.2f}x")
print(f"{'fetch ' + str(commits) + ' commits (' + str(fo) + ' objects)':<34}{of:>15.2f}s{gf:>9.2f}s{of / gf:>8.2f}x")
print(f"all runs (ours clone | git clone | ours fetch | git fetch): {sys.argv[11]}")
PY
