#!/usr/bin/python3
"""Offline replay of new re-rank signals for the similar-clause method (issue #4).

  SIMILAR_PERQUERY=/tmp/base.pq SIMILAR_TOP=1 \
      build/bench/bench_similar_quality --shared ../shared/data --tuned-only
  /usr/bin/python3 bench/similar_offline.py --shared ../shared/data --top /tmp/base.pq \
      [--big] [--out DIR] [--fit]

Reads each query's top 100 (id:score, the tuned method's final scores) and
adds, to the candidates the engine re-scored (those above the floor the
others are capped at), a weighted sum of signals the engine does not use:
  e    cosine of sentence vectors: idf-weighted means of word vectors learnt
       from the corpus itself (PPMI of stemmed words in a +-5 window,
       context smoothing 0.75, truncated SVD to 200 dimensions, U sqrt(S));
  ec   the sibling contrast in that space: e(q, c) - max e(sibling of q, c);
  cs   consensus siblings: for each of the 5 best results t (other than c),
       tf-idf cos(c, t) - max cos(c, another clause of t's platform), mean;
  csls hubness (CSLS): the mean tf-idf cosine of c to its 10 nearest clauses
       of other platforms, subtracted;
and, each alone: cs2 (cs the other way: cos(t, c) - max cos(t, another clause
of c's platform)), margin (cos(q, c) - max cos(q, another clause of c's
platform)), size (ln of the number of clauses of c's platform), cov (how
well c's platform covers the query's siblings: the mean over the siblings of
their best cosine with a clause of c's platform), as (1 when a one-to-one
assignment of the query's platform's clauses to c's platform's clauses, by
tf-idf cosine, pairs q with c) and asd (cos(q, c) - cos(q, the clause q is
assigned to)).
--vectors DIR adds u (cosine of pre-trained sentence vectors read from
DIR/<corpus>.vec, written by bench/sentence_vectors/embed.mjs: the Universal
Sentence Encoder, from outside the corpus) and uc (the sibling contrast in
that space, siblings within 0.8 of the query not counted, as in the engine),
alone and with the best mix of the above.
--big learns the word vectors from every text in the shared data (both clause
files and the OTA documents' paragraphs: what a full index holds) instead of
the one corpus. Prints the six figures for a grid of weights, as differences
to the replayed baseline (which equals the bench's figures), and with --out
writes per-query files (id P@10 P@1 RR) for the halves check. --fit prints an
upper bound instead: a logistic regression over the score and every signal,
fitted on the labels (all queries; one half scored on the other; one corpus
scored on the other).
Labels are read only to score, as in the bench. Needs python3-numpy,
python3-scipy and python3-xapian (scripts/install-deps.sh --bench).
"""
import argparse, collections, glob, html, itertools, json, math, os, re
import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla
from scipy.optimize import linear_sum_assignment
import xapian

STEM = xapian.Stem("english")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_cache = {}


def tokens(text):
    out = []
    for w in WORD.findall(html.unescape(TAG.sub(" ", text)).lower()):
        s = _cache.get(w)
        if s is None:
            s = _cache[w] = STEM(w.replace("'", ""))
        out.append(s)
    return out


def load(shared, corpus):
    """id -> (platform, stems of the text, set of types); the bench indexes text only."""
    recs = {}
    for line in open(os.path.join(shared, corpus, "clauses.jsonl")):
        r = json.loads(line)
        types = set(r.get("clause_types") or ([r["clause_type"]] if r.get("clause_type") else []))
        recs[r["id"]] = (r["platform"], tokens(r["text"]), types)
    return recs


