// The BM25 weighting the similarity engine asks Xapian for, and the same
// formula evaluated outside the matcher: the weight the query clause would
// give itself ("self weight"), the yardstick of the engine's BM25 share.
//
// Why not MSet::get_max_possible(): it is a bound computed per shard from
// per-shard wdf and length bounds, so a sharded index gave other scores than
// a single one (issue #9). The self weight uses only the database's combined
// statistics (document count, term frequencies, average length), which
// Xapian also uses for the match weights, so it is the same on any layout.
//
// Formula (Xapian 1.4 BM25Weight, k2 = 0, no RSet), per term:
//   idf'  = (N - n + 0.5) / (n + 0.5), raised to idf' / 2 + 1 when below 2
//   tw    = ln(idf') x factor x (k3 + 1) wqf / (k3 + wqf) x (k1 + 1)
//   L     = max(doclen / avlen, min_normlen)   (L = min_normlen when b or k1 is 0)
//   part  = tw x wdf / (k1 (L b + 1 - b) + wdf)
// Internal to the similarity engine. Stateless; thread-safe.
#pragma once

#include <xapian.h>

#include <vector>

#include "similar/terms.h"
#include "similar/types.h"

namespace clause::similar {

struct Bm25Params {
  double k1 = 1.0;
  double b = 0.5;
  double k3 = 1.0;
  double min_normlen = 0.5;

  // The Xapian weighting scheme with these parameters (and k2 = 0).
  Xapian::BM25Weight weighting() const { return Xapian::BM25Weight(k1, 0, k3, b, min_normlen); }
  bool operator==(const Bm25Params&) const = default;
};

// The parameters of a method's searches: the tuned method's k1 and b
// (clamped as Xapian clamps them, so the self weight follows the match);
// the baseline keeps Xapian's default BM25Weight, whose parameters are the
// defaults above.
Bm25Params bm25_params(const SimilarityOptions& options);

// The weight a document of length `doclen` holding each term t of `terms`
// exactly t.wqf times gets for the OR of those terms (each scaled by
// t.factor), with db's combined statistics (t.df when set, which must be
// db's term frequency). 0 for no terms.
double self_weight(const Xapian::Database& db, const std::vector<QueryTerm>& terms,
                   Xapian::termcount doclen, const Bm25Params& params);

}  // namespace clause::similar
