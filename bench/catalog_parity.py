"""Catalog answers of two servers on one index, compared byte for byte but
for took_ms (a change that must not change answers, issue 21): the lists,
/v1/types, each category's page at three paginations/filters, four
compares per category, every 13th platform's summary at two pages and two
unknown slugs; all asked twice (cold, then cached). Exit status 1 on any
difference.

  python3 bench/catalog_parity.py URL_OLD URL_NEW
"""
import json
import sys
import urllib.error
import urllib.parse
import urllib.request


def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def without_time(body):
    try:
        j = json.loads(body)
    except ValueError:
        return body
    if isinstance(j, dict):
        j.pop("took_ms", None)
    return json.dumps(j).encode()


def catalog_paths(url):
    q = urllib.parse.quote
    cats = [c["slug"] for c in json.loads(get(url + "/v1/categories")[1])["categories"]]
    plats = [p["slug"] for p in json.loads(get(url + "/v1/platforms")[1])["platforms"]]
    paths = ["/v1/categories", "/v1/platforms", "/v1/types", "/v1/categories/nope",
             "/v1/compare?category=nope"]
    for s in cats:
        paths += ["/v1/categories/" + q(s), "/v1/categories/%s?limit=50" % q(s),
                  "/v1/categories/%s?offset=10&severity=high,critical" % q(s),
                  "/v1/compare?category=" + q(s), "/v1/compare?category=%s&per_platform=0" % q(s),
                  "/v1/compare?category=%s&per_platform=3&offset=5&limit=20" % q(s),
                  "/v1/compare?category=%s&platforms=%s" % (q(s), ",".join(plats[:3]))]
    for p in plats[::13]:
        paths += ["/v1/platforms/" + q(p), "/v1/platforms/%s?offset=5&limit=3" % q(p)]
    return paths


def main():
    old, new = sys.argv[1], sys.argv[2]
    paths = catalog_paths(old)
    same = diff = 0
    for _ in range(2):  # the first round computes, the second is cached
        for p in paths:
            a, b = get(old + p), get(new + p)
            if a[0] == b[0] and without_time(a[1]) == without_time(b[1]):
                same += 1
            else:
                diff += 1
                print("different: %s (%d, %d)" % (p, a[0], b[0]))
    print("catalog parity: %d requests x 2 rounds, %d identical, %d different" % (len(paths), same, diff))
    sys.exit(1 if diff else 0)


if __name__ == "__main__":
    main()
