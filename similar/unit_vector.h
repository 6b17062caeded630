// A clause's tf-idf vector scaled to unit length: what the re-rank's cosine
// compares (CosineScorer, similar/rerank.h) and what the snapshot's sibling
// index holds per platform (Snapshot::platform_term, read by the sibling
// contrast, similar/siblings.h). Both build it with UnitVectorBuilder, so the
// snapshot's weights are the cosine's bit for bit (same terms, order and
// rounding), and answers from the snapshot equal answers from the index.
// Internal to the similarity engine. A builder is not thread-safe.
#pragma once

#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace clause::similar {

// A clause's tf-idf vector scaled to unit length, in term order; terms by
// id (one scorer's ids: the snapshot's, or the scorer's own).
using TermVector = std::vector<std::pair<std::uint32_t, double>>;

// Builds one clause's unit vector from its terms' tf-idf weights (tfidf(),
// similar/idf.h), added in the order of the clause's termlist: the norm is a
// sum in that order, so the order is part of the result's rounding.
class UnitVectorBuilder {
 public:
  // out: where the vector goes (cleared here); nullptr when only the norm is
  // wanted. Must outlive the builder.
  explicit UnitVectorBuilder(TermVector* out) : out_(out) {
    if (out_ != nullptr) out_->clear();
  }

  // Every term counts in the norm; only a term of positive weight enters
  // the vector.
  void add(std::uint32_t term, double weight) {
    norm2_ += weight * weight;
    if (out_ != nullptr && weight > 0) out_->emplace_back(term, weight);
  }

  // The length of the vector before scaling.
  double norm() const { return std::sqrt(norm2_); }

  // Scales the vector to unit length. False when the norm is 0 (no term
  // weighs anything): the vector is then left unscaled, and the clause has
  // no direction to compare.
  bool scale() {
    if (norm2_ <= 0) return false;
    if (out_ != nullptr) {
      const double length = norm();
      for (auto& [term, weight] : *out_) weight /= length;
    }
    return true;
  }

 private:
  TermVector* out_;
  double norm2_ = 0;  // the sum of the squared weights, in the order added
};

}  // namespace clause::similar
