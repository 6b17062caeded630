#!/usr/bin/env python3
"""Writes the benchmark corpus: one JSONL of clause records that both our
indexer and the FTS5 peer read, so that both hold exactly the same clauses.

  prepare_corpus.py --data ../shared/data --out corpus.jsonl [--scale N]
                    [--ota-jsonl segmented.jsonl]

Sources, in this order:
  * every */clauses.jsonl under --data (ToS;DR, CLAUDETTE), as is;
  * the OTA documents (--data/ota/<Platform>/<Document>.md). With
    --ota-jsonl, the records our own segmenter produced for them (see
    bench/dump_records.cpp); otherwise a plain paragraph split: blank-line
    separated blocks of at least MIN_PARAGRAPH characters, one record each.

--scale N writes N copies of the whole corpus; copy k > 1 renames every
platform to "<name> copy<k>" and every id to "<id>.copy<k>", so that the
copies are distinct clauses of distinct platforms (the facets grow too).

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


def base_records(data, ota_jsonl):
    for path in clause_files(data):
        yield from read_jsonl(path)
    if ota_jsonl:
        yield from read_jsonl(ota_jsonl)
    elif os.path.isdir(os.path.join(data, "ota")):
        yield from ota_paragraphs(os.path.join(data, "ota"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=int, default=1)
    ap.add_argument("--ota-jsonl", default="")
    args = ap.parse_args()

    records = list(base_records(args.data, args.ota_jsonl))
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
