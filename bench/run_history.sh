#!/usr/bin/env bash
# Replaying a year of document versions (issue 18): the OTA versions bundle
# cloned into the work dir, replayed into a fresh index with
#   clause-indexer --db hist --history REPO
# and, in the same run, the final snapshot (the clone's working tree) indexed
# alone with --docs. Prints both times, versions/s, both index sizes (du of
# the db dirs, and of each after xapian-compact), the CPU time of both (the
# machine is shared: wall time moves with the others' load), the change
# records and the share of formatting-only versions.
#   bash bench/run_history.sh          (settings: bench/lib.sh; BENCH_RUNS unused)
source "$(dirname "$0")/lib.sh"
BUNDLE="$CLAUSE_DATA/ota-history/versions.bundle"
if [[ ! -f "$BUNDLE" ]]; then
  echo "run_history: no $BUNDLE (set CLAUSE_DATA); skipping" >&2
  exit 0
fi
bench_workdir clause-history
bench_build clause-indexer
INDEXER="$BIN/indexer/clause-indexer"
W="$BENCH_WORK"
git clone -q "$BUNDLE" "$W/versions"
echo "run_history: work dir $W; load $(cut -d' ' -f1-3 /proc/loadavg)" >&2

# run NAME ARGS...: times clause-indexer, "wall cpu rss" (seconds; cpu: user +
# system, what the machine's other load does not inflate; rss: peak, KB); 1 = some files
# refused is tolerated (the bundle's root README.md and LICENSE, which are not
# <Platform>/<Document>.md, are skipped with a note and no longer refused).
run() {
  local name="$1" status=0
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/$name.time" "$INDEXER" "$@" --quiet 2>"$W/$name.log" || status=$?
  if ((status > 1)); then
    echo "run_history: $name failed ($status):" >&2
    tail -5 "$W/$name.log" >&2
    exit 1
  fi
  tail -1 "$W/$name.time" | awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }'
}
kb() { du -sk "$1" | cut -f1; }
compacted_kb() {
  xapian-compact "$1" "$1.compact" >/dev/null
  kb "$1.compact"
}

hist=$(run history --db "$W/hist" --history "$W/versions")
snap=$(run snapshot --db "$W/snap" --docs "$W/versions" --jobs 1)
read -r hist_s hist_cpu hist_rss <<<"$hist"
read -r snap_s snap_cpu snap_rss <<<"$snap"
hist_kb=$(kb "$W/hist") snap_kb=$(kb "$W/snap")
hist_ckb=$(compacted_kb "$W/hist") snap_ckb=$(compacted_kb "$W/snap")
summary=$(grep -E '^clause-indexer: [0-9]+ commits' "$W/history.log")
echo "$summary"
python3 - "$hist_s" "$snap_s" "$hist_kb" "$snap_kb" "$hist_ckb" "$snap_ckb" "$summary" "$hist_cpu" "$snap_cpu" "$hist_rss" "$snap_rss" <<'PY'
import re, sys
hist_s, snap_s = float(sys.argv[1]), float(sys.argv[2])
hist_kb, snap_kb, hist_ckb, snap_ckb = map(int, sys.argv[3:7])
hist_cpu, snap_cpu = float(sys.argv[8]), float(sys.argv[9])
hist_rss, snap_rss = int(sys.argv[10]) // 1024, int(sys.argv[11]) // 1024
m = re.search(r"(\d+) commits, (\d+) document versions.*?: (\d+) change records, (\d+) formatting-only", sys.argv[7])
commits, versions, records, formatting = map(int, m.groups())
print(f"{'figure':<28}{'history replay':>18}{'snapshot --docs':>18}{'ratio':>10}")
print(f"{'time (s)':<28}{hist_s:>18.1f}{snap_s:>18.1f}{hist_s / snap_s:>9.2f}x")
print(f"{'CPU, user + system (s)':<28}{hist_cpu:>18.1f}{snap_cpu:>18.1f}{hist_cpu / snap_cpu:>9.2f}x")
print(f"{'peak RSS (MB)':<28}{hist_rss:>18,}{snap_rss:>18,}{hist_rss / snap_rss:>9.2f}x")
print(f"{'index size (KB)':<28}{hist_kb:>18,}{snap_kb:>18,}{hist_kb / snap_kb:>9.2f}x")
print(f"{'after xapian-compact (KB)':<28}{hist_ckb:>18,}{snap_ckb:>18,}{hist_ckb / snap_ckb:>9.2f}x")
print(f"commits {commits}, document versions {versions}: {versions / hist_s:.1f} versions/s "
      f"({versions / hist_cpu:.1f} per CPU second; target >= 20, <= 300 s)")
print(f"change records {records}; formatting-only versions {formatting} ({100 * formatting / versions:.1f}%)")
print(f"size against the snapshot: {hist_kb / snap_kb:.2f}x as written, {hist_ckb / snap_ckb:.2f}x both compacted "
      f"(target <= 1.5x)")
PY
