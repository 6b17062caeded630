#!/usr/bin/env python3
"""Helpers of bench/run_http.sh (standard library only).

  http_tools.py search-paths QUERIES.txt            > paths   /v1/search?q=...
  http_tools.py ids CORPUS.jsonl N [SUFFIX]         > paths   /v1/clauses/<id>SUFFIX
  http_tools.py wrk-result TARGET ENDPOINT CONNS < wrk.out    one result line
  http_tools.py catalog-paths URL                  > paths   the catalog views of the index
  http_tools.py wrk-summary < wrk.out                         requests, errors, timeouts, p50/p99
  http_tools.py slow-shares BEFORE AFTER                      per route: answers, p50/p99, share over 1 s

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


def catalog_paths(url):
    """The catalog views: the lists, healthz, and each category's page and
    comparison rows (so a run asks as many distinct answers as the index has
    categories)."""
    import urllib.request
    with urllib.request.urlopen(url + "/v1/categories") as r:
        slugs = [c["slug"] for c in json.load(r)["categories"]]
    print("/v1/categories\n/v1/platforms\n/healthz")
    for s in slugs:
        print("/v1/compare?category=" + urllib.parse.quote(s, safe=""))
        print("/v1/categories/" + urllib.parse.quote(s, safe=""))


def ms(text):
    m = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    return float(m.group(1)) * UNIT_MS[m.group(2)]


def wrk_counts(out):
    """(requests, errors, timeouts, p50 ms, p99 ms) of `wrk --latency` output;
    errors are non-2xx/3xx answers and socket errors other than timeouts."""
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
    p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
    errors = timeouts = 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if sock:
        errors += sum(int(x) for x in sock.groups()[:3])
        timeouts = int(sock.group(4))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    return requests, errors, timeouts, p50, p99


def wrk_summary():
    requests, errors, timeouts, p50, p99 = wrk_counts(sys.stdin.read())
    print("requests %d, errors %d, wrk timeouts %d, p50 %.2f ms, p99 %.2f ms"
          % (requests, errors, timeouts, p50, p99))


def route_histograms(path):
    """{route: {upper bound in s (inf for +Inf): cumulative answers}} from a
    /metrics text, summed over statuses."""
    hist = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r'clause_http_request_duration_seconds_bucket\{route="([^"]*)",.*le="([^"]+)"\} (\d+)', line)
        if not m:
            continue
        le = float("inf") if m.group(2) == "+Inf" else float(m.group(2))
        buckets = hist.setdefault(m.group(1), {})
        buckets[le] = buckets.get(le, 0) + int(m.group(3))
    return hist


def quantile_ms(buckets, q):
    """The q-quantile (ms) of cumulative buckets, interpolated linearly in
    its bucket as Prometheus' histogram_quantile does; past the last bound,
    that bound."""
    bounds = sorted(buckets)
    total = buckets[bounds[-1]]
    rank, lower, below = q * total, 0.0, 0
    for b in bounds:
        if buckets[b] >= rank:
            if b == float("inf"):
                return lower * 1000.0
            inside = buckets[b] - below
            return 1000.0 * (lower + (b - lower) * ((rank - below) / inside if inside else 1.0))
        lower, below = b, buckets[b]
    return lower * 1000.0


def slow_shares(before, after):
    """The server's own histograms between two /metrics texts: per route,
    the answers, p50 and p99 (bucket-interpolated) and the share over 1 s."""
    a, b = route_histograms(before), route_histograms(after)
    for route in sorted(r for r in b if r != "/metrics"):  # not our own scrapes
        delta = {le: n - a.get(route, {}).get(le, 0) for le, n in b[route].items()}
        total = delta[float("inf")]
        if total > 0:
            print("  %-32s %7d answers, p50 %7.2f ms, p99 %7.2f ms, %5.1f%% over 1 s"
                  % (route, total, quantile_ms(delta, 0.5), quantile_ms(delta, 0.99),
                     100.0 * (total - delta[1.0]) / total))


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
    elif cmd == "catalog-paths":
        catalog_paths(sys.argv[2])
    elif cmd == "wrk-summary":
        wrk_summary()
    elif cmd == "slow-shares":
        slow_shares(sys.argv[2], sys.argv[3])
    elif cmd == "wrk-result":
        wrk_result(*sys.argv[2:5])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
