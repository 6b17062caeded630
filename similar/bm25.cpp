#include "similar/bm25.h"

#include <algorithm>
#include <cmath>

namespace clause::similar {

Bm25Params bm25_params(const SimilarityOptions& options) {
  Bm25Params p;
  if (options.method == SimilarityMethod::tuned) {
    p.k1 = std::max(0.0, options.k1);
    p.b = std::clamp(options.b, 0.0, 1.0);
  }
  return p;
}

double self_weight(const Xapian::Database& db, const std::vector<QueryTerm>& terms,
                   Xapian::termcount doclen, const Bm25Params& p) {
  const double total = db.get_doccount();
  const double avlen = db.get_avlength();
  // Xapian drops the length normalisation when it cannot matter.
  const bool uses_length = p.b != 0 && p.k1 != 0 && avlen > 0;
  const double normlen = std::max(uses_length ? doclen * (1 / avlen) : 0.0, p.min_normlen);
  const double length_part = p.k1 * (normlen * p.b + (1 - p.b));
  double sum = 0;
  for (const QueryTerm& t : terms) {
    // Terms selected from the index carry their frequency; others look it up.
    const double n = t.df > 0 ? t.df : db.get_termfreq(t.term);
    if (n == 0) continue;  // matches nothing, weighs nothing
    double idf = (total - n + 0.5) / (n + 0.5);
    if (idf < 2) idf = idf * 0.5 + 1;  // Xapian keeps frequent terms' weight positive
    double tw = std::log(idf) * t.factor;
    const double wqf = t.wqf;
    if (p.k3 != 0) tw *= (p.k3 + 1) * wqf / (p.k3 + wqf);
    tw *= p.k1 + 1;
    sum += tw * wqf / (length_part + wqf);  // the clause holds the term wqf times
  }
  return sum;
}

}  // namespace clause::similar
