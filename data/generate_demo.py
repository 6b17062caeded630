#!/usr/bin/env python3
"""Generate the fictional demo corpus of clause records (data/clauses.jsonl).

Every platform, company and clause here is invented. The wording comes from
the templates in clause_types.txt (next to this script); nothing is copied
from real terms of service.

Usage:
    python3 data/generate_demo.py > data/clauses.jsonl
    python3 data/generate_demo.py -o data/clauses.jsonl
    python3 data/generate_demo.py --stats        # Markdown summary for README
    python3 data/generate_demo.py --history DIR  # a git repository of versions (demo_history.py)

Python 3 standard library only; a fixed seed makes the output byte-identical
on every run.
"""

import argparse
import json
import os
import random
import sys
import unicodedata
from collections import Counter

SEED = 343_2025
PLATFORM_COUNT = 343
MIN_CLAUSES, MAX_CLAUSES = 10, 20
EXTRA_CLAUSES_MEAN = 2.3
SEVERITIES = ("low", "medium", "high", "critical")

CATEGORIES = [
    "Dispute resolution", "Governing law & jurisdiction", "Liability & warranties",
    "Indemnification", "Changes to terms", "Account suspension & termination",
    "Content & licensing", "Data sale & sharing", "Data retention & deletion",
    "Tracking & cookies", "AI & automated processing", "Age & eligibility",
    "Payments & refunds", "Data collection & use", "Acceptable use", "Contract formation",
]

# code -> (display name, "these Terms"-style reference, short name, email local part)
DOCUMENTS = {
    "tos": ("Terms of Service", "these Terms", "Terms", "legal"),
    "pp": ("Privacy Policy", "this Privacy Policy", "Privacy Policy", "privacy"),
    "cookie": ("Cookie Policy", "this Cookie Policy", "Cookie Policy", "privacy"),
    "cg": ("Community Guidelines", "these Guidelines", "Guidelines", "support"),
}
DOC_ORDER = list(DOCUMENTS)

# ---------------------------------------------------------------------------
# Platforms
# ---------------------------------------------------------------------------

# kind -> (second words for two-word names, what users post, service nouns, coin names)
KINDS = {
    "shop": (["Cart", "Market", "Bazaar", "Goods", "Trade"], "listings, reviews and product photos",
             ["the Marketplace", "the Site", "the Service"], ["Store Credits", "Points"]),
    "social": (["Social", "Circle", "Chat", "Commons", "Club"], "posts, photos, comments and messages",
               ["the Platform", "the App", "the Service"], ["Coins", "Sparks"]),
    "stream": (["Stream", "Tunes", "TV", "Radio"], "playlists, comments and uploaded media",
               ["the Service", "the App"], ["Tokens", "Stars"]),
    "learn": (["Learn", "Academy", "Tutor", "Notes"], "course submissions, notes and forum posts",
              ["the Platform", "the Website"], ["Credits", "Study Points"]),
    "health": (["Health", "Fit", "Care", "Well"], "workout logs, journal entries and messages",
               ["the App", "the Service"], ["Wellness Points", "Badges"]),
    "travel": (["Travel", "Trips", "Stays", "Rides"], "reviews, trip photos and itineraries",
               ["the Platform", "the Site", "the App"], ["Miles", "Travel Credits"]),
    "work": (["Jobs", "Desk", "Docs", "Cloud"], "files, documents and project data",
             ["the Service", "the Workspace", "the Platform"], ["Credits", "Compute Credits"]),
    "finance": (["Pay", "Wallet", "Fund", "Ledger"], "notes, receipts and transaction descriptions",
                ["the App", "the Service"], ["Reward Points", "Cashback Points"]),
    "games": (["Games", "Arcade", "Quest", "Play"], "screenshots, clips, chat messages and mods",
              ["the Game", "the Service", "the Platform"], ["Gems", "Gold Coins"]),
    "food": (["Eats", "Kitchen", "Bites"], "recipes, reviews and photos",
             ["the App", "the Service"], ["Crumbs", "Reward Points"]),
}

