#!/usr/bin/env bash
# Trains the shipped clause-type models (data/type-models/) from the labelled
# shared corpora, one model per label set (docs/type-model.md says why):
#   scripts/train-type-models.sh [DATA_DIR] [BUILD_DIR]
# DATA_DIR defaults to ../shared/data beside the repository, BUILD_DIR to
# build/. The same data gives the same files, byte for byte.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${1:-$repo/../shared/data}"
indexer="${2:-$repo/build}/indexer/clause-indexer"
out="$repo/data/type-models"
mkdir -p "$out"
# ToS;DR: every clause carries its case.
"$indexer" train-types --out "$out/tosdr.model" --name tosdr-cases "$data/tosdr/clauses.jsonl"
# CLAUDETTE: about 1 sentence in 8 is labelled; the others are "none".
"$indexer" train-types --out "$out/claudette.model" --name claudette-unfair \
  --none-unlabelled "$data/claudette/clauses.jsonl"
