#!/usr/bin/env python3
"""HTTP half of bench/run_parity.sh: do two clause-server builds on the same
index answer alike, and how fast does each answer /similar (standard library
only).

  answer_parity.py free-port
  answer_parity.py wait URL...
  answer_parity.py compare OLD_URL NEW_URL --queries FILE --records FILE
                   [--sample N] [--rounds R] [--search-results FILE]
  answer_parity.py search-table FILE

wait: until each server's /healthz answers and its similar snapshot has
settled (ready, off, or none with a reason), so that /similar is compared and
timed as a running server answers it, from its snapshot.

compare: sends both servers the same requests (built from the query set, a
sample of N clause records spread evenly over FILE, and the categories and
platforms the old server lists), one after the other, and compares the
status and body of each answer byte for byte once the volatile fields
(VOLATILE: timings) are cut out. Then R rounds of GET /v1/clauses/{id}/similar
over the sample, the two servers interleaved request by request (which one
goes first alternates) so that both see the same machine noise, and a table
of old and new figures with their ratio, the in-process search figures of
--search-results (lines "old|new RESULT search ..." from search_bench) too.
Exit status 1 on any difference.

search-table: the table of --search-results alone (bench/run_search_builds.sh).
"""
import argparse
import http.client
import json
import os
import re
import socket
import statistics
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ left in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http_tools  # noqa: E402  (beside this file, not installed)

# Fields whose value depends on the moment, not on the answer: cut out of a
# body before comparing. A key inside clause text is escaped (\"took_ms\"),
# so only the answer's own field matches.
VOLATILE = re.compile(rb',?"took_ms":-?[0-9][0-9.eE+-]*')
SHOW_DIFFERENCES = 5


class Server:
    """One keep-alive connection to a server (reopened if it drops)."""

    def __init__(self, url):
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname, parts.port
        self.conn = None

    def request(self, method, path, body=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=600)
            try:
                headers = {"Content-Type": "application/json"} if body is not None else {}
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


