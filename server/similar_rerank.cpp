#include "server/similar_rerank.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "schema/index_layout.h"
#include "schema/plain_text.h"

namespace clause::similar {

CosineScorer::CosineScorer(const Xapian::Database& db, const std::vector<QueryTerm>& query_terms,
                           IdfCache* cache)
    : db_(db), cache_(cache), total_(db.get_doccount()) {
  if (cache_ != nullptr) cache_->bind(db_);
  double sum = 0;
  for (const auto& t : query_terms) {
    const double w = weight(t.term, t.wqf) * t.factor;
    query_[t.term] = w;
    sum += w * w;
  }
  query_norm_ = std::sqrt(sum);
}

double CosineScorer::weight(const std::string& term, Xapian::termcount wdf) {
  if (cache_ != nullptr) return (1.0 + std::log(double(wdf))) * cache_->idf(db_, term);
  auto it = idf_.find(term);
  if (it == idf_.end()) {
    const double df = db_.get_termfreq(term);
    it = idf_.emplace(term, df > 0 ? std::log((total_ + 1) / df) : 0.0).first;
  }
  return (1.0 + std::log(double(wdf))) * it->second;
}

double CosineScorer::score(Xapian::docid doc, TermVector* vector) {
  if (vector != nullptr) vector->clear();
  if (query_norm_ <= 0) return 0;
  double dot = 0, norm = 0;
  for (auto it = db_.termlist_begin(doc); it != db_.termlist_end(doc); ++it) {
    const std::string term = *it;
    if (!is_match_term(term)) continue;
    const double w = weight(term, it.get_wdf());
    norm += w * w;
    if (auto q = query_.find(term); q != query_.end()) dot += w * q->second;
    if (vector != nullptr && w > 0) vector->emplace_back(term, w);
  }
  if (norm <= 0) return 0.0;
  if (vector != nullptr) {
    for (auto& [term, w] : *vector) w /= std::sqrt(norm);
  }
  return dot / (query_norm_ * std::sqrt(norm));
}

std::vector<double> centroid_agreement(const std::vector<const TermVector*>& vectors, std::size_t k) {
  std::vector<double> out(vectors.size(), 0.0);
  k = std::min(k, vectors.size());
  if (k < 1 || vectors.size() < 2) return out;
  std::unordered_map<std::string, double> centroid;
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

bool has_negation(const std::vector<std::string>& words) {
  static const std::unordered_set<std::string> kNegations = {"not", "no", "never", "nor", "neither",
                                                             "none", "nothing", "cannot"};
  for (const auto& w : words) {
    if (kNegations.count(w) != 0) return true;
    if (w.size() > 3 && w.compare(w.size() - 3, 3, "n't") == 0) return true;  // don't, won't
  }
  return false;
}

ShingleScorer::ShingleScorer(const std::vector<std::string>& query_words)
    : stemmer_(std::string(layout::kStemLanguage)),
      query_pairs_(pairs(query_words)),
      query_negated_(has_negation(query_words)),
      query_words_(query_words.size()) {}

std::unordered_set<std::string> ShingleScorer::pairs(const std::vector<std::string>& words) const {
  std::unordered_set<std::string> out;
  std::string previous;
  for (const auto& w : words) {
    std::string stem = stemmer_(w);
    if (!previous.empty()) out.insert(previous + ' ' + stem);
    previous = std::move(stem);
  }
  return out;
}

std::string record_text(const std::string& record_json) {
  const auto rec = nlohmann::json::parse(record_json, nullptr, false);
  if (!rec.is_object()) return {};
  return plain_text(rec.value("title", "")) + "\n" + plain_text(rec.value("text", ""));
}

ShingleScorer::Match ShingleScorer::score(const std::string& record_json) const {
  return score_text(record_text(record_json));
}

ShingleScorer::Match ShingleScorer::score_text(const std::string& text) const {
  const auto words = terms_of_text(nullptr, text).words;
  Match m;
  m.negation_differs = has_negation(words) != query_negated_;
  m.length_ratio = std::abs(std::log((double(words.size()) + 1) / (double(query_words_) + 1)));
  const auto candidate = pairs(words);
  if (candidate.empty() || query_pairs_.empty()) return m;
  std::size_t shared = 0;
  for (const auto& p : candidate) shared += query_pairs_.count(p);
  m.dice = 2.0 * double(shared) / double(candidate.size() + query_pairs_.size());
  return m;
}

}  // namespace clause::similar
