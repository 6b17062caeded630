#!/usr/bin/env python3
"""Writes snapshot N (1, 2 or 3) of a document tree made from a clause
corpus (JSON Lines): one <Platform>/<Document>.md per document, a paragraph
per clause. Snapshot 2 rewords every 7th clause, snapshot 3 also every 5th,
so that `clause-indexer --docs TREE --as-of DATE` run on them in turn gives
an index with provisions and change records (bench/run_changes_cost.sh).

    history_snapshots.py CORPUS TREE N
"""
import collections
import json
import os
import re
import shutil
import sys


def safe(name):
    return re.sub(r"[^A-Za-z0-9 .&-]+", " ", name).strip() or "unnamed"


def main(corpus, tree, n):
    docs = collections.defaultdict(list)
    for line in open(corpus, encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            docs[(safe(r["platform"]), safe(r["document"]))].append(r["text"].replace("\n", " "))
    shutil.rmtree(tree, ignore_errors=True)
    for (platform, document), texts in docs.items():
        out = []
        for i, text in enumerate(texts):
            if n >= 2 and i % 7 == 3:
                text += " This provision was revised in the second version."
            if n >= 3 and i % 5 == 1:
                text = "Updated: " + text + " We may change it again at any time."
            out.append(text)
        os.makedirs(os.path.join(tree, platform), exist_ok=True)
        with open(os.path.join(tree, platform, document + ".md"), "w", encoding="utf-8") as f:
            f.write("# " + document + "\n\n" + "\n\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
