#!/usr/bin/env python3
"""Writes benchmark corpora as JSONL of clause records.

  prepare_corpus.py --data ../shared/data --out raw.jsonl [--no-ota]
  prepare_corpus.py --base base.jsonl --out corpus.jsonl --scale N

With --data: every */clauses.jsonl under it (ToS;DR, CLAUDETTE), as is, and
unless --no-ota the OTA documents (--data/ota/<Platform>/<Document>.md) split
into paragraphs: blank-line separated blocks of at least MIN_PARAGRAPH
characters, one record each. (The drivers prefer our own segmenter for OTA:
clause-indexer --docs; see bench/lib.sh.)

With --base: the records of that file, N times: copy k > 1 renames every
platform to "<name> copyk" and every id to "<id>.copyk", so that the copies
are distinct clauses of distinct platforms (the facets grow too). A type the
indexer predicted when the base was made (type_source "predicted") is taken
out, so that indexing the corpus types those clauses again, as it would new
input: kept, it came back as a given type and its clause skipped the type
model (47,236 of 108,383 clauses did until 2026-12-07). Categories and
severities stay: the peers index them as facets.

Standard library only. Prints the number of records written to stderr.
"""
import argparse
import json
import os
import re
import sys

MIN_PARAGRAPH = 40  # shorter blocks are headings, list stubs, link lines


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def clause_files(data):
    for entry in sorted(os.listdir(data)):
        path = os.path.join(data, entry, "clauses.jsonl")
        if os.path.isfile(path):
            yield path


PREDICTED_TYPE_FIELDS = ("clause_type", "clause_types", "type_confidence", "type_band", "type_source")


def without_predicted_type(record):
    if record.get("type_source") != "predicted":
        return record
    return {k: v for k, v in record.items() if k not in PREDICTED_TYPE_FIELDS}


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def ota_paragraphs(ota_dir):
    stems = set()  # names that differ only in case/punctuation share a slug
    for platform in sorted(os.listdir(ota_dir)):
        folder = os.path.join(ota_dir, platform)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md"):
                continue
            document = name[:-3]
            stem = "ota-%s-%s" % (slug(platform), slug(document))
            while stem in stems:
                stem += "-x"
            stems.add(stem)
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                blocks = re.split(r"\n\s*\n", f.read())
            n = 0
            for block in blocks:
                text = block.strip()
                if len(text) < MIN_PARAGRAPH:
                    continue
                n += 1
                yield {
                    "id": "%s-%d" % (stem, n),
                    "platform": platform,
                    "document": document,
                    "text": text[:60000],
                }


def data_records(data, ota):
    for path in clause_files(data):
        yield from read_jsonl(path)
    if ota and os.path.isdir(os.path.join(data, "ota")):
        yield from ota_paragraphs(os.path.join(data, "ota"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--data")
    src.add_argument("--base")
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--no-ota", action="store_true")
    args = ap.parse_args()

    if args.data:
        records = list(data_records(args.data, not args.no_ota))
    else:
        records = [without_predicted_type(r) for r in read_jsonl(args.base)]
    written = 0
    with open(args.out, "w", encoding="utf-8") as out:
        for k in range(1, args.scale + 1):
            for r in records:
                if k > 1:
                    r = dict(r, id="%s.copy%d" % (r["id"], k),
                             platform="%s copy%d" % (r["platform"], k))
                out.write(json.dumps(r, ensure_ascii=False))
                out.write("\n")
                written += 1
    print("prepare_corpus: %d records (%d x %d) -> %s"
          % (written, len(records), args.scale, args.out), file=sys.stderr)


if __name__ == "__main__":
    main()
