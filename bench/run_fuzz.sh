#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz and runs
# each for SECONDS (default 60) from its seed corpus in fuzz/corpus/. A
# crash is copied to fuzz/regressions/<target>/, where the fuzz_replay tests
# of the ordinary build replay it for ever after.
#
#   bench/run_fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
BUILD=${FUZZ_BUILD_DIR:-build-fuzz}
TARGETS=(clause_record search_params markdown keys_file write_bodies)
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCLAUSE_FUZZ=ON -DBUILD_TESTING=OFF >/dev/null
cmake --build "$BUILD" -j2 --target "${TARGETS[@]/%/_fuzz}" >/dev/null
WORK=$(mktemp -d /tmp/clause-fuzz.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "$WORK/$t" "$WORK/$t-crashes"
  cp fuzz/corpus/"$t"/* "$WORK/$t/"
  set +e
  "$BUILD/fuzz/${t}_fuzz" "$WORK/$t" -max_total_time="$SECONDS_EACH" -max_len=4096 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$WORK/$t-crashes/" -print_final_stats=1 \
    > "$WORK/$t.log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$WORK/$t.log")
  crashes=$(find "$WORK/$t-crashes" -type f | wc -l)
  echo "$t: $runs executions in ${SECONDS_EACH}s, corpus $(ls "$WORK/$t" | wc -l) inputs, $crashes crashes (exit $rc)"
  if ((crashes > 0)); then
    mkdir -p "fuzz/regressions/$t"
    cp "$WORK/$t-crashes"/* "fuzz/regressions/$t/"
    grep -m1 -A8 'ERROR\|runtime error\|deadly signal' "$WORK/$t.log" || true
    status=1
  fi
done
exit $status