def word_vectors(seqs, window=5, dims=200, alpha=0.75, mincount=2):
    counts = collections.Counter(w for s in seqs for w in s)
    vocab = {}
    for w, c in counts.items():
        if c >= mincount:
            vocab[w] = len(vocab)
    rows, cols = [], []
    for s in seqs:
        ids = np.array([vocab.get(w, -1) for w in s], dtype=np.int64)
        for d in range(1, window + 1):
            a, b = ids[:-d], ids[d:]
            m = (a >= 0) & (b >= 0)
            rows.append(a[m]); cols.append(b[m])
    r, c = np.concatenate(rows), np.concatenate(cols)
    n = len(vocab)
    m = sp.coo_matrix((np.ones(len(r)), (r, c)), shape=(n, n)).tocsr()
    m = (m + m.T).tocoo()
    rw = np.asarray(m.tocsr().sum(1)).ravel()
    cw = np.asarray(m.tocsr().sum(0)).ravel() ** alpha
    pmi = np.log(m.data * cw.sum() / (rw[m.row] * cw[m.col]))
    keep = pmi > 0
    ppmi = sp.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=(n, n))
    # a fixed start vector: ARPACK otherwise starts at random and the figures move by ~0.2 point
    u, s, _ = sla.svds(ppmi, k=dims, v0=np.ones(n) / math.sqrt(n))
    w = u * np.sqrt(s)
    return vocab, w / (np.linalg.norm(w, axis=1, keepdims=True) + 1e-12)


def sentence_vectors(ids, recs, vocab, wv):
    df = collections.Counter(w for i in ids for w in set(recs[i][1]))
    out = np.zeros((len(ids), wv.shape[1]))
    for n, i in enumerate(ids):
        ws = [w for w in recs[i][1] if w in vocab]
        if ws:
            wt = np.array([math.log(len(ids) / df[w]) for w in ws])
            out[n] = (wt[:, None] * wv[[vocab[w] for w in ws]]).sum(0)
    return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-12)


def tfidf_cosines(ids, recs):
    df = collections.Counter(w for i in ids for w in set(recs[i][1]))
    col = {w: n for n, w in enumerate(df)}
    r, c, v = [], [], []
    for n, i in enumerate(ids):
        for w, tf in collections.Counter(recs[i][1]).items():
            r.append(n); c.append(col[w]); v.append((1 + math.log(tf)) * math.log(len(ids) / df[w]))
    x = sp.csr_matrix((v, (r, c)), shape=(len(ids), len(col)))
    norm = np.sqrt(np.asarray(x.multiply(x).sum(1)).ravel()) + 1e-12
    x = sp.diags(1 / norm) @ x
    return (x @ x.T).toarray()


def load_vectors(path, ids):
    """Unit rows, in the order of ids, from lines "id<TAB>x1 x2 ..."."""
    rows = {}
    for n, line in enumerate(open(path), 1):
        i, sep, rest = line.rstrip("\n").partition("\t")
        if not sep:
            raise SystemExit("%s:%d: expected id<TAB>vector" % (path, n))
        rows[i] = np.array(rest.split(), dtype=float)
    missing = [i for i in ids if i not in rows]
    if missing:
        raise SystemExit("%s: no vector for %d clauses (first %s)" % (path, len(missing), missing[0]))
    out = np.array([rows[i] for i in ids])
    return out / (np.linalg.norm(out, axis=1, keepdims=True) + 1e-12)


def contrast(sim_q, sims_sib):
    """sim(q, c) less the largest sim(sibling, c), siblings within 0.8 of q left out (copies)."""
    return sim_q - (sims_sib.max() if sims_sib.size else sim_q)


