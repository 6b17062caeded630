#include "server/similar_siblings.h"

#include <algorithm>

#include "schema/index_layout.h"

namespace clause::similar {

SiblingContrast::SiblingContrast(const TermVector& query, const std::vector<TermVector>& clauses, std::size_t self)
    : self_(self), dots_(clauses.size(), 0.0) {
  for (const auto& [term, w] : query) query_.emplace(term, w);
  for (std::size_t c = 0; c < clauses.size(); ++c) {
    for (const auto& [term, w] : clauses[c]) {
      own_[term].push_back({static_cast<std::uint32_t>(c), static_cast<float>(w)});
    }
  }
}

SiblingContrast::SiblingContrast(const TermVector& query, const Snapshot& snapshot, std::uint32_t platform,
                                 std::size_t self)
    : snapshot_(&snapshot), platform_(platform), self_(self), dots_(snapshot.clauses_of_platform(platform).size(), 0.0) {
  for (const auto& [term, w] : query) query_.emplace(term, w);
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
    if (c != self_) nearest = std::max(nearest, dots_[c]);
  }
  return own - nearest;
}

std::optional<SiblingContrast> sibling_contrast(CosineScorer& cosine, const Xapian::Database& db,
                                                const Snapshot* snapshot, Xapian::docid query,
                                                const std::string& platform) {
  if (platform.empty()) return std::nullopt;
  TermVector own;
  cosine.score(query, &own);
  if (snapshot != nullptr) {
    const auto id = snapshot->platform_id(platform);
    if (!id) return std::nullopt;
    const auto& docs = snapshot->clauses_of_platform(*id);
    const auto at = std::lower_bound(docs.begin(), docs.end(), query);
    if (at == docs.end() || *at != query) return std::nullopt;
    return SiblingContrast(own, *snapshot, *id, static_cast<std::size_t>(at - docs.begin()));
  }
  const std::string term = layout::facet_term(layout::Facet::platform, platform);
  std::vector<TermVector> clauses;
  std::size_t self = 0;
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    if (*it == query) self = clauses.size();
    cosine.score(*it, &clauses.emplace_back());
  }
  return SiblingContrast(own, clauses, self);
}

}  // namespace clause::similar
