#!/usr/bin/env python3
"""bench/report.py divides figures of the same step (issue 21): the HTTP
check's in-process divisor comes from run_http.sh's own rows (http-inproc),
not from the search-threads rows an earlier step left in results.tsv.

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


def main():
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
