#!/usr/bin/env bash
# Makes data/pair-words.txt (schema/pair_words.h): the stems in at least 2%
# of the clauses of the shipped demo corpus (data/clauses.jsonl), as
# clause-indexer stems them. The rule is fixed; the list only follows the
# demo corpus and the stemmer. An index keeps the list it was created with,
# so a new list applies to new indexes only.
#
#   bash scripts/make-pair-words.sh [BUILD_DIR]
#
# BUILD_DIR (default build/) holds indexer/clause-indexer and
# bench/bench_frequent_stems (cmake --build BUILD_DIR --target clause-indexer
# bench_frequent_stems).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="$(cd "${1:-$REPO/build}" && pwd)"
MIN_SHARE=0.02  # the "2%" of the header below
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$BUILD/indexer/clause-indexer" --db "$work/demo.db" --quiet "$REPO/data/clauses.jsonl" 2> /dev/null
{
  echo "# Pair words (schema/pair_words.h): the index also holds a term for two of"
  echo "# these stems at adjacent positions, so that a phrase of them matches without"
  echo "# position lists. Made by scripts/make-pair-words.sh: the stems in at least"
  echo "# 2% of the clauses of data/clauses.jsonl. One stem a line, sorted."
  "$BUILD/bench/bench_frequent_stems" "$work/demo.db" "$MIN_SHARE" | cut -f1 | LC_ALL=C sort
} > "$REPO/data/pair-words.txt"
echo "data/pair-words.txt: $(grep -vc '^#' "$REPO/data/pair-words.txt") stems"
