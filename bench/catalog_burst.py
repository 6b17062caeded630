"""First requests after a commit, in bursts (bench/run_mixed.sh, issue 21):
for each catalog path of PATHS, N concurrent identical requests to a server
that has not answered it at its revision yet. Prints the slowest answer of
each burst (median and max over the paths) and the server's catalog cache
counters: with one computation per answer, misses are one per path.

  python3 bench/catalog_burst.py URL N PATHS
"""
import json
import sys
import threading
import time
import urllib.request


def burst(url, path, n):
    """The slowest of n concurrent GETs of url+path, in ms."""
    times = []

    def one():
        start = time.perf_counter()
        urllib.request.urlopen(url + path).read()
        times.append((time.perf_counter() - start) * 1000.0)

    threads = [threading.Thread(target=one) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return max(times)


def main():
    url, n = sys.argv[1], int(sys.argv[2])
    paths = [p.strip() for p in open(sys.argv[3], encoding="utf-8") if p.strip() not in ("", "/healthz")]
    worst = sorted(burst(url, p, n) for p in paths)
    with urllib.request.urlopen(url + "/healthz") as r:
        cache = json.load(r)["catalog_cache"]
    print("bursts of %d x %d paths: slowest answer per burst median %.1f ms, max %.1f ms; "
          "cache misses %d, hits %d, waits %s"
          % (n, len(paths), worst[len(worst) // 2], worst[-1], cache["misses"], cache["hits"],
             cache.get("waits", "-")))


if __name__ == "__main__":
    main()