PREFIXES = """Amber Ash Aster Birch Bright Cedar Cinder Clover Cobalt Copper Coral Crest Dapple
Drift Ember Fable Fern Flint Glimmer Harbor Hazel Heron Indigo Ivory Juniper Kestrel Lantern
Larch Linden Maple Marble Meadow Mosaic Nimbus North Nova Oak Orchid Pebble Pine Plume Quartz
Quill Raven Rook Rowan Saffron Sable Slate Sparrow Sprout Tandem Thistle Topaz Umber Velvet
Vireo Willow Wren Yarrow Zephyr Zinc Hollow Lark Marigold Osprey Kettle Bramble Gusto
Moss Figment Parsnip Lumo Pollen Brisk""".split()
SUFFIXES = """loom cast nest stack hive forge path mint leaf field post yard well dock grove lane
shelf tide vault wick ora kit hop bloom gate reach tally nook den crate mark loop beam thread
ly sy base wise""".split()
# Too close to real products, or silly-looking.
BLOCKED = {"pinecast", "copperleaf", "nimbus-notes", "juniper-cloud", "maple-health",
           "moss-social", "oak-social", "cedar-health", "nova-pay", "brisk-pay"}

# Hand-picked names that exercise slug rules: accents, '&', apostrophes, digits, dots.
SPECIAL_PLATFORMS = [
    ("Café Réseau", "social"), ("Bits & Bobs", "shop"), ("Señor Snack", "food"),
    ("Fjörd Files", "work"), ("Crème Collective", "shop"), ("Pixel & Pine", "games"),
    ("Mañana Market", "shop"), ("Zoë's Closet", "shop"), ("Lumière Stream", "stream"),
    ("Nord & Nook", "travel"), ("Smörgås Social", "social"), ("Hearth & Hound", "health"),
    ("Ça Va Chat", "social"), ("Straße Swap", "shop"), ("Øresund Rides", "travel"),
    ("Orbit 9", "games"), ("Quire.io", "learn"),
]

# (law, courts, seat, company suffixes, currency, is_us, weight)
JURISDICTIONS = [
    ("the State of Delaware", "the state and federal courts located in Wilmington, Delaware",
     "Wilmington, Delaware", ["Inc.", "LLC"], "$", True, 9),
    ("the State of California", "the state and federal courts in San Francisco County, California",
     "San Francisco, California", ["Inc.", "Corp."], "$", True, 7),
    ("the State of New York", "the courts located in New York County, New York",
     "New York, New York", ["Inc.", "LLC"], "$", True, 4),
    ("the State of Washington", "the state and federal courts in King County, Washington",
     "Seattle, Washington", ["Inc."], "$", True, 2),
    ("the State of Texas", "the courts of Travis County, Texas", "Austin, Texas",
     ["LLC", "Inc."], "$", True, 2),
    ("the Commonwealth of Massachusetts", "the courts of Suffolk County, Massachusetts",
     "Boston, Massachusetts", ["Inc."], "$", True, 1),
    ("England and Wales", "the courts of England and Wales", "London", ["Ltd", "Limited"], "£",
     False, 5),
    ("Scotland", "the Scottish courts", "Edinburgh", ["Ltd"], "£", False, 1),
    ("Ireland", "the courts of Ireland", "Dublin", ["Limited", "DAC"], "€", False, 3),
    ("the Netherlands", "the competent courts of Amsterdam", "Amsterdam", ["B.V."], "€", False, 2),
    ("Germany", "the courts of Berlin", "Berlin", ["GmbH"], "€", False, 2),
    ("France", "the courts of Paris", "Paris", ["SAS"], "€", False, 1),
    ("the Grand Duchy of Luxembourg", "the courts of Luxembourg City", "Luxembourg",
     ["S.à r.l."], "€", False, 1),
    ("the Province of Ontario", "the courts of the Province of Ontario sitting in Toronto",
     "Toronto, Ontario", ["Inc.", "Corp."], "CA$", False, 2),
    ("the Province of British Columbia", "the courts of British Columbia", "Vancouver",
     ["Ltd"], "CA$", False, 1),
    ("New South Wales", "the courts of New South Wales", "Sydney", ["Pty Ltd"], "A$", False, 2),
    ("Singapore", "the courts of Singapore", "Singapore", ["Pte. Ltd."], "S$", False, 1),
]

