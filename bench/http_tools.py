#!/usr/bin/env python3
"""Helpers of bench/run_http.sh (standard library only).

  http_tools.py search-paths QUERIES.txt            > paths   /v1/search?q=...
  http_tools.py ids CORPUS.jsonl N [SUFFIX]         > paths   /v1/clauses/<id>SUFFIX
  http_tools.py wrk-result TARGET ENDPOINT CONNS < wrk.out    one result line

Ids are a fixed-seed sample of the corpus, so every run asks the same ones.
wrk-result reads `wrk --latency` output: requests/s, p50, p99, and as errors
the socket errors plus non-2xx/3xx responses.
"""
import json
import random
import re
import sys
import urllib.parse


def search_paths(queries):
    """The /v1/search request of each query of a bench/queries.txt file, in order."""
    for line in open(queries, encoding="utf-8"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        fields = [f.strip() for f in line.split("|")]
        params = [("q", fields[0])] + [tuple(x.strip() for x in f.split("=", 1)) for f in fields[1:]]
        yield "/v1/search?" + urllib.parse.urlencode(params)


def ids(corpus, n, suffix):
    all_ids = [json.loads(line)["id"] for line in open(corpus, encoding="utf-8") if line.strip()]
    rng = random.Random(6)
    for i in rng.sample(all_ids, min(n, len(all_ids))):
        print("/v1/clauses/" + urllib.parse.quote(i, safe="") + suffix)


UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNIT_MS[m.group(2)]


def wrk_result(target, endpoint, conns):
    out = sys.stdin.read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    print("\t".join(["1", "http", target, endpoint, conns, "%.1f" % rps, "%.3f" % p50,
                     "%.3f" % p99, str(errors), str(requests)]))


def main():
    cmd = sys.argv[1]
    if cmd == "search-paths":
        for path in search_paths(sys.argv[2]):
            print(path)
    elif cmd == "ids":
        ids(sys.argv[2], int(sys.argv[3]), sys.argv[4] if len(sys.argv) > 4 else "")
    elif cmd == "wrk-result":
        wrk_result(*sys.argv[2:5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
