// Sibling contrast in the similarity engine's re-rank: a platform's terms
// hold many clauses that share its wording (its name, its products, its
// house style) and neighbouring kinds of clause that share legal wording
// ("suspend your account" and "terminate your account after a breach").
// A candidate of another platform that resembles one of those siblings more
// than the query clause itself is more likely about the sibling's point
// than about the query's; one that resembles the query more than any
// sibling matches what sets the query apart. The contrast is
// cos(candidate, query) - max over siblings of cos(candidate, sibling), on
// the unit tf-idf vectors of the re-rank's cosine (docs/similarity.md,
// sixth round). Only for an indexed clause (free text has no platform).
// Internal to the similarity engine. Not thread-safe (per request).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "similar/rerank.h"
#include "similar/snapshot.h"

namespace clause::similar {

class SiblingContrast {
 public:
  // A clause whose cosine with the query reaches this is the query again (a
  // copy in another of the platform's documents, an older version of a
  // pasted text, the query clause itself): not a sibling.
  static constexpr double kSameClause = 0.8;

  // query: the query's unit vector; clauses: the unit vectors of its
  // platform's clauses (keyed as one CosineScorer keys them, any key order).
  SiblingContrast(const TermVector& query, const std::vector<TermVector>& clauses);
  // The same from a snapshot's index of the platform (keys: its term ids).
  SiblingContrast(const TermVector& query, const Snapshot& snapshot, std::uint32_t platform);

  // cos(candidate, query) - the largest cos(candidate, sibling), in [-1, 1];
  // with no sibling, the cosine with the query alone.
  double score(const TermVector& candidate) const;
  std::size_t siblings() const;

 private:
  std::span<const SiblingWeight> clauses_with(std::uint32_t term) const;
  void leave_out_copies(const TermVector& query);

  std::unordered_map<std::uint32_t, double> query_;  // by term
  // Without a snapshot: the platform's clauses by term (a snapshot's
  // platform_term() otherwise), so a candidate meets only the clauses that
  // share a term with it. Weights are floats either way: the same answers.
  std::unordered_map<std::uint32_t, std::vector<SiblingWeight>> own_;
  const Snapshot* snapshot_ = nullptr;
  std::uint32_t platform_ = 0;
  std::vector<char> copy_;            // per clause of the platform: the query again
  mutable std::vector<double> dots_;  // per clause of the platform, per score() call
};

// The contrast for a query of platform `platform` (a slug): an indexed
// clause (`query` its docid) or free text (`query` 0: the text's terms as
// the cosine weighs them). The siblings are the platform's clauses, read
// from the snapshot when there is one, else from db. nullopt when the
// platform is empty or holds no clause.
std::optional<SiblingContrast> sibling_contrast(CosineScorer& cosine, const Xapian::Database& db,
                                                const Snapshot* snapshot, Xapian::docid query,
                                                const std::string& platform);

}  // namespace clause::similar