def features(recs, top, wv_pair, vectors=None):
    ids = list(recs)
    idx = {i: n for n, i in enumerate(ids)}
    cos = tfidf_cosines(ids, recs)
    plat = np.array([recs[i][0] for i in ids])
    by_plat = collections.defaultdict(list)
    for n in range(len(ids)):
        by_plat[plat[n]].append(n)
    cross = np.where(plat[:, None] == plat[None, :], 0.0, cos)
    hub = -np.sort(-cross, axis=1)[:, :10].mean(1)
    emb = sentence_vectors(ids, recs, *wv_pair)
    assignments = {}

    def assigned(pq, pc):
        """The one-to-one pairing of the two platforms' clauses of largest total cosine."""
        if (pq, pc) not in assignments:
            a, b = by_plat[pq], by_plat[pc]
            r, c = linear_sum_assignment(-cos[np.ix_(a, b)])
            assignments[(pq, pc)] = {a[i]: b[j] for i, j in zip(r, c)}
        return assignments[(pq, pc)]

    rows = {}
    for q, hits in top.items():
        qi = idx[q]
        sib = [x for x in by_plat[plat[qi]] if x != qi]
        best = [(idx[c], [x for x in by_plat[plat[idx[c]]] if x != idx[c]]) for c, _ in hits[:5]]
        best_ids = [t for t, _ in best]
        floor = min([s for _, s in hits] or [0])
        fr = []
        for c, s in hits:
            ci = idx[c]
            cs = [cos[ci, t] - cos[ci, sb].max() for t, sb in best if t != ci and sb]
            e = float(emb[qi] @ emb[ci])
            ec = e - (float((emb[sib] @ emb[ci]).max()) if sib else e)
            own = [x for x in by_plat[plat[ci]] if x != ci]
            cs2 = [cos[t, ci] - (cos[t, own].max() if own else 0) for t in best_ids if t != ci]
            f = {"e": e, "ec": ec, "cs": float(np.mean(cs)) if cs else 0.0, "csls": -hub[ci],
                 "cs2": float(np.mean(cs2)) if cs2 else 0.0,
                 "margin": cos[qi, ci] - (cos[qi, own].max() if own else 0),
                 "size": math.log(len(by_plat[plat[ci]])),
                 "cov": float(cos[np.ix_(sib, by_plat[plat[ci]])].max(1).mean()) if sib else 0.0}
            if vectors is not None:
                near = [x for x in sib if vectors[x] @ vectors[qi] < 0.8]
                f["u"] = float(vectors[qi] @ vectors[ci])
                f["uc"] = contrast(f["u"], vectors[near] @ vectors[ci])
            partner = assigned(plat[qi], plat[ci]).get(qi) if s > floor + 1e-9 else None
            f["as"] = 1.0 if partner == ci else 0.0
            f["asd"] = 0.0 if partner is None else cos[qi, ci] - cos[qi, partner]
            fr.append((c, s, s > floor + 1e-9, f))
        rows[q] = fr
    return rows


def evaluate(rows, recs, weights, per=None):
    total = np.zeros(3)
    for q, fr in rows.items():
        ranked = sorted((-(s + (sum(w * f[k] for k, w in weights.items()) if rescored else 0)), c)
                        for c, s, rescored, f in fr)
        rel = [bool(recs[c][2] & recs[q][2]) for _, c in ranked]
        v = np.array((sum(rel[:10]) / 10, 1.0 if rel and rel[0] else 0.0,
                      next((1 / (i + 1) for i, x in enumerate(rel) if x), 0.0)))
        total += v
        if per is not None:
            per[q] = v
    return total / max(1, len(rows))


SIGNALS = ("e", "ec", "cs", "csls", "cs2", "margin", "size", "cov")


def fit(rows, recs, queries, iters=3000, rate=0.5, l2=1e-4):
    """Logistic regression of relevance on (score, signals) over the re-scored candidates."""
    first = next(f for q in queries for _, _, _, f in rows[q])
    keys = SIGNALS + tuple(k for k in ("u", "uc") if k in first)
    x, y = [], []
    for q in queries:
        for c, s, rescored, f in rows[q]:
            if rescored:
                x.append([s] + [f[k] for k in keys]); y.append(float(bool(recs[c][2] & recs[q][2])))
    x, y = np.array(x), np.array(y)
    mu, sd = x.mean(0), x.std(0) + 1e-9
    z, w, b = (x - mu) / sd, np.zeros(x.shape[1]), 0.0
    for _ in range(iters):
        g = 1 / (1 + np.exp(-(z @ w + b))) - y
        w -= rate * (z.T @ g / len(y) + l2 * w); b -= rate * g.mean()
    return lambda s, f: float(((np.array([s] + [f[k] for k in keys]) - mu) / sd) @ w + b)


def evaluate_model(rows, recs, queries, model):
    total = np.zeros(3)
    for q in queries:
        # the re-scored candidates re-ranked by the model stay above the capped ones
        ranked = sorted((-(model(s, f) + 100 if rescored else s), c) for c, s, rescored, f in rows[q])
        rel = [bool(recs[c][2] & recs[q][2]) for _, c in ranked]
        total += (sum(rel[:10]) / 10, 1.0 if rel and rel[0] else 0.0, next((1 / (i + 1) for i, x in enumerate(rel) if x), 0.0))
    return (total / max(1, len(queries))).round(3)


