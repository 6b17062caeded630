#include "server/similar_rerank.h"

#include <cmath>

namespace clause::similar {

CosineScorer::CosineScorer(const Xapian::Database& db, const std::vector<QueryTerm>& query_terms)
    : db_(db), total_(db.get_doccount()) {
  double sum = 0;
  for (const auto& t : query_terms) {
    const double w = weight(t.term, t.wqf) * t.factor;
    query_[t.term] = w;
    sum += w * w;
  }
  query_norm_ = std::sqrt(sum);
}

double CosineScorer::weight(const std::string& term, Xapian::termcount wdf) {
  auto it = idf_.find(term);
  if (it == idf_.end()) {
    const double df = db_.get_termfreq(term);
    it = idf_.emplace(term, df > 0 ? std::log((total_ + 1) / df) : 0.0).first;
  }
  return (1.0 + std::log(double(wdf))) * it->second;
}

double CosineScorer::score(Xapian::docid doc) {
  if (query_norm_ <= 0) return 0;
  double dot = 0, norm = 0;
  for (auto it = db_.termlist_begin(doc); it != db_.termlist_end(doc); ++it) {
    const std::string term = *it;
    if (!is_match_term(term)) continue;
    const double w = weight(term, it.get_wdf());
    norm += w * w;
    if (auto q = query_.find(term); q != query_.end()) dot += w * q->second;
  }
  return norm > 0 ? dot / (query_norm_ * std::sqrt(norm)) : 0.0;
}

}  // namespace clause::similar
