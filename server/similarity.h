// SimilarityEngine: "how do other platforms handle this?" For one clause (by
// id) or for free text, the most similar clause of each other platform, and
// how many platforms have a similar clause at all. See docs/similarity.md for
// the method, the calibration of the bar and the measured quality.
//
// Contract:
// - Results never include the query clause's own platform, and hold at most
//   one clause per platform (Xapian collapse on kPlatformSlot), best first.
// - `score` is the clause's BM25 weight divided by the query's maximum
//   possible weight (MSet::get_max_possible), so it lies in [0, 1] and is
//   comparable across queries; `platforms_with_similar` counts every platform
//   whose best clause scores at least `SimilarityOptions::bar`, over all
//   platforms, not just the `limit` returned.
// - When the query clause carries clause types, clauses of those types on
//   other platforms come first (and count as similar whatever their score);
//   the text method alone ranks the rest, so unlabelled clauses work too.
// - Errors: an unknown id is not_found; limit outside 1..max_limit is
//   invalid_argument("limit"); text that is empty or holds no words is
//   invalid_argument("text"), text longer than max_text_bytes too_large("text").
//   A Xapian failure propagates as Xapian::Error (the caller reopens/retries).
//
// Thread safety: none. The engine keeps a reference to the database, which
// must outlive it; use one engine per thread (construction is cheap).
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "schema/clause_record.h"
#include "schema/result.h"

namespace clause {

enum class SimilarityMethod {
  bm25_or,  // the baseline: BM25 over an OR of the clause's own words
  tuned,    // the default: term selection and weighting, see docs/similarity.md
};

struct SimilarityOptions {
  // The calibrated bar on `score` (docs/similarity.md says how it was chosen).
  double bar = 0.20;
  std::size_t max_limit = 100;
  std::size_t max_text_bytes = kMaxTextBytes;
  SimilarityMethod method = SimilarityMethod::tuned;

  // Knobs of the tuned method; the defaults are the tuned values.
  double k1 = 1.0;  // BM25 term-frequency saturation
  double b = 0.5;   // BM25 length normalisation
  // A term whose rate in the clause's own platform is this many times its
  // rate elsewhere is the platform's own vocabulary (its name, its products)
  // and is dropped. 0 disables.
  double own_platform_lift = 0;
  // Terms in more than this share of all clauses are boilerplate and dropped.
  double max_df_share = 1.0;
  // Pseudo relevance feedback: terms drawn from the first pass's top clauses.
  std::size_t feedback_docs = 5;
  std::size_t feedback_terms = 10;
  double feedback_weight = 0.5;
  // Re-ranking: the best `rerank_per_platform` clauses of each platform by
  // BM25 are re-scored as (1 - rerank_mix) * BM25 share + rerank_mix * tf-idf
  // cosine, and the best of each platform kept. 0 disables.
  std::size_t rerank_per_platform = 1;
  double rerank_mix = 0.5;
  // Only the first candidates (BM25 order) are re-scored, to bound the cost;
  // the cosine of the rest is estimated by their BM25 share.
  std::size_t rerank_depth = 40;
  // Weight of a bonus for adjacent word pairs of the clause (phrases). 0 off.
  double bigram_weight = 0.0;
};

struct SimilarHit {
  std::string id;
  std::string platform;     // platform slug
  std::string record_json;  // the stored record, as indexed
  double score = 0;         // in [0, 1], see the contract above
  bool same_type = false;   // shares a clause type with the query clause
};

struct SimilarResult {
  std::optional<std::string> clause_json;  // the query clause (id form only)
  std::vector<SimilarHit> results;          // at most `limit`, best first
  std::size_t platforms_with_similar = 0;
  std::size_t platforms_total = 0;          // platforms in the index
};

class SimilarityEngine {
 public:
  explicit SimilarityEngine(const Xapian::Database& db, SimilarityOptions options = {});

  Result<SimilarResult> similar_to_id(const std::string& id, std::size_t limit,
                                      bool same_category) const;
  Result<SimilarResult> similar_to_text(const std::string& text, std::size_t limit) const;

  const SimilarityOptions& options() const { return options_; }

 private:
  struct Query;
  Result<SimilarResult> run(const Query& query, std::size_t limit) const;

  const Xapian::Database& db_;
  SimilarityOptions options_;
  std::size_t platforms_total_ = 0;
};

}  // namespace clause
