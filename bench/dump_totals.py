#!/usr/bin/env python3
"""Compares the totals of two search_bench answer dumps (BENCH_DUMP): how
many queries found nothing, the hits of all queries, and the queries whose
total changed. For a change that should widen recall (spelling variants)
measured on the same query set: bench/run_variants.sh.

    python3 bench/dump_totals.py BEFORE.jsonl AFTER.jsonl [LABEL_BEFORE LABEL_AFTER]
"""
import json
import sys


def load(path):
    """(query, filters) -> (total, corrected), first answer of each query."""
    answers = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                sys.exit(f"{path}:{number}: not JSON: {e}")
            key = (d["q"], json.dumps(d.get("filters"), sort_keys=True))
            answers.setdefault(key, (d["total"], d.get("corrected", "")))
    return answers


def main():
    if len(sys.argv) not in (3, 5):
        sys.exit(__doc__)
    before, after = load(sys.argv[1]), load(sys.argv[2])
    labels = sys.argv[3:5] if len(sys.argv) == 5 else ["before", "after"]
    if before.keys() != after.keys():
        sys.exit("the two dumps answer different queries")
    rows = [("queries", len(before), len(after)),
            ("queries with no hit", sum(t == 0 for t, _ in before.values()),
             sum(t == 0 for t, _ in after.values())),
            ("hits, all queries", sum(t for t, _ in before.values()), sum(t for t, _ in after.values())),
            ("queries with a correction", sum(bool(c) for _, c in before.values()),
             sum(bool(c) for _, c in after.values()))]
    print(f"| figure | {labels[0]} | {labels[1]} |")
    print("|---|---|---|")
    for name, a, b in rows:
        print(f"| {name} | {a:,} | {b:,} |")
    changed = [(k, before[k][0], after[k][0]) for k in before if before[k][0] != after[k][0]]
    print(f"\nqueries whose total changed: {len(changed)}")
    for (q, filters), a, b in sorted(changed, key=lambda c: c[2] - c[1], reverse=True):
        print(f"  {q!r} {filters if filters != 'null' else ''}: {a:,} -> {b:,}")


if __name__ == "__main__":
    main()
