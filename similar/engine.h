// SimilarityEngine: "how do other platforms handle this?" For one clause (by
// id) or for free text, the most similar clause of each other platform, and
// how many platforms have a similar clause at all. See docs/similarity.md for
// the method, the calibration of the bar and the measured quality.
//
// Contract:
// - Results never include the query clause's own platform, and hold at most
//   one clause per platform (Xapian collapse on kPlatformSlot), best first.
// - `score` lies in [0, 1] and is comparable across queries. Its BM25 part
//   is the clause's weight divided by the query clause's own weight for the
//   same query ("self weight", capped at 1; similar/bm25.h), both
//   from the database's combined statistics, so scores, order and
//   `platforms_with_similar` are the same on one index and on shards. For
//   the first rerank_depth candidates it is mixed with the tf-idf cosine,
//   the word-pair overlap, the agreement of the taxonomy classifier's
//   categories and the cosine to the best candidates' centroid
//   (SimilarityOptions), clamped to [0, 1]; the others keep their BM25
//   share, capped at the lowest mixed score. Scores are kept to 9
//   decimals; equal scores go by BM25 weight, then platform slug.
// - The bar's count (without a confident type: `bar_count`, and the count
//   itself without a type distribution) is every platform whose best clause scores
//   at least `SimilarityOptions::bar`, over all platforms, not just the
//   `limit` returned (exact: the platforms beyond the ranked ones are counted
//   by a search with the equivalent weight cutoff).
// - `offset` pages through the ranked platforms: the results of (offset,
//   limit) are those of (0, offset + limit) without the first `offset`, so
//   pages join up without a gap or a repeat; past the last platform the
//   results are empty.
// - When the query has a confident clause type (given by its record, or
//   predicted by the clause-type models with at least
//   SimilarityOptions::type_min_confidence; free text is typed with the
//   models passed in), clauses of that type on other platforms come first,
//   ranked by the text method, then the rest by the text method alone; and
//   `platforms_with_similar` is the number of other platforms holding a
//   clause of that type (exact, on shards too: a boolean filter collapsed by
//   platform). Without one (`type_led` false) the text method ranks, the
//   best clauses of the query's most probable type(s) among its re-scored
//   candidates (SimilarityOptions::type_candidates), each lifted by
//   SimilarityOptions::type_agreement x the query's share of its type x its
//   own confidence; and the count is the expected number of platforms under
//   the query's type distribution (its type_count_top most probable types'
//   shares x their platforms, exact as above, plus the share left x the
//   bar's count (with type_count_given_type, off by default, "none"'s share
//   left out and the rest scaled to 1); `count_method` "expected", the parts in
//   `type_estimate` and `type_none_share`), or the bar's count alone
//   when the query has no type distribution ("bar"). The distribution is
//   the type models' (a given type: certain; without the models: the
//   stored type at its confidence).
// - Errors: an unknown id is not_found; limit outside 1..max_limit is
//   invalid_argument("limit"), offset above max_offset invalid_argument("offset"); text that is empty or holds no words is
//   invalid_argument("text"), text longer than max_text_bytes too_large("text"),
//   a platform without letters or digits invalid_argument("platform").
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

#include "schema/result.h"
#include "schema/type_model.h"
#include "similar/idf.h"
#include "similar/snapshot.h"
#include "similar/types.h"

namespace clause {

class SimilarityEngine {
 public:
  // idf_cache (optional, must outlive the engine) shares term statistics
  // across requests; without it every request looks them up anew.
  // snapshot (optional, must outlive the engine) must be of db's revision
  // (SnapshotCache::get(db)): the engine then reads it instead of the index
  // (the same answers, faster; similar/snapshot.h). It is not used with
  // rerank_per_platform > 1.
  // type_models (optional, must outlive the engine): the models the index
  // was typed with; free text is typed with them. Without, free text has no
  // predicted type.
  explicit SimilarityEngine(const Xapian::Database& db, SimilarityOptions options = {},
                            similar::IdfCache* idf_cache = nullptr,
                            const similar::Snapshot* snapshot = nullptr,
                            const std::vector<TypeModel>* type_models = nullptr);

  Result<SimilarResult> similar_to_id(const std::string& id, std::size_t limit,
                                      bool same_category, std::size_t offset = 0) const;
  // platform (optional, a display name or slug): the platform the text
  // comes from. Its clauses are left out of the results, the words of its
  // name out of the query, and its indexed clauses are the siblings of the
  // contrast (SimilarityOptions::sibling_contrast), as for an indexed
  // clause. A platform the index does not hold is accepted: there is
  // nothing of it to leave out.
  Result<SimilarResult> similar_to_text(const std::string& text, std::size_t limit,
                                        const std::string& platform = {}, std::size_t offset = 0) const;

  const SimilarityOptions& options() const { return options_; }

 private:
  struct Query;
  Result<SimilarResult> run(const Query& query, std::size_t limit, std::size_t offset) const;
  void set_type_shares(const std::string& text, Query& query) const;
  // Whether some live clause of the index has the type (given or predicted).
  bool index_has_type(const std::string& slug) const;

  const Xapian::Database& db_;
  SimilarityOptions options_;
  similar::IdfCache* idf_cache_;
  const similar::Snapshot* snapshot_;
  const std::vector<TypeModel>* type_models_;
  std::size_t platforms_total_ = 0;
};

}  // namespace clause