FOLD = {"ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ð": "d", "þ": "th", "đ": "d", "ł": "l"}


def slugify(name):
    """Mirror of schema/slug.cpp for the Latin names used here."""
    out, dash = [], False
    for ch in name.lower():
        if ch in "'\u2019\u02bc":
            continue
        base = FOLD.get(ch) or unicodedata.normalize("NFKD", ch)[0]
        if base.isascii() and base.isalnum():
            if dash and out:
                out.append("-")
            out.append(base)
            dash = False
        else:
            dash = True
    return "".join(out)


def make_platforms(rng):
    """Returns PLATFORM_COUNT (name, kind) pairs with distinct slugs, sorted by slug."""
    platforms = list(SPECIAL_PLATFORMS)
    seen = {slugify(name) for name, _ in platforms}
    kinds = list(KINDS)
    while len(platforms) < PLATFORM_COUNT:
        prefix, kind = rng.choice(PREFIXES), rng.choice(kinds)
        if rng.random() < 0.55:
            suffix = rng.choice(SUFFIXES)
            if prefix[-1] == suffix[0]:
                continue
            name = prefix + suffix
        else:
            name = prefix + " " + rng.choice(KINDS[kind][0])
        slug = slugify(name)
        if slug in seen or slug in BLOCKED:
            continue
        seen.add(slug)
        platforms.append((name, kind))
    return sorted(platforms, key=lambda p: slugify(p[0]))


def choose_documents(rng, kind):
    r = rng.random()
    docs = ["tos"] if r < 0.06 else ["pp"] if r < 0.10 else ["tos", "pp"]
    if "pp" in docs and rng.random() < 0.30:
        docs.append("cookie")
    if "tos" in docs and rng.random() < (0.55 if kind in ("social", "games") else 0.12):
        docs.append("cg")
    return docs


def platform_context(rng, name, kind):
    """Slot values used by every clause of one platform, so they stay consistent."""
    law, courts, seat, suffixes, cur, is_us, _ = rng.choices(
        JURISDICTIONS, weights=[j[-1] for j in JURISDICTIONS])[0]
    svc = rng.choice(KINDS[kind][2])
    return {
        "P": name, "PU": name.upper(), "C": name + " " + rng.choice(suffixes),
        "svc": svc, "Svc": svc[0].upper() + svc[1:], "law": law, "courts": courts,
        "city": seat, "is_us": is_us, "slug": slugify(name), "content": KINDS[kind][1],
        "coins": name + " " + rng.choice(KINDS[kind][3]),
        "age": rng.choice(["13", "13", "16", "18"]),
        "notice": rng.choice(["30 days'", "15 days'", "14 days'", "thirty (30) days'", "7 days'"]),
        "optout": rng.choice(["30 days", "30 days", "60 days", "45 days"]),
        "ret": rng.choice(["90 days", "six months", "12 months", "two years", "three years"]),
        "del": rng.choice(["30 days", "60 days", "90 days"]),
        "cap": cur + rng.choice(["50", "100", "100", "200", "500"]),
        "refund": rng.choice(["14 days", "30 days", "7 days", "48 hours"]),
        "informal": rng.choice(["30 days", "60 days", "45 days"]),
        "limit": rng.choice(["one (1) year", "six (6) months", "one year", "two years"]),
        "inactive": rng.choice(["12 months", "18 months", "24 months", "two years"]),
    }


# ---------------------------------------------------------------------------
# Clause types (wording templates live in clause_types.txt, format described there)
# ---------------------------------------------------------------------------

SPEC_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "clause_types.txt")