def percentile(samples, pct):
    """Nearest rank, as bench_common.cpp's percentile (0..100)."""
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    rank = -(-pct * len(ordered) // 100)  # ceil without float error
    return ordered[min(max(int(rank), 1), len(ordered)) - 1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        print(s.getsockname()[1])


def settled(health):
    snapshot = health.get("similar_snapshot", {})
    state = snapshot.get("state")
    return state in ("ready", "off") or (state == "none" and snapshot.get("reason"))


def wait(urls, limit_s=1800):
    deadline = time.monotonic() + limit_s
    for url in urls:
        server = Server(url)
        while True:
            try:
                status, body = server.request("GET", "/healthz")
                if status == 200 and settled(json.loads(body)):
                    print("answer_parity: %s similar snapshot: %s"
                          % (url, json.loads(body)["similar_snapshot"]), file=sys.stderr)
                    break
            except (OSError, http.client.HTTPException):
                pass  # not listening yet
            if time.monotonic() > deadline:
                sys.exit("answer_parity: %s not ready within %d s" % (url, limit_s))
            time.sleep(0.5)


def sample_records(path, n):
    """n records spread evenly over the file (every size/n-th, from the
    first), as bench_common's spread_sample picks ids."""
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    step = max(1, len(lines) // max(1, n))
    return [json.loads(line) for line in lines[::step][:n]]


def quoted(segment):
    return urllib.parse.quote(segment, safe="")


def requests(old, queries, records):
    """(method, path, body) of every request compared, in a fixed order."""
    searches = list(http_tools.search_paths(queries))
    out = [("GET", p, None) for p in searches]
    # Paging, sorting and facet switches over a quarter of the queries each.
    out += [("GET", p + "&sort=severity&limit=20&offset=10&facets=false", None) for p in searches[::4]]
    out += [("GET", p + "&sort=platform&facet_limit=5", None) for p in searches[1::4]]
    for r in records:
        out.append(("GET", "/v1/clauses/" + quoted(r["id"]), None))
        out.append(("GET", "/v1/clauses/" + quoted(r["id"]) + "/similar", None))
    out += [("GET", "/v1/clauses/%s/similar?limit=25&same_category=true" % quoted(r["id"]), None)
            for r in records[::5]]
    # The text form, from the platform's side (its clauses left out) and from nowhere.
    for i, r in enumerate(records[::2]):
        body = {"text": r["text"], "limit": 10}
        if i % 2 == 0:
            body["platform"] = r["platform"]
        out.append(("POST", "/v1/similar", json.dumps(body).encode()))
    out.append(("GET", "/v1/categories", None))
    out.append(("GET", "/v1/platforms", None))
    categories = json.loads(old.request("GET", "/v1/categories")[1])["categories"]
    platforms = json.loads(old.request("GET", "/v1/platforms")[1])["platforms"]
    some_platforms = [p["slug"] for p in platforms[:: max(1, len(platforms) // 20)]]
    for c in categories:
        slug = quoted(c["slug"])
        out.append(("GET", "/v1/categories/" + slug, None))
        out.append(("GET", "/v1/categories/%s?severity=high&limit=20&offset=5" % slug, None))
        out.append(("GET", "/v1/compare?category=" + slug, None))
        out.append(("GET", "/v1/compare?category=%s&limit=20&per_platform=1" % slug, None))
        out.append(("GET", "/v1/compare?category=%s&platforms=%s" % (slug, ",".join(some_platforms[:4])), None))
        out.append(("GET", "/v1/search?category=" + slug, None))
    for slug in some_platforms:
        out.append(("GET", "/v1/platforms/" + quoted(slug), None))
        out.append(("GET", "/v1/search?q=data&platform=" + quoted(slug), None))
    return out


def first_difference(a, b):
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return i, a[max(0, i - 60):i + 60], b[max(0, i - 60):i + 60]


def compare_answers(old, new, todo):
    differences = 0
    kinds = {}
    for method, path, body in todo:
        a_status, a_body = old.request(method, path, body)
        b_status, b_body = new.request(method, path, body)
        kind = method + " " + re.sub(r"/v1/(clauses|categories|platforms)/[^/?]+", r"/v1/\1/{}", path.split("?")[0])
        kinds[kind] = kinds.get(kind, 0) + 1
        a_body, b_body = VOLATILE.sub(b"", a_body), VOLATILE.sub(b"", b_body)
        if a_status == b_status and a_body == b_body:
            continue
        differences += 1
        if differences <= SHOW_DIFFERENCES:
            at, a_near, b_near = first_difference(a_body, b_body)
            print("DIFFERENT %s %s%s: status %d vs %d, bodies %d vs %d bytes, first difference at byte %d"
                  % (method, path, " " + body[:200].decode(errors="replace") if body else "",
                     a_status, b_status, len(a_body), len(b_body), at))
            print("  old: %r\n  new: %r" % (a_near, b_near))
    print("answers compared: %d (%s), different: %d"
          % (len(todo), ", ".join("%s %d" % kv for kv in sorted(kinds.items())), differences))
    return differences


def time_similar(old, new, records, rounds):
    """Latencies (ms) of GET /v1/clauses/{id}/similar, interleaved."""
    ms = {"old": [], "new": []}
    paths = ["/v1/clauses/" + quoted(r["id"]) + "/similar" for r in records]
    for _ in range(rounds):
        for i, path in enumerate(paths):
            for name, server in ((("old", old), ("new", new)) if i % 2 == 0 else (("new", new), ("old", old))):
                t0 = time.perf_counter()
                status, _ = server.request("GET", path)
                ms[name].append((time.perf_counter() - t0) * 1000)
                if status != 200:
                    print("answer_parity: %s %s: status %d" % (name, path, status), file=sys.stderr)
    return ms


def search_figures(path):
    """Per build: lists of q/s, p50 and p99 over search_bench's rounds."""
    figures = {"old": {"qps": [], "p50": [], "p99": []}, "new": {"qps": [], "p50": [], "p99": []}}
    if not path:
        return figures
    for line in open(path, encoding="utf-8"):
        f = line.rstrip("\n").split("\t")
        # build RESULT search ours MODE queries qps p50 p99 errors
        if len(f) >= 10 and f[1] == "RESULT" and f[2] == "search":
            figures[f[0]]["qps"].append(float(f[6]))
            figures[f[0]]["p50"].append(float(f[7]))
            figures[f[0]]["p99"].append(float(f[8]))
    return figures


def table(search, similar, rounds):
    rows = []
    n = len(search["old"]["qps"])
    for key, label in (("qps", "search q/s"), ("p50", "search p50 ms"), ("p99", "search p99 ms")):
        if n:
            rows.append(("%s (search_bench, median of %d)" % (label, n),
                         statistics.median(search["old"][key]), statistics.median(search["new"][key])))
    for pct in (50, 99) if similar is not None else ():
        rows.append(("/similar p%d ms (%d requests, %d rounds)" % (pct, len(similar["old"]), rounds),
                     percentile(similar["old"], pct), percentile(similar["new"], pct)))
    width = max(len(r[0]) for r in rows)
    print("| %-*s | %9s | %9s | new/old |" % (width, "figure", "old", "new"))
    print("|-%s-|-----------|-----------|---------|" % ("-" * width))
    for label, a, b in rows:
        print("| %-*s | %9.2f | %9.2f | %7.3f |" % (width, label, a, b, b / a if a else float("nan")))
    if n:
        # Rounds are pairs run back to back: the ratio within a pair cancels
        # the machine's slower and faster minutes, which the medians above
        # (over rounds minutes apart) do not.
        ratios = [b / a for a, b in zip(search["old"]["qps"], search["new"]["qps"])]
        print("search q/s per round: old %s; new %s; new/old per round %s, median %.3f" % (
            " ".join("%.1f" % x for x in search["old"]["qps"]),
            " ".join("%.1f" % x for x in search["new"]["qps"]),
            " ".join("%.3f" % x for x in ratios), statistics.median(ratios)))


def compare(args):
    old, new = Server(args.old), Server(args.new)
    records = sample_records(args.records, args.sample)
    differences = compare_answers(old, new, requests(old, args.queries, records))
    table(search_figures(args.search_results), time_similar(old, new, records, args.rounds), args.rounds)
    return 1 if differences else 0


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if sys.argv[1] == "free-port":
        free_port()
    elif sys.argv[1] == "wait":
        wait(sys.argv[2:])
    elif sys.argv[1] == "search-table" and len(sys.argv) == 3:
        table(search_figures(sys.argv[2]), None, 0)
    elif sys.argv[1] == "compare":
        p = argparse.ArgumentParser(prog="answer_parity.py compare")
        p.add_argument("old")
        p.add_argument("new")
        p.add_argument("--queries", required=True)
        p.add_argument("--records", required=True)
        p.add_argument("--sample", type=int, default=200)
        p.add_argument("--rounds", type=int, default=3)
        p.add_argument("--search-results")
        sys.exit(compare(p.parse_args(sys.argv[2:])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
