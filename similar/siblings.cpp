#include "similar/siblings.h"

#include <algorithm>

#include "schema/index_layout.h"

namespace clause::similar {

SiblingContrast::SiblingContrast(const TermVector& query, const std::vector<TermVector>& clauses)
    : copy_(clauses.size(), 0), dots_(clauses.size(), 0.0) {
  for (std::size_t c = 0; c < clauses.size(); ++c) {
    for (const auto& [term, w] : clauses[c]) {
      own_[term].push_back({static_cast<std::uint32_t>(c), static_cast<float>(w)});
    }
  }
  leave_out_copies(query);
}

SiblingContrast::SiblingContrast(const TermVector& query, const Snapshot& snapshot, std::uint32_t platform)
    : snapshot_(&snapshot),
      platform_(platform),
      copy_(snapshot.clauses_of_platform(platform).size(), 0),
      dots_(copy_.size(), 0.0) {
  leave_out_copies(query);
}

// Sums in the query's term order, the same with or without a snapshot.
void SiblingContrast::leave_out_copies(const TermVector& query) {
  for (const auto& [term, w] : query) {
    query_.emplace(term, w);
    for (const SiblingWeight& c : clauses_with(term)) dots_[c.clause] += w * double(c.weight);
  }
  for (std::size_t c = 0; c < dots_.size(); ++c) copy_[c] = dots_[c] >= kSameClause ? 1 : 0;
}

std::size_t SiblingContrast::siblings() const {
  return static_cast<std::size_t>(std::count(copy_.begin(), copy_.end(), 0));
}

std::span<const SiblingWeight> SiblingContrast::clauses_with(std::uint32_t term) const {
  if (snapshot_ != nullptr) return snapshot_->platform_term(platform_, term);
  auto it = own_.find(term);
  if (it == own_.end()) return {};
  return it->second;
}

double SiblingContrast::score(const TermVector& candidate) const {
  std::fill(dots_.begin(), dots_.end(), 0.0);
  // Sums in the candidate's term order, the same with or without a snapshot.
  double own = 0;
  for (const auto& [term, w] : candidate) {
    if (auto q = query_.find(term); q != query_.end()) own += w * q->second;
    for (const SiblingWeight& c : clauses_with(term)) dots_[c.clause] += w * double(c.weight);
  }
  double nearest = 0;
  for (std::size_t c = 0; c < dots_.size(); ++c) {
    if (copy_[c] == 0) nearest = std::max(nearest, dots_[c]);
  }
  return own - nearest;
}

std::optional<SiblingContrast> sibling_contrast(CosineScorer& cosine, const Xapian::Database& db,
                                                const Snapshot* snapshot, Xapian::docid query,
                                                const std::string& platform) {
  if (platform.empty()) return std::nullopt;
  TermVector own;
  if (query != 0) cosine.score(query, &own);
  else own = cosine.query_vector();
  if (snapshot != nullptr) {
    const auto id = snapshot->platform_id(platform);
    if (!id) return std::nullopt;
    return SiblingContrast(own, *snapshot, *id);
  }
  const std::string term = layout::facet_term(layout::Facet::platform, platform);
  std::vector<TermVector> clauses;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    cosine.score(*it, &clauses.emplace_back());
  }
  if (clauses.empty()) return std::nullopt;
  return SiblingContrast(own, clauses);
}

}  // namespace clause::similar