def parse_spec(text):
    """Parses clause_types.txt into a list of dicts, in file order."""
    types = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@ "):
            types.append({"name": line[2:], "templates": [], "requires": None, "group": None,
                          "region": None, "boost": [], "pick": "first", "kind": None,
                          "freq": 0.0, "unique": False})
            continue
        key, _, value = line.partition(": ")
        t = types[-1]
        if key in SEVERITIES:
            t["templates"].append((key, value))
        elif key == "cat":
            t["cats"] = value.split(" + ")
        elif key in ("doc", "boost"):
            t[key + ("s" if key == "doc" else "")] = value.split()
        elif key == "titles":
            t["titles"] = value.split(" | ")
        elif key == "freq":
            t["unique"] = value == "unique"
            t["freq"] = 0.0 if t["unique"] else float(value)
        elif key in ("requires", "group", "region", "pick", "kind"):
            t[key] = value
        else:
            raise ValueError("unknown key in clause spec: " + line)
    for t in types:
        assert all(c in CATEGORIES for c in t["cats"]), t["name"]
        assert t["titles"] and t["templates"] and t["docs"], t["name"]
        assert t["unique"] == bool(t["kind"]), t["name"]
        assert len(t["templates"]) >= (1 if t["unique"] else 3), t["name"]
    return types


# ---------------------------------------------------------------------------
# Assembling the corpus
# ---------------------------------------------------------------------------

def weight(t, kind, ctx):
    w = t["freq"]
    if t["region"] == "us":
        w *= 1.5 if ctx["is_us"] else 0.35
    if t["boost"]:
        w *= 1.8 if kind in t["boost"] else 0.6
    return min(w, 1.0)


def allowed(t, docs, chosen):
    names = {c["name"] for c in chosen}
    return (any(d in docs for d in t["docs"])
            and t["name"] not in names
            and (t["requires"] is None or t["requires"] in names)
            and (t["group"] is None or all(c["group"] != t["group"] for c in chosen)))


def choose_types(rng, types, kind, ctx, docs, uniques):
    """Picks the clause types of one platform by weighted draws without replacement.

    The number of clauses is 10 plus a long-tailed extra, so most platforms
    have 10-14 clauses and a few have up to 20; a type's share of platforms
    stays close to its freq. A type that requires another is drawn right
    after it, with its freq as the conditional probability.
    """
    target = min(MAX_CLAUSES, MIN_CLAUSES + int(rng.expovariate(1 / EXTRA_CLAUSES_MEAN)))
    chosen = list(uniques)
    while len(chosen) < target:
        pool = [t for t in types if not t["requires"] and allowed(t, docs, chosen)]
        if not pool:
            break
        pick = rng.choices(pool, weights=[weight(t, kind, ctx) for t in pool])[0]
        chosen.append(pick)
        for dep in types:  # e.g. a class action waiver usually comes with arbitration
            if dep["requires"] == pick["name"] and allowed(dep, docs, chosen) \
                    and len(chosen) < MAX_CLAUSES and rng.random() < dep["freq"]:
                chosen.append(dep)
    return chosen


def assign_uniques(rng, uniques, platforms, docs_by_slug):
    """Maps platform slug -> list of unique types, one platform per unique type."""
    taken, result = set(), {}
    for t in uniques:
        pool = [slugify(n) for n, k in platforms
                if k == t["kind"] and slugify(n) not in taken
                and any(d in docs_by_slug[slugify(n)] for d in t["docs"])]
        slug = rng.choice(pool)
        taken.add(slug)
        result.setdefault(slug, []).append(t)
    return result


def render_clause(rng, t, ctx, docs, dates):
    options = [d for d in t["docs"] if d in docs]
    doc = rng.choice(options) if t["pick"] == "any" else options[0]
    display, ref, short, mailbox = DOCUMENTS[doc]
    severity, template = rng.choice(t["templates"])
    slots = dict(ctx, doc_ref=ref, doc_short=short, email=mailbox + "@" + ctx["slug"] + ".example")
    record = {
        "platform": ctx["P"], "document": display, "title": rng.choice(t["titles"]),
        "text": template.format_map(slots), "clause_type": t["name"],
        "categories": list(t["cats"]), "severity": severity,
    }
    if doc in dates:
        record["updated"] = dates[doc]
    return doc, record


