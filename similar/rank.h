// Candidate ranking of the similarity engine: the re-rank of the first
// candidates (cosine, word pairs, topics, centroid; SimilarityOptions says
// how they mix), the best candidate of each platform, and the count of the
// platforms beyond the ranked ones that pass the bar. Internal to
// similar/engine.cpp (the contract is in similar/engine.h). Not
// thread-safe (per request).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "similar/match.h"
#include "similar/query.h"
#include "similar/rerank.h"
#include "similar/siblings.h"
#include "similar/snapshot.h"
#include "similar/topics.h"
#include "similar/types.h"

namespace clause::similar {

struct Candidate {
  Xapian::docid id = 0;
  std::string platform;
  double score = 0;  // the final score (see best_per_platform)
  double share = 0;  // the BM25 share alone
  double ratio = 0;  // the same, uncapped (orders equal scores as BM25 does)
  bool rescored = false;
  int vector = -1;   // index of its tf-idf vector when re-scored with the centroid
};

// What a candidate's re-rank gives whatever the pass (the typed pass, the
// feedback's first pass, the text pass all re-score against the same query
// clause): the weighted sum of its symmetric measures, the weight left for
// its BM25 share (which depends on the pass's query), and its unit tf-idf
// vector (for the centroid; kept only when the centroid is on).
struct RerankParts {
  double score = 0;
  double share = 1.0;
  TermVector vector;
};
// Per request: a clause re-scored in one pass is not read again in the next.
using RerankMemo = std::unordered_map<Xapian::docid, RerankParts>;

// Soft type agreement (SimilarityOptions::type_agreement): the query's type
// distribution, by type slug and, for a snapshot, by its type ids.
struct TypeAgreement {
  TypeAgreement(const std::vector<TypeEstimate>& estimate, const Snapshot* snapshot);
  // The largest share among the query's types of a candidate's types.
  double share(Xapian::docid doc, const Xapian::Database& db, const Snapshot* snapshot) const;
  std::unordered_map<std::string, double> by_slug;
  std::vector<double> by_id;  // snapshot type id -> share
};

// The re-rank scorers; any may be absent. A candidate's text features come
// from the snapshot when there is one, else from its stored record.
struct Rerank {
  CosineScorer* cosine = nullptr;
  const ShingleScorer* shingles = nullptr;
  const TopicScorer* topics = nullptr;
  std::vector<TermVector>* vectors = nullptr;  // set: keep each candidate's vector
  const Xapian::Database* db = nullptr;
  const Snapshot* snapshot = nullptr;
  RerankMemo* memo = nullptr;
  const SiblingContrast* siblings = nullptr;  // needs cosine
  const TypeAgreement* types = nullptr;
};

// How many candidates (in BM25 order) are re-scored.
std::size_t rerank_items(const Rerank& rerank, const SimilarityOptions& options);

// The best candidate of each platform in the MSet, best first. The first
// candidates (rerank_depth per platform, in BM25 order) are re-scored; the
// rest keep their BM25 share, but never above the lowest re-scored
// candidate: a share is on another scale than the mix (a clause sharing the
// query's words scores high on BM25 and low on word pairs), and a candidate
// that was not looked at must not outrank one that was. Equal scores go by
// BM25 weight, then platform, so that docid order (which depends on the
// layout) never decides.
struct Ranked {
  std::vector<Candidate> best;  // one per platform, best first
  double floor = 1.0;           // the lowest re-scored score (1 when none was)
  double last_share = 0;        // the BM25 share of the MSet's last clause
};

// `extra_rescored`: that many more candidates than the options' depth are
// re-scored (with_extra_matches).
Ranked best_per_platform(const std::vector<Match>& matches, const QueryBuilder& builder,
                         const Rerank& rerank, const SimilarityOptions& options, std::size_t extra_rescored = 0);

// The text pass's matches with another pass's best (`extra`, ranked by the
// same terms) put after the first `depth` ones, so that all of those are
// re-scored together (one centroid, one floor); every clause once. Sets
// `added` to the matches put in.
std::vector<Match> with_extra_matches(const std::vector<Match>& text, const std::vector<Match>& extra,
                                      std::size_t depth, std::size_t& added);

// How many platforms beyond the ranked ones pass the bar.
std::size_t count_beyond(Matcher& matcher, const MatchSpec& text, const QueryBuilder& builder,
                         const Ranked& ranked, const SimilarityOptions& options,
                         Xapian::doccount platforms_total, Xapian::doccount per_platform);

}  // namespace clause::similar
