#!/usr/bin/env python3
"""bench/report.py divides figures of the same step (issue 21): the HTTP
check's in-process divisor comes from run_http.sh's own rows (http-inproc),
not from the search-threads rows an earlier step left in results.tsv; and
an indexing ratio to the plain loop divides figures of the same round.

  bench_report_test.py PATH/TO/report.py
"""
import os
import subprocess
import sys
import tempfile

ROWS = [
    # An earlier step (run_search.sh) in the same results file.
    "1\tsearch-threads\tours\t2\t1000.0\t0",
    # run_http.sh's step: HTTP rows and its own in-process rounds.
    "1\thttp\tours\t/v1/search\t64\t240.0\t1.0\t2.0\t0\t2400",
    "1\thttp-inproc\tours\t2\t290.0\t0",
    "1\thttp-inproc\tours\t2\t300.0\t0",
    "1\thttp-inproc\tours\t2\t310.0\t0",
]


# Three rounds whose rates drift: per round --jobs 1 / loop is 1.11, 1.20,
# 0.73 (median 1.11), while the medians of each engine (80 / 90) say 0.89.
INDEX_ROWS = [
    "1\tindex\tours\t1000\t10\t1\t1\t1\t0",
    "1\tindex\tours-j1\t1000\t10\t1\t1\t1\t0",
    "1\tindex\tfts5\t1000\t1\t1\t1\t1\t0",
    "1\tindex\txapian-plain\t900\t10\t1\t1\t1\t0",
    "1\tindex\tours\t1000\t10\t1\t1\t1\t0",
    "1\tindex\tours-j1\t600\t10\t1\t1\t1\t0",
    "1\tindex\tfts5\t1000\t1\t1\t1\t1\t0",
    "1\tindex\txapian-plain\t500\t10\t1\t1\t1\t0",
    "1\tindex\tours\t1000\t10\t1\t1\t1\t0",
    "1\tindex\tours-j1\t800\t10\t1\t1\t1\t0",
    "1\tindex\tfts5\t1000\t1\t1\t1\t1\t0",
    "1\tindex\txapian-plain\t1100\t10\t1\t1\t1\t0",
]


def report(d, rows, kind):
    results = os.path.join(d, kind + ".tsv")
    with open(results, "w") as f:
        f.write("\n".join(rows) + "\n")
    return subprocess.run([sys.executable, sys.argv[1], results, kind], check=True,
                          capture_output=True, text=True).stdout


def check_index_rounds(d):
    out = report(d, INDEX_ROWS, "index")
    check = [line for line in out.splitlines() if "--jobs 1 >=" in line]
    if len(check) != 1 or "MET" not in check[0] or "1.11x (per round 1.11, 1.20, 0.73)" not in check[0]:
        print("expected the median of per-round ratios (1.11x, met), got:\n" + out)
        return False
    print(check[0])
    return True


def main():
    with tempfile.TemporaryDirectory() as d:
        if not check_index_rounds(d):
            return 1
    with tempfile.TemporaryDirectory() as d:
        results = os.path.join(d, "results.tsv")
        with open(results, "w") as f:
            f.write("\n".join(ROWS) + "\n")
        out = subprocess.run([sys.executable, sys.argv[1], results, "http"], check=True,
                             capture_output=True, text=True).stdout
    check = [line for line in out.splitlines() if "of in-process" in line]
    if len(check) != 1 or "240 / 300 = 80%" not in check[0]:
        print("expected the divisor of run_http.sh's own rows (240 / 300 = 80%), got:\n" + out)
        return 1
    print(check[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
