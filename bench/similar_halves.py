#!/usr/bin/python3
"""Does a change to the similar-clause method gain on every part of the data?

  python3 bench/similar_halves.py BEFORE.pq AFTER.pq

Each file has a line per query, "id P@10 P@1 RR [...]", as written by
`SIMILAR_PERQUERY=FILE build/bench/bench_similar_quality` or by
bench/similar_offline.py --out. Prints, per corpus (the id's prefix), the
difference AFTER - BEFORE in points on all queries, then on six halves: three
splits of the queries in two by a hash of (split, id). A gain that is real
shows in every half; one that comes from a few queries does not.
"""
import hashlib
import sys


def load(path):
    out = {}
    for n, line in enumerate(open(path), 1):
        p = line.split()
        if len(p) < 4:
            raise SystemExit("%s:%d: expected id P@10 P@1 RR" % (path, n))
        out[p[0]] = tuple(float(x) for x in p[1:4])
    return out


def gain(before, after, queries):
    return " ".join("%+.2f" % (100 * sum(after[q][i] - before[q][i] for q in queries) / len(queries))
                    for i in range(3))


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    before, after = load(sys.argv[1]), load(sys.argv[2])
    missing = [q for q in before if q not in after]
    if missing:
        raise SystemExit("%s: no line for %d queries of %s (first %s)"
                         % (sys.argv[2], len(missing), sys.argv[1], missing[0]))
    for corpus in sorted({q.split("-")[0] for q in before}):
        qs = [q for q in before if q.split("-")[0] == corpus]
        print(corpus, len(qs), "queries, P@10 P@1 MRR points:", gain(before, after, qs))
        for split in range(3):
            for half in (0, 1):
                h = [q for q in qs if int(hashlib.md5((str(split) + q).encode()).hexdigest(), 16) % 2 == half]
                print("  split %d half %d (%d): %s" % (split, half, len(h), gain(before, after, h)))


if __name__ == "__main__":
    main()