def upper_bounds(data):
    import hashlib
    for corpus, (rows, recs) in data.items():
        qs = list(rows)
        print(corpus, "fitted on all", evaluate_model(rows, recs, qs, fit(rows, recs, qs)))
        half = [[q for q in qs if int(hashlib.md5(q.encode()).hexdigest(), 16) % 2 == k] for k in (0, 1)]
        r = [evaluate_model(rows, recs, half[1 - k], fit(rows, recs, half[k])) * len(half[1 - k]) for k in (0, 1)]
        print(corpus, "fitted on one half, scored on the other", ((r[0] + r[1]) / len(qs)).round(3))
        for other, (orows, orecs) in data.items():
            if other != corpus:
                print(corpus, "fitted on", other, evaluate_model(rows, recs, qs, fit(orows, orecs, list(orows))), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default="../shared/data")
    ap.add_argument("--top", required=True)
    ap.add_argument("--big", action="store_true")
    ap.add_argument("--vectors")
    ap.add_argument("--out")
    ap.add_argument("--fit", action="store_true")
    a = ap.parse_args()
    big = None
    if a.big:
        seqs = [tokens(json.loads(l)["text"]) for c in ("tosdr", "claudette")
                for l in open(os.path.join(a.shared, c, "clauses.jsonl"))]
        for f in glob.glob(os.path.join(a.shared, "ota", "*", "*.md")):
            seqs += [s for s in (tokens(p) for p in open(f, errors="replace").read().split("\n\n")) if len(s) > 3]
        big = word_vectors(seqs, dims=300, mincount=3)
    grid = [dict(zip(("e", "ec", "cs", "csls"), w)) for w in itertools.product((0, 0.1), (0, 0.1), (0, 0.1, 0.2), (0, 0.1))]
    grid += [{k: w} for k, ws in (("e", (0.05, 0.2)), ("ec", (0.05, 0.2)), ("cs2", (0.05, 0.1, 0.2)),
                                  ("margin", (0.05, 0.1, 0.2)), ("size", (0.01, 0.02, 0.04)),
                                  ("cov", (0.05, 0.1, 0.2)), ("as", (0.02, 0.05, 0.1)),
                                  ("asd", (0.1, 0.2, 0.4))) for w in ws]
    if a.vectors:
        grid = [dict(zip(("u", "uc"), w)) for w in itertools.product((0, 0.05, 0.1, 0.2, 0.3), (0, 0.05, 0.1, 0.2))]
        grid += [dict(zip(("u", "uc", "e", "cs", "csls"), w)) for w in
                 itertools.product((0, 0.1), (0, 0.2, 0.3), (0.1,), (0.2,), (0.1,))]
    fitted = {}
    for corpus in ("tosdr", "claudette"):
        recs = load(a.shared, corpus)
        top = {}
        for line in open(a.top):
            p = line.split()
            if p[0].startswith(corpus + "-"):
                top[p[0]] = [(x.rsplit(":", 1)[0], float(x.rsplit(":", 1)[1])) for x in p[4:]]
        vectors = load_vectors(os.path.join(a.vectors, corpus + ".vec"), list(recs)) if a.vectors else None
        rows = features(recs, top, big or word_vectors([r[1] for r in recs.values()]), vectors)
        if a.fit:
            fitted[corpus] = (rows, recs)
            continue
        base = evaluate(rows, recs, {})
        print(corpus, "baseline P@10 P@1 MRR", base.round(4), flush=True)
        for w in grid:
            per = {}
            d = (evaluate(rows, recs, w, per) - base) * 100
            name = "_".join("%s%g" % kv for kv in w.items() if kv[1])
            print(" ", corpus, name or "none", " ".join("%+.2f" % x for x in d), flush=True)
            if a.out:
                with open(os.path.join(a.out, (name or "base") + ".pq"), "a") as f:
                    f.writelines("%s %g %g %g\n" % (q, *v) for q, v in per.items())
    if a.fit:
        upper_bounds(fitted)


if __name__ == "__main__":
    main()