def platform_records(rng, name, kind, docs, types, uniques):
    ctx = platform_context(rng, name, kind)
    dates = {}
    if rng.random() < 0.8:
        dates = {d: "2025-%02d-%02d" % (rng.randint(1, 11), rng.randint(1, 28)) for d in docs}
    chosen = choose_types(rng, types, kind, ctx, docs, uniques)
    rendered = [render_clause(rng, t, ctx, docs, dates) for t in chosen]
    rendered.sort(key=lambda dr: (DOC_ORDER.index(dr[0]), CATEGORIES.index(dr[1]["categories"][0]),
                                  dr[1]["clause_type"]))
    records = []
    for n, (_, rec) in enumerate(rendered, start=1):
        records.append(dict({"id": "demo-%s-%d" % (ctx["slug"], n)}, **rec))
    return records


def build_corpus():
    rng = random.Random(SEED)
    with open(SPEC_FILE, encoding="utf-8") as f:
        spec = parse_spec(f.read())
    types = [t for t in spec if not t["unique"]]
    uniques = [t for t in spec if t["unique"]]
    platforms = make_platforms(rng)
    docs_by_slug = {slugify(n): choose_documents(rng, k) for n, k in platforms}
    unique_by_slug = assign_uniques(rng, uniques, platforms, docs_by_slug)
    records = []
    for name, kind in platforms:
        slug = slugify(name)
        records += platform_records(rng, name, kind, docs_by_slug[slug], types,
                                    unique_by_slug.get(slug, []))
    return records


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def to_jsonl(records):
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return ("\n".join(lines) + "\n").encode("utf-8")


def stats_markdown(records):
    platforms = Counter(r["platform"] for r in records)
    types = Counter(r["clause_type"] for r in records)
    cats = Counter(c for r in records for c in r["categories"])
    sev = Counter(r["severity"] for r in records)
    docs = Counter(r["document"] for r in records)
    out = ["Records: %d; platforms: %d; clause types: %d (%d on a single platform); "
           "clauses per platform: %d-%d." % (
               len(records), len(platforms), len(types), sum(1 for n in types.values() if n == 1),
               min(platforms.values()), max(platforms.values())), ""]
    out += ["| Category | Records | " + " | ".join(SEVERITIES) + " |",
            "|---|---:|" + "---:|" * len(SEVERITIES)]
    for c in CATEGORIES:
        row = Counter(r["severity"] for r in records if c in r["categories"])
        out.append("| %s | %d | %s |" % (c, cats[c], " | ".join(str(row[s]) for s in SEVERITIES)))
    out.append("| **All records** | %d | %s |" % (
        len(records), " | ".join(str(sev[s]) for s in SEVERITIES)))
    out += ["", "| Document | Records |", "|---|---:|"]
    out += ["| %s | %d |" % (DOCUMENTS[d][0], docs[DOCUMENTS[d][0]]) for d in DOC_ORDER]
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", help="write JSONL here instead of stdout")
    parser.add_argument("--stats", action="store_true", help="print a Markdown summary instead")
    parser.add_argument("--history", metavar="DIR",
                        help="write a git repository of document versions of a few platforms "
                             "(dated relative to today) at DIR instead, for clause-indexer --history")
    args = parser.parse_args(argv)
    records = build_corpus()
    if args.history:
        from demo_history import write_history  # beside this script
        print("%d versions written to %s" % (write_history(records, args.history), args.history),
              file=sys.stderr)
        return
    data = stats_markdown(records).encode("utf-8") if args.stats else to_jsonl(records)
    if args.output:
        with open(args.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.buffer.write(data)


if __name__ == "__main__":
    main()
