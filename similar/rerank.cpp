#include "similar/rerank.h"

#include <algorithm>
#include <cmath>

#include "schema/index_layout.h"

namespace clause::similar {

CosineScorer::CosineScorer(const Xapian::Database& db, const std::vector<QueryTerm>& query_terms,
                           IdfCache* cache, const Snapshot* snapshot)
    : db_(db), cache_(cache), snapshot_(snapshot), total_(db.get_doccount()) {
  if (cache_ != nullptr && snapshot_ == nullptr) cache_->bind(db_);
  double sum = 0;
  for (const auto& t : query_terms) {
    double w = 0;
    std::uint32_t k = 0;
    if (snapshot_ != nullptr) {
      const auto id = snapshot_->term_id(t.term);
      if (!id) continue;  // no clause holds it: weight 0
      k = *id;
      w = tfidf(t.wqf, snapshot_->idf(k)) * t.factor;
    } else {
      k = key(t.term);
      w = weight(t.term, t.wqf) * t.factor;
    }
    if (query_.emplace(k, w).second) query_order_.emplace_back(k, w);
    sum += w * w;
  }
  query_norm_ = std::sqrt(sum);
}

TermVector CosineScorer::query_vector() const {
  TermVector v;
  if (query_norm_ <= 0) return v;
  for (const auto& [k, w] : query_order_) {
    if (w > 0) v.emplace_back(k, w / query_norm_);
  }
  return v;
}

std::uint32_t CosineScorer::key(const std::string& term) {
  return keys_.emplace(term, static_cast<std::uint32_t>(keys_.size())).first->second;
}

double CosineScorer::query_weight(std::uint32_t k) const {
  auto q = query_.find(k);
  return q == query_.end() ? 0.0 : q->second;
}

double CosineScorer::weight(const std::string& term, Xapian::termcount wdf) {
  if (cache_ != nullptr) return tfidf(wdf, cache_->idf(db_, term));
  auto it = idf_.find(term);
  if (it == idf_.end()) it = idf_.emplace(term, idf_of(total_, db_.get_termfreq(term))).first;
  return tfidf(wdf, it->second);
}

double CosineScorer::score(Xapian::docid doc, TermVector* vector) {
  if (vector != nullptr) vector->clear();
  if (query_norm_ <= 0) return 0;
  double dot = 0;
  UnitVectorBuilder unit(vector);
  auto add = [&](std::uint32_t k, double w) {
    unit.add(k, w);
    dot += w * query_weight(k);
  };
  if (snapshot_ != nullptr) {
    for (const TermWdf& t : snapshot_->termlist(doc)) add(t.term, tfidf(t.wdf, snapshot_->idf(t.term)));
  } else {
    for (auto it = db_.termlist_begin(doc); it != db_.termlist_end(doc); ++it) {
      const std::string term = *it;
      if (!is_match_term(term)) continue;
      add(key(term), weight(term, it.get_wdf()));
    }
  }
  if (!unit.scale()) return 0.0;
  return dot / (query_norm_ * unit.norm());
}

std::vector<double> centroid_agreement(const std::vector<const TermVector*>& vectors, std::size_t k) {
  std::vector<double> out(vectors.size(), 0.0);
  k = std::min(k, vectors.size());
  if (k < 1 || vectors.size() < 2) return out;
  std::unordered_map<std::uint32_t, double> centroid;
  for (std::size_t i = 0; i < k; ++i) {
    for (const auto& [term, w] : *vectors[i]) centroid[term] += w;
  }
  double sum_norm2 = 0;
  for (const auto& [term, w] : centroid) sum_norm2 += w * w;
  for (std::size_t i = 0; i < vectors.size(); ++i) {
    const bool inside = i < k;
    if (vectors[i]->empty() || (inside && k < 2)) continue;
    // Leave-one-out: the centroid of the others is (sum - own); its norm is
    // |sum|^2 - 2 own.sum + |own|^2 (own is unit length).
    double dot = 0;
    for (const auto& [term, w] : *vectors[i]) {
      auto c = centroid.find(term);
      if (c != centroid.end()) dot += w * c->second;
    }
    double norm2 = sum_norm2;
    if (inside) {
      norm2 = sum_norm2 - 2 * dot + 1.0;
      dot -= 1.0;
    }
    out[i] = norm2 > 1e-12 ? std::max(0.0, dot) / std::sqrt(norm2) : 0.0;
  }
  return out;
}

ShingleScorer::ShingleScorer(const std::vector<std::string>& query_words)
    : query_pairs_(word_pairs(query_words)),
      query_negated_(has_negation(query_words)),
      query_words_(query_words.size()) {}

ShingleScorer::Match ShingleScorer::score(const std::string& record_json) const {
  return score_text(record_text(record_json));
}

ShingleScorer::Match ShingleScorer::score_text(const std::string& text) const {
  return score(text_features(text, false));
}

ShingleScorer::Match ShingleScorer::score(std::span<const std::uint64_t> pairs, std::uint32_t words, bool negated) const {
  Match m;
  m.negation_differs = negated != query_negated_;
  m.length_ratio = std::abs(std::log((double(words) + 1) / (double(query_words_) + 1)));
  if (pairs.empty() || query_pairs_.empty()) return m;
  const std::size_t shared = shared_count(query_pairs_, pairs);
  m.dice = 2.0 * double(shared) / double(pairs.size() + query_pairs_.size());
  return m;
}

}  // namespace clause::similar
